// The comment syntax of a document's language, from the language-configuration files that installed
// extensions contribute (VS Code's own language extensions included), merged with Hearth's built-in table.
// Read once per language and cached until extensions change. Translate Comments, Summarize's "Insert as
// Comment" and inline completion (comments in prose mode, the header comment, Draft here) share one.
import * as vscode from 'vscode';
import { builtinCommentSyntax, resolveCommentSyntax, type CommentSyntax, type ConfiguredComments } from '../core/comments';
import type * as CommentsBundle from '../lazy/comments';
import { lazyBundle } from './lazy';

/** The language-configuration reader and its JSONC parser: loaded at the first file read. */
const reader = lazyBundle<typeof CommentsBundle>('comments');

interface LanguageContribution {
  id?: unknown;
  configuration?: unknown;
}

export class CommentSyntaxProvider implements vscode.Disposable {
  /** languageId → configuration files, built on first use. */
  private index: Map<string, vscode.Uri[]> | undefined;
  private readonly cache = new Map<string, Promise<CommentSyntax | undefined>>();
  /** The syntaxes read so far, for callers that cannot wait (a keystroke). */
  private readonly ready = new Map<string, CommentSyntax | undefined>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subscription = vscode.extensions.onDidChange(() => {
      this.index = undefined;
      this.cache.clear();
      this.ready.clear();
    });
  }

  /** The syntax, or undefined when neither an extension nor the table knows how the language writes comments. */
  get(languageId: string): Promise<CommentSyntax | undefined> {
    let found = this.cache.get(languageId);
    if (!found) {
      found = this.load(languageId);
      this.cache.set(languageId, found);
    }
    return found;
  }

  /**
   * The syntax without waiting: once read, the same as get(); before that, the built-in table's, while the
   * language's configuration is read for the next call.
   */
  now(languageId: string): CommentSyntax | undefined {
    if (this.ready.has(languageId)) return this.ready.get(languageId);
    void this.get(languageId);
    return builtinCommentSyntax(languageId);
  }

  private async load(languageId: string): Promise<CommentSyntax | undefined> {
    const configured = await this.configured(languageId);
    const syntax = resolveCommentSyntax(languageId, configured);
    this.ready.set(languageId, syntax);
    this.log.debug(`comment syntax for ${languageId}: ${syntax ? JSON.stringify({ line: syntax.lineComments, block: syntax.blockComments.map((b) => [b.open, b.close]) }) : 'unknown'}${configured ? ' (from its language configuration)' : ''}`);
    return syntax;
  }

  private async configured(languageId: string): Promise<ConfiguredComments | undefined> {
    const merged: ConfiguredComments = { lineComments: [], blockComments: [], quotes: [] };
    let any = false;
    for (const uri of this.files().get(languageId) ?? []) {
      try {
        const parsed = reader().parseLanguageConfiguration(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
        if (!parsed) continue;
        any = true;
        for (const m of parsed.lineComments) if (!merged.lineComments.includes(m)) merged.lineComments.push(m);
        for (const b of parsed.blockComments) if (!merged.blockComments.some(([o, c]) => o === b[0] && c === b[1])) merged.blockComments.push(b);
        for (const q of parsed.quotes) if (!merged.quotes.includes(q)) merged.quotes.push(q);
      } catch (err) {
        this.log.debug(`could not read ${uri.toString()}: ${String(err)}`);
      }
    }
    return any ? merged : undefined;
  }

  private files(): Map<string, vscode.Uri[]> {
    if (this.index) return this.index;
    const index = new Map<string, vscode.Uri[]>();
    for (const ext of vscode.extensions.all) {
      const languages = (ext.packageJSON as { contributes?: { languages?: unknown } } | undefined)?.contributes?.languages;
      if (!Array.isArray(languages)) continue;
      for (const lang of languages as LanguageContribution[]) {
        if (typeof lang.id !== 'string' || typeof lang.configuration !== 'string') continue;
        const uri = vscode.Uri.joinPath(ext.extensionUri, lang.configuration);
        index.set(lang.id, [...(index.get(lang.id) ?? []), uri]);
      }
    }
    this.index = index;
    return index;
  }

  dispose(): void {
    this.subscription.dispose();
    this.cache.clear();
    this.ready.clear();
  }
}
