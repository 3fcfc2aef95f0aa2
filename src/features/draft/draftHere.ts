// "Draft here": asks for an instruction (or takes the comment or Markdown heading at the cursor), then
// streams a longer draft from the chat model into the editor at the cursor, with progress, cancellable at
// any moment (the request closes), and removable with one undo. Drafting stops, keeping what was written,
// if the document is changed by anyone else meanwhile.
import * as vscode from 'vscode';
import { DraftTextFilter } from '../../core/draft/draftText';
import { isAbort } from '../../core/ollama/errors';
import { displayModelName } from '../../core/ollama/names';
import { buildDraftMessages, DRAFT_MAX_TOKENS, DRAFT_TEMPERATURE, instructionAt } from '../../core/prompts/draftPrompt';
import type { CommentSyntaxProvider } from '../../platform/commentSyntax';
import { readyGateway } from '../../platform/endpointReady';
import type { HearthServices } from '../../platform/services';
import { fileNameOf, headerPath, lineSource } from '../../platform/documentSource';

const CONTEXT_KEY = 'hearth.drafting';
/** Lines read on each side of the cursor for the draft's context (the prompt cuts them to its budget). */
const CONTEXT_LINES = 400;

export interface DraftOutcome {
  status: 'done' | 'cancelled' | 'interrupted' | 'failed' | 'noInstruction' | 'noEditor' | 'busy';
  text: string;
}

export interface DraftOptions {
  /** Skips the input box (tests, other features). '' means "use the comment or heading at the cursor". */
  instruction?: string;
}

/** Writes streamed text at a moving position: one undo element for the whole draft, version-checked. */
class DraftWriter {
  private position: vscode.Position;
  private expectedVersion: number;
  private first = true;
  private buffer = '';
  private flushing: Promise<void> | undefined;
  stopped: 'interrupted' | undefined;
  written = '';

  constructor(private readonly editor: vscode.TextEditor, start: vscode.Position) {
    this.position = start;
    this.expectedVersion = editor.document.version;
  }

  write(text: string): Promise<void> {
    this.buffer += text;
    this.flushing ??= this.flush().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async flush(): Promise<void> {
    while (this.buffer && !this.stopped) {
      const text = this.buffer;
      this.buffer = '';
      const document = this.editor.document;
      if (document.isClosed || document.version !== this.expectedVersion) {
        this.stopped = 'interrupted';
        return;
      }
      const at = this.position;
      const before = document.version;
      let ok = false;
      try {
        ok = await this.editor.edit((b) => b.insert(at, text), { undoStopBefore: this.first, undoStopAfter: false });
      } catch {
        ok = false; // the editor was closed
      }
      if (!ok) {
        this.stopped = 'interrupted';
        return;
      }
      this.first = false;
      this.written += text;
      // Our edit moves the version by one: more means the user's edit landed while ours was applied, and
      // taking the new version as ours would write the rest of the draft over a document that moved on.
      if (document.version !== before + 1) {
        this.stopped = 'interrupted';
        return;
      }
      this.expectedVersion = document.version;
      const lines = text.split('\n');
      this.position =
        lines.length === 1 ? at.translate(0, text.length) : new vscode.Position(at.line + lines.length - 1, lines[lines.length - 1].length);
    }
  }

  async finish(): Promise<void> {
    await this.flushing;
    if (this.first || this.stopped) return;
    try {
      await this.editor.edit(() => undefined, { undoStopBefore: false, undoStopAfter: true });
    } catch {
      // closed: nothing to close the undo element for
    }
  }
}

function countWords(text: string): number {
  const cjk = text.match(/[\u3400-\u9fff\uf900-\ufaff]/g)?.length ?? 0;
  const words = text.replace(/[\u3400-\u9fff\uf900-\ufaff]/g, ' ').split(/\s+/).filter((w) => w !== '').length;
  return cjk + words;
}

export class DraftHere implements vscode.Disposable {
  private controller: AbortController | undefined;

  constructor(
    private readonly services: HearthServices,
    private readonly syntaxes: CommentSyntaxProvider,
  ) {}

  get active(): boolean {
    return this.controller !== undefined;
  }

  stop(): void {
    this.controller?.abort();
  }

