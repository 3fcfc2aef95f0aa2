// Read-only documents for reports and model details: a virtual `hearth-doc:` scheme so the user can
// read, search and copy, and closing the tab never asks to save.
import * as vscode from 'vscode';

const SCHEME = 'hearth-doc';

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** The URI of the document named `name` (a path like `summaries/1/x.md` is allowed). */
  uriFor(name: string): vscode.Uri {
    return vscode.Uri.from({ scheme: SCHEME, path: `/${name}` });
  }

  /** Opens (or refreshes) a read-only document named `name` (e.g. "Connection.md"). */
  async show(
    name: string,
    content: string,
    options: { language?: string; beside?: boolean; preserveFocus?: boolean; preview?: boolean } = {},
  ): Promise<vscode.TextEditor> {
    const uri = this.uriFor(name);
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (options.language && doc.languageId !== options.language) doc = await vscode.languages.setTextDocumentLanguage(doc, options.language);
    return vscode.window.showTextDocument(doc, {
      preview: options.preview ?? true,
      preserveFocus: options.preserveFocus,
      viewColumn: options.beside ? vscode.ViewColumn.Beside : undefined,
    });
  }

  /** Replaces the text of a document without showing it again: for answers that stream in. */
  update(name: string, content: string): void {
    const uri = this.uriFor(name);
    if (this.contents.get(uri.toString()) === content) return;
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    this.contents.clear();
  }
}
