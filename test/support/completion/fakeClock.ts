// A clock that only moves when told to, for engine tests and benchmark replays: timers fire in order as
// time advances, and pending promise callbacks run between them.

import type { Clock } from '../../../src/core/completion/clock';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/** Lets every queued promise callback (and whatever they queue) run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class FakeClock implements Clock {
  private time = 0;
  private nextId = 1;
  private timers: Timer[] = [];

  constructor(start = 1_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order and settling promises after each instant.
   * Timers due at the same instant fire in one turn, before any promise callback runs.
   */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.time = next.at;
      const due = this.timers.filter((t) => t.at === next.at);
      this.timers = this.timers.filter((t) => t.at !== next.at);
      for (const timer of due) timer.fn();
      await settle();
    }
    this.time = end;
    await settle();
  }
}
