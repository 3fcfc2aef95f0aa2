// Coalesces streamed tokens before they cross to the webview: Ollama sends one line per token (100+
// per second on a fast GPU), but the view renders at most ~30 times a second, so posting each token
// would only queue work. The first token goes out at once (the answer appears without delay), then
// at most one batch per interval.

export interface Delta {
  text: string;
  thinking: string;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

export class DeltaBatcher {
  private pending: Delta = { text: '', thinking: '' };
  private timer: unknown;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly emit: (delta: Delta) => void,
    private readonly intervalMs = 33,
    private readonly timers: Timers = realTimers,
  ) {}

  push(text: string, thinking = ''): void {
    if (!text && !thinking) return;
    this.pending.text += text;
    this.pending.thinking += thinking;
    if (this.timer !== undefined) return;
    const wait = this.lastFlush + this.intervalMs - this.timers.now();
    if (wait <= 0) this.flush();
    else this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }

  /** Sends what is pending now (at the end of a stream). */
  flush(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.pending.text && !this.pending.thinking) return;
    const delta = this.pending;
    this.pending = { text: '', thinking: '' };
    this.lastFlush = this.timers.now();
    this.emit(delta);
  }

  dispose(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = { text: '', thinking: '' };
  }
}
