// A clock for unit tests: time moves only when the test advances it, and timers run in order, with
// pending promise callbacks settled between them (the code under test awaits between timers).
import type { Clock, Timer } from '../../../src/core/daemon/clock';

interface Scheduled {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** Lets promise chains (including real I/O-free async functions) run to completion. */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class FakeClock implements Clock {
  private time = 0;
  private seq = 0;
  private timers: Scheduled[] = [];

  now(): number {
    return this.time;
  }

  schedule(fn: () => void, ms: number): Timer {
    const entry: Scheduled = { at: this.time + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(entry);
    return { cancel: () => (entry.cancelled = true) };
  }

  /** Timers still waiting to run. */
  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** When the next timer is due, if any. */
  get nextAt(): number | undefined {
    const next = this.live()[0];
    return next?.at;
  }

  private live(): Scheduled[] {
    this.timers = this.timers.filter((t) => !t.cancelled);
    return this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** Moves time forward by `ms`, running every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      const next = this.live()[0];
      if (!next || next.at > target) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      this.time = next.at;
      next.fn();
      await settle();
    }
    this.time = target;
    await settle();
  }
}
