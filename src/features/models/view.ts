// The Models view's life: it refreshes when first shown, after every change made through Hearth, on
// its Refresh button and on a slow timer, but only while visible. A failed refresh shows in the view
// (its message and welcome content); it never raises a notification.
import * as vscode from 'vscode';
import { userMessageFor } from '../../platform/errors';
import type { DaemonAccess } from '../../platform/services';
import { MODELS_STATE_KEY, MODELS_VIEW_ID } from './commandIds';
import type { PullManager } from './pulls';
import type { ModelsSnapshot, ModelsState } from './state';
import { ModelsTreeProvider, type ModelNode } from './tree';

export interface ModelsViewOptions {
  /** Refresh period while the view is visible. */
  intervalMs?: number;
  /** Where features are routed other than `local` (undefined: all local), and when that changes. */
  routes?: { note(): string | undefined; onDidChange(listener: () => void): { dispose(): void } };
}

export type ModelsViewState = 'loading' | 'ready' | 'empty' | 'unreachable' | 'error';

export class ModelsView implements vscode.Disposable {
  readonly provider: ModelsTreeProvider;
  readonly treeView: vscode.TreeView<ModelNode>;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly intervalMs: number;
  private viewState: ModelsViewState = 'loading';

  constructor(
    private readonly state: ModelsState,
    pulls: PullManager,
    private readonly daemon: DaemonAccess,
    private readonly options: ModelsViewOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 20_000;
    this.provider = new ModelsTreeProvider(state, pulls);
    this.treeView = vscode.window.createTreeView(MODELS_VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true });
    void vscode.commands.executeCommand('setContext', MODELS_STATE_KEY, this.viewState);
    this.disposables.push(
      this.provider,
      this.treeView,
      state.onDidChange((s) => this.show(s)),
      pulls.onDidChange((e) => {
        if (e.kind === 'progress') {
          this.provider.refreshPull(e.pull.name);
          return;
        }
        // The state itself refreshes on the gateway's onDidChangeModels, which every pull ends with.
        this.provider.refresh();
        this.updateBadge(pulls);
      }),
      this.treeView.onDidChangeVisibility((e) => this.visibilityChanged(e.visible)),
    );
    const routes = options.routes;
    if (routes) this.disposables.push(new vscode.Disposable(routes.onDidChange(() => this.describe(undefined)).dispose));
    this.describe(undefined);
    if (this.treeView.visible) this.visibilityChanged(true);
  }

  get current(): ModelsViewState {
    return this.viewState;
  }

  private visibilityChanged(visible: boolean): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!visible) return;
    const snapshot = this.state.snapshot;
    if (!snapshot || Date.now() - snapshot.at > this.intervalMs / 2) void this.state.refresh();
    this.timer = setInterval(() => void this.state.refresh(), this.intervalMs);
  }

  private show(snapshot: ModelsSnapshot): void {
    const error = snapshot.error;
    const next: ModelsViewState = error
      ? error.kind === 'unreachable'
        ? 'unreachable'
        : 'error'
      : snapshot.installed.length || snapshot.uses.some((u) => u.missing)
        ? 'ready'
        : 'empty';
    if (next !== this.viewState) {
      this.viewState = next;
      void vscode.commands.executeCommand('setContext', MODELS_STATE_KEY, next);
    }
    const words = error ? userMessageFor(error).message : undefined;
    // VS Code hides the welcome buttons (Start Ollama…) while a message is set, so an unreachable
    // daemon is said in the view's description and the welcome content; other failures (a privacy
    // guard refusing the host, say) need their own words in the message.
    this.treeView.message = next === 'error' ? words : undefined;
    this.describe(next === 'unreachable' ? words : undefined);
    if (next === 'unreachable') this.daemon.reportUnreachable();
    this.provider.refresh();
  }

  /** The view's description: why the daemon is unreachable, else whose models these are when features are routed elsewhere. */
  private describe(unreachable: string | undefined): void {
    this.treeView.description = unreachable ?? (this.viewState === 'unreachable' ? this.treeView.description : this.options.routes?.note());
  }

  private updateBadge(pulls: PullManager): void {
    const count = pulls.list().length;
    this.treeView.badge = count ? { value: count, tooltip: vscode.l10n.t('Pulling {0} models', count) } : undefined;
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.disposables.forEach((d) => d.dispose());
  }
}
