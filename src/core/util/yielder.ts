// Long synchronous work on user input of any size (a 50 MB document) in small slices: the caller checks in
// between units of work, and the yielder gives the event loop back once a slice has used its time, so the
// extension host keeps answering (typing, other extensions) while a feature prepares its requests.
import { throwIfAborted } from './abort';

/** Time one slice may run before the event loop gets a turn (well under the 100 ms a user notices). */
export const SLICE_MS = 12;

/** Lets timers, I/O and messages run: setImmediate rather than a microtask, which would not. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class Yielder {
  private sliceStart = performance.now();
  /** How many times this yielder gave the event loop a turn (tests read it). */
  yields = 0;

  constructor(private readonly signal?: AbortSignal, private readonly sliceMs = SLICE_MS) {}

  /** Yields when the current slice is used up; throws an AbortError once the signal fired. */
  async tick(): Promise<void> {
    throwIfAborted(this.signal);
    if (performance.now() - this.sliceStart < this.sliceMs) return;
    await yieldToEventLoop();
    this.yields++;
    this.sliceStart = performance.now();
    throwIfAborted(this.signal);
  }
}
