// How long this user stays quiet after a key, by the kind of place the key left the cursor at (see
// pausePoint.ts), and what that says about when to ask the model. A request is worth sending once the
// quiet has lasted long enough that, among the user's recent gaps at this kind of place that lasted as
// long, most went on long enough for the answer to arrive (the wait so far plus the model's latency).
// At a new line's start most gaps are long, so the request goes at once; after a semicolon or a closing
// bracket most gaps end a moment later, so it waits until the gap has outlasted the user's habit there
// (only a thinking pause gets that far), instead of sending a request the next key will throw away.

import type { PausePoint } from './pausePoint';

/** Gaps kept per kind of place (the newest replace the oldest). */
const SAMPLES = 24;
/** Fewer gaps than this at a kind of place: no opinion yet (the caller uses its rule of thumb). */
export const MIN_GAP_SAMPLES = 4;
/** Longer gaps are the same to us: the user left or is reading. */
const LONG_GAP_MS = 5_000;
/** Share of gaps, among those that lasted as long as the wait, that must outlast the answer too. */
export const USEFUL_SHARE = 0.5;
/** A suggestion on screen for less than this before the next key was not seen: it did not serve a pause. */
export const SEEN_MS = 250;
/** Step of the candidate waits. */
const STEP_MS = 10;

export class PauseLengths {
  private readonly gaps: Record<PausePoint, number[]> = { lineStart: [], clause: [], boundary: [], word: [] };
  private readonly next: Record<PausePoint, number> = { lineStart: 0, clause: 0, boundary: 0, word: 0 };
  private last: { at: number; point: PausePoint } | undefined;

  /** A key (a call from the editor) at `at`, leaving the cursor at a place of kind `point`. */
  noteKey(at: number, point: PausePoint): void {
    const last = this.last;
    if (last && at > last.at) {
      const list = this.gaps[last.point];
      list[this.next[last.point]] = Math.min(at - last.at, LONG_GAP_MS);
      this.next[last.point] = (this.next[last.point] + 1) % SAMPLES;
    }
    this.last = { at, point };
  }

  /** How many gaps are known after keys at places of kind `point`. */
  samples(point: PausePoint): number {
    return this.gaps[point].length;
  }

  /**
   * The least wait in [minMs, maxMs] after which a request at a place of kind `point`, answered `latencyMs`
   * later, is more likely than not to be on screen long enough to be seen before the next key; maxMs when
   * none is; undefined while there are too few gaps to tell.
   */
  waitFor(point: PausePoint, latencyMs: number, minMs: number, maxMs: number): number | undefined {
    const gaps = this.gaps[point];
    if (gaps.length < MIN_GAP_SAMPLES) return undefined;
    const sorted = [...gaps].sort((a, b) => a - b);
    const atLeast = (ms: number): number => {
      // Gaps of at least `ms`: binary search in the sorted list.
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid] < ms) lo = mid + 1;
        else hi = mid;
      }
      return sorted.length - lo;
    };
    for (let wait = minMs; wait <= maxMs; wait += STEP_MS) {
      const lasted = atLeast(wait);
      // Quiet longer than any recent gap at this kind of place: not the user's habit, a pause.
      if (lasted === 0) return wait;
      if (atLeast(wait + latencyMs + SEEN_MS) >= USEFUL_SHARE * lasted) return wait;
    }
    return maxMs;
  }
}
