// The strategies compared on the same trace, the same prompt builder, the same gateway and the same
// stand-in settings:
//  - "Hearth": the real CompletionEngine, configured from the settings' defaults, as the inline feature
//    builds it (edits and cursor moves are forwarded only while a request is open, as the feature does);
//  - "per-keystroke": a fixed 300 ms debounce, one request at a time (a call waits for the running one to
//    finish, then gives up if VS Code cancelled it meanwhile), no abort, no cache; reads every reply to
//    its end (the model's own stop), then post-processes it;
//  - "no-reuse": the same debounce, the request is aborted as soon as VS Code cancels its call, reading
//    stops as soon as the suggestion is complete (Hearth's post-processing decides), but no cache and no
//    reuse of a suggestion the user is typing;
//  - "Twinny-like", as Twinny behaves by default: a fixed 300 ms debounce, the request in flight aborted on
//    the next key (VS Code cancels the call), multi-line, reads the reply to the model's end, shows it then;
//  - "Llama-Coder-like", as Llama Coder behaves by default: a 250 ms delay, then one request at a time under
//    a lock (a call waits for the lock, then gives up if it was cancelled meanwhile); a cancelled call stops
//    reading at the next token and releases the lock but never closes the connection, so the model goes on
//    generating and the next request waits in Ollama's single slot; shows only complete answers;
//  - "oracle": not a strategy anyone could build, a yardstick: Hearth's engine with all its memory (the
//    suggestion typed along, the cache, the stream, the first line early, early stops), asked without any
//    wait and only where the trace says the user will pause after this key and no suggestion is on screen.
//    Its requests are about the fewest that can answer the pauses it answers: what the request goal asks
//    of a strategy that cannot see the future.
import { performance } from 'node:perf_hooks';
import { sleep, systemClock } from '../../../src/core/completion/clock';
import { CompletionEngine, type EngineConfig } from '../../../src/core/completion/engine';
import { postprocess, type PostContext } from '../../../src/core/completion/postprocess';
import type { CompletionRequest } from '../../../src/core/completion/request';
import type { EngineEvent } from '../../../src/core/completion/stats';
import { planCompletion } from '../../../src/core/prompts/completionPrompt';
import type { Answer, RequestLog, Strategy } from './strategy';

export type StrategyName = 'Hearth' | 'per-keystroke' | 'no-reuse' | 'Twinny-like' | 'Llama-Coder-like' | 'oracle';
export const REFERENCE_DEBOUNCE_MS = 300;
export const TWINNY_DEBOUNCE_MS = 300;
export const LLAMA_CODER_DELAY_MS = 250;

export class HearthStrategy implements Strategy {
  readonly name = 'Hearth';
  readonly engine: CompletionEngine;
  /** Every engine event with its time (performance.now()). */
  readonly events: { at: number; event: EngineEvent }[] = [];

  constructor(
    private readonly log: RequestLog,
    config: EngineConfig,
  ) {
    this.engine = new CompletionEngine({ generate: log.generate, config: () => config, clock: systemClock });
    this.engine.onEvent((event) => this.events.push({ at: performance.now(), event }));
  }

  async provide(request: CompletionRequest, signal: AbortSignal): Promise<Answer | undefined> {
    const result = await this.engine.complete(request, signal);
    if (!result) return undefined;
    // A model or stream answer comes from the request just closed (there is at most one); an answer from
    // memory, from the latest request whose text contains it (the suggestion it is the rest of).
    const fromRequest = result.source === 'model' || result.source === 'stream';
    const requestId = fromRequest ? this.log.last?.id : [...this.log.requests].reverse().find((r) => r.received.includes(result.text))?.id;
    return { text: result.text, source: result.source, requestId };
  }

  noteEdit(documentId: string, offset: number, deletedLength: number, inserted: string): void {
    if (this.engine.busy) this.engine.noteEdit(documentId, offset, deletedLength, inserted);
  }

  noteCursor(documentId: string, offset: number): void {
    if (this.engine.busy) this.engine.noteCursor(documentId, offset);
  }

  lineBreak(request: CompletionRequest): void {
    this.engine.prefetch(request);
  }

  dispose(): void {
    this.engine.dispose();
  }
}

interface ReferenceOptions {
  name: Exclude<StrategyName, 'Hearth'>;
  debounceMs: number;
  /** Abort the request when VS Code cancels its call; otherwise let it run to its end. */
  abort: boolean;
  /** Stop reading as soon as the suggestion is complete; otherwise read to the model's own end. */
  stopWhenComplete: boolean;
  /**
   * Without abort: a call cancelled while its reply streams stops reading at the next token and lets the
   * next call go, leaving the connection open (the model generates on). Otherwise it reads to the end.
   */
  detachOnCancel?: boolean;
}

/** A simple strategy of the kind many extensions use (see the file comment for the two variants). */
export class ReferenceStrategy implements Strategy {
  readonly name: string;
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;
  aborted = 0;

