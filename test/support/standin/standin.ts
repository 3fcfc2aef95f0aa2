// StandinOllama: the server's life cycle and the handles tests hold (recording, faults, delays, models).
// TEST TOOL ONLY: it imitates Ollama's HTTP protocol for unit/integration tests and benchmarks. It is not
// Ollama and must never be presented to users as a running Ollama daemon.

import { type Server, createServer } from 'node:http';
import type { Socket } from 'node:net';
import { dispatch } from './dispatch';
import type { LoadEvent } from './loaded';
import { FaultBook } from './faults';
import { DEFAULT_MODELS, DEFAULT_REGISTRY, cloneModels } from './models';
import { Recorder } from './recorder';
import { SlotManager } from './slots';
import { StandinState } from './state';
import { ModelStore } from './store';
import type { Delays, FaultRule, RecordedRequest, Reply, StandinModel, StandinOptions } from './types';

export class StandinOllama {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly recorder = new Recorder();
  private readonly faults = new FaultBook();
  private readonly state: StandinState;
  private listening = false;
  private refusedByFault = false;
  private closed = false;
  private boundPort: number;

  private constructor(options: StandinOptions) {
    this.boundPort = options.port ?? 0;
    this.state = new StandinState(
      {
        version: options.version ?? '0.32.15',
        firstTokenMs: options.firstTokenMs ?? 0,
        perTokenMs: options.perTokenMs ?? 0,
        promptMsPer1kChars: options.promptMsPer1kChars ?? 0,
        pullChunkMs: options.pullChunkMs ?? 5,
        loadMs: options.loadMs ?? 0,
        defaultNumCtx: options.defaultNumCtx ?? 4096,
        allowedOrigins: options.allowedOrigins ?? [],
        kvCache: options.kvCache ?? false,
      },
      new SlotManager(options.parallel ?? 1, options.slotScope ?? 'global'),
      this.recorder,
      new ModelStore(cloneModels(options.models ?? DEFAULT_MODELS)),
      new ModelStore(cloneModels(options.registry ?? DEFAULT_REGISTRY)),
    );
    this.state.replyFn = options.reply;
    // noDelay: tokens are tiny writes and must leave at once, not wait for Nagle.
    this.server = createServer({ noDelay: true, requestTimeout: 0, headersTimeout: 0, keepAliveTimeout: 5000 }, (req, res) => {
      void dispatch(req, res, this.state, this.faults);
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(options: StandinOptions = {}): Promise<StandinOllama> {
    const s = new StandinOllama(options);
    await s.listen();
    return s;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  get isListening(): boolean {
    return this.listening;
  }

  /** Every request since the last resetRecord(), oldest first. The same array instance for the server's life. */
  get requests(): RecordedRequest[] {
    return this.recorder.requests;
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen({ port: this.boundPort, host: '127.0.0.1' }, () => {
        this.server.off('error', onError);
        const address = this.server.address();
        if (address && typeof address === 'object') this.boundPort = address.port;
        this.listening = true;
        resolve();
      });
    });
  }

  setReply(fn: StandinOptions['reply']): void {
    this.state.replyFn = fn;
  }

  /** Replaces the queue of replies used (one per generate/chat) before the reply function. */
  scriptReplies(replies: Array<Reply | string>): void {
    this.state.script.length = 0;
    this.state.script.push(...replies);
  }

  setDelays(d: Delays): void {
    const s = this.state.settings;
    if (d.firstTokenMs !== undefined) s.firstTokenMs = d.firstTokenMs;
    if (d.perTokenMs !== undefined) s.perTokenMs = d.perTokenMs;
    if (d.promptMsPer1kChars !== undefined) s.promptMsPer1kChars = d.promptMsPer1kChars;
    if (d.loadMs !== undefined) s.loadMs = d.loadMs;
    if (d.pullChunkMs !== undefined) s.pullChunkMs = d.pullChunkMs;
  }

  /** Turns the KV-cache model on or off (see StandinOptions.kvCache); the cache starts empty. */
  setKvCache(on: boolean): void {
    this.state.settings.kvCache = on;
    this.state.kvCache.clear();
  }

  /** A `refuse` fault stops the listener; await it before expecting ECONNREFUSED. */
  async addFault(rule: FaultRule): Promise<void> {
    if (rule.fault.kind === 'refuse') {
      this.refusedByFault = true;
      await this.stopListening();
      return;
    }
    this.faults.add(rule);
  }

  /** Removes all faults; listens again if a `refuse` fault had stopped the listener. */
  async clearFaults(): Promise<void> {
    this.faults.clear();
    if (this.refusedByFault) {
      this.refusedByFault = false;
      await this.resume();
    }
  }

  setModels(models: StandinModel[]): void {
    this.state.installed.replace(cloneModels(models));
    for (const m of this.state.installed.list()) this.state.blobs.addModel(m);
  }

  /** Installed models as /api/tags has them (names normalised, digests and times filled in), newest first. */
  get models(): StandinModel[] {
    return cloneModels(this.state.installed.list());
  }

  setRegistry(models: StandinModel[]): void {
    this.state.registry.replace(cloneModels(models));
  }

  /** Names of the models /api/ps would list now. */
  get loadedModels(): string[] {
    return this.state.loaded.list().map((e) => e.entry.model.name);
  }

  /** Every time a model was loaded, or reloaded for another num_ctx, oldest first. */
  get loads(): LoadEvent[] {
    return [...this.state.loaded.loads];
  }

  /** Forget what is loaded, as a daemon restart would. */
  unloadAll(): void {
    this.state.loaded.clear();
  }

  /** The daemon is down: connections are refused and open ones reset. State is kept. */
  async stopListening(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** Listen again on the same port. */
  async resume(): Promise<void> {
    if (this.listening || this.closed) return;
    await this.listen();
  }

  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs = 2000): Promise<RecordedRequest> {
    return this.recorder.waitFor(() => this.recorder.requests.find(pred), timeoutMs, () => `a matching request; ${this.recorder.summary()}`);
  }

  waitForClose(r: RecordedRequest, timeoutMs = 2000): Promise<void> {
    return this.recorder
      .waitFor(() => (r.closedAt !== undefined ? true : undefined), timeoutMs, () => `request #${r.id} ${r.method} ${r.path} to close`)
      .then(() => undefined);
  }

  /** Requests open right now (including those queued for the slot). */
  inFlight(): number {
    return this.recorder.inFlight();
  }

  /** High-water mark of inFlight() since start or the last resetRecord(). */
  get maxInFlight(): number {
    return this.recorder.maxInFlight;
  }

  resetRecord(): void {
    this.recorder.reset();
  }

  /** Stops the server for good and destroys open sockets. */
  async close(): Promise<void> {
    this.closed = true;
    this.faults.clear();
    await this.stopListening();
  }
}
