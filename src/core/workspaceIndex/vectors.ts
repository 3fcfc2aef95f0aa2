// The vector store: one flat matrix (row i = the vector of the chunk with id ids[i]), scanned exactly. Vectors
// are normalized on the way in, so cosine similarity is a dot product, and kept int8-quantized with a scale per
// row, in memory as on disk (quantize.ts): 50 000 chunks × 768 dimensions are 38 MB instead of 154 MB of
// float32, and the scan runs in integer arithmetic (see search()), in a WebAssembly SIMD kernel where the engine
// has one (dotKernel.ts; Node and VS Code's Electron do). An exact scan needs no approximate index (HNSW and
// friends are native modules or large WASM, and lose recall).
import { createDotKernel, ROW_ALIGN, type DotKernel } from './dotKernel';
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

/** Rows per call into the WebAssembly kernel: its int32 results fit a small fixed area (1 KiB). */
const BLOCK = 256;
const PAGE = 65536;

export interface VectorStoreOptions {
  /** Use the WebAssembly SIMD kernel where the engine has it (default true); false forces the JavaScript loop. */
  simd?: boolean;
}

export class VectorStore {
  /**
   * Row-major int8 rows (see quantize.ts), each padded with zeros to `stride` bytes (a multiple of 16, the
   * kernel's step): a quarter of float32's memory and bandwidth for the same ranking. With the WebAssembly
   * kernel the rows live in its memory, after the int16 query and the block of int32 results, so a search
   * copies nothing but the query.
   */
  private data: Int8Array;
  private scales: Float32Array;
  private ids: Int32Array;
  private rows = 0;
  private capacity: number;
  /** id → row, for remove() and has(). */
  private readonly rowOf = new Map<number, number>();
  private readonly stride: number;
  private readonly kernel: DotKernel | undefined;
  /** Byte offsets in the kernel's memory: the int16 query, the int32 results of a block, the rows. */
  private readonly qAt = 0;
  private readonly outAt: number;
  private readonly dataAt: number;

  constructor(
    readonly dim: number,
    capacity = 1024,
    options: VectorStoreOptions = {},
  ) {
    if (!Number.isInteger(dim) || dim <= 0) throw new Error(`invalid vector dimension ${dim}`);
    this.stride = Math.ceil(dim / ROW_ALIGN) * ROW_ALIGN;
    this.outAt = this.qAt + 2 * this.stride;
    this.dataAt = this.outAt + 4 * BLOCK;
    this.capacity = Math.max(1, capacity);
    this.kernel = options.simd === false ? undefined : createDotKernel(Math.ceil((this.dataAt + this.capacity * this.stride) / PAGE));
    this.data = this.kernel ? new Int8Array(this.kernel.memory.buffer, this.dataAt, this.capacity * this.stride) : new Int8Array(this.capacity * this.stride);
    this.scales = new Float32Array(this.capacity);
    this.ids = new Int32Array(this.capacity);
  }

  get size(): number {
    return this.rows;
  }

  /** Which scan runs: the WebAssembly SIMD kernel, or the JavaScript loop where the engine lacks SIMD. */
  get scan(): 'wasm-simd' | 'js' {
    return this.kernel ? 'wasm-simd' : 'js';
  }

  /** Bytes of the matrix (or the kernel's whole memory), scales and id column as allocated. */
  get bytes(): number {
    return (this.kernel ? this.kernel.memory.buffer.byteLength : this.data.byteLength) + this.scales.byteLength + this.ids.byteLength;
  }

  has(id: number): boolean {
    return this.rowOf.has(id);
  }

  allIds(): number[] {
    return Array.from(this.ids.subarray(0, this.rows));
  }

  private grow(): void {
    // ×1.5: at 50 000 rows of 768 a doubling would leave up to 38 MB unused.
    const capacity = Math.max(1024, Math.ceil(this.capacity * 1.5));
    if (this.kernel) {
      // Growing the memory keeps its bytes in place but detaches the old buffer: views are made anew.
      const needed = this.dataAt + capacity * this.stride;
      const have = this.kernel.memory.buffer.byteLength;
      if (needed > have) this.kernel.memory.grow(Math.ceil((needed - have) / PAGE));
      this.data = new Int8Array(this.kernel.memory.buffer, this.dataAt, capacity * this.stride);
    } else {
      const data = new Int8Array(capacity * this.stride);
      data.set(this.data.subarray(0, this.rows * this.stride));
      this.data = data;
    }
    const scales = new Float32Array(capacity);
    scales.set(this.scales.subarray(0, this.rows));
    const ids = new Int32Array(capacity);
    ids.set(this.ids.subarray(0, this.rows));
    this.scales = scales;
    this.ids = ids;
    this.capacity = capacity;
  }

