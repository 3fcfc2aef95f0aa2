// Runs a render at most `maxPerSecond` times a second and only in animation frames, however often
// new text arrives. Several appends between two frames cost one render.

export interface SchedulerClock {
  now(): number;
  requestFrame(cb: () => void): void;
  setTimeout(cb: () => void, ms: number): void;
}

export const browserClock: SchedulerClock = {
  now: () => performance.now(),
  // A hidden document gets no animation frames; a timer keeps the text current for when it shows again.
  requestFrame: (cb) => (typeof document !== 'undefined' && document.visibilityState === 'hidden' ? setTimeout(cb, 50) : requestAnimationFrame(() => cb())),
  setTimeout: (cb, ms) => void setTimeout(cb, ms),
};

export class RenderScheduler {
  private scheduled = false;
  private last = Number.NEGATIVE_INFINITY;
  private readonly interval: number;

  constructor(
    private readonly render: () => void,
    maxPerSecond = 30,
    private readonly clock: SchedulerClock = browserClock,
  ) {
    this.interval = 1000 / maxPerSecond;
  }

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.last + this.interval - this.clock.now();
    const frame = (): void =>
      this.clock.requestFrame(() => {
        if (!this.scheduled) return;
        this.scheduled = false;
        this.last = this.clock.now();
        this.render();
      });
    if (wait > 1) this.clock.setTimeout(frame, wait);
    else frame();
  }

  /** A render is scheduled. */
  get pending(): boolean {
    return this.scheduled;
  }

  /** Drops a pending render (the caller renders itself, e.g. at the end of a stream). */
  cancel(): void {
    this.scheduled = false;
  }
}