  async run(options: DraftOptions = {}): Promise<DraftOutcome> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a file and put the cursor where the draft should go.'));
      return { status: 'noEditor', text: '' };
    }
    if (this.controller) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Hearth is already writing a draft. Stop it first: Cancel on its notification, or Hearth: Stop Drafting.'));
      return { status: 'busy', text: '' };
    }
    const document = editor.document;
    const position = editor.selection.active;
    const typed =
      options.instruction ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('Draft Here'),
        prompt: vscode.l10n.t('What should Hearth write at the cursor? Leave empty to use the comment or heading at the cursor.'),
        placeHolder: vscode.l10n.t('e.g. a function that parses ISO dates, or: an introduction to this section'),
        ignoreFocusOut: true,
      }));
    if (typed === undefined) return { status: 'cancelled', text: '' };
    const instruction = typed.trim() || instructionAt(lineSource(document), position.line, document.languageId, await this.syntaxes.get(document.languageId));
    if (!instruction) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Write an instruction, or put the cursor on or under a comment or a Markdown heading that says what to write.'),
      );
      return { status: 'noInstruction', text: '' };
    }

    const choice = await this.services.custom.prompt('draft', { instruction, fileName: fileNameOf(document), languageId: document.languageId });
    if (choice.kind === 'cancelled') return { status: 'cancelled', text: '' };
    const system = choice.kind === 'custom' ? choice.text : undefined;

    const controller = new AbortController();
    this.controller = controller;
    await vscode.commands.executeCommand('setContext', CONTEXT_KEY, true);
    const writer = new DraftWriter(editor, position);
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Hearth: drafting…'), cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          return this.stream(document, position, { instruction, system }, writer, controller.signal, (words, model) =>
            progress.report({ message: vscode.l10n.t('{0} words with {1} (Cancel, or Draft Here again, stops)', words, model) }),
          );
        },
      );
    } finally {
      await writer.finish();
      this.controller = undefined;
      await vscode.commands.executeCommand('setContext', CONTEXT_KEY, false);
    }
  }

  private async stream(
    document: vscode.TextDocument,
    position: vscode.Position,
    prompt: { instruction: string; system: string | undefined },
    writer: DraftWriter,
    signal: AbortSignal,
    report: (words: number, model: string) => void,
  ): Promise<DraftOutcome> {
    let model: string | undefined;
    try {
      // Draft Here writes with the chat's model, on the chat's endpoint.
      const gateway = await readyGateway(this.services, 'chat', { signal, interactive: true });
      model = (await this.services.models.resolve('chat', { signal, interactive: true })).name;
      // The window the gateway runs this model with for every feature (chat shares the model: no reload).
      const generation = this.services.custom.generation('draft');
      const contextTokens = await gateway.contextWindow(model, { signal, contextLength: generation.contextLength });
      const maxTokens = generation.maxOutputTokens ?? DRAFT_MAX_TOKENS;
      const first = Math.max(0, position.line - CONTEXT_LINES);
      const last = Math.min(document.lineCount - 1, position.line + CONTEXT_LINES);
      const before = document.getText(new vscode.Range(first, 0, position.line, position.character));
      const after = document.getText(new vscode.Range(position, document.lineAt(last).range.end));
      const messages = buildDraftMessages({ ...prompt, before, after, path: headerPath(document), languageId: document.languageId, contextTokens, maxTokens });
      const indentation = /^\s*/.exec(document.lineAt(position.line).text.slice(0, position.character))?.[0] ?? '';
      const atLineStart = document.lineAt(position.line).text.slice(0, position.character).trim() === '';
      const filter = new DraftTextFilter(atLineStart ? indentation : '');
      const name = displayModelName(model);
      report(0, name);
      const options = { temperature: generation.temperature ?? DRAFT_TEMPERATURE, num_predict: maxTokens };
      const stream = gateway.chat({ model, messages, think: false, contextLength: generation.contextLength, options }, signal, {
        onStall: this.services.stalls.handler('draft'),
      });
      for await (const chunk of stream) {
        const text = filter.push(chunk.text);
        // Not awaited: while one edit is applied, the next chunks gather into one edit.
        if (text) void writer.write(text);
        if (writer.stopped || filter.closed) break; // leaving the loop closes the request
        report(countWords(writer.written), name);
      }
      if (!writer.stopped) await writer.write(filter.end());
      if (writer.stopped) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Hearth stopped drafting because the document changed or its editor was closed. What was written so far is kept.'));
        return { status: 'interrupted', text: writer.written };
      }
      return { status: 'done', text: writer.written };
    } catch (err) {
      if (isAbort(err) || signal.aborted) return { status: 'cancelled', text: writer.written };
      void this.services.errors.show(err, { feature: 'chat', model });
      return { status: 'failed', text: writer.written };
    }
  }

  dispose(): void {
    this.stop();
  }
}
