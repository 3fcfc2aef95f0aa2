// "Translate Comments": the comments of the selection (or of the whole file), translated into the target
// language and applied as one edit, shown in the refactor preview first when `hearth.translate.preview` is on.
import * as path from 'path';
import * as vscode from 'vscode';
import { isAbort } from '../../core/ollama/errors';
import { languageForPrompt, type Language } from '../../core/prompts/languages';
import { planCommentTranslationAsync, translateItems, TranslationFormatError, type CommentStats, type TranslationRequestLog } from '../../core/translate';
import { Commands } from '../../platform/commands';
import type { HearthServices } from '../../platform/services';
import type { CommentSyntaxProvider } from '../../platform/commentSyntax';
import { DocumentWatch, planEdits, toWorkspaceEdit } from './edits';
import { configuredLanguage } from './languagePick';
import { abortOnCancel, prepareModelJob } from './modelJob';
import { resultMessage } from './messages';

export type TranslateCommentsStatus =
  | 'applied'
  | 'discarded'
  | 'noEditor'
  | 'empty'
  | 'noSyntax'
  | 'noComments'
  | 'nothingToTranslate'
  | 'cancelled'
  | 'failed'
  | 'closed'
  | 'changed'
  | 'tooLarge';

/** What the command returns (for tests and other features). */
export interface TranslateCommentsResult {
  status: TranslateCommentsStatus;
  /** Comments changed by the edit. */
  translated: number;
  stats?: CommentStats;
  /** Texts that kept their original (too long, or the translation lost code or links). */
  kept?: number;
  changedMeanwhile?: number;
  /** The edit was shown in the refactor preview (then applied or discarded there). */
  previewed?: boolean;
  requests?: TranslationRequestLog[];
  model?: string;
  numCtx?: number;
  message?: string;
}

/** The largest document whose comments are looked for (the scan is one pass over the text). */
export const MAX_SCAN_CHARS = 4 * 2 ** 20;

function info(message: string, status: TranslateCommentsStatus, extra: Partial<TranslateCommentsResult> = {}): TranslateCommentsResult {
  void vscode.window.showInformationMessage(message);
  return { status, translated: 0, message, ...extra };
}

export interface TranslateCommentsOptions {
  /** Translate into this language for this run only. */
  language?: Language;
  /** Cancels the run like the notification's Cancel button (for other features and tests). */
  cancellation?: vscode.CancellationToken;
}

