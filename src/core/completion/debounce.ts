// How long to wait after a keystroke before asking the model. A request sent while the user is still
// typing is almost always aborted by the next key, so the wait follows the user's own rhythm and the place
// of the cursor (see pausePoint.ts):
//  - at the start of a new line, where users pause to think what comes next, the least wait: the request is
//    the one they will wait for, and one typed over costs little (aborted at once; Ollama keeps what it
//    evaluated in its KV cache for the next prompt, which shares the prefix);
//  - after a clause's punctuation (an opened block or call, an assignment, a separator) one and a half of
//    the user's usual gaps between keys; inside a word a little more; after a closing bracket or a dot, where
//    the user usually goes on, two;
//  - the share of recent requests the user typed over without using them (wasted) lengthens the wait, for
//    each kind of place on its own: where this user types on after an opened bracket, requests there wait
//    longer, while those at a new line's start stay quick if they are used. A request the user typed along
//    with (its text was what they typed), or whose first line was shown, was used, not wasted;
//  - the model's latency: a slow model makes each wasted request more expensive (it holds Ollama's single
//    slot), so it lengthens the wait a little, except at a new line's start;
//  - a request typed over only after a pause came too late, not too early: it is not counted as wasted
//    (see the engine), so a long wait does not feed on itself.
//  - how long this user stays quiet after a key at each kind of place (see pauseLengths.ts): where they
//    usually type on sooner than an answer could be read (after a semicolon or a closing bracket, say), the
//    wait lasts past their usual gap there, so that only a real pause gets a request. It only ever
//    lengthens the rule of thumb above, never shortens it.
// The result stays within the configured bounds.

import type { PausePoint } from './pausePoint';
import { PauseLengths } from './pauseLengths';

export interface DebounceBounds {
  minMs: number;
  maxMs: number;
}

/** Gaps longer than this are pauses, not typing rhythm. */
const BURST_GAP_MS = 1_000;
const GAP_SAMPLES = 16;
/** A typical typist's gap until we have measured this one (≈ 65 words per minute). */
const DEFAULT_GAP_MS = 160;
/**
 * Wait = gap × (PLACE + WASTE × wasted share) + LATENCY × model latency (the latter not at a new line's
 * start). PLACE, in typing gaps, by the kind of place: a quarter of one at a new line's start (the minimum
 * bound usually decides), one and a half after a clause's punctuation, 1.8 inside a word, two after a
 * closing bracket or a dot.
 */
const PLACE_FACTOR: Record<PausePoint, number> = { lineStart: 0, clause: 1.8, boundary: 2.3, word: 2.1 };
const WASTE_FACTOR = 3;
const LATENCY_FACTOR = 0.15;
/** Answers whose latency the learned wait uses, and the latency assumed before the first. */
const LATENCY_SAMPLES = 8;
const DEFAULT_LATENCY_MS = 300;
/** Weight of the newest outcome in the wasted share. */
const WASTE_WEIGHT = 0.2;

export class AdaptiveDebounce {
  private readonly gaps: number[] = [];
  private next = 0;
  private lastKeyAt: number | undefined;
  private latencyMs: number | undefined;
  private readonly latencies: number[] = [];
  private readonly pauses = new PauseLengths();
  private readonly wasted: Record<PausePoint, number> = { lineStart: 0, clause: 0, boundary: 0, word: 0 };

  constructor(private readonly bounds: () => DebounceBounds) {}

  /** A key at `at`; `point`, the kind of place it left the cursor at, lets the wait learn the user's pauses there. */
  noteKeystroke(at: number, point?: PausePoint): void {
    if (point !== undefined) this.pauses.noteKey(at, point);
    if (this.lastKeyAt !== undefined) {
      const gap = at - this.lastKeyAt;
      if (gap > 0 && gap < BURST_GAP_MS) {
        this.gaps[this.next] = gap;
        this.next = (this.next + 1) % GAP_SAMPLES;
      }
    }
    this.lastKeyAt = at;
  }

  /** The model's usual time from a request to its answer (undefined before the first answer). */
  get modelLatencyMs(): number | undefined {
    return this.latencyMs;
  }

  /** Time from sending a request to a usable suggestion. */
  noteLatency(ms: number): void {
    this.latencyMs = this.latencyMs === undefined ? ms : this.latencyMs * 0.7 + ms * 0.3;
    this.latencies.push(ms);
    if (this.latencies.length > LATENCY_SAMPLES) this.latencies.shift();
  }

  /** The median of the last answers' latencies: the model's load on the first one does not linger. */
  private typicalLatencyMs(): number {
    if (this.latencies.length === 0) return DEFAULT_LATENCY_MS;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }

  /** A request sent at a place of kind `point` ended: answered, or abandoned unused because the user typed on (wasted). */
  noteOutcome(wasted: boolean, point: PausePoint = 'boundary'): void {
    this.wasted[point] = this.wasted[point] * (1 - WASTE_WEIGHT) + (wasted ? WASTE_WEIGHT : 0);
  }

  /** The median recent gap: robust to the odd hesitation inside a burst. */
  typingGapMs(): number {
    if (this.gaps.length === 0) return DEFAULT_GAP_MS;
    const sorted = [...this.gaps].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }

  /** The share of recent requests at places of kind `point` that were wasted (0..1). */
  wastedShare(point: PausePoint = 'boundary'): number {
    return this.wasted[point];
  }

  /**
   * The wait before a request at a cursor of this kind (see pausePoint.ts). `true`/`false` are the older
   * form: inside a word or at a boundary.
   */
  delayMs(point: PausePoint | boolean = 'boundary'): number {
    const { minMs, maxMs } = this.bounds();
    const at: PausePoint = point === true ? 'word' : point === false ? 'boundary' : point;
    const learned = this.pauses.waitFor(at, this.typicalLatencyMs(), minMs, Math.max(minMs, maxMs));
    const wasted = this.wasted[at];
    const wanted = Math.max(learned ?? 0, this.typingGapMs() * (PLACE_FACTOR[at] + WASTE_FACTOR * wasted) + (at !== 'lineStart' ? LATENCY_FACTOR * (this.latencyMs ?? 0) : 0));
    return Math.round(Math.min(Math.max(wanted, minMs), Math.max(minMs, maxMs)));
  }
}
