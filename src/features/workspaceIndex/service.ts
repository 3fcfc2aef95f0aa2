// The workspace index service: when indexing runs (trusted workspace, a folder on disk, the setting on), what
// it indexes and when it refreshes (core/indexing/indexer does the work), and the chat's view of it
// (WorkspaceIndexAccess). Refreshes are serialized: one runs at a time, and what changes meanwhile is
// collected for the next (a full scan absorbs any list of paths). It ships in the workspaceIndex lazy bundle
// with the engine: the main bundle keeps only the front (index.ts), which creates it when indexing is on.
import * as vscode from 'vscode';
import { Indexer, type Embedder, type IndexProgress, type IndexSource, type RefreshResult } from '../../core/indexing/indexer';
import { IndexScheduler } from '../../core/indexing/scheduler';
import { OllamaError } from '../../core/ollama/errors';
import type { OllamaGateway } from '../../core/ollama/gateway';
import { estimateTokens } from '../../core/text/tokens';
import type { IndexFiles } from '../../core/workspaceIndex/files';
import { deleteIndex as deleteStoredIndex } from '../../core/workspaceIndex/persist';
import type { HearthServices, ModelResolver } from '../../platform/services';
import type { WorkspaceChunk, WorkspaceIndexAccess, WorkspaceIndexAvailability, WorkspaceRetrieval } from '../../platform/workspaceIndexAccess';
import { IndexSettings, type IndexSettingsValue } from './settings';
import { fileOfIndexPath, indexedFolders, indexPathOf } from './folders';
import { watchGitHead } from './gitHead';
import { WorkspaceSource } from './source';
import { indexStorage } from './storage';


/** Asks the user to turn indexing on (the first @workspace question); tests replace it. */
export type EnablePrompt = () => Promise<boolean>;

/** How long the index stays quiet after a keystroke; ms. */
const QUIET_AFTER_TYPING_MS = 1_500;
/** Watcher events are collected this long before a refresh; ms. */
const CHANGE_DEBOUNCE_MS = 400;
/** More changed paths than this at once (a branch switch, a pull) make a full scan: it reads everything but still embeds only what changed. */
const BURST = 40;
/** How long after activation indexing starts (when it is on); ms. */
const STARTUP_DELAY_MS = 1_000;
/** Embedding models run with at most this context: chunks are far smaller, and a larger window costs memory. */
const MAX_EMBED_CONTEXT = 8_192;

function abortError(): OllamaError {
  return new OllamaError('aborted', 'The request was cancelled.');
}

export interface IndexServiceDeps {
  services: Pick<HearthServices, 'context' | 'config' | 'log' | 'gateway' | 'state'> & { models: ModelResolver };
  prompt: EnablePrompt;
}

export class WorkspaceIndexService implements WorkspaceIndexAccess, vscode.Disposable {
  readonly scheduler: IndexScheduler;
  /** Where the index is stored (from the lazy bundle, once indexing started). */
  private files: IndexFiles | undefined;
  private source: IndexSource | undefined;
  private readonly settings: IndexSettings;
  private readonly gateway: OllamaGateway;
  private readonly log: vscode.LogOutputChannel;
  private indexer: Indexer | undefined;
  private starting: Promise<void> | undefined;
  private current: WorkspaceIndexAvailability = 'off';
  private readonly availabilityChanged = new vscode.EventEmitter<WorkspaceIndexAvailability>();
  readonly onDidChangeAvailability = this.availabilityChanged.event;
  private readonly progressChanged = new vscode.EventEmitter<IndexProgress>();
  /** Fires as a refresh reads and embeds (the status item shows it). */
  readonly onDidChangeProgress = this.progressChanged.event;
  private progressNow: IndexProgress = { phase: 'idle', done: 0, total: 0 };
  /** A full scan finished, or a stored index was loaded: retrieval answers from a whole index. */
  private built = false;
  private failed = false;
  private lexicalOnly = false;
  /** The last full scan met the file count limit. */
  truncated = false;
  private pendingAll = false;
  private readonly pendingPaths = new Set<string>();
  private readonly changes = new Set<string>();
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private loop: Promise<void> | undefined;
  private controller: AbortController | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private disposed = false;
  /** The user said no to the prompt in this window. */
  private declined = false;
  /** The last refresh's outcome (tests and the log). */
  lastResult: RefreshResult | undefined;
  prompt: EnablePrompt;
  /** What the status item says now, undefined while it is hidden (set by the status item; tests read it). */
  statusText: () => string | undefined = () => undefined;
  /** Every text the status item has shown since it was made (tests); set by the status item. */
  statusShown: () => ReadonlySet<string> = () => new Set();

