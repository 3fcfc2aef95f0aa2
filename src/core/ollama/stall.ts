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

/** The watchdog of one stream: told when chunks arrive and when the consumer holds one; `stop` when the request ends. */
export interface StallWatch {
  /** A chunk arrived: the answer flows. */
  activity(): void;
  /** The consumer holds a chunk (true) or asks for the next (false): its time is not Ollama's silence. */
  hold(held: boolean): void;
  /** The request ended, whichever way. */
  stop(): void;
}

// A closure rather than a class: it runs for every generation stream and lives in the main bundle, where
// local names minify and property names do not.
export function watchStall(options: StallWatchOptions): StallWatch {
  const { times, model, host, onStall, fail } = options;
  const now = options.now ?? (() => performance.now());
  /** When something last happened: the start, a chunk, the consumer handing control back, a decision to wait. */
  let last = now();
  let flowing = false;
  let held = false;
  let stopped = false;
  let phase: StallPhase | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The open question to the caller, ended when the stall is over. */
  let asking: AbortController | undefined;

  // Unknown (not looked yet) or waiting: the shorter time, then /api/ps tells whether to allow more.
  const quiet = (): number => (phase === 'streaming' ? times.streamingMs : phase === 'loading' ? times.loadingMs : times.waitingMs);
  const idle = (): boolean => !stopped && !held && !asking;
  const arm = (): void => {
    clearTimeout(timer);
    if (idle()) timer = setTimeout(() => void check(), Math.max(0, last + quiet() - now()));
  };
  const endQuestion = (): void => {
    asking?.abort();
    asking = undefined;
  };
  const stop = (): void => {
    stopped = true;
    clearTimeout(timer);
    endQuestion();
  };
  const end = (error: OllamaError): void => {
    stop();
    fail(error);
  };

  async function check(): Promise<void> {
    if (!idle()) return;
    if (!flowing) {
      const loaded = await options.isLoaded().catch(() => undefined);
      if (!idle() || flowing) return;
      // Not listed: the load has not started (queued). Listed but not warm when we began: this request loads it.
      const next: StallPhase = loaded === false || (loaded === true && !options.warmAtStart) ? 'loading' : 'waiting';
      // The model became warm meanwhile: that was progress; the answer gets its own quiet time from now.
      if (phase === 'loading' && next === 'waiting') last = now();
      phase = next;
    }
    // Timers may fire a little early: only a full quiet time counts.
    const quietMs = now() - last;
    if (quietMs < quiet()) return arm();
    const at: StallPhase = phase ?? 'waiting';
    const details = { reason: 'stalled', model, host, quietMs, phase: at } as const;
    const seconds = Math.round(quietMs / 1000);
    if (!onStall) return end(new OllamaError('protocol', `Ollama at ${host} sent no answer for ${seconds} s.`, details));
    const question = new AbortController();
    asking = question;
    const decided = (decision: StallDecision): void => {
      if (asking !== question) return; // over already: data came or the request ended
      endQuestion();
      if (decision === 'cancel') return end(new OllamaError('aborted', 'Cancelled.', details));
      last = now();
      arm();
    };
    onStall({ quietMs, phase: at, model, host, over: question.signal }).then(decided, () => decided('wait'));
  }

  arm();
  return {
    activity() {
      flowing = true;
      phase = 'streaming';
      last = now();
      endQuestion();
      arm();
    },
    hold(on) {
      held = on;
      last = now();
      arm();
    },
    stop,
  };
}
