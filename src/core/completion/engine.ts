// The inline completion engine: decides, for each keystroke, whether a suggestion can be served from what
// the model already said (the suggestion on screen, the stream still arriving, the cache) or whether to
// ask the model, and then asks as little and as late as possible.
//
//  - at most one request in flight: a new one is sent only after the previous one has closed;
//  - a request that no longer serves the cursor is aborted at once (the connection closes, Ollama stops);
//  - typing the characters of a suggestion, even one still streaming, never sends a request;
//  - the debounce adapts to the typist, the model and the place of the cursor (least at a new line's start,
//    where people pause); cancellation is checked again after it;
//  - a multi-line block shows its first line as soon as that is complete, while the rest is generated;
//  - results that arrive after the caller moved on are never returned.
//
// No `vscode` import: the editor adapter, tests and the benchmark drive it with plain values, an
// AbortSignal per call and a clock.

import { planCompletion, type FormatPreference } from '../prompts/completionPrompt';
import { Emitter, type Event } from '../util/events';
import { raceAbort, sleep, systemClock, type Clock } from './clock';
import { AdaptiveDebounce } from './debounce';
import { Flight, type AbortReason, type FlightOutcome, type GenerateFn } from './flight';
import { LruCache } from './lru';
import { pausePointOf, type PausePoint } from './pausePoint';
import { anchorOf, CacheKeys, typedSince, type Anchor, type CompletionRequest } from './request';
import { emptyStats, type EngineEvent, type EngineStats, type ServedFrom } from './stats';

export interface EngineConfig {
  debounceMinMs: number;
  debounceMaxMs: number;
  maxLines: number;
  format: FormatPreference;
  /** hearth.generation.completion: undefined = the built-in values. */
  temperature?: number;
  maxOutputTokens?: number;
  /** The completion's own context length (0 = hearth.contextLength), sent with each request. */
  contextLength?: number;
  cacheSize: number;
  /** How long a request the user is typing along with may wait for its next caller. */
  orphanGraceMs: number;
  /**
   * After an abort, the least time before the next request: the client's side of the connection closes at
   * once, the daemon notices a moment later, and it should never hold two of Hearth's requests.
   */
  closeGapMs: number;
  /** Show a multi-line block's first line as soon as it is complete (off only to measure what it gains). */
  firstLineEarly?: boolean;
  /** Wait by the kind of place (new line, punctuation, word); off: only inside a word or not (to measure). */
  pausePoints?: boolean;
  /** Learn how long the user pauses at each kind of place, and wait until a pause is likely (off: to measure). */
  learnPauses?: boolean;
  /**
   * The editor's own wait between a key and its call (VS Code 1.100: a fixed 50 ms). Where Hearth's wait
   * is shorter (a new line's start), the request is sent from the edit itself (see prefetch).
   */
  editorDelayMs?: number;
  /** Send from the edit at a new line's start, before the editor asks (off only to measure what it gains). */
  prefetch?: boolean;
  /** Count the wait from the key, when the editor says when it was (off: from the call, to measure). */
  waitFromKey?: boolean;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  debounceMinMs: 0,
  debounceMaxMs: 600,
  maxLines: 8,
  format: 'auto',
  cacheSize: 256,
  orphanGraceMs: 300,
  closeGapMs: 25,
  editorDelayMs: 50,
};

export interface EngineOptions {
  /** Streams a completion; stopping the iteration or aborting the signal must close the request. */
  generate: GenerateFn;
  config: () => EngineConfig;
  clock?: Clock;
}

export interface CompletionResult {
  text: string;
  source: ServedFrom;
}

interface Suggestion {
  anchor: Anchor;
  text: string;
}

/** How far back along the cursor's line the cache is searched for a suggestion the user is typing. */
const CACHE_TYPED_AHEAD_CHARS = 128;
const FALL_THROUGH = Symbol('fall through');
/** Quiet after a key, in the user's typing gaps, that makes it a pause (a request typed over later was late, not wasted). */
const LATE_AFTER_GAPS = 3;
/** A key time further back than this is not the key this call follows (the editor's delay is 50 ms). */
const KEY_TO_CALL_MAX_MS = 1_000;

