// The k best of a stream of scores with a bounded min-heap: O(n log k) and k entries of memory, instead of
// sorting every score of a 50 000-row scan.

export interface Hit {
  id: number;
  score: number;
}

export class TopK {
  private readonly ids: Int32Array;
  private readonly scores: Float64Array;
  private n = 0;

  constructor(private readonly k: number) {
    this.ids = new Int32Array(Math.max(0, k));
    this.scores = new Float64Array(Math.max(0, k));
  }

  /** The lowest score kept, or -Infinity while there is room: cheaper to test than push(). */
  get threshold(): number {
    return this.n < this.k ? -Infinity : (this.scores[0] ?? -Infinity);
  }

  push(id: number, score: number): void {
    if (this.k <= 0) return;
    if (this.n < this.k) {
      let i = this.n++;
      // Sift up.
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if ((this.scores[parent] ?? 0) <= score) break;
        this.ids[i] = this.ids[parent] ?? 0;
        this.scores[i] = this.scores[parent] ?? 0;
        i = parent;
      }
      this.ids[i] = id;
      this.scores[i] = score;
      return;
    }
    if (score <= (this.scores[0] ?? 0)) return;
    // Replace the root and sift down.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.n) break;
      const r = l + 1;
      const c = r < this.n && (this.scores[r] ?? 0) < (this.scores[l] ?? 0) ? r : l;
      if ((this.scores[c] ?? 0) >= score) break;
      this.ids[i] = this.ids[c] ?? 0;
      this.scores[i] = this.scores[c] ?? 0;
      i = c;
    }
    this.ids[i] = id;
    this.scores[i] = score;
  }

  /** Best first. */
  sorted(): Hit[] {
    const out: Hit[] = [];
    for (let i = 0; i < this.n; i++) out.push({ id: this.ids[i] ?? 0, score: this.scores[i] ?? 0 });
    return out.sort((a, b) => b.score - a.score || a.id - b.id);
  }
}
