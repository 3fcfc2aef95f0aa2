// The workspace index (issue 16): the service the chat's @workspace asks (WorkspaceIndexAccess), its commands
// (rebuild, delete, pause, resume) and its status item. Nothing runs until the user turns indexing on, and
// never in an untrusted workspace. The main bundle keeps only this front: availability while indexing cannot
// run (no folder, untrusted, off), the settings and trust watch that decides when it can, and the command
// registrations. The service, its status item and the engine are the workspaceIndex lazy bundle, loaded when
// indexing is on in a trusted workspace, or when ensureEnabled() or an index command needs them.
import * as vscode from 'vscode';
import type { IndexProgress } from '../../core/indexing/indexer';
import type { IndexScheduler } from '../../core/indexing/scheduler';
import { OllamaError } from '../../core/ollama/errors';
import type * as IndexBundle from '../../lazy/workspaceIndex';
import { lazyBundle } from '../../platform/lazy';
import type { HearthServices } from '../../platform/services';
import type { WorkspaceIndexAccess, WorkspaceIndexAvailability, WorkspaceRetrieval } from '../../platform/workspaceIndexAccess';
import { IndexCommands } from './commandIds';
import { indexedFolders } from './folders';
import type { EnablePrompt, IndexServiceDeps, WorkspaceIndexService } from './service';

import { IndexSettings } from './settings';

const bundle = lazyBundle<typeof IndexBundle>('workspaceIndex');

/** How long after activation indexing starts when it is on; ms. */
const STARTUP_DELAY_MS = 1_000;

const IDLE: IndexProgress = { phase: 'idle', done: 0, total: 0 };

/**
 * The workspace index as the rest of the extension (and the tests) see it. Until the service is loaded it
 * answers from the settings, trust and folders alone, which is all there is to say while indexing is off;
 * once loaded, everything goes to the service.
 */
export class WorkspaceIndex implements WorkspaceIndexAccess, vscode.Disposable {
  private loaded: { service: WorkspaceIndexService; status: { render(): void; dispose(): void } } | undefined;
  private readonly settings: IndexSettings;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly availabilityChanged = new vscode.EventEmitter<WorkspaceIndexAvailability>();
  readonly onDidChangeAvailability = this.availabilityChanged.event;
  private readonly progressChanged = new vscode.EventEmitter<IndexProgress>();
  /** Fires as a refresh reads and embeds (the status item shows it). */
  readonly onDidChangeProgress = this.progressChanged.event;
  private current: WorkspaceIndexAvailability;
  private disposed = false;
  /** Asks the user to turn indexing on (the first @workspace question); tests replace it. */
  prompt: EnablePrompt = () => bundle().askToEnable();

  constructor(private readonly services: IndexServiceDeps['services']) {
    this.settings = new IndexSettings(services.config);
    this.current = this.compute();
    this.subscriptions.push(
      this.settings,
      this.settings.onDidChange(() => this.check()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.check()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.check()),
    );
    // On at activation: activation stays cheap; the service, its engine and the stored index load a moment
    // after it (sooner if the chat or a command asks first).
    if (this.current === 'building') {
      const startup = setTimeout(() => {
        if (!this.disposed) void this.load().evaluate();
      }, STARTUP_DELAY_MS);
      this.subscriptions.push(new vscode.Disposable(() => clearTimeout(startup)));
    }
  }

  /** Availability without the service: noWorkspace, untrusted, off, or 'building' when indexing can run. */
  private compute(): WorkspaceIndexAvailability {
    if (indexedFolders().length === 0) return 'noWorkspace';
    if (!vscode.workspace.isTrusted) return 'untrusted';
    if (!this.settings.value.enabled || !this.services.context.storageUri) return 'off';
    return 'building';
  }

  /** Trust, folders or the setting changed while the service is not loaded: load it if indexing can run now. */
  private check(): void {
    if (this.loaded || this.disposed) return;
    const next = this.compute();
    if (next === 'building') {
      // The service takes over: it starts indexing now and reports its own availability from here on.
      void this.load().evaluate();
      return;
    }
    if (next === this.current) return;
    this.current = next;
    this.availabilityChanged.fire(next);
  }

  /** The service, created on first need (with its status item). */
  load(): WorkspaceIndexService {
    if (this.loaded) return this.loaded.service;
    const created = bundle().createIndexService({ services: this.services, prompt: () => this.prompt() });
    this.loaded = created;
    const { service } = created;
    this.subscriptions.push(
      service.onDidChangeAvailability((a) => {
        this.current = a;
        this.availabilityChanged.fire(a);
      }),
      service.onDidChangeProgress((p) => this.progressChanged.fire(p)),
      service,
      created.status,
    );
    // The service starts from what it sees now: 'building' after the setting went on, say.
    const now = service.availability();
    if (now !== this.current) {
      this.current = now;
      this.availabilityChanged.fire(now);
    }
    return service;
  }

