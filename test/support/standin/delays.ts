// Timing. Every wait is cut short when the client goes away, so a cancelled request stops "generating" at
// once, as the real runner does when its request context is cancelled.

import type { FirstTokenMs, ReplyContext } from './types';

/** Resolves true after `ms`, or false as soon as the signal fires. 0 still yields to the event loop. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = (): void => {
      if (ms > 0) clearTimeout(timer);
      else clearImmediate(immediate);
      done(false);
    };
    // setImmediate rather than a 0 ms timer: it lets socket close events run between tokens without the
    // ~1 ms floor a timer adds, so "as fast as possible" stays fast.
    const timer = ms > 0 ? setTimeout(() => done(!signal.aborted), ms) : undefined;
    const immediate = ms > 0 ? undefined : setImmediate(() => done(!signal.aborted));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves when the signal fires (a stall lasts until the client gives up). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

export interface DelaySettings {
  firstTokenMs: FirstTokenMs;
  perTokenMs: number;
  promptMsPer1kChars: number;
}

/** First-token latency: the configured base plus "prompt eval" time that grows with the prompt. */
export function firstTokenDelay(d: DelaySettings, ctx: ReplyContext, promptChars: number): number {
  const base = typeof d.firstTokenMs === 'function' ? d.firstTokenMs(ctx) : d.firstTokenMs;
  return Math.max(0, base) + Math.max(0, d.promptMsPer1kChars) * (promptChars / 1000);
}
