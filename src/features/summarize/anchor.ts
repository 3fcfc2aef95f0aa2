// Where "Insert as Comment" puts the summary: the first line of the summarized text, followed through the
// edits the user makes in the meantime (lines added or removed above it move it).
import * as vscode from 'vscode';

export class LineAnchor implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(
    readonly uri: vscode.Uri,
    public line: number,
  ) {
    this.subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.toString() === this.uri.toString()) this.follow(e.contentChanges);
    });
  }

  private follow(changes: readonly vscode.TextDocumentContentChangeEvent[]): void {
    // Changes come with positions in the document before the event; the last ones first keeps them valid.
    for (const change of [...changes].sort((a, b) => b.rangeOffset - a.rangeOffset)) {
      const { start, end } = change.range;
      const added = change.text.split('\n').length - 1;
      const removed = end.line - start.line;
      if (end.line < this.line || (end.line === this.line && end.character === 0)) {
        // Entirely above the anchor line (or at its very start): the line moves.
        this.line += added - removed;
      } else if (start.line < this.line) {
        // The change swallowed the anchor line: stay where the change starts.
        this.line = start.line;
      }
    }
    this.line = Math.max(0, this.line);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
