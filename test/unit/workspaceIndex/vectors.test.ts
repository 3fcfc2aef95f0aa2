// The flat vector store: normalization, exact cosine top-k with a bounded heap, removal, int8 quantization.
import * as assert from 'node:assert/strict';
import { dotKernelBytes } from '../../../src/core/workspaceIndex/dotKernel';
import { dequantizeRow, quantizeRows } from '../../../src/core/workspaceIndex/quantize';
import { TopK } from '../../../src/core/workspaceIndex/topK';
import { normalize, VectorStore } from '../../../src/core/workspaceIndex/vectors';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('workspaceIndex: vectors', () => {
  it('TopK keeps the k best of a stream, best first', () => {
    const top = new TopK(3);
    [5, 1, 9, 3, 7, 2, 8].forEach((s, i) => top.push(i, s));
    assert.deepEqual(top.sorted().map((h) => h.score), [9, 8, 7]);
    assert.deepEqual(new TopK(0).sorted(), []);
    const few = new TopK(10);
    few.push(1, 0.5);
    assert.deepEqual(few.sorted(), [{ id: 1, score: 0.5 }]);
  });

  it('the scan returns the same top-k as sorting every cosine', () => {
    const r = rng(7);
    const dim = 16;
    const store = new VectorStore(dim, 4); // small capacity: growth is exercised too
    const rows: Float32Array[] = [];
    for (let i = 0; i < 300; i++) {
      const v = Float32Array.from({ length: dim }, () => r() - 0.5);
      rows.push(normalize(v));
      store.set(i + 100, v);
    }
    const q = normalize(Float32Array.from({ length: dim }, () => r() - 0.5));
    const expected = rows
      .map((v, i) => ({ id: i + 100, score: v.reduce((s, x, j) => s + x * (q[j] ?? 0), 0) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10)
      .map((h) => h.id);
    assert.deepEqual(store.search(q, 10).map((h) => h.id), expected);
  });

  it('at 768 dimensions the int8 scan finds the same top 10 as exact float cosine, in 4-row blocks and the rest', () => {
    const r = rng(11);
    const dim = 768;
    const store = new VectorStore(dim);
    const rows: Float32Array[] = [];
    for (let i = 0; i < 2003; i++) {
      const v = normalize(Float32Array.from({ length: dim }, () => r() - 0.5));
      rows.push(v);
      store.set(i, v);
    }
    for (let t = 0; t < 5; t++) {
      // A query near one row (as a real question is near its answer), plus noise.
      const target = Math.floor(r() * rows.length);
      const q = normalize(Float32Array.from({ length: dim }, (_, j) => (rows[target]?.[j] ?? 0) + (r() - 0.5) * 0.05));
      const exact = rows
        .map((v, i) => ({ id: i, score: v.reduce((s, x, j) => s + x * (q[j] ?? 0), 0) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10)
        .map((h) => h.id);
      const got = store.search(q, 10);
      assert.equal(got[0]?.id, target);
      assert.ok(got.filter((h) => exact.includes(h.id)).length >= 9);
    }
  });

  it('stores normalized vectors; cosine of a vector with itself is 1', () => {
    const store = new VectorStore(3);
    store.set(1, [3, 0, 4]);
    const got = Array.from(store.get(1) ?? []);
    assert.ok(Math.abs((got[0] ?? 0) - 0.6) < 0.005 && got[1] === 0 && Math.abs((got[2] ?? 0) - 0.8) < 0.005, String(got));
    const [hit] = store.search([30, 0, 40], 1);
    // Both sides int8: within a few thousandths in 3 dimensions, far less in hundreds.
    assert.ok(hit && Math.abs(hit.score - 1) < 5e-3, String(hit?.score));
  });

  it('removes a row by moving the last one into its place; replacing keeps one row', () => {
    const store = new VectorStore(2);
    store.set(1, [1, 0]);
    store.set(2, [0, 1]);
    store.set(3, [1, 1]);
    store.remove(1);
    store.remove(42);
    assert.equal(store.size, 2);
    assert.deepEqual(store.allIds().sort(), [2, 3]);
    assert.equal(store.search([1, 0.01], 1)[0]?.id, 3);
    store.set(2, [1, 0]);
    assert.equal(store.size, 2);
    assert.equal(store.search([1, 0], 1)[0]?.id, 2);
  });

  it('refuses vectors of the wrong dimension', () => {
    const store = new VectorStore(3);
    assert.throws(() => store.set(1, [1, 2]), /dimension 2, expected 3/);
    assert.throws(() => store.search([1], 1), /dimension/);
    assert.throws(() => new VectorStore(0), /invalid/);
  });

  it('int8 quantization keeps cosine within 1e-2 and zero rows as zero', () => {
    const r = rng(3);
    const dim = 768;
    const a = normalize(Float32Array.from({ length: dim }, () => r() - 0.5));
    const b = normalize(Float32Array.from({ length: dim }, () => r() - 0.5));
    const q = quantizeRows([a, b, new Float32Array(dim)], dim);
    assert.equal(q.values.length, 3 * dim);
    const a2 = normalize(dequantizeRow(q, 0));
    const b2 = normalize(dequantizeRow(q, 1));
    const cos = (x: Float32Array, y: Float32Array): number => x.reduce((s, v, i) => s + v * (y[i] ?? 0), 0);
    assert.ok(Math.abs(cos(a, b) - cos(a2, b2)) < 1e-2);
    assert.ok(cos(a, a2) > 0.999);
    assert.ok(dequantizeRow(q, 2).every((x) => x === 0));
  });
  it('the WebAssembly SIMD kernel is valid and is the scan Node uses', () => {
    assert.ok(WebAssembly.validate(dotKernelBytes()));
    assert.equal(new VectorStore(768).scan, 'wasm-simd');
    assert.equal(new VectorStore(768, 16, { simd: false }).scan, 'js');
  });

  for (const dim of [768, 1024, 20]) {
    it(`at ${dim} dimensions the WebAssembly and JavaScript scans return the same hits and scores as the integer reference, through growth and removal`, () => {
      const r = rng(dim);
      const wasm = new VectorStore(dim, 8);
      const js = new VectorStore(dim, 8, { simd: false });
      const n = dim > 100 ? 700 : 3000; // not a multiple of the kernel's 256-row block nor of 4
      const stored = new Map<number, Float32Array>();
      for (let i = 0; i < n; i++) {
        // Cubes: many small values and a few large ones, as real embeddings; some rows zero.
        const v = i % 97 === 0 ? new Float32Array(dim) : Float32Array.from({ length: dim }, () => (r() - 0.5) ** 3);
        wasm.set(i, v);
        js.set(i, v);
        stored.set(i, v);
      }
      for (let i = 0; i < n; i += 7) {
        wasm.remove(i);
        js.remove(i);
        stored.delete(i);
      }
      assert.deepEqual(wasm.allIds().sort((a, b) => a - b), [...stored.keys()]);
      for (let t = 0; t < 4; t++) {
        const q = Float32Array.from({ length: dim }, () => r() - 0.5);
        // The reference: every row's integer dot product with the quantized query, times both scales, sorted.
        const qq = quantizeRows([normalize(q)], dim);
        const reference = [...stored]
          .map(([id, v]) => {
            const row = quantizeRows([normalize(v)], dim);
            let d = 0;
            for (let j = 0; j < dim; j++) d += (qq.values[j] ?? 0) * (row.values[j] ?? 0);
            return { id, score: d * (qq.scales[0] ?? 1) * (row.scales[0] ?? 1) };
          })
          .sort((a, b) => b.score - a.score || a.id - b.id)
          .slice(0, 10);
        const got = wasm.search(q, 10);
        assert.deepEqual(got, js.search(q, 10));
        assert.deepEqual(got, reference);
      }
    });
  }
});