  /** Adds (or replaces) the vector of `id`, normalized, then quantized. */
  set(id: number, vector: ArrayLike<number>): void {
    if (vector.length !== this.dim) throw new Error(`vector of dimension ${vector.length}, expected ${this.dim}`);
    let row = this.rowOf.get(id);
    if (row === undefined) {
      if (this.rows === this.capacity) this.grow();
      row = this.rows++;
      this.rowOf.set(id, row);
      this.ids[row] = id;
    }
    const q = quantizeRows([normalize(vector)], this.dim);
    this.data.set(q.values, row * this.stride);
    this.scales[row] = q.scales[0] ?? 1;
  }

  /** The stored vector of `id` (normalized, as quantized). */
  get(id: number): Float32Array | undefined {
    const row = this.rowOf.get(id);
    if (row === undefined) return undefined;
    const at = row * this.stride;
    return dequantizeRow({ dim: this.dim, values: this.data.subarray(at, at + this.dim), scales: this.scales.subarray(row, row + 1) }, 0);
  }

  /** Removes `id` by moving the last row into its place (order of rows carries no meaning). */
  remove(id: number): void {
    const row = this.rowOf.get(id);
    if (row === undefined) return;
    const last = --this.rows;
    if (row !== last) {
      const moved = this.ids[last] ?? 0;
      this.data.copyWithin(row * this.stride, last * this.stride, (last + 1) * this.stride);
      this.scales[row] = this.scales[last] ?? 1;
      this.ids[row] = moved;
      this.rowOf.set(moved, row);
    }
    this.rowOf.delete(id);
  }

  /**
   * The k rows most similar to `query` (cosine), best first. The query is quantized like the rows, so the scan
   * is integer arithmetic (exact in int32: |sum| ≤ dim × 127², far below 2³¹) and both scans below compute the
   * same dot products, hence the same scores and the same top-k.
   */
  search(query: ArrayLike<number>, k: number): Hit[] {
    return this.scanAll(query, k, undefined);
  }

  /**
   * search(), and the score of every row besides (in row order, no ids): the distribution relevance.ts
   * compares the best hits with, to tell a chunk that stands out from one that is merely the least unrelated.
   */
  searchWithScores(query: ArrayLike<number>, k: number): { hits: Hit[]; scores: Float32Array } {
    const scores = new Float32Array(this.rows);
    return { hits: this.scanAll(query, k, scores), scores };
  }

  private scanAll(query: ArrayLike<number>, k: number, all: Float32Array | undefined): Hit[] {
    if (query.length !== this.dim) throw new Error(`query of dimension ${query.length}, expected ${this.dim}`);
    const qq = quantizeRows([normalize(query)], this.dim);
    const qScale = qq.scales[0] ?? 1;
    const top = new TopK(k);
    if (this.kernel) this.scanWasm(this.kernel, qq.values, qScale, top, all);
    else this.scanJs(qq.values, qScale, top, all);
    return top.sorted();
  }

  /** The WebAssembly kernel over blocks of BLOCK rows; scores and the heap stay in JavaScript. */
  private scanWasm(kernel: DotKernel, q: Int8Array, qScale: number, top: TopK, all: Float32Array | undefined): void {
    const buffer = kernel.memory.buffer;
    const q16 = new Int16Array(buffer, this.qAt, this.stride);
    q16.fill(0);
    q16.set(q);
    const out = new Int32Array(buffer, this.outAt, BLOCK);
    const { scales, ids, stride, rows } = this;
    for (let r = 0; r < rows; r += BLOCK) {
      const n = Math.min(BLOCK, rows - r);
      kernel.dots(this.qAt, this.dataAt + r * stride, n, stride, this.outAt);
      for (let i = 0; i < n; i++) {
        const score = (out[i] as number) * qScale * (scales[r + i] as number);
        if (all) all[r + i] = score;
        if (score > top.threshold) top.push(ids[r + i] as number, score);
      }
    }
  }

  /** Four rows at a time, so each query value is loaded once per four rows: about three times a float loop. */
  private scanJs(q: Int8Array, qScale: number, top: TopK, all: Float32Array | undefined): void {
    const { data, dim, stride, scales, ids } = this;
    const rows = this.rows;
    let r = 0;
    for (; r + 4 <= rows; r += 4) {
      const b0 = r * stride;
      const b1 = b0 + stride;
      const b2 = b1 + stride;
      const b3 = b2 + stride;
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
      if (all) {
        all[r] = s0;
        all[r + 1] = s1;
        all[r + 2] = s2;
        all[r + 3] = s3;
      }
      if (s0 > top.threshold) top.push(ids[r] as number, s0);
      if (s1 > top.threshold) top.push(ids[r + 1] as number, s1);
      if (s2 > top.threshold) top.push(ids[r + 2] as number, s2);
      if (s3 > top.threshold) top.push(ids[r + 3] as number, s3);
    }
    for (; r < rows; r++) {
      const base = r * stride;
      let d = 0;
      for (let j = 0; j < dim; j++) d = (d + (q[j] as number) * (data[base + j] as number)) | 0;
      const score = d * qScale * (scales[r] as number);
      if (all) all[r] = score;
      if (score > top.threshold) top.push(ids[r] as number, score);
    }
  }
}
