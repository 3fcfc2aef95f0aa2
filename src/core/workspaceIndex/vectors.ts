// The vector store: one flat matrix (row i = the vector of the chunk with id ids[i]), scanned exactly. Vectors
// are normalized on the way in, so cosine similarity is a dot product, and kept int8-quantized with a scale per
// row, in memory as on disk (quantize.ts): 50 000 chunks × 768 dimensions are 38 MB instead of 154 MB of
// float32, and the scan runs in integer arithmetic (see search()). An exact scan needs no approximate
// index (HNSW and friends are native modules or large WASM, and lose recall).
import { dequantizeRow, quantizeRows } from './quantize';
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
  /** Row-major int8 rows (see quantize.ts): a quarter of float32's memory and bandwidth for the same ranking. */
  private data: Int8Array;
  private scales: Float32Array;
  private ids: Int32Array;
  private rows = 0;
  /** id → row, for remove() and has(). */
  private readonly rowOf = new Map<number, number>();

  constructor(
    readonly dim: number,
    capacity = 1024,
  ) {
    if (!Number.isInteger(dim) || dim <= 0) throw new Error(`invalid vector dimension ${dim}`);
    this.data = new Int8Array(capacity * dim);
    this.scales = new Float32Array(capacity);
    this.ids = new Int32Array(capacity);
  }

  get size(): number {
    return this.rows;
  }

  /** Bytes of the matrix, scales and id column as allocated. */
  get bytes(): number {
    return this.data.byteLength + this.scales.byteLength + this.ids.byteLength;
  }

  has(id: number): boolean {
    return this.rowOf.has(id);
  }

  allIds(): number[] {
    return Array.from(this.ids.subarray(0, this.rows));
  }

  private grow(): void {
    // ×1.5: at 50 000 rows of 768 a doubling would leave up to 38 MB unused.
    const capacity = Math.max(1024, Math.ceil(this.ids.length * 1.5));
    const data = new Int8Array(capacity * this.dim);
    data.set(this.data.subarray(0, this.rows * this.dim));
    const scales = new Float32Array(capacity);
    scales.set(this.scales.subarray(0, this.rows));
    const ids = new Int32Array(capacity);
    ids.set(this.ids.subarray(0, this.rows));
    this.data = data;
    this.scales = scales;
    this.ids = ids;
  }

  /** Adds (or replaces) the vector of `id`, normalized, then quantized. */
  set(id: number, vector: ArrayLike<number>): void {
    if (vector.length !== this.dim) throw new Error(`vector of dimension ${vector.length}, expected ${this.dim}`);
    let row = this.rowOf.get(id);
    if (row === undefined) {
      if (this.rows === this.ids.length) this.grow();
      row = this.rows++;
      this.rowOf.set(id, row);
      this.ids[row] = id;
    }
    const q = quantizeRows([normalize(vector)], this.dim);
    this.data.set(q.values, row * this.dim);
    this.scales[row] = q.scales[0] ?? 1;
  }

  /** The stored vector of `id` (normalized, as quantized). */
  get(id: number): Float32Array | undefined {
    const row = this.rowOf.get(id);
    if (row === undefined) return undefined;
    return dequantizeRow({ dim: this.dim, values: this.data.subarray(row * this.dim, (row + 1) * this.dim), scales: this.scales.subarray(row, row + 1) }, 0);
  }

  /** Removes `id` by moving the last row into its place (order of rows carries no meaning). */
  remove(id: number): void {
    const row = this.rowOf.get(id);
    if (row === undefined) return;
    const last = --this.rows;
    if (row !== last) {
      const moved = this.ids[last] ?? 0;
      this.data.copyWithin(row * this.dim, last * this.dim, (last + 1) * this.dim);
      this.scales[row] = this.scales[last] ?? 1;
      this.ids[row] = moved;
      this.rowOf.set(moved, row);
    }
    this.rowOf.delete(id);
  }

  /**
   * The k rows most similar to `query` (cosine), best first. The query is quantized like the rows, so the inner
   * loop is integer arithmetic (exact in int32: |sum| ≤ dim × 127², far below 2³¹), four rows at a time so each
   * query value is loaded once per four rows: about three times faster than a float loop over one row.
   */
  search(query: ArrayLike<number>, k: number): Hit[] {
    if (query.length !== this.dim) throw new Error(`query of dimension ${query.length}, expected ${this.dim}`);
    const qq = quantizeRows([normalize(query)], this.dim);
    const q = qq.values;
    const qScale = qq.scales[0] ?? 1;
    const top = new TopK(k);
    const { data, dim, scales, ids } = this;
    const rows = this.rows;
    let r = 0;
    for (; r + 4 <= rows; r += 4) {
      const b0 = r * dim;
      const b1 = b0 + dim;
      const b2 = b1 + dim;
      const b3 = b2 + dim;
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      for (let j = 0; j < dim; j++) {
        const x = q[j] as number;
        d0 = (d0 + x * (data[b0 + j] as number)) | 0;
        d1 = (d1 + x * (data[b1 + j] as number)) | 0;
        d2 = (d2 + x * (data[b2 + j] as number)) | 0;
        d3 = (d3 + x * (data[b3 + j] as number)) | 0;
      }
      const s0 = d0 * qScale * (scales[r] as number);
      const s1 = d1 * qScale * (scales[r + 1] as number);
      const s2 = d2 * qScale * (scales[r + 2] as number);
      const s3 = d3 * qScale * (scales[r + 3] as number);
      if (s0 > top.threshold) top.push(ids[r] as number, s0);
      if (s1 > top.threshold) top.push(ids[r + 1] as number, s1);
      if (s2 > top.threshold) top.push(ids[r + 2] as number, s2);
      if (s3 > top.threshold) top.push(ids[r + 3] as number, s3);
    }
    for (; r < rows; r++) {
      const base = r * dim;
      let d = 0;
      for (let j = 0; j < dim; j++) d = (d + (q[j] as number) * (data[base + j] as number)) | 0;
      const score = d * qScale * (scales[r] as number);
      if (score > top.threshold) top.push(ids[r] as number, score);
    }
    return top.sorted();
  }
}
