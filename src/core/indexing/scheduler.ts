// When background indexing may send its next request. Ollama runs one request at a time (OLLAMA_NUM_PARALLEL
// is 1 on most machines), so an embedding batch that is running when the user types makes the completion wait
// behind it. The index therefore works in small steps, and before each step waits until:
//   - the user has not paused it (status bar, command),
//   - the user has not typed for `quietMs` (completion will want the daemon),
//   - no other Hearth request (completion, chat, a command) is running;
// and it sends at most one embedding request at a time, whoever asks (the build and an update on save share it).
// Plain values: the clock, the sleep and "is something else running" are passed in, so it is unit-tested.

export interface SchedulerDeps {
  now: () => number;
  /** Resolves after `ms`, or rejects when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Whether another Hearth request is running now. */
  busy: () => boolean;
  /** How long after the last keystroke the index stays quiet; ms. */
  quietMs: number;
  /** How often "busy" is asked again while it is true; ms. */
  pollMs?: number;
}

export type WaitReason = 'paused' | 'typing' | 'busy';

export class IndexScheduler {
  private lastTyping = -Infinity;
  private pausedByUser = false;
  private resumed: (() => void) | undefined;
  private resumedPromise: Promise<void> | undefined;
  /** The tail of the queue of exclusive steps: one at a time. */
  private tail: Promise<void> = Promise.resolve();
  private running = 0;

  constructor(private readonly deps: SchedulerDeps) {}

  /** The user typed in an editor. */
  noteTyping(): void {
    this.lastTyping = this.deps.now();
  }

  get paused(): boolean {
    return this.pausedByUser;
  }

  /** Exclusive steps running now (0 or 1). */
  get active(): number {
    return this.running;
  }

  pause(): void {
    if (this.pausedByUser) return;
    this.pausedByUser = true;
    this.resumedPromise = new Promise<void>((resolve) => (this.resumed = resolve));
  }

  resume(): void {
    if (!this.pausedByUser) return;
    this.pausedByUser = false;
    this.resumed?.();
    this.resumed = undefined;
    this.resumedPromise = undefined;
  }

  /** Why the index must wait now, or undefined when it may go. */
  blockedBy(): WaitReason | undefined {
    if (this.pausedByUser) return 'paused';
    if (this.deps.now() - this.lastTyping < this.deps.quietMs) return 'typing';
    if (this.deps.busy()) return 'busy';
    return undefined;
  }

  /** Resolves when the index may take its next step; rejects when `signal` aborts. */
  async turn(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      const reason = this.blockedBy();
      if (!reason) return;
      if (reason === 'paused' && this.resumedPromise) {
        await Promise.race([this.resumedPromise, abortPromise(signal)]);
      } else if (reason === 'typing') {
        await this.deps.sleep(Math.max(1, this.lastTyping + this.deps.quietMs - this.deps.now()), signal);
      } else {
        await this.deps.sleep(this.deps.pollMs ?? 200, signal);
      }
    }
  }

  /**
   * Runs `step` when it is the index's turn and no other step runs: at most one at a time (one embedding
   * request in flight). The turn is checked again once the previous step has finished.
   */
  async exclusive<T>(step: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const previous = this.tail;
    let release: () => void = () => undefined;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    try {
      await previous;
      await this.turn(signal);
      this.running++;
      try {
        return await step();
      } finally {
        this.running--;
      }
    } finally {
      release();
    }
  }
}

function abortPromise(signal: AbortSignal | undefined): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (!signal) return;
    if (signal.aborted) reject(signal.reason ?? new Error('aborted'));
    else signal.addEventListener('abort', () => reject(signal.reason ?? new Error('aborted')), { once: true });
  });
}
