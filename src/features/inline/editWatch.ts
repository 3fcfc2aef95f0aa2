// What the inline feature hears from the editor between its calls: each edit's time (the engine counts its
// wait from the key, not from VS Code's call 50 ms later), edits and cursor moves that decide whether the
// request in flight still serves the cursor, and a line break typed in the active editor, where the request
// can go out at once instead of after VS Code's delay (CompletionEngine.prefetch).
import * as vscode from 'vscode';
import type { CompletionEngine } from '../../core/completion/engine';
import { normalizedChange, normalizedOffset } from '../../platform/documentSource';
import type { HearthInlineProvider } from './provider';

/** Enter, with the indentation the editor adds. */
const LINE_BREAK = /^\r?\n[ \t]*$/;

export class EditWatch implements vscode.Disposable {
  private lastEdit: { uri: string; version: number; at: number } | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly engine: CompletionEngine,
    private readonly provider: HearthInlineProvider,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => this.changed(e)),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (!engine.busy) return;
        const document = e.textEditor.document;
        engine.noteCursor(document.uri.toString(), e.selections.length === 1 ? normalizedOffset(document, e.selections[0].active) : -1);
      }),
    ];
  }

  /** When the edit that made `document`'s current version happened, if it was seen. */
  keyTime(document: vscode.TextDocument): number | undefined {
    const last = this.lastEdit;
    return last && last.version === document.version && last.uri === document.uri.toString() ? last.at : undefined;
  }

  private changed(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return;
    const at = performance.now();
    const uri = e.document.uri.toString();
    // Keys are typed in the active editor; other documents change too (output channels as logs are written).
    if (e.document === vscode.window.activeTextEditor?.document) this.lastEdit = { uri, version: e.document.version, at };
    if (this.engine.busy) {
      if (e.contentChanges.length > 1) this.engine.noteEdit(uri, -1, 0, '');
      else {
        const change = normalizedChange(e.document, e.contentChanges[0]);
        this.engine.noteEdit(uri, change.offset, change.deletedLength, change.inserted);
      }
    }
    const position = this.typedLineBreak(e);
    if (position) this.provider.prefetch(e.document, position, at);
  }

  /** Where the cursor is after a line break typed (not undone, redone or pasted among other changes) in the active editor. */
  private typedLineBreak(e: vscode.TextDocumentChangeEvent): vscode.Position | undefined {
    if (e.reason !== undefined || e.contentChanges.length !== 1) return undefined;
    const change = e.contentChanges[0];
    if (change.rangeLength !== 0 || !LINE_BREAK.test(change.text)) return undefined;
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document !== e.document || editor.selections.length !== 1) return undefined;
    // VS Code does not ask for inline suggestions where they are turned off: no request either.
    if (!vscode.workspace.getConfiguration('editor', e.document).get<boolean>('inlineSuggest.enabled', true)) return undefined;
    const indentation = change.text.replace(/^\r?\n/, '');
    return new vscode.Position(change.range.start.line + 1, indentation.length);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
