// The stall watchdog of a generation stream. Ollama sends nothing while a model loads, while a request
// waits for a slot and while the prompt is read (no headers even), and a hung runner or a broken proxy
// sends nothing forever. So a quiet stream is not an error at once: after a quiet time that depends on
// what Ollama is doing (a model still loading gets longer, read from /api/ps), the watchdog asks the
// caller what to do. Features ask the user (Keep Waiting / Cancel); without a callback the stream ends
// with a typed error saying how long nothing came, rather than waiting forever.
import { OllamaError, type StallPhase } from './errors';


export interface StallTimes {
  /** Quiet time allowed before the first token while the model is not in memory yet (loading a big model takes a minute or more). */
  loadingMs: number;
  /** Quiet time allowed before the first token when the model is loaded (queued behind another request, reading the prompt). */
  waitingMs: number;
  /** Quiet time allowed between tokens once the answer flows. */
  streamingMs: number;
}

export const DEFAULT_STALL_TIMES: Readonly<StallTimes> = { loadingMs: 120_000, waitingMs: 30_000, streamingMs: 30_000 };

export interface StallInfo {
  /** How long nothing has arrived, ms. */
  quietMs: number;
  phase: StallPhase;
  model: string;
  host: string;
  /** Fires when the stall is over without the caller's decision: data arrived again, or the request ended. */
  over: AbortSignal;
}

export type StallDecision = 'wait' | 'cancel';
/**
 * Asked when a stream has been quiet too long. 'wait' gives it another quiet time (then asks again);
 * 'cancel' ends the request as cancelled. A decision that comes after `info.over` fired is ignored.
 */
export type StallHandler = (info: StallInfo) => Promise<StallDecision>;

export interface StallWatchOptions {
  times: StallTimes;
  model: string;
  host: string;
  onStall?: StallHandler;
  /**
   * Whether the model was known to be in memory when the request began (seen in /api/ps or answering
   * lately). /api/ps lists a model from the moment its load starts, so only this tells a loading model
   * from a loaded one.
   */
  warmAtStart: boolean;
  /** Whether the model is in memory now, or loading (/api/ps); undefined when that cannot be told. */
  isLoaded: () => Promise<boolean | undefined>;
  /** Ends the request with this error. */
  fail: (error: OllamaError) => void;
  now?: () => number;
}

export class StallWatch {
  private readonly now: () => number;
  /** When something last happened: the start, a chunk, the consumer handing control back, a decision to wait. */
  private last: number;
  private flowing = false;
  private paused = false;
  private stopped = false;
  private phase: StallPhase | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The open question to the caller, ended when the stall is over. */
  private asking: AbortController | undefined;

  constructor(private readonly options: StallWatchOptions) {
    this.now = options.now ?? (() => performance.now());
    this.last = this.now();
  }

  start(): void {
    this.arm();
  }

  /** A chunk arrived: the answer flows. */
  activity(): void {
    this.flowing = true;
    this.phase = 'streaming';
    this.last = this.now();
    this.endQuestion();
    this.arm();
  }

  /** The consumer holds a chunk: time it takes is not Ollama's silence. */
  pause(): void {
    this.paused = true;
    this.clearTimer();
  }

  resume(): void {
    this.paused = false;
    this.last = this.now();
    this.arm();
  }

  /** The request ended, whichever way. */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.endQuestion();
  }

  private quietFor(phase: StallPhase | undefined): number {
    const { times } = this.options;
    if (phase === 'streaming') return times.streamingMs;
    if (phase === 'loading') return times.loadingMs;
    // Unknown (not looked yet) or waiting: the shorter time, then /api/ps tells whether to allow more.
    return times.waitingMs;
  }

  private arm(): void {
    this.clearTimer();
    if (this.stopped || this.paused || this.asking) return;
    const due = Math.max(0, this.last + this.quietFor(this.phase) - this.now());
    this.timer = setTimeout(() => void this.check(), due);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private idle(): boolean {
    return !this.stopped && !this.paused && !this.asking;
  }

  private async check(): Promise<void> {
    this.timer = undefined;
    if (!this.idle()) return;
    if (!this.flowing) {
      const loaded = await this.options.isLoaded().catch(() => undefined);
      if (!this.idle() || this.flowing) return;
      // Not listed: the load has not started (queued). Listed but not warm when we began: this request loads it.
      const phase: StallPhase = loaded === false || (loaded === true && !this.options.warmAtStart) ? 'loading' : 'waiting';
      if (this.phase === 'loading' && phase === 'waiting') {
        // The model became warm meanwhile: that was progress; the answer gets its own quiet time from now.
        this.phase = phase;
        this.last = this.now();
        this.arm();
        return;
      }
      this.phase = phase;
    }
    // Timers may fire a little early: only a full quiet time counts.
    if (this.now() - this.last < this.quietFor(this.phase)) {
      this.arm();
      return;
    }
    this.raise(this.phase ?? 'waiting', this.now() - this.last);
  }

  private raise(phase: StallPhase, quietMs: number): void {
    const { model, host, onStall } = this.options;
    if (!onStall) {
      this.stop();
      this.options.fail(
        new OllamaError('protocol', `Ollama at ${host} sent no answer for ${Math.round(quietMs / 1000)} s (${phase}).`, { reason: 'stalled', model, host, quietMs, phase }),
      );
      return;
    }
    const asking = new AbortController();
    this.asking = asking;
    const decided = (decision: StallDecision): void => {
      if (this.asking !== asking || this.stopped) return; // over already: data came or the request ended
      this.asking = undefined;
      asking.abort();
      if (decision === 'cancel') {
        const waited = Math.round((this.now() - this.last) / 1000);
        this.stop();
        this.options.fail(new OllamaError('aborted', `Cancelled after ${waited} s without an answer from Ollama.`, { reason: 'stalled', model, host, quietMs: this.now() - this.last, phase }));
        return;
      }
      this.last = this.now();
      this.arm();
    };
    onStall({ quietMs, phase, model, host, over: asking.signal }).then(decided, () => decided('wait'));
  }

  private endQuestion(): void {
    const asking = this.asking;
    this.asking = undefined;
    asking?.abort();
  }
}
