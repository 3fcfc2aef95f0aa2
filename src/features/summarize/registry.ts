// The summaries this window produced, by the URI of their document: what the CodeLens and the commands on a
// summary (Copy, Insert as Comment, Open in Chat, Stop) act on.
import * as vscode from 'vscode';
import { Commands } from '../../platform/commands';
import type { LineAnchor } from './anchor';
import type { SummaryView } from './view';

export interface SummarySourceInfo {
  uri: vscode.Uri;
  languageId: string;
  /** File name for titles. */
  name: string;
  /** The summarized text, offered to the chat only when it fitted one request. */
  attachment?: string;
}

export interface SummaryEntry {
  view: SummaryView;
  source: SummarySourceInfo;
  anchor: LineAnchor;
  /** Stops the run (no effect once it ended). */
  stop(): void;
}

export class SummaryRegistry implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly entries = new Map<string, SummaryEntry>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor() {
    // A closed summary is gone for good: forget it (and stop it, if it still runs).
    this.subscription = vscode.workspace.onDidCloseTextDocument((doc) => {
      const entry = this.entries.get(doc.uri.toString());
      if (!entry) return;
      entry.stop();
      entry.anchor.dispose();
      this.entries.delete(doc.uri.toString());
      this.refresh();
    });
  }

  add(entry: SummaryEntry): void {
    this.entries.set(entry.view.uri.toString(), entry);
    this.refresh();
  }

  /** Forgets a summary that is not shown (it failed before anything was written). */
  remove(uri: vscode.Uri): void {
    const entry = this.entries.get(uri.toString());
    if (!entry) return;
    entry.anchor.dispose();
    this.entries.delete(uri.toString());
    this.refresh();
  }

  get(uri: vscode.Uri | undefined): SummaryEntry | undefined {
    return uri ? this.entries.get(uri.toString()) : undefined;
  }

  /** Redraws the CodeLens and the editor-title buttons after a summary changed state. */
  refresh(): void {
    this.changed.fire();
    const entries = [...this.entries.values()];
    const paths = (pick: (e: SummaryEntry) => boolean): string[] => entries.filter(pick).map((e) => e.view.uri.path);
    void vscode.commands.executeCommand('setContext', 'hearth.runningSummaries', paths((e) => e.view.state === 'running'));
    void vscode.commands.executeCommand('setContext', 'hearth.finishedSummaries', paths((e) => e.view.state !== 'running' && e.view.summary.trim() !== ''));
  }

  /** Whether the chat feature registered its "open with" command (asked only for finished summaries). */
  async chatAvailable(): Promise<boolean> {
    return (await vscode.commands.getCommands(true)).includes(Commands.openInChat);
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const entry = this.entries.get(document.uri.toString());
    if (!entry) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const args = [document.uri];
    if (entry.view.state === 'running') {
      return [
        new vscode.CodeLens(top, { title: `$(loading~spin) ${entry.view.status || vscode.l10n.t('Summarizing…')}`, command: '' }),
        new vscode.CodeLens(top, { title: vscode.l10n.t('Stop'), command: SummaryCommands.stop, arguments: args }),
      ];
    }
    if (!entry.view.summary.trim()) return [];
    const lenses = [
      new vscode.CodeLens(top, { title: vscode.l10n.t('Copy'), command: SummaryCommands.copy, arguments: args }),
      new vscode.CodeLens(top, { title: vscode.l10n.t('Insert as Comment'), command: SummaryCommands.insertAsComment, arguments: args }),
    ];
    if (await this.chatAvailable()) {
      lenses.push(new vscode.CodeLens(top, { title: vscode.l10n.t('Open in Chat'), command: SummaryCommands.openInChat, arguments: args }));
    }
    return lenses;
  }

  dispose(): void {
    for (const entry of this.entries.values()) {
      entry.stop();
      entry.anchor.dispose();
    }
    this.entries.clear();
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export const SummaryCommands = {
  summarize: Commands.summarize,
  summarizeFile: Commands.summarizeFile,
  copy: 'hearth.summary.copy',
  insertAsComment: 'hearth.summary.insertAsComment',
  openInChat: 'hearth.summary.openInChat',
  stop: 'hearth.summary.stop',
} as const;
