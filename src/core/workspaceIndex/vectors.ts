// The vector store: one flat Float32 matrix in memory (row i = the vector of the chunk with id ids[i]),
// scanned exactly. Vectors are normalized on the way in, so cosine similarity is a dot product. At the sizes a
// workspace reaches (50 000 chunks × 768 dimensions ≈ 150 MB of float32 … 38 MB as int8) an exact scan takes
// tens of milliseconds and needs no approximate index (HNSW and friends are native modules or large WASM, and
// approximate); on disk the rows are int8-quantized (see quantize.ts).
import { TopK, type Hit } from './topK';

export function normalize(v: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += (v[i] ?? 0) * (v[i] ?? 0);
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (v[i] ?? 0) * inv;
  return out;
}

export class VectorStore {
  private data: Float32Array;
  private ids: Int32Array;
  private rows = 0;
  /** id → row, for remove() and has(). */
  private readonly rowOf = new Map<number, number>();

  constructor(
    readonly dim: number,
    capacity = 1024,
  ) {
    if (!Number.isInteger(dim) || dim <= 0) throw new Error(`invalid vector dimension ${dim}`);
    this.data = new Float32Array(capacity * dim);
    this.ids = new Int32Array(capacity);
  }

  get size(): number {
    return this.rows;
  }

  /** Bytes of the matrix and id column as allocated. */
  get bytes(): number {
    return this.data.byteLength + this.ids.byteLength;
  }

  has(id: number): boolean {
    return this.rowOf.has(id);
  }

  allIds(): number[] {
    return Array.from(this.ids.subarray(0, this.rows));
  }

  private grow(): void {
    const capacity = Math.max(1024, this.ids.length * 2);
    const data = new Float32Array(capacity * this.dim);
    data.set(this.data.subarray(0, this.rows * this.dim));
    const ids = new Int32Array(capacity);
    ids.set(this.ids.subarray(0, this.rows));
    this.data = data;
    this.ids = ids;
  }

  /** Adds (or replaces) the vector of `id`, normalized. */
  set(id: number, vector: ArrayLike<number>): void {
    if (vector.length !== this.dim) throw new Error(`vector of dimension ${vector.length}, expected ${this.dim}`);
    let row = this.rowOf.get(id);
    if (row === undefined) {
      if (this.rows === this.ids.length) this.grow();
      row = this.rows++;
      this.rowOf.set(id, row);
      this.ids[row] = id;
    }
    this.data.set(normalize(vector), row * this.dim);
  }

  /** The stored (normalized) vector of `id`. */
  get(id: number): Float32Array | undefined {
    const row = this.rowOf.get(id);
    return row === undefined ? undefined : this.data.slice(row * this.dim, (row + 1) * this.dim);
  }

  /** Removes `id` by moving the last row into its place (order of rows carries no meaning). */
  remove(id: number): void {
    const row = this.rowOf.get(id);
    if (row === undefined) return;
    const last = --this.rows;
    if (row !== last) {
      const moved = this.ids[last] ?? 0;
      this.data.copyWithin(row * this.dim, last * this.dim, (last + 1) * this.dim);
      this.ids[row] = moved;
      this.rowOf.set(moved, row);
    }
    this.rowOf.delete(id);
  }

  /** The k rows most similar to `query` (cosine), best first. */
  search(query: ArrayLike<number>, k: number): Hit[] {
    if (query.length !== this.dim) throw new Error(`query of dimension ${query.length}, expected ${this.dim}`);
    const q = normalize(query);
    const top = new TopK(k);
    const { data, dim } = this;
    for (let r = 0; r < this.rows; r++) {
      let dot = 0;
      const base = r * dim;
      for (let j = 0; j < dim; j++) dot += (q[j] as number) * (data[base + j] as number);
      if (dot > top.threshold) top.push(this.ids[r] ?? 0, dot);
    }
    return top.sorted();
  }
}
