// Read-only documents for reports and model details: a virtual `hearth-doc:` scheme so the user can
// read, search and copy, and closing the tab never asks to save. Markdown ones open rendered, in the built-in
// Markdown preview opened as an editor on the document (`vscode.markdown.preview.editor`): it follows the
// document's changes (a summary streams into it), its tab names the document (so editor-title buttons with
// `resourceScheme == hearth-doc` and the commands behind them see which result is active), and the preview's
// own "Open Source" button (`markdown.showSource`) is the source one click away.
import * as vscode from 'vscode';
import { besideColumn } from './columns';

const SCHEME = 'hearth-doc';
/** The built-in Markdown preview as a custom editor (VS Code's markdown-language-features). */
export const MARKDOWN_PREVIEW_EDITOR = 'vscode.markdown.preview.editor';

export interface ShowOptions {
  language?: string;
  /** Beside the active editor (in a column that exists there, else one new column). */
  beside?: boolean;
  preserveFocus?: boolean;
  preview?: boolean;
}

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
  async show(name: string, content: string, options: ShowOptions = {}): Promise<vscode.TextEditor> {
    const uri = this.uriFor(name);
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (options.language && doc.languageId !== options.language) doc = await vscode.languages.setTextDocumentLanguage(doc, options.language);
    return vscode.window.showTextDocument(doc, {
      preview: options.preview ?? true,
      preserveFocus: options.preserveFocus,
      viewColumn: options.beside ? besideColumn() : undefined,
    });
  }

  /**
   * Opens (or refreshes) a Markdown document named `name` (ending in `.md`) rendered, for a person to read.
   * Where the Markdown preview is missing (the built-in extension disabled), the source opens instead.
   */
  async showRendered(name: string, content: string, options: Omit<ShowOptions, 'language'> = {}): Promise<vscode.Uri> {
    const uri = this.uriFor(name);
    if (!vscode.extensions.getExtension('vscode.markdown-language-features')) {
      await this.show(name, content, { ...options, language: 'markdown' });
      return uri;
    }
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
    await vscode.commands.executeCommand('vscode.openWith', uri, MARKDOWN_PREVIEW_EDITOR, {
      preview: options.preview ?? true,
      preserveFocus: options.preserveFocus,
      viewColumn: options.beside ? besideColumn() : vscode.ViewColumn.Active,
    } satisfies vscode.TextDocumentShowOptions);
    return uri;
  }

  /** Closes every tab that shows the document (rendered or as source) and forgets its text. */
  async close(name: string): Promise<void> {
    const uri = this.uriFor(name);
    const tabs = tabsOf(uri);
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
    this.contents.delete(uri.toString());
  }

  /** Replaces the text of a document without showing it again: for answers that stream in. */
  update(name: string, content: string): void {
    const uri = this.uriFor(name);
    if (this.contents.get(uri.toString()) === content) return;
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
  }

  /** The hearth-doc document the active tab shows, rendered or as source. */
  static activeUri(): vscode.Uri | undefined {
    const uri = tabUri(vscode.window.tabGroups.activeTabGroup.activeTab);
    return uri?.scheme === SCHEME ? uri : undefined;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    this.contents.clear();
  }
}

function tabUri(tab: vscode.Tab | undefined): vscode.Uri | undefined {
  const input = tab?.input;
  return input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
}

/** The tabs showing `uri`, as text or in a custom editor such as the Markdown preview. */
export function tabsOf(uri: vscode.Uri): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => tabUri(t)?.toString() === uri.toString());
}