/** A request to be sent from an edit, waiting only for the previous request to close. */
interface PendingPrefetch {
  controller: AbortController;
  documentId: string;
  offset: number;
}

export class CompletionEngine {
  private readonly clock: Clock;
  private readonly debounce: AdaptiveDebounce;
  private cache: LruCache<string, string>;
  private cacheSize: number;
  private live: Suggestion | undefined;
  private flight: Flight | undefined;
  /** Settles when the last request has closed. */
  private lastClosed: Promise<unknown> = Promise.resolve();
  private seq = 0;
  private nextId = 1;
  private inFlight = 0;
  private orphanTimer: unknown;
  private lastAbortAt = Number.NEGATIVE_INFINITY;
  private pendingPrefetch: PendingPrefetch | undefined;
  /** The cache key of an answer to a request sent from an edit that finished before its call came: that call's model answer. */
  private unclaimed: string | undefined;
  private readonly counters = emptyStats();
  private readonly events = new Emitter<EngineEvent>();
  readonly onEvent: Event<EngineEvent> = this.events.event;

  constructor(private readonly options: EngineOptions) {
    this.clock = options.clock ?? systemClock;
    this.debounce = new AdaptiveDebounce(() => {
      const c = this.options.config();
      return { minMs: c.debounceMinMs, maxMs: c.debounceMaxMs };
    });
    this.cacheSize = options.config().cacheSize;
    this.cache = new LruCache(this.cacheSize);
  }

  get stats(): Readonly<EngineStats> {
    return { ...this.counters };
  }

  /** The wait the next automatic request would have. */
  get debounceMs(): number {
    return this.debounce.delayMs();
  }

  /** The wait the next automatic request at a place of this kind would have. */
  waitAt(point: PausePoint): number {
    return this.debounce.delayMs(point);
  }

  /** True while a request is open or about to be sent from an edit: edits and cursor moves matter to it. */
  get busy(): boolean {
    return this.pendingPrefetch !== undefined || (this.flight !== undefined && !this.flight.finished);
  }

  /** The kind of place of the cursor of `req` (see pausePoint.ts). */
  private pointOf(req: CompletionRequest): PausePoint {
    if (this.options.config().pausePoints === false) return /\w$/.test(req.ctx.linePrefix) ? 'word' : 'boundary';
    return pausePointOf(req.ctx.linePrefix, req.ctx.prefixLines);
  }

  /** When the key this call follows was pressed: the editor's report of it, if plausible, else the call's time. */
  private keyTimeOf(req: CompletionRequest, calledAt: number): number {
    const keyAt = req.keyAt;
    if (keyAt === undefined || this.options.config().waitFromKey === false) return calledAt;
    return keyAt <= calledAt && calledAt - keyAt <= KEY_TO_CALL_MAX_MS ? keyAt : calledAt;
  }

