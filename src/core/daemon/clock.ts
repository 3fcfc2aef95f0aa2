// Time as the daemon's schedulers see it. Production uses the real timers; unit tests pass a fake
// clock and step through an hour of backoff and health checks in milliseconds.

import { abortError, raceAbort } from '../util/abort';

/** Waits for a promise but gives up (AbortError) as soon as a signal fires: the shared helper, here for the schedulers. */
export { raceAbort };

export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds on a monotonic scale (only differences matter). */
  now(): number;
  /** Runs `fn` once after `ms`. Timers never keep the process alive. */
  schedule(fn: () => void, ms: number): Timer;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  schedule(fn, ms) {
    const handle = setTimeout(fn, Math.max(0, ms));
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  },
};

/** Resolves after `ms` on `clock`, or rejects with an AbortError when `signal` fires. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const onAbort = (): void => {
      timer.cancel();
      reject(abortError());
    };
    const timer = clock.schedule(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}


