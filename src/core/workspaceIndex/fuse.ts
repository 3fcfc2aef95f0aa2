// Reciprocal rank fusion: score(d) = Σ over lists of 1 / (k + rank of d in the list). It needs no calibration
// between BM25 scores and cosine similarities (they live on unrelated scales), and a chunk found by both
// retrievers rises above one found by either alone. k = 60 is the value of the original paper (Cormack et
// al., 2009) and the common default.

export const RRF_K = 60;

export interface Fused {
  id: number;
  score: number;
}

/** Lists of ids, each best first → one list, best first (ties: the order of first appearance). */
export function reciprocalRankFusion(lists: readonly (readonly number[])[], k = RRF_K): Fused[] {
  const scores = new Map<number, number>();
  for (const list of lists) {
    const seen = new Set<number>();
    list.forEach((id, rank) => {
      if (seen.has(id)) return;
      seen.add(id);
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + rank + 1));
    });
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