  /** A suggestion for the cursor of `req`, or undefined. Rejects only with the model's errors. */
  async complete(req: CompletionRequest, signal: AbortSignal): Promise<CompletionResult | undefined> {
    const calledAt = this.clock.now();
    const startedAt = req.startedAt ?? calledAt;
    const keyAt = this.keyTimeOf(req, calledAt);
    const seq = ++this.seq;
    this.counters.calls++;
    this.emit({ type: 'call', at: calledAt, documentId: req.documentId, offset: req.offset, ...(keyAt !== calledAt ? { sinceKeyMs: calledAt - keyAt } : {}) });
    const point = this.pointOf(req);
    this.debounce.noteKeystroke(keyAt, this.options.config().learnPauses === false ? undefined : point);
    // A request about to be sent from an edit: this call decides now (it sends, or serves, on its own).
    this.cancelPrefetch();
    if (signal.aborted) return this.nothing('superseded');
    this.refreshCacheSize();

    // A request running for another place is of no use any more.
    const running = this.flight && !this.flight.finished ? this.flight : undefined;
    const typed = running ? typedSince(running.anchor, req) : undefined;
    const typedForRunning = running && typed !== undefined && running.accepts(typed) ? typed : undefined;
    if (running && typedForRunning === undefined) this.abortFlight('superseded');

    const keys = new CacheKeys(req);
    const quick = this.fromMemory(req, keys);
    if (quick) return this.serve(quick.text, quick.source, startedAt);

    if (running && this.flight === running && typedForRunning !== undefined) {
      // A request sent from this very edit (prefetch) is this call's own model answer.
      const source: ServedFrom = running.prefetched && typedForRunning === '' ? 'model' : 'stream';
      const adopted = await this.await(running, req, typedForRunning, signal, startedAt, source);
      if (adopted !== FALL_THROUGH) return adopted;
    }

    // The editor waited before calling: that part of the wait since the key has passed already.
    const debounceMs = req.trigger === 'manual' ? 0 : Math.max(0, this.debounce.delayMs(point) - (calledAt - keyAt));
    const beforeWait = this.clock.now();
    try {
      await sleep(this.clock, debounceMs, signal);
    } catch {
      this.counters.debounced++;
      return this.nothing('debounce');
    }
    // Checked again: the user may have typed on, or the editor cancelled, while we waited.
    if (signal.aborted || seq !== this.seq) {
      this.counters.debounced++;
      return this.nothing('debounce');
    }
    const afterWait = this.clock.now();
    if (this.flight && !this.flight.finished) this.abortFlight('superseded');
    try {
      await this.previousClosed(signal);
    } catch {
      return this.nothing('superseded');
    }
    if (seq !== this.seq) return this.nothing('superseded');
    const afterClose = this.clock.now();
    const again = this.fromMemory(req, keys);
    if (again) return this.serve(again.text, again.source, startedAt);

    const flight = this.send(req, keys, (beforeWait - startedAt) + (this.clock.now() - afterClose), afterWait - beforeWait, point);
    flight.keyAt = keyAt;
    const result = await this.await(flight, req, '', signal, startedAt, 'model');
    return result === FALL_THROUGH ? this.nothing('empty') : result;
  }

  /**
   * The editor reports an edit as it happens that left the cursor at `req`, before its own delayed call.
   * Where a pause is likely and the wait there is shorter than the editor's delay (a new line's start, for
   * a user who pauses there), the request is sent now: the call that follows finds it running and waits
   * for its answer instead of starting it, which saves the editor's delay and the least wait. Nothing is
   * shown from here. If no call comes for it (the editor suppressed it), it is aborted after the grace
   * period; the next edit or cursor move elsewhere aborts it at once.
   */
  prefetch(req: CompletionRequest): void {
    const config = this.options.config();
    if (config.prefetch === false || req.trigger !== 'automatic') return;
    const point = this.pointOf(req);
    const waitMs = this.debounce.delayMs(point);
    if (point !== 'lineStart' || waitMs >= (config.editorDelayMs ?? 0)) return;
    const running = this.flight && !this.flight.finished ? this.flight : undefined;
    const typed = running ? typedSince(running.anchor, req) : undefined;
    if (running && typed !== undefined && running.accepts(typed)) return;
    const keys = new CacheKeys(req);
    if (this.fromMemory(req, keys, false)) return;
    this.cancelPrefetch();
    const pending: PendingPrefetch = { controller: new AbortController(), documentId: req.documentId, offset: req.offset };
    this.pendingPrefetch = pending;
    if (running) this.abortFlight('superseded');
    void this.sendPrefetched(req, keys, pending, waitMs);
  }

