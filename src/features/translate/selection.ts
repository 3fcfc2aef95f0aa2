// "Translate Selection": any text (the selection, or the whole document when nothing is selected) into the
// target language. The translation streams into a read-only document beside the editor with the actions
// Replace Selection and Copy; with `{ replace: true }` it replaces the text directly. Either way the
// replacement checks that the original text is still there (followed through edits made meanwhile).
import * as path from 'path';
import * as vscode from 'vscode';
import { isAbort } from '../../core/ollama/errors';
import { languageForPrompt, resolveLanguage, type Language } from '../../core/prompts/languages';
import { SECTION_CHARS } from '../../core/text/chunkAsync';
import { RangeTracker, translateText, type TranslationRequestLog } from '../../core/translate';
import type { ReadOnlyDocuments } from '../../platform/readonlyDocument';
import type { HearthServices } from '../../platform/services';
import { configuredLanguage } from './languagePick';
import { abortOnCancel, prepareModelJob } from './modelJob';

export interface TranslateSelectionArgs {
  /** Replace the text instead of showing the translation beside it. */
  replace?: boolean;
  /** A language code or name for this run only. */
  language?: string;
}

export type TranslateSelectionStatus = 'shown' | 'replaced' | 'empty' | 'noEditor' | 'cancelled' | 'failed' | 'changed' | 'closed';

export interface TranslateSelectionResult {
  status: TranslateSelectionStatus;
  text?: string;
  uri?: vscode.Uri;
  requests?: TranslationRequestLog[];
  message?: string;
}

/** A translated text and the place it came from. */
export interface TranslationEntry {
  name: string;
  uri: vscode.Uri;
  source: vscode.TextDocument;
  original: string;
  tracker: RangeTracker;
  closed: boolean;
  text: string;
  done: boolean;
  dispose(): void;
}

const UPDATE_MS = 100;
let sequence = 0;

function watchSource(document: vscode.TextDocument, entry: Pick<TranslationEntry, 'tracker' | 'closed'>): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === document) entry.tracker.apply(e.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text })));
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d === document) entry.closed = true;
    }),
  );
}

/** Replaces the original text with the translation, if the original is still where it was (or found once). */
export async function replaceWithTranslation(entry: TranslationEntry): Promise<{ ok: boolean; message?: string }> {
  if (entry.closed || entry.source.isClosed) {
    const message = vscode.l10n.t('The document was closed, so the text cannot be replaced.');
    void vscode.window.showWarningMessage(message);
    return { ok: false, message };
  }
  const doc = entry.source;
  const tracked = entry.tracker.current[0];
  let range: vscode.Range | undefined;
  if (tracked && !tracked.lost) {
    const candidate = new vscode.Range(doc.positionAt(tracked.start), doc.positionAt(tracked.end));
    if (doc.getText(candidate) === entry.original) range = candidate;
  }
  if (!range) {
    // Edited meanwhile: accept the original only where it occurs exactly once.
    const text = doc.getText();
    const at = text.indexOf(entry.original);
    if (at >= 0 && text.indexOf(entry.original, at + 1) < 0) range = new vscode.Range(doc.positionAt(at), doc.positionAt(at + entry.original.length));
  }
  if (!range) {
    const message = vscode.l10n.t('The original text was changed meanwhile, so it was not replaced. Use Copy instead.');
    void vscode.window.showWarningMessage(message);
    return { ok: false, message };
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, range, entry.text);
  const ok = await vscode.workspace.applyEdit(edit);
  return ok ? { ok } : { ok, message: vscode.l10n.t('The text could not be replaced.') };
}

export async function translateSelection(
  services: HearthServices,
  documents: ReadOnlyDocuments,
  register: (entry: TranslationEntry) => void,
  args: TranslateSelectionArgs = {},
): Promise<TranslateSelectionResult> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    const message = vscode.l10n.t('Open a file or select text to translate.');
    void vscode.window.showInformationMessage(message);
    return { status: 'noEditor', message };
  }
  const source = editor.document;
  const selection = editor.selection;
  const whole = selection.isEmpty;
  // One copy of the text, never two: a document can be 50 MB.
  const original = whole ? source.getText() : source.getText(selection);
  const start = whole ? 0 : source.offsetAt(selection.start);
  const end = start + original.length;
  const fileName = source.isUntitled ? source.uri.path : path.basename(source.uri.path);
  if (original.trim() === '') {
    const message = whole ? vscode.l10n.t('{0} is empty: there is nothing to translate.', fileName) : vscode.l10n.t('The selection is empty: there is nothing to translate.');
    void vscode.window.showInformationMessage(message);
    return { status: 'empty', message };
  }
  const target: Language = args.language ? resolveLanguage(args.language, vscode.env.language) : configuredLanguage(services, 'hearth.translate.targetLanguage');
  const choice = await services.custom.prompt('translate', { targetLanguage: languageForPrompt(target), fileName, languageId: source.languageId });
  if (choice.kind === 'cancelled') return { status: 'cancelled', message: vscode.l10n.t('Cancelled.') };
  const instructions = choice.kind === 'custom' ? choice.text : undefined;
  const ext = path.extname(fileName);
  const name = `translations/${++sequence}/${path.basename(fileName, ext)} (${target.native})${ext}`;
  const entry: TranslationEntry = {
    name,
    uri: documents.uriFor(name),
    source,
    original,
    tracker: new RangeTracker([{ start, end }]),
    closed: false,
    text: '',
    done: false,
    dispose: () => watcher.dispose(),
  };
  const watcher = watchSource(source, entry);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let shown = '';
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!args.replace) documents.update(name, shown);
  };
  if (!args.replace) {
    register(entry);
    await documents.show(name, '', { language: source.languageId, beside: true, preserveFocus: true, preview: false });
  }
  let model: string | undefined;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Translating into {0}', target.native), cancellable: true },
      async (progress, token) => {
        const cancel = abortOnCancel(token);
        try {
          const job = await prepareModelJob(services, 'translate', cancel.signal);
          model = job.model.name;
          if (original.length > SECTION_CHARS) progress.report({ message: vscode.l10n.t('Splitting the text into parts…') });
          return await translateText(
            original,
            { model: job.model.name, numCtx: job.numCtx, target, languageId: source.languageId, instructions, temperature: job.generation.temperature },
            job.chat,
            {
              part: (part, parts) => {
                if (parts > 1) progress.report({ message: vscode.l10n.t('Part {0} of {1}', part, parts), increment: 100 / parts });
              },
              delta: (text) => {
                shown += text;
                timer ??= setTimeout(flush, UPDATE_MS);
              },
              // The live text becomes the cleaned translation (fences removed, whitespace kept) part by part.
              partDone: (soFar) => {
                shown = soFar;
              },
            },
            cancel.signal,
          );
        } finally {
          cancel.dispose();
        }
      },
    );
    entry.text = result.text;
    entry.done = true;
    shown = result.text;
    flush();
    if (!args.replace) return { status: 'shown', text: result.text, uri: entry.uri, requests: result.requests };
    const replaced = await replaceWithTranslation(entry);
    entry.dispose();
    return { status: replaced.ok ? 'replaced' : entry.closed ? 'closed' : 'changed', text: result.text, requests: result.requests, message: replaced.message };
  } catch (err) {
    flush();
    entry.dispose();
    if (isAbort(err)) return { status: 'cancelled' };
    void services.errors.show(err, { feature: 'translate', model });
    return { status: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
}