  constructor(private readonly deps: IndexServiceDeps) {
    const { services } = deps;
    this.gateway = services.gateway;
    this.log = services.log;
    this.prompt = deps.prompt;
    this.settings = new IndexSettings(services.config);
    this.scheduler = new IndexScheduler({
      now: () => performance.now(),
      sleep: (ms, signal) =>
        new Promise<void>((resolve, reject) => {
          if (signal?.aborted) return reject(abortError());
          const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          }, ms);
          const onAbort = (): void => {
            clearTimeout(timer);
            reject(abortError());
          };
          signal?.addEventListener('abort', onAbort, { once: true });
        }),
      busy: () => this.gateway.generationsInFlight > 0,
      quietMs: QUIET_AFTER_TYPING_MS,
    });
    this.subscriptions.push(
      this.settings,
      this.settings.onDidChange((change) => this.settingsChanged(change)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.evaluate()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.evaluate(true)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        // Typing is a change to the document in the active editor (not an output channel the log writes to).
        if (e.contentChanges.length > 0 && e.document === vscode.window.activeTextEditor?.document) this.scheduler.noteTyping();
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.noteChange(d.uri)),
      vscode.workspace.onDidCreateFiles((e) => e.files.forEach((u) => this.noteChange(u))),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((u) => this.noteChange(u))),
      vscode.workspace.onDidRenameFiles((e) => e.files.forEach((f) => (this.noteChange(f.oldUri), this.noteChange(f.newUri)))),
    );
    const models = this.gateway.onDidChangeModels(() => {
      // A model was pulled or deleted: an index without vectors may now get them, or the model may be gone.
      if (this.indexer) this.request('all');
    });
    this.subscriptions.push(new vscode.Disposable(() => models.dispose()));
    // Ollama is back (started, restarted, reachable again): what could not be embedded while it was away is
    // embedded now, without waiting for a question or a saved file.
    this.subscriptions.push(
      deps.services.state.onDidChange((change) => {
        if (!change.connectionKindChanged || change.snapshot.connection.kind !== 'connected' || !this.indexer) return;
        if (this.failed || (this.lastResult?.retryable ?? 0) > 0) this.request('all');
      }),
    );
    this.current = this.compute();
    // Activation stays cheap: the engine loads, and the stored index is read, a moment after it.
    const startup = setTimeout(() => void this.evaluate(), STARTUP_DELAY_MS);
    this.subscriptions.push(new vscode.Disposable(() => clearTimeout(startup)));
  }

  // ---- the chat's view --------------------------------------------------------------------

  availability(): WorkspaceIndexAvailability {
    return this.current;
  }

  private compute(): WorkspaceIndexAvailability {
    if (indexedFolders().length === 0) return 'noWorkspace';
    if (!vscode.workspace.isTrusted) return 'untrusted';
    if (!this.settings.value.enabled || !this.deps.services.context.storageUri) return 'off';
    if (this.failed) return 'failed';
    if (!this.built) return 'building';
    return this.lexicalOnly ? 'noModel' : 'ready';
  }

  private updateAvailability(): void {
    const next = this.compute();
    if (next === this.current) return;
    this.current = next;
    this.log.info(`workspace index: ${next}`);
    this.availabilityChanged.fire(next);
  }

  async ensureEnabled(): Promise<boolean> {
    const now = this.compute();
    if (now === 'noWorkspace' || now === 'untrusted') return false;
    if (now !== 'off') return true;
    // Asked once per window: a "no" is not asked again at every @workspace question (the setting and the
    // Rebuild command still turn it on).
    if (this.declined) return false;
    if (!(await this.prompt())) {
      this.declined = true;
      return false;
    }
    await this.settings.enableForWorkspace(true);
    await this.evaluate();
    return true;
  }

  async retrieve(query: string, opts: { budgetTokens: number; signal?: AbortSignal }): Promise<WorkspaceRetrieval> {
    const { signal } = opts;
    if (signal?.aborted) throw abortError();
    const availability = this.current;
    const indexer = this.indexer;
    if (!indexer || (availability !== 'ready' && availability !== 'building' && availability !== 'noModel')) return { availability, chunks: [] };
    let vector: number[] | undefined;
    const embedder = await this.embedder(signal);
    // An embedding model that appeared (pulled elsewhere, the daemon back) or changed: the index catches up.
    if (embedder && embedder.id !== indexer.model && !this.busy) this.request('all');
    if (embedder && embedder.id === indexer.model && indexer.vectorCount > 0) {
      // The question is the user's: it goes straight to the daemon, not behind the index's own batches.
      vector = (
        await embedder.embed([query], signal).catch((err: unknown) => {
          if (signal?.aborted) throw abortError();
          this.log.warn(`workspace index: the question could not be embedded, searching by words only: ${err instanceof Error ? err.message : String(err)}`);
          return [];
        })
      )[0];
    }
    if (signal?.aborted) throw abortError();
    const result = indexer.query(query, Math.max(0, opts.budgetTokens), vector);
    const chunks: WorkspaceChunk[] = [];
    for (const r of result.results) {
      const where = fileOfIndexPath(r.chunk.path);
      if (!where) continue;
      chunks.push({ uri: where.uri.toString(), path: r.chunk.path, startLine: r.chunk.startLine, endLine: r.chunk.endLine, text: r.chunk.text, tokens: estimateTokens(r.chunk.text) });
    }
    return { availability, chunks };
  }

  // ---- lifecycle --------------------------------------------------------------------------

  /** Starts or stops indexing as trust, folders and the setting say; `rescan` also asks for a full scan. */
  async evaluate(rescan = false): Promise<void> {
    if (this.disposed) return;
    const allowed = this.compute() !== 'noWorkspace' && this.compute() !== 'untrusted' && this.compute() !== 'off';
    if (!allowed) {
      this.stop();
      this.updateAvailability();
      return;
    }
    if (!this.indexer) {
      this.starting ??= this.start().finally(() => {
        this.starting = undefined;
      });
      await this.starting;
    } else if (rescan) this.request('all');
    this.updateAvailability();
  }

  private async start(): Promise<void> {
    const files = indexStorage(this.deps.services.context);
    if (!files) return;
    this.files = files;
    const source = new WorkspaceSource(() => {
      const s = this.settings.value;
      return { maxFiles: s.maxFiles, maxBytes: s.maxBytes };
    });
    this.source = source;
    const indexer = new Indexer({
      files,
      source,
      scheduler: this.scheduler,
      skipLimits: () => ({ maxBytes: this.settings.value.maxBytes, maxLineLength: 1_000 }),
      log: this.log,
      embedder: (signal) => this.embedder(signal),
      onProgress: (p) => {
        this.progressNow = p;
        this.progressChanged.fire(p);
      },
    });
    const loaded = await indexer.load().catch((err: unknown) => {
      this.log.warn(`workspace index: could not read the stored index: ${String(err)}`);
      return 'missing' as const;
    });
    if (this.disposed || this.compute() === 'off') return;
    this.indexer = indexer;
    this.built = loaded === 'loaded' && indexer.chunkCount > 0;
    this.lexicalOnly = this.built && indexer.model === '';
    this.failed = false;
    this.watch();
    // Files may have changed while the window was closed: a full scan (unchanged text is not embedded again).
    this.request('all');
  }

  /** Stops indexing and forgets the index in memory (the stored file stays). */
  private stop(): void {
    this.controller?.abort();
    this.pendingAll = false;
    this.pendingPaths.clear();
    this.changes.clear();
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.watchers.forEach((w) => w.dispose());
    this.watchers = [];
    this.indexer = undefined;
    this.built = false;
    this.lexicalOnly = false;
    this.failed = false;
    this.progressNow = { phase: 'idle', done: 0, total: 0 };
    this.progressChanged.fire(this.progressNow);
  }

  private watch(): void {
    this.watchers.push(
      watchGitHead((root) => {
        this.log.info(`workspace index: ${root.fsPath}: HEAD moved (branch switch, pull); scanning the workspace`);
        this.request('all');
      }),
    );
    for (const folder of indexedFolders()) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
      watcher.onDidCreate((u) => this.noteChange(u));
      watcher.onDidChange((u) => this.noteChange(u));
      watcher.onDidDelete((u) => this.noteChange(u));
      this.watchers.push(watcher);
    }
  }

  private settingsChanged(change: { previous: IndexSettingsValue; now: IndexSettingsValue; excludes: boolean }): void {
    const { previous, now } = change;
    if (previous.enabled !== now.enabled) {
      void this.evaluate();
      return;
    }
    if (previous.model !== now.model || previous.maxFiles !== now.maxFiles || previous.maxBytes !== now.maxBytes || change.excludes) this.request('all');
  }

  // ---- changes ----------------------------------------------------------------------------

  /** A file changed on disk or in VS Code: collected, then refreshed after a short quiet time. */
  private noteChange(uri: vscode.Uri): void {
    if (!this.indexer || uri.scheme !== 'file') return;
    const path = indexPathOf(uri);
    if (path === undefined) return;
    this.changes.add(path);
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => this.flushChanges(), CHANGE_DEBOUNCE_MS);
  }

  private flushChanges(): void {
    this.changeTimer = undefined;
    const paths = [...this.changes];
    this.changes.clear();
    const indexer = this.indexer;
    if (!indexer || paths.length === 0) return;
    this.log.debug(`workspace index: changed: ${paths.join(', ')}`);
    // An ignore file changes what is indexed anywhere below it; a burst is a branch switch or a pull.
    if (paths.length > BURST || paths.some((p) => p === '.gitignore' || p.endsWith('/.gitignore'))) {
      this.log.info(`workspace index: ${paths.length} files changed at once; scanning the workspace`);
      this.request('all');
      return;
    }
    const known = new Set(indexer.current.chunks.map((c) => c.path));
    const expanded = new Set<string>();
    for (const p of paths) {
      expanded.add(p);
      // A folder that was deleted or renamed: every file the index holds below it.
      for (const k of known) if (k.startsWith(`${p}/`)) expanded.add(k);
    }
    void this.withNewFolders([...expanded]).then((scope) => this.request(scope));
  }

  /** `paths` with the files below any of them that is a folder now (created, or renamed into place): events may name only the folder. */
  private async withNewFolders(paths: string[]): Promise<string[]> {
    const out = new Set(paths);
    let listing: string[] | undefined;
    for (const p of paths) {
      const where = fileOfIndexPath(p);
      if (!where || !this.source) continue;
      const stat = await vscode.workspace.fs.stat(where.uri).then(
        (s) => s,
        () => undefined,
      );
      if (!stat || !(stat.type & vscode.FileType.Directory)) continue;
      // The walk applies the ignore rules; listing is cheap next to reading and embedding.
      listing ??= (await this.source.list()).paths;
      for (const f of listing) if (f.startsWith(`${p}/`)) out.add(f);
    }
    return [...out];
  }

  /** Asks for a refresh of `scope`; runs after the current one. */
  request(scope: 'all' | readonly string[]): void {
    if (!this.indexer) return;
    if (scope === 'all') {
      this.pendingAll = true;
      this.pendingPaths.clear();
    } else if (!this.pendingAll) scope.forEach((p) => this.pendingPaths.add(p));
    this.loop ??= this.drain().finally(() => {
      this.loop = undefined;
      this.progressNow = { phase: 'idle', done: 0, total: 0 };
      this.progressChanged.fire(this.progressNow);
    });
  }

  private async drain(): Promise<void> {
    // Let the caller's burst of requests gather first.
    await Promise.resolve();
    while (this.indexer && (this.pendingAll || this.pendingPaths.size > 0)) {
      const indexer = this.indexer;
      const scope: 'all' | string[] = this.pendingAll ? 'all' : [...this.pendingPaths];
      this.pendingAll = false;
      this.pendingPaths.clear();
      const controller = new AbortController();
      this.controller = controller;
      const started = performance.now();
      try {
        const result = await indexer.refresh(scope, controller.signal);
        this.lastResult = result;
        if (this.indexer !== indexer) break;
        if (scope === 'all') {
          this.built = true;
          this.truncated = result.truncated;
        }
        this.lexicalOnly = indexer.model === '';
        this.failed = false;
        if (result.truncated) this.log.warn(`workspace index: more than ${this.settings.value.maxFiles} files (hearth.workspaceIndex.maxFiles); the rest are left out`);
        this.log.info(
          `workspace index: ${scope === 'all' ? 'scan' : `update of ${scope.length} path(s)`}: ${result.files} files, ${indexer.chunkCount} chunks, ${result.embedded} embedded, ${result.unembedded} without a vector${result.truncated ? ', file limit reached' : ''} (${Math.round(performance.now() - started)} ms)`,
        );
      } catch (err) {
        if (controller.signal.aborted) {
          this.log.info('workspace index: refresh cancelled');
          // A cancelled first build leaves what it has: the chunks are searchable by their words.
          if (this.indexer === indexer && scope === 'all' && indexer.chunkCount > 0) this.built = true;
        } else {
          this.log.error(`workspace index: refresh failed: ${err instanceof Error ? err.message : String(err)}`);
          if (this.indexer === indexer && !this.built) this.failed = true;
        }
      } finally {
        if (this.controller === controller) this.controller = undefined;
        this.updateAvailability();
      }
    }
  }

  /** The embedding model for this moment, or undefined (none installed, daemon down: lexical only). */
  private async embedder(signal?: AbortSignal): Promise<Embedder | undefined> {
    let model;
    try {
      model = await this.deps.services.models.resolve('embedding', { signal, interactive: false });
    } catch (err) {
      if (signal?.aborted) throw abortError();
      this.log.debug(`workspace index: no embedding model: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    const contextTokens = Math.min(model.contextLength ?? 2_048, MAX_EMBED_CONTEXT);
    const name = model.name;
    return {
      id: `${name}@${model.digest.slice(0, 12)}`,
      contextTokens,
      embed: (texts, s) => this.gateway.embed(name, texts, s, { numCtx: contextTokens }),
    };
  }

  // ---- commands and the status item ----------------------------------------------------------

  get progress(): IndexProgress {
    return this.progressNow;
  }

  /** Whether a refresh is running or waiting. */
  get busy(): boolean {
    return this.loop !== undefined || this.changeTimer !== undefined || this.starting !== undefined;
  }

  /** Resolves when nothing is running or waiting (tests, and the Rebuild command's outcome). */
  async whenIdle(): Promise<void> {
    for (;;) {
      if (this.starting) await this.starting;
      else if (this.changeTimer) await new Promise((r) => setTimeout(r, CHANGE_DEBOUNCE_MS / 2));
      else if (this.loop) await this.loop;
      else return;
    }
  }

  /** Cancels the running refresh (the status item's Cancel); what is indexed stays. */
  cancel(): void {
    this.pendingAll = false;
    this.pendingPaths.clear();
    this.controller?.abort();
  }

  /** Throws the index away and builds it again; turns indexing on for this workspace when it was off. */
  async rebuild(): Promise<boolean> {
    if (this.compute() === 'noWorkspace' || this.compute() === 'untrusted' || !this.deps.services.context.storageUri) return false;
    if (!this.settings.value.enabled) await this.settings.enableForWorkspace(true);
    await this.evaluate();
    this.cancel();
    await this.loop;
    const indexer = this.indexer;
    if (!indexer || !this.files) return false;
    await deleteStoredIndex(this.files);
    indexer.clear();
    this.built = false;
    this.failed = false;
    this.updateAvailability();
    this.request('all');
    return true;
  }

  /** Deletes the stored index and turns indexing off for this workspace. */
  async deleteIndex(): Promise<void> {
    await this.settings.enableForWorkspace(false);
    this.stop();
    await this.loop;
    const files = this.files ?? indexStorage(this.deps.services.context);
    if (files) await deleteStoredIndex(files);
    this.updateAvailability();
  }

  /**
   * Drops the index in memory without saving and loads it again from storage, as a new window would (after a
   * crash, say); then scans. For tests of crash safety and for a stored index replaced from outside.
   */
  async reload(): Promise<void> {
    this.stop();
    await this.loop;
    await this.evaluate();
  }

  /** Chunks and vectors in memory (tests, the log). */
  stats(): { chunks: number; vectors: number; model: string; paths: number } {
    const s = this.indexer?.current;
    return { chunks: s?.chunks.length ?? 0, vectors: s?.vectors.size ?? 0, model: s?.model ?? '', paths: new Set(s?.chunks.map((c) => c.path)).size };
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    this.subscriptions.forEach((s) => s.dispose());
    this.availabilityChanged.dispose();
    this.progressChanged.dispose();
  }
}