  constructor(
    private readonly log: RequestLog,
    private readonly config: EngineConfig,
    private readonly options: ReferenceOptions,
  ) {
    this.name = options.name;
  }

  async provide(request: CompletionRequest, signal: AbortSignal): Promise<Answer | undefined> {
    try {
      await sleep(systemClock, this.options.debounceMs, signal);
    } catch {
      return undefined;
    }
    // One at a time: wait for the request in flight (aborted ones close at once).
    while (this.busy) await this.running.catch(() => undefined);
    if (signal.aborted) return undefined;
    this.busy = true;
    const work = this.ask(request, signal);
    this.running = work;
    try {
      return await work;
    } finally {
      this.busy = false;
    }
  }

  private async ask(request: CompletionRequest, callSignal: AbortSignal): Promise<Answer | undefined> {
    const plan = planCompletion(
      { ctx: request.ctx, languageId: request.languageId, path: request.path, model: request.model, trigger: request.trigger },
      { maxLines: this.config.maxLines, format: this.config.format },
    );
    const post: PostContext = {
      linePrefix: request.ctx.linePrefix,
      lineSuffix: request.ctx.lineSuffix,
      suffixLines: request.ctx.suffixLines,
      mode: plan.mode,
      multiline: plan.multiline,
      maxLines: plan.maxLines,
    };
    const requestSignal = this.options.abort ? callSignal : new AbortController().signal;
    let raw = '';
    let text: string | undefined;
    const stream = this.log.generate({ model: request.model.name, ...plan.params }, requestSignal);
    const requestId = this.log.last?.id;
    const iterator = stream[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        const chunk = next.value;
        raw += chunk.text;
        if (this.options.detachOnCancel && callSignal.aborted) {
          // Stops waiting, but nobody closes the connection: drained in the background to its end.
          void (async () => {
            try {
              for (let r = await iterator.next(); !r.done; r = await iterator.next()) void r;
            } catch {
              // The drained request's own failure concerns nobody.
            }
          })();
          return undefined;
        }
        if (this.options.stopWhenComplete) {
          const processed = postprocess(raw, post, chunk.done);
          if (processed.complete) {
            text = processed.text;
            await iterator.return?.();
            break;
          }
        }
      }
    } catch (err) {
      if (requestSignal.aborted) {
        this.aborted++;
        return undefined;
      }
      throw err;
    }
    text ??= postprocess(raw, post, true).text;
    // A late answer (the user moved on) is never shown.
    if (callSignal.aborted || !text) return undefined;
    return { text, source: 'model', requestId };
  }

  noteEdit(): void {
    // These strategies learn about edits only through VS Code's cancellation of their call.
  }

  noteCursor(): void {
    // As above.
  }

  dispose(): void {
    // Nothing held between calls.
  }
}

export function perKeystroke(log: RequestLog, config: EngineConfig, scale: number): ReferenceStrategy {
  return new ReferenceStrategy(log, config, { name: 'per-keystroke', debounceMs: REFERENCE_DEBOUNCE_MS * scale, abort: false, stopWhenComplete: false });
}

export function noReuse(log: RequestLog, config: EngineConfig, scale: number): ReferenceStrategy {
  return new ReferenceStrategy(log, config, { name: 'no-reuse', debounceMs: REFERENCE_DEBOUNCE_MS * scale, abort: true, stopWhenComplete: true });
}

export function twinnyLike(log: RequestLog, config: EngineConfig, scale: number): ReferenceStrategy {
  return new ReferenceStrategy(log, config, { name: 'Twinny-like', debounceMs: TWINNY_DEBOUNCE_MS * scale, abort: true, stopWhenComplete: false });
}

export function llamaCoderLike(log: RequestLog, config: EngineConfig, scale: number): ReferenceStrategy {
  return new ReferenceStrategy(log, config, { name: 'Llama-Coder-like', debounceMs: LLAMA_CODER_DELAY_MS * scale, abort: false, stopWhenComplete: false, detachOnCancel: true });
}

/** The yardstick (see the file comment). `pauseComes`: the user will stay quiet after the latest key. */
export class OracleStrategy implements Strategy {
  readonly name = 'oracle';
  private readonly engine: HearthStrategy;

  constructor(
    log: RequestLog,
    config: EngineConfig,
    private readonly pauseComes: () => boolean,
    private readonly ghostAtCursor: () => boolean,
  ) {
    this.engine = new HearthStrategy(log, { ...config, debounceMinMs: 0, debounceMaxMs: 0, prefetch: false });
  }

  provide(request: CompletionRequest, signal: AbortSignal): Promise<Answer | undefined> {
    if (!this.pauseComes() || this.ghostAtCursor()) return Promise.resolve(undefined);
    return this.engine.provide(request, signal);
  }

  noteEdit(documentId: string, offset: number, deletedLength: number, inserted: string): void {
    this.engine.noteEdit(documentId, offset, deletedLength, inserted);
  }

  noteCursor(documentId: string, offset: number): void {
    this.engine.noteCursor(documentId, offset);
  }

  dispose(): void {
    this.engine.dispose();
  }
}
