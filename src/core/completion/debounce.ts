// How long to wait after a keystroke before asking the model. A request sent while the user is still
// typing is almost always aborted by the next key, so the wait follows the user's own rhythm: a little
// longer than their usual gap between keys. Two measurements adjust it:
//  - the share of recent requests the user typed over before they were answered (wasted): the more are
//    wasted, the longer the wait, so a typist whose pauses are short gets fewer pointless requests;
//  - the model's latency: a slow model makes each wasted request more expensive (it holds Ollama's single
//    slot), so it lengthens the wait a little.
// The result stays within the configured bounds.

export interface DebounceBounds {
  minMs: number;
  maxMs: number;
}

/** Gaps longer than this are pauses, not typing rhythm. */
const BURST_GAP_MS = 1_000;
const GAP_SAMPLES = 16;
/** A typical typist's gap until we have measured this one (≈ 65 words per minute). */
const DEFAULT_GAP_MS = 160;
/** Wait = gap × (BASE + WASTE × wasted share) × (MID_WORD when in a word) + LATENCY × model latency. */
const BASE_FACTOR = 2;
const WASTE_FACTOR = 3;
const LATENCY_FACTOR = 0.15;
/** After a letter or digit the user is likely still spelling a word. */
const MID_WORD_FACTOR = 1.4;
/** Weight of the newest outcome in the wasted share. */
const WASTE_WEIGHT = 0.2;

export class AdaptiveDebounce {
  private readonly gaps: number[] = [];
  private next = 0;
  private lastKeyAt: number | undefined;
  private latencyMs: number | undefined;
  private wasted = 0;

  constructor(private readonly bounds: () => DebounceBounds) {}

  noteKeystroke(at: number): void {
    if (this.lastKeyAt !== undefined) {
      const gap = at - this.lastKeyAt;
      if (gap > 0 && gap < BURST_GAP_MS) {
        this.gaps[this.next] = gap;
        this.next = (this.next + 1) % GAP_SAMPLES;
      }
    }
    this.lastKeyAt = at;
  }

  /** Time from sending a request to a usable suggestion. */
  noteLatency(ms: number): void {
    this.latencyMs = this.latencyMs === undefined ? ms : this.latencyMs * 0.7 + ms * 0.3;
  }

  /** A request ended: answered, or abandoned because the user typed on (wasted). */
  noteOutcome(wasted: boolean): void {
    this.wasted = this.wasted * (1 - WASTE_WEIGHT) + (wasted ? WASTE_WEIGHT : 0);
  }

  /** The median recent gap: robust to the odd hesitation inside a burst. */
  typingGapMs(): number {
    if (this.gaps.length === 0) return DEFAULT_GAP_MS;
    const sorted = [...this.gaps].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }

  /** The share of recent requests that were wasted (0..1). */
  get wastedShare(): number {
    return this.wasted;
  }

  /** `midWord`: the cursor follows a letter or digit, so the user is likely still spelling: wait longer. */
  delayMs(midWord = false): number {
    const { minMs, maxMs } = this.bounds();
    const factor = (BASE_FACTOR + WASTE_FACTOR * this.wasted) * (midWord ? MID_WORD_FACTOR : 1);
    const wanted = this.typingGapMs() * factor + LATENCY_FACTOR * (this.latencyMs ?? 0);
    return Math.round(Math.min(Math.max(wanted, minMs), Math.max(minMs, maxMs)));
  }
}
