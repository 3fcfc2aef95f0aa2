// The translations shown beside the editor, and their CodeLens: Replace Selection and Copy.
import * as vscode from 'vscode';
import type { TranslationEntry } from './selection';

export const TranslationCommands = {
  replace: 'hearth.translation.replace',
  copy: 'hearth.translation.copy',
} as const;

export class TranslationDocs implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly entries = new Map<string, TranslationEntry>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  /** `replace` is the translate bundle's (loaded by then: an entry exists only after a translation). */
  constructor(replace: (entry: TranslationEntry) => Promise<{ ok: boolean; message?: string }>) {
    this.subscriptions = [
      vscode.workspace.onDidCloseTextDocument((doc) => {
        const entry = this.entries.get(doc.uri.toString());
        if (!entry) return;
        entry.dispose();
        this.entries.delete(doc.uri.toString());
        this.refresh();
      }),
      vscode.commands.registerCommand(TranslationCommands.replace, async (uri?: unknown) => {
        const entry = this.entryFor(uri);
        if (!entry?.done) return { ok: false };
        const result = await replace(entry);
        if (result.ok) await vscode.window.showTextDocument(entry.source, { preview: false });
        return result;
      }),
      vscode.commands.registerCommand(TranslationCommands.copy, async (uri?: unknown) => {
        const entry = this.entryFor(uri);
        if (!entry?.done) return { ok: false };
        await vscode.env.clipboard.writeText(entry.text);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Translation copied.'), 3_000);
        return { ok: true };
      }),
    ];
  }

  private entryFor(uri: unknown): TranslationEntry | undefined {
    const key = (uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri)?.toString();
    return key ? this.entries.get(key) : undefined;
  }

  add(entry: TranslationEntry): void {
    this.entries.set(entry.uri.toString(), entry);
    this.refresh();
  }

  /** Redraws the CodeLens and the editor-title buttons after a translation finished. */
  refresh(): void {
    this.changed.fire();
    const finished = [...this.entries.values()].filter((e) => e.done).map((e) => e.uri.path);
    void vscode.commands.executeCommand('setContext', 'hearth.finishedTranslations', finished);
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const entry = this.entries.get(document.uri.toString());
    if (!entry?.done) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: vscode.l10n.t('Replace Original Text'), command: TranslationCommands.replace, arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: vscode.l10n.t('Copy'), command: TranslationCommands.copy, arguments: [document.uri] }),
    ];
  }

  dispose(): void {
    for (const entry of this.entries.values()) entry.dispose();
    this.entries.clear();
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
