// The index's status bar item: there only while a refresh reads or embeds (or is paused), with its progress;
// a click offers pause or resume and cancel. Gone when the index is up to date: a finished index needs no item.
import * as vscode from 'vscode';
import type { IndexProgress } from '../../core/indexing/indexer';
import { IndexCommands } from './commandIds';
import type { WorkspaceIndexService } from './service';

export class IndexStatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly service: WorkspaceIndexService) {
    this.item = vscode.window.createStatusBarItem('hearth.workspaceIndex', vscode.StatusBarAlignment.Right, 98);
    this.item.name = vscode.l10n.t('Hearth Workspace Index');
    this.item.command = IndexCommands.status;
    this.subscriptions.push(service.onDidChangeProgress((p) => this.render(p)));
    service.statusText = () => this.text;
    service.statusShown = () => this.shown;
    this.render(service.progress);
  }

  /** What the item says now (tests); undefined while hidden. */
  text: string | undefined;

  /**
   * Every text the item has shown (tests): a build can now finish between two samples of `text`, so a test
   * asks whether progress was shown at all rather than catching it on screen. Bounded: percentages and the
   * paused text, about a hundred strings.
   */
  private readonly shown = new Set<string>();

  render(p: IndexProgress = this.service.progress): void {
    const paused = this.service.scheduler.paused;
    void vscode.commands.executeCommand('setContext', 'hearth.workspaceIndex.building', p.phase !== 'idle');
    void vscode.commands.executeCommand('setContext', 'hearth.workspaceIndex.paused', paused);
    if (p.phase === 'idle') {
      this.text = undefined;
      this.item.hide();
      return;
    }
    const percent = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 0;
    const what = p.phase === 'scanning' ? vscode.l10n.t('Reading files {0}/{1}', p.done, p.total) : vscode.l10n.t('Embedding {0}/{1} chunks', p.done, p.total);
    this.text = paused ? `$(debug-pause) ${vscode.l10n.t('Index paused')}` : `$(sync~spin) ${vscode.l10n.t('Indexing {0}%', percent)}`;
    this.item.text = this.text;
    this.shown.add(this.text);
    this.item.tooltip = `${vscode.l10n.t('Hearth is indexing this workspace on this computer.')}\n${what}\n${vscode.l10n.t('Click to pause or cancel.')}`;
    this.item.show();
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.item.dispose();
  }
}