  // ---- the chat's view --------------------------------------------------------------------

  availability(): WorkspaceIndexAvailability {
    return this.loaded ? this.loaded.service.availability() : this.current;
  }

  async ensureEnabled(): Promise<boolean> {
    const now = this.loaded ? this.loaded.service.availability() : this.compute();
    if (now === 'noWorkspace' || now === 'untrusted') return false;
    return this.load().ensureEnabled();
  }

  async retrieve(query: string, opts: { budgetTokens: number; signal?: AbortSignal }): Promise<WorkspaceRetrieval> {
    if (this.loaded) return this.loaded.service.retrieve(query, opts);
    if (opts.signal?.aborted) throw new OllamaError('aborted', 'The request was cancelled.');
    return { availability: this.current, chunks: [] };
  }

  // ---- the commands, the status item and the tests -------------------------------------------

  get scheduler(): IndexScheduler {
    return this.load().scheduler;
  }

  get progress(): IndexProgress {
    return this.loaded?.service.progress ?? IDLE;
  }

  /** What the status item says now, undefined while it is hidden (tests read it). */
  statusText(): string | undefined {
    return this.loaded?.service.statusText();
  }

  /** Every text the status item has shown (tests): none before the service is loaded. */
  statusShown(): ReadonlySet<string> {
    return this.loaded?.service.statusShown() ?? new Set();
  }

  /** Re-renders the status item (after pause or resume). */
  renderStatus(): void {
    this.loaded?.status.render();
  }

  get busy(): boolean {
    return this.loaded?.service.busy ?? false;
  }

  get lastResult(): WorkspaceIndexService['lastResult'] {
    return this.loaded?.service.lastResult;
  }

  get truncated(): boolean {
    return this.loaded?.service.truncated ?? false;
  }

  /** Starts or stops indexing as trust, folders and the setting say; `rescan` also asks for a full scan. */
  async evaluate(rescan = false): Promise<void> {
    if (this.loaded) return this.loaded.service.evaluate(rescan);
    if (this.compute() === 'building') return this.load().evaluate(rescan);
    this.check();
  }

  async whenIdle(): Promise<void> {
    await this.loaded?.service.whenIdle();
  }

  cancel(): void {
    this.loaded?.service.cancel();
  }

  rebuild(): Promise<boolean> {
    return this.load().rebuild();
  }

  deleteIndex(): Promise<void> {
    return this.load().deleteIndex();
  }

  reload(): Promise<void> {
    return this.load().reload();
  }

  stats(): ReturnType<WorkspaceIndexService['stats']> {
    return this.loaded?.service.stats() ?? { chunks: 0, vectors: 0, model: '', paths: 0 };
  }

  dispose(): void {
    this.disposed = true;
    this.subscriptions.forEach((s) => s.dispose());
    this.availabilityChanged.dispose();
    this.progressChanged.dispose();
  }
}

export interface WorkspaceIndexFeature {
  service: WorkspaceIndex;
  disposable: vscode.Disposable;
}

/** Builds the front (before the chat, which receives it among the services). */
export function createWorkspaceIndex(services: Omit<HearthServices, 'workspaceIndex'>): WorkspaceIndex {
  return new WorkspaceIndex(services);
}

export function register(service: WorkspaceIndex): WorkspaceIndexFeature {
  const untrusted = (): boolean => {
    if (vscode.workspace.isTrusted) return false;
    void vscode.window.showWarningMessage(vscode.l10n.t('Hearth does not index untrusted workspaces.'));
    return true;
  };
  const disposable = vscode.Disposable.from(
    service,
    vscode.commands.registerCommand(IndexCommands.rebuild, async () => {
      if (untrusted()) return false;
      if ((vscode.workspace.workspaceFolders ?? []).length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder to index it.'));
        return false;
      }
      const started = await service.rebuild();
      if (started) void vscode.window.setStatusBarMessage(vscode.l10n.t('Hearth: rebuilding the workspace index…'), 4_000);
      return started;
    }),
    vscode.commands.registerCommand(IndexCommands.delete, async () => {
      await service.deleteIndex();
      void vscode.window.showInformationMessage(vscode.l10n.t('The workspace index was deleted and indexing is off for this workspace.'));
    }),
    vscode.commands.registerCommand(IndexCommands.pause, () => {
      service.scheduler.pause();
      service.renderStatus();
    }),
    vscode.commands.registerCommand(IndexCommands.resume, () => {
      service.scheduler.resume();
      service.renderStatus();
    }),
    vscode.commands.registerCommand(IndexCommands.status, () => bundle().indexStatusPick(service)),
  );
  return { service, disposable };
}
