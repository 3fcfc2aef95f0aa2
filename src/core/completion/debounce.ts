// How long to wait after a keystroke before asking the model. A request sent while the user is still
// typing is almost always aborted by the next key, so the wait follows the user's own rhythm: a little
// longer than their usual gap between keys. A slow model makes every wasted request more expensive (it holds
// Ollama's single slot), so its measured latency lengthens the wait a little. Both stay within the bounds.

export interface DebounceBounds {
  minMs: number;
  maxMs: number;
}

/** Gaps longer than this are pauses, not typing rhythm. */
const BURST_GAP_MS = 1_000;
const GAP_SAMPLES = 16;
/** A typical typist's gap until we have measured this one (≈ 65 words per minute). */
const DEFAULT_GAP_MS = 160;
const GAP_FACTOR = 1.6;
const LATENCY_FACTOR = 0.15;

export class AdaptiveDebounce {
  private readonly gaps: number[] = [];
  private next = 0;
  private lastKeyAt: number | undefined;
  private latencyMs: number | undefined;

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

  /** The median recent gap: robust to the odd hesitation inside a burst. */
  typingGapMs(): number {
    if (this.gaps.length === 0) return DEFAULT_GAP_MS;
    const sorted = [...this.gaps].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }

  delayMs(): number {
    const { minMs, maxMs } = this.bounds();
    const wanted = GAP_FACTOR * this.typingGapMs() + LATENCY_FACTOR * (this.latencyMs ?? 0);
    return Math.round(Math.min(Math.max(wanted, minMs), Math.max(minMs, maxMs)));
  }
}