export async function translateComments(services: HearthServices, syntaxes: CommentSyntaxProvider, options: TranslateCommentsOptions = {}): Promise<TranslateCommentsResult> {
  const language = options.language;
  const editor = vscode.window.activeTextEditor;
  if (!editor) return info(vscode.l10n.t('Open a file to translate its comments.'), 'noEditor');
  const document = editor.document;
  const name = document.isUntitled ? document.uri.path : path.basename(document.uri.path);
  // Finding comments reads the whole file in one pass: bounded, so the extension host never stalls for seconds.
  const size = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
  if (size > MAX_SCAN_CHARS) {
    const message = vscode.l10n.t(
      '{0} is {1} MB: Translate Comments reads the whole file to find its comments and works on files up to {2} MB. Select a part and use Translate Selection instead.',
      name, (size / 2 ** 20).toFixed(1), MAX_SCAN_CHARS / 2 ** 20,
    );
    void vscode.window.showWarningMessage(message);
    return { status: 'tooLarge', translated: 0, message };
  }
  const version = document.version;
  const text = document.getText();
  if (text.trim() === '') return info(vscode.l10n.t('{0} is empty: there are no comments to translate.', name), 'empty');
  const syntax = await syntaxes.get(document.languageId);
  if (!syntax) {
    const message = vscode.l10n.t(
      'Hearth does not know how comments are written in {0} files, so it cannot find them. Select text and use Translate Selection instead.',
      document.languageId,
    );
    void vscode.window.showWarningMessage(message);
    return { status: 'noSyntax', translated: 0, message };
  }
  const target = language ?? configuredLanguage(services, 'hearth.translate.targetLanguage');
  const selection = editor.selection;
  const range = selection.isEmpty ? undefined : { start: document.offsetAt(selection.start), end: document.offsetAt(selection.end) };
  const rewrap = services.config.get<unknown>('hearth.translate.rewrap', false) === true;
  const plan = await planCommentTranslationAsync(text, syntax, { target, range, rewrap });
  if (document.isClosed || document.version !== version) {
    const message = vscode.l10n.t('{0} changed while Hearth was reading its comments. Nothing was changed: run Translate Comments again.', name);
    void vscode.window.showWarningMessage(message);
    return { status: document.isClosed ? 'closed' : 'changed', translated: 0, message };
  }
  if (plan.stats.comments === 0) {
    const message = range ? vscode.l10n.t('There are no comments in the selection.') : vscode.l10n.t('There are no comments in {0}.', name);
    return info(message, 'noComments', { stats: plan.stats });
  }
  if (plan.items.length === 0) {
    const message = range
      ? vscode.l10n.t('Nothing to translate in the selection: its comments are already in {0}, or are code, directives or notices.', target.native)
      : vscode.l10n.t('Nothing to translate in {0}: its comments are already in {1}, or are code, directives or notices.', name, target.native);
    return info(message, 'nothingToTranslate', { stats: plan.stats });
  }

  const choice = await services.custom.prompt('translate', { targetLanguage: languageForPrompt(target), fileName: name, languageId: document.languageId });
  if (choice.kind === 'cancelled') return { status: 'cancelled', translated: 0, message: vscode.l10n.t('Cancelled. Nothing was changed.') };
  const instructions = choice.kind === 'custom' ? choice.text : undefined;

  const watch = new DocumentWatch(document, plan.units.map((u) => u.frame));
  let model: string | undefined;
  try {
    const run = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Translating the comments of {0} into {1}', name, target.native), cancellable: true },
      async (progress, token) => {
        const cancel = abortOnCancel(token);
        const external = options.cancellation ? abortOnCancel(options.cancellation) : undefined;
        const signal = external ? AbortSignal.any([cancel.signal, external.signal]) : cancel.signal;
        try {
          const job = await prepareModelJob(services, 'translate', signal);
          model = job.model.name;
          let reported = 0;
          const outcome = await translateItems(
            plan.items,
            { model: job.model.name, numCtx: job.numCtx, target, source: { name, languageId: document.languageId, instructions }, temperature: job.generation.temperature },
            job.chat,
            (p) => {
              const share = p.total > 0 ? (100 * p.done) / p.total : 0;
              progress.report({ message: vscode.l10n.t('Batch {0} of {1} ({2} of {3} texts)', p.batch, p.batches, p.done, p.total), increment: share - reported });
              reported = share;
            },
            signal,
          );
          return { outcome, job };
        } finally {
          cancel.dispose();
          external?.dispose();
        }
      },
    );
    const common = { stats: plan.stats, requests: run.outcome.requests, model: run.job.model.name, numCtx: run.job.numCtx, kept: run.outcome.kept.length };
    if (watch.closed) {
      const message = vscode.l10n.t('{0} was closed before the translation finished, so nothing was changed.', name);
      void vscode.window.showWarningMessage(message);
      return { status: 'closed', translated: 0, message, ...common };
    }
    const { edits, changedMeanwhile } = planEdits(watch, text, plan, run.outcome.translations);
    if (edits.length === 0) {
      const message = changedMeanwhile > 0
        ? vscode.l10n.t('The comments were edited while they were being translated, so nothing was changed.')
        : vscode.l10n.t('The translation did not change any comment.');
      void vscode.window.showWarningMessage(message);
      return { status: changedMeanwhile > 0 ? 'changed' : 'nothingToTranslate', translated: 0, changedMeanwhile, message, ...common };
    }
    const preview = services.config.get<unknown>('hearth.translate.preview', true) !== false;
    const end = document.lineAt(document.lineCount - 1).range.end;
    const edit = toWorkspaceEdit(document.uri, edits, preview, vscode.l10n.t('Translate comments into {0}', target.native), end);
    const before = document.getText();
    const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: preview });
    if (!applied || (preview && document.getText() === before)) {
      // In the preview: Discard, or Apply with nothing ticked (VS Code does not tell them apart); either way the
      // user hears that nothing changed. Otherwise VS Code refused the edit (a read-only document).
      const message = preview ? vscode.l10n.t('Nothing was changed: no translation was applied from the preview.') : vscode.l10n.t('{0} could not be changed. Is it read-only?', name);
      if (preview) void vscode.window.showInformationMessage(message);
      else void vscode.window.showWarningMessage(message);
      return { status: 'discarded', translated: 0, changedMeanwhile, message, previewed: preview, ...common };
    }
    const message = resultMessage({ translated: edits.length, stats: plan.stats, kept: run.outcome.kept, changedMeanwhile, target });
    void vscode.window.showInformationMessage(message);
    return { status: 'applied', translated: edits.length, changedMeanwhile, message, ...common };
  } catch (err) {
    if (isAbort(err)) return { status: 'cancelled', translated: 0, message: vscode.l10n.t('Cancelled. Nothing was changed.') };
    if (err instanceof TranslationFormatError) {
      const message = vscode.l10n.t(
        'The model did not answer in the expected format, even when asked again (batch {0}), so nothing was changed. Try again, or choose another model.',
        err.batch,
      );
      services.log.warn(`translate: ${err.message}`);
      void services.errors.showMessage({
        message,
        severity: 'error',
        actions: [
          { title: vscode.l10n.t('Choose Another Model'), command: Commands.useModelFor, args: ['translate'] },
          { title: vscode.l10n.t('Show Logs'), command: Commands.showLogs },
        ],
      });
      return { status: 'failed', translated: 0, message };
    }
    void services.errors.show(err, { feature: 'translate', model });
    return { status: 'failed', translated: 0, message: err instanceof Error ? err.message : String(err) };
  } finally {
    watch.dispose();
  }
}
