// The InlineCompletionItemProvider: turns VS Code's request into a plain CompletionRequest (reading only the
// lines around the cursor that fit the budgets), asks the engine, and returns its suggestion only if the
// document and the cursor are still where they were.
import * as vscode from 'vscode';
import { budgetOf, isEnabledFor } from '../../core/completion/completionSettings';
import type { CompletionEngine } from '../../core/completion/engine';
import type { CompletionRequest } from '../../core/completion/request';
import { looksBinary, skipForLines, type SkipReason } from '../../core/completion/skip';
import type { ServedFrom } from '../../core/completion/stats';
import { isOllamaError } from '../../core/ollama/errors';
import { readCursorContext } from '../../core/prompts/cursorContext';
import type { CommentSyntaxProvider } from '../../platform/commentSyntax';
import { headerPath, lineSource, normalizedOffset, signalFor } from '../../platform/documentSource';
import type { CompletionFailures } from './failures';
import type { CompletionModelSource, ResolvedCompletionModel } from './modelSource';
import type { PauseState } from './pauseState';
import type { CompletionSettingsService } from './settings';

export const ACCEPTED_COMMAND = 'hearth.completion.accepted';

const SKIP_MESSAGE_MS = 6_000;

/** Why a completion the user asked for did not come (the status bar, for a few seconds). */
export function skipMessage(reason: SkipReason, maxLineLength: number): string {
  switch (reason) {
    case 'longLine':
      return vscode.l10n.t('Hearth: no inline completion on a line longer than {0} characters (hearth.completion.maxLineLength).', maxLineLength);
    case 'minified':
      return vscode.l10n.t('Hearth: no inline completion in minified code.');
    case 'binary':
      return vscode.l10n.t('Hearth: no inline completion in text that looks binary.');
  }
}

export interface ProvidedSuggestion {
  uri: string;
  line: number;
  character: number;
  text: string;
  source: ServedFrom;
  trigger: 'automatic' | 'manual';
}

export interface ProviderDeps {
  engine: CompletionEngine;
  settings: CompletionSettingsService;
  models: CompletionModelSource;
  pause: PauseState;
  failures: CompletionFailures;
  /** How the document's language writes comments (prose mode in comments, the header comment). */
  syntaxes: CommentSyntaxProvider;
  log: vscode.LogOutputChannel;
  /** When the edit that made the document's current version happened (the key the call follows), if known. */
  keyTime(document: vscode.TextDocument): number | undefined;
}

export class HearthInlineProvider implements vscode.InlineCompletionItemProvider, vscode.Disposable {
  private readonly provided = new vscode.EventEmitter<ProvidedSuggestion>();
  /** Fires for every suggestion handed to VS Code (tests and the status bar listen). */
  readonly onDidProvide = this.provided.event;

  /** Times VS Code asked, whatever the answer (tests read it). */
  calls = 0;

  constructor(private readonly deps: ProviderDeps) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    const startedAt = performance.now();
    this.calls++;
    const manual = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;
    const settings = this.deps.settings.current;
    if (!manual && (this.deps.pause.paused || !isEnabledFor(settings.enable, document.languageId))) return undefined;
    // While the suggest widget is open, its item is what Tab inserts: stay out of its way.
    if (context.selectedCompletionInfo) return undefined;

    const version = document.version;
    const keyAt = this.deps.keyTime(document);
    if (this.skipped(document, position, manual)) return undefined;

    const cancel = signalFor(token);
    try {
      if (!(await this.deps.failures.allows(cancel.signal))) return undefined;
      let model;
      try {
        // Resolved once and cached: after the first keystroke this costs a microtask.
        model = await this.deps.models.get(cancel.signal);
      } catch (err) {
        this.deps.failures.report(err, this.deps.models.name);
        return undefined;
      }
      if (document.version !== version) return undefined;
      const request = this.requestAt(document, position, model, manual, startedAt, keyAt);
      if (!request) return undefined;
      let result;
      try {
        result = await this.deps.engine.complete(request, cancel.signal);
      } catch (err) {
        // A model deleted or changed since it was chosen: choose again on the next try.
        if (isOllamaError(err, 'modelNotFound') || isOllamaError(err, 'capabilityMissing')) this.deps.models.forget();
        this.deps.failures.report(err, model.name);
        return undefined;
      }
      // A suggestion for a document or cursor that has moved on is never shown.
      if (!result || token.isCancellationRequested || document.version !== version) return undefined;
      const range = new vscode.Range(position, position);
      const item = new vscode.InlineCompletionItem(result.text, range, { title: '', command: ACCEPTED_COMMAND, arguments: [result.source] });
      this.provided.fire({ uri: request.documentId, line: position.line, character: position.character, text: result.text, source: result.source, trigger: request.trigger });
      return [item];
    } finally {
      cancel.dispose();
    }
  }

  /**
   * A line break was just typed at `position` in the active editor: the request the editor's call will bring
   * is built now, and the engine sends it at once if the user usually pauses there (CompletionEngine.prefetch).
   * Only when nothing needs waiting for (the model resolved, no failure pending): any problem is left for the
   * editor's call to meet and report.
   */
  prefetch(document: vscode.TextDocument, position: vscode.Position, keyAt: number): void {
    const settings = this.deps.settings.current;
    if (this.deps.pause.paused || !isEnabledFor(settings.enable, document.languageId)) return;
    const model = this.deps.models.ready;
    if (!model || this.deps.failures.state.kind !== 'open' || this.skipped(document, position, false)) return;
    const request = this.requestAt(document, position, model, false, keyAt, keyAt);
    if (request) this.deps.engine.prefetch(request);
  }

  /** Lines where completion is skipped (said in the status bar for a completion the user asked for). */
  private skipped(document: vscode.TextDocument, position: vscode.Position, manual: boolean): boolean {
    const maxLineLength = this.deps.settings.current.maxLineLength;
    const skip = skipForLines(lineSource(document), position.line, maxLineLength, document.uri.path);
    if (!skip) return false;
    this.deps.log.trace(`completion skipped: ${skip}`);
    // Automatic completion stays quiet; a completion the user asked for says why there is none.
    if (manual) vscode.window.setStatusBarMessage(skipMessage(skip, maxLineLength), SKIP_MESSAGE_MS);
    return true;
  }

  /** The engine's request at `position`, reading only the lines that fit the model's window; undefined on binary-looking text. */
  private requestAt(document: vscode.TextDocument, position: vscode.Position, model: ResolvedCompletionModel, manual: boolean, startedAt: number, keyAt: number | undefined): CompletionRequest | undefined {
    const settings = this.deps.settings.current;
    const ctx = readCursorContext(lineSource(document), position.line, position.character, budgetOf(settings, model.contextWindow));
    if (looksBinary(ctx)) {
      this.deps.log.trace('completion skipped: binary-looking text');
      if (manual) vscode.window.setStatusBarMessage(skipMessage('binary', settings.maxLineLength), SKIP_MESSAGE_MS);
      return undefined;
    }
    return {
      documentId: document.uri.toString(),
      offset: normalizedOffset(document, position),
      ctx,
      languageId: document.languageId,
      path: headerPath(document),
      model,
      trigger: manual ? 'manual' : 'automatic',
      startedAt,
      ...(keyAt !== undefined ? { keyAt } : {}),
      comments: this.deps.syntaxes.now(document.languageId),
    };
  }

  dispose(): void {
    this.provided.dispose();
  }
}