  private async sendPrefetched(req: CompletionRequest, keys: CacheKeys, pending: PendingPrefetch, waitMs: number): Promise<void> {
    const signal = pending.controller.signal;
    const keyAt = req.keyAt ?? this.clock.now();
    try {
      await sleep(this.clock, keyAt + waitMs - this.clock.now(), signal);
      await this.previousClosed(signal);
    } catch {
      return;
    }
    if (this.pendingPrefetch !== pending) return;
    this.pendingPrefetch = undefined;
    if (this.fromMemory(req, keys, false)) return;
    const flight = this.send(req, keys, 0, waitMs, 'lineStart');
    flight.keyAt = keyAt;
    flight.prefetched = true;
    this.orphaned(flight);
  }

  /** Settles when the last request has closed and the daemon has had the close gap to notice an abort. */
  private async previousClosed(signal: AbortSignal): Promise<void> {
    await raceAbort(this.lastClosed, signal);
    await sleep(this.clock, this.lastAbortAt + this.options.config().closeGapMs - this.clock.now(), signal);
  }

  private cancelPrefetch(): void {
    this.pendingPrefetch?.controller.abort();
    this.pendingPrefetch = undefined;
  }

  /**
   * The editor changed a document. Typing the characters of the request in flight keeps it; any other edit
   * of that document aborts it at once.
   */
  noteEdit(documentId: string, offset: number, deletedLength: number, inserted: string): void {
    this.cancelPrefetch();
    const flight = this.flight;
    if (!flight || flight.finished || flight.anchor.documentId !== documentId) return;
    const at = flight.anchor.offset + flight.typedAlong.length;
    if (deletedLength === 0 && offset === at && inserted !== '' && flight.accepts(flight.typedAlong + inserted)) {
      flight.typedAlong += inserted;
      return;
    }
    this.abortFlight('edit');
  }

  /** The cursor moved. Away from where the request in flight is being typed along, it is aborted at once. */
  noteCursor(documentId: string, offset: number): void {
    const pending = this.pendingPrefetch;
    if (pending && (pending.documentId !== documentId || pending.offset !== offset)) this.cancelPrefetch();
    const flight = this.flight;
    if (!flight || flight.finished) return;
    if (flight.anchor.documentId === documentId && offset === flight.anchor.offset + flight.typedAlong.length) return;
    this.abortFlight('edit');
  }

  /** Forgets everything the model said and aborts the request in flight (model or settings changed). */
  clear(): void {
    this.cancelPrefetch();
    this.abortFlight('cleared');
    this.cache.clear();
    this.live = undefined;
  }

  dispose(): void {
    this.clear();
    this.events.dispose();
  }

  // ---- memory ----------------------------------------------------------------------------------

  /**
   * What memory has for this cursor. The answer of a request sent from an edit that finished before its call
   * came is that call's model answer, not one from memory; `claim`: the caller takes it (false: only looking).
   */
  private fromMemory(req: CompletionRequest, keys: CacheKeys, claim = true): CompletionResult | undefined {
    const found = this.recall(req, keys);
    if (found?.source !== 'cache' || this.unclaimed !== keys.key(req.ctx.linePrefix)) return found;
    if (claim) this.unclaimed = undefined;
    return { ...found, source: 'model' };
  }

  /** The suggestion on screen or a cached one, when the user is at its place or typing its text. */
  private recall(req: CompletionRequest, keys: CacheKeys): CompletionResult | undefined {
    const live = this.live;
    if (live) {
      const typed = typedSince(live.anchor, req);
      if (typed !== undefined && live.text.length > typed.length && live.text.startsWith(typed)) {
        return { text: live.text.slice(typed.length), source: typed.length > 0 ? 'typedAhead' : 'cache' };
      }
    }
    const line = req.ctx.linePrefix;
    const exact = this.cache.get(keys.key(line));
    if (exact !== undefined) return { text: exact, source: 'cache' };
    for (let i = 1; i <= Math.min(line.length, CACHE_TYPED_AHEAD_CHARS); i++) {
      const earlier = this.cache.peek(keys.key(line.slice(0, line.length - i)));
      if (earlier === undefined || earlier.length <= i) continue;
      const typed = line.slice(line.length - i);
      if (earlier.startsWith(typed)) return { text: earlier.slice(i), source: 'typedAhead' };
    }
    return undefined;
  }

