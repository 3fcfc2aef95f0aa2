// The text editor the user last worked in. When the chat view has focus, VS Code may report no active
// text editor, but "Insert at Cursor" and "Attach Selection" mean the editor the user just left.
import * as vscode from 'vscode';
import { isUserDocument } from './userDocument';

export class EditorTracker implements vscode.Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor((e) => {
    if (e && isUserDocument(e.document)) this.last = e;
  });

  /** The active text editor, else the last one that is still visible. */
  get editor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active && isUserDocument(active.document)) return active;
    const last = this.last;
    if (last && !last.document.isClosed) {
      return vscode.window.visibleTextEditors.find((e) => e.document === last.document) ?? undefined;
    }
    return undefined;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** Documents the user edits (not output channels, logs or the settings UI's backing documents). */
export { isUserDocument };