  private refreshCacheSize(): void {
    const size = this.options.config().cacheSize;
    if (size === this.cacheSize) return;
    this.cacheSize = size;
    this.cache = new LruCache(size);
  }

  // ---- requests --------------------------------------------------------------------------------

  private send(req: CompletionRequest, keys: CacheKeys, overheadMs: number, debounceMs: number, point: PausePoint): Flight {
    const config = this.options.config();
    const plan = planCompletion(
      { ctx: req.ctx, languageId: req.languageId, path: req.path, model: req.model, trigger: req.trigger, comments: req.comments },
      { maxLines: config.maxLines, format: config.format, temperature: config.temperature, maxOutputTokens: config.maxOutputTokens },
    );
    const params = { model: req.model.name, ...plan.params, ...(config.contextLength ? { contextLength: config.contextLength } : {}) };
    const post = {
      linePrefix: req.ctx.linePrefix,
      lineSuffix: req.ctx.lineSuffix,
      suffixLines: req.ctx.suffixLines,
      mode: plan.mode,
      multiline: plan.multiline,
      maxLines: plan.maxLines,
    };
    const id = this.nextId++;
    const flight = new Flight(id, anchorOf(req), plan, post, this.clock.now(), this.options.generate, params);
    flight.point = point;
    this.flight = flight;
    this.inFlight++;
    this.counters.requests++;
    this.counters.maxInFlight = Math.max(this.counters.maxInFlight, this.inFlight);
    this.emit({ type: 'request', id, params, evaluated: plan.evaluated, format: plan.format, mode: plan.mode, overheadMs, debounceMs, point });
    this.lastClosed = flight.done.then((outcome) => this.finished(flight, outcome, keys, req.ctx.linePrefix));
    return flight;
  }

  private finished(flight: Flight, outcome: FlightOutcome, keys: CacheKeys, linePrefix: string): void {
    this.inFlight--;
    this.cancelOrphanTimer(flight);
    this.counters.charsReceived += outcome.receivedChars;
    const ms = this.clock.now() - flight.startedAt;
    // Typed over before it was answered: the wait before it was too short for this typist.
    // A request the user typed along with, or whose first line was shown, was used, not wasted. One typed
    // over only after a pause (several of the user's gaps of quiet since the key it answers, and as long as
    // the model usually takes) came too late, not too early: a shorter wait would have served that pause,
    // and counting it as wasted would lengthen the wait and make the next one later still. With a model
    // slower than the user's pauses, no wait would have helped: that is waste, and the wait grows.
    const reason = flight.aborted;
    const used = flight.served || flight.typedAlong !== '';
    const quiet = flight.abortedAt - flight.keyAt;
    const late = quiet >= LATE_AFTER_GAPS * this.debounce.typingGapMs() && quiet >= (this.debounce.modelLatencyMs ?? 0);
    if (reason === 'edit' || reason === 'superseded' || reason === 'cancelled' || reason === 'orphaned') this.debounce.noteOutcome(!used && !late, flight.point);
    if (outcome.ok) {
      this.cache.set(keys.key(linePrefix), outcome.text);
      if (flight.prefetched) this.unclaimed = keys.key(linePrefix);
      if (outcome.text) this.live = { anchor: flight.anchor, text: outcome.text };
      this.debounce.noteLatency(ms);
      this.debounce.noteOutcome(false, flight.point);
      if (outcome.early) this.counters.earlyStops++;
    } else if (!outcome.aborted) {
      this.counters.errors++;
    }
    this.emit({
      type: 'response',
      id: flight.id,
      ok: outcome.ok,
      receivedChars: outcome.receivedChars,
      shownChars: outcome.ok ? outcome.text.length : 0,
      ms,
      early: outcome.ok && outcome.early,
    });
  }

  /** Waits for `flight` on behalf of a caller that has typed `typed` since its anchor. */
  private async await(
    flight: Flight,
    req: CompletionRequest,
    typed: string,
    signal: AbortSignal,
    startedAt: number,
    source: ServedFrom,
  ): Promise<CompletionResult | undefined | typeof FALL_THROUGH> {
    flight.waiters++;
    flight.prefetched = false;
    this.cancelOrphanTimer(flight);
    let outcome: FlightOutcome;
    try {
      // A multi-line block shows its first line as soon as that is complete; the rest follows from memory
      // (VS Code asks again when the line is accepted or typed).
      const first = this.options.config().firstLineEarly === false ? undefined : await raceAbort(flight.firstLine, signal);
      if (first !== undefined && !flight.finished && !signal.aborted && first.startsWith(typed) && first.length > typed.length && req.documentId === flight.anchor.documentId) {
        flight.served = true;
        void flight.done.then((done) => {
          if (done.ok && done.text.length > first.length) this.emit({ type: 'extended', documentId: req.documentId, offset: req.offset });
        });
        return this.serve(first.slice(typed.length), source, startedAt);
      }
      outcome = await raceAbort(flight.done, signal);
    } catch {
      return this.nothing('superseded');
    } finally {
      flight.waiters--;
      this.orphaned(flight);
    }
    if (signal.aborted) {
      this.counters.lateDropped++;
      return this.nothing('late');
    }
    if (!outcome.ok) {
      if (outcome.aborted) return this.nothing('superseded');
      this.nothing('error');
      throw outcome.error;
    }
    const text = outcome.text;
    if (!text.startsWith(typed) || (typed !== '' && text.length === typed.length)) return FALL_THROUGH;
    if (req.documentId !== flight.anchor.documentId) return FALL_THROUGH;
    flight.served = true;
    return this.serve(text.slice(typed.length), source, startedAt);
  }

  /** The last caller left a running request: keep it briefly only if the user is typing its text. */
  private orphaned(flight: Flight): void {
    if (flight.finished || flight.waiters > 0 || flight !== this.flight) return;
    // Its first line is on screen: the rest of the block is being generated for it (an edit elsewhere or
    // another request aborts it).
    if (flight.served) return;
    // Sent from an edit, its call not yet arrived: it has the grace period to come.
    if (flight.typedAlong === '' && !flight.prefetched) {
      this.abortFlight('cancelled');
      return;
    }
    this.orphanTimer = this.clock.setTimeout(() => {
      this.orphanTimer = undefined;
      if (flight === this.flight && flight.waiters === 0) this.abortFlight('orphaned');
    }, this.options.config().orphanGraceMs);
  }

  private cancelOrphanTimer(flight: Flight): void {
    if (this.orphanTimer === undefined || flight !== this.flight) return;
    this.clock.clearTimeout(this.orphanTimer);
    this.orphanTimer = undefined;
  }

  private abortFlight(reason: AbortReason): void {
    const flight = this.flight;
    if (!flight || !flight.abort(reason)) return;
    this.cancelOrphanTimer(flight);
    this.lastAbortAt = this.clock.now();
    flight.abortedAt = this.lastAbortAt;
    this.counters.aborted++;
    this.emit({ type: 'abort', id: flight.id, reason });
  }

  // ---- answers ---------------------------------------------------------------------------------

  private serve(text: string, source: ServedFrom, startedAt: number): CompletionResult | undefined {
    const ms = this.clock.now() - startedAt;
    if (source === 'cache') this.counters.cacheHits++;
    else if (source === 'typedAhead') this.counters.typedAheadHits++;
    else if (source === 'stream') this.counters.streamHits++;
    this.counters.charsShown += text.length;
    this.emit({ type: 'served', source, chars: text.length, ms });
    return text ? { text, source } : undefined;
  }

  private nothing(reason: Extract<EngineEvent, { type: 'nothing' }>['reason']): undefined {
    this.emit({ type: 'nothing', reason });
    return undefined;
  }

  private emit(event: EngineEvent): void {
    this.events.fire(event);
  }
}
