// The index file. Layout (little-endian):
//
//   "HEARTHIX"            8 bytes, magic
//   u32                   length of the header
//   header                JSON: format version, embedding model and dimension, counts, payload length, sha256
//   payload               JSON of the chunks and the vector order, then float32 scales, then int8 rows
//
// The header names the embedding model and dimension: vectors from another model are meaningless, so a
// different model means a rebuild (plan.ts). The checksum covers the payload, so a truncated or torn file is
// recognized and ignored (the index is then rebuilt) instead of being half-loaded.
import { createHash } from 'node:crypto';
import { bytesHash } from './hash';
import { dequantizeRow, quantizeRows } from './quantize';
import type { Chunk } from './types';

export const FORMAT_VERSION = 1;
const MAGIC = 'HEARTHIX';

/** What the index holds: the chunks, and one vector per distinct content hash. */
export interface IndexSnapshot {
  model: string;
  dim: number;
  chunks: Chunk[];
  vectors: Map<string, Float32Array>;
}

interface Header {
  format: number;
  model: string;
  dim: number;
  quantization: 'int8';
  chunks: number;
  vectors: number;
  metaBytes: number;
  payloadBytes: number;
  sha256: string;
}

interface Meta {
  chunks: Chunk[];
  /** The content hash of each vector row, in row order. */
  vectorHashes: string[];
}

export type LoadResult =
  | { ok: true; snapshot: IndexSnapshot }
  | { ok: false; reason: 'missing' | 'corrupt' | 'format' };

/** The file's buffer with its magic, header length and header written; the payload goes at `payloadAt`. */
function framed(s: IndexSnapshot, vectors: number, metaBytes: number, payloadBytes: number, sha256: string): { out: Uint8Array; payloadAt: number } {
  const header: Header = { format: FORMAT_VERSION, model: s.model, dim: s.dim, quantization: 'int8', chunks: s.chunks.length, vectors, metaBytes, payloadBytes, sha256 };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const payloadAt = MAGIC.length + 4 + headerBytes.length;
  const out = new Uint8Array(payloadAt + payloadBytes);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, headerBytes.length, true);
  out.set(headerBytes, MAGIC.length + 4);
  return { out, payloadAt };
}

export function encodeIndex(s: IndexSnapshot): Uint8Array {
  const vectorHashes = [...s.vectors.keys()];
  const rows = vectorHashes.map((h) => s.vectors.get(h) ?? new Float32Array(s.dim));
  for (const r of rows) if (r.length !== s.dim) throw new Error(`vector of dimension ${r.length}, expected ${s.dim}`);
  const q = quantizeRows(rows, s.dim);
  const meta = new TextEncoder().encode(JSON.stringify({ chunks: s.chunks, vectorHashes } satisfies Meta));
  const payload = new Uint8Array(meta.length + q.scales.byteLength + q.values.byteLength);
  payload.set(meta, 0);
  payload.set(new Uint8Array(q.scales.buffer, q.scales.byteOffset, q.scales.byteLength), meta.length);
  payload.set(new Uint8Array(q.values.buffer, q.values.byteOffset, q.values.byteLength), meta.length + q.scales.byteLength);
  const { out, payloadAt } = framed(s, rows.length, meta.length, payload.length, bytesHash(payload));
  out.set(payload, payloadAt);
  return out;
}

/**
 * encodeIndex() in slices of about `sliceMs` (default 20) with a turn of the event loop between them: the same
 * bytes (a unit test compares), without holding the extension host for the second or more that encoding a
 * 50 000-chunk index takes. The snapshot must not change until the promise settles; on abort it rejects with
 * the signal's reason.
 */
export async function encodeIndexAsync(s: IndexSnapshot, options: { sliceMs?: number; signal?: AbortSignal } = {}): Promise<Uint8Array> {
  const sliceMs = options.sliceMs ?? 20;
  let sliceStart = Date.now();
  const pause = async (): Promise<void> => {
    if (Date.now() - sliceStart < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    options.signal?.throwIfAborted();
    sliceStart = Date.now();
  };
  options.signal?.throwIfAborted();
  const vectorHashes = [...s.vectors.keys()];
  const values = new Int8Array(vectorHashes.length * s.dim);
  const scales = new Float32Array(vectorHashes.length);
  // 64 rows a slice at most: the first runs before the loop is optimized (several times slower).
  for (let from = 0; from < vectorHashes.length; from += 64) {
    const rows = vectorHashes.slice(from, from + 64).map((h) => s.vectors.get(h) ?? new Float32Array(s.dim));
    for (const r of rows) if (r.length !== s.dim) throw new Error(`vector of dimension ${r.length}, expected ${s.dim}`);
    const q = quantizeRows(rows, s.dim);
    values.set(q.values, from * s.dim);
    scales.set(q.scales, from);
    await pause();
  }
  // The JSON of { chunks, vectorHashes } piece by piece: JSON.stringify writes an array as its elements joined
  // by commas, without spaces, so the pieces concatenated are the bytes encodeIndex() writes.
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [encoder.encode('{"chunks":[')];
  for (let from = 0; from < s.chunks.length; from += 500) {
    const piece = s.chunks.slice(from, from + 500).map((c) => JSON.stringify(c)).join(',');
    parts.push(encoder.encode(from === 0 ? piece : `,${piece}`));
    await pause();
  }
  parts.push(encoder.encode('],"vectorHashes":['));
  for (let from = 0; from < vectorHashes.length; from += 5000) {
    const piece = vectorHashes.slice(from, from + 5000).map((h) => JSON.stringify(h)).join(',');
    parts.push(encoder.encode(from === 0 ? piece : `,${piece}`));
    await pause();
  }
  parts.push(encoder.encode(']}'));
  const metaBytes = parts.reduce((n, p) => n + p.length, 0);
  const payloadBytes = metaBytes + scales.byteLength + values.byteLength;
  const hash = createHash('sha256');
  for (const p of parts) {
    hash.update(p);
    await pause();
  }
  const scaleBytes = new Uint8Array(scales.buffer, scales.byteOffset, scales.byteLength);
  hash.update(scaleBytes);
  const valueBytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  for (let from = 0; from < valueBytes.length; from += 4 << 20) {
    hash.update(valueBytes.subarray(from, from + (4 << 20)));
    await pause();
  }
  const { out, payloadAt } = framed(s, vectorHashes.length, metaBytes, payloadBytes, hash.digest('hex'));
  // Copied in slices too: 90 MB at 50 000 chunks.
  let at = payloadAt;
  for (const p of [...parts, scaleBytes]) {
    out.set(p, at);
    at += p.length;
    await pause();
  }
  for (let from = 0; from < valueBytes.length; from += 4 << 20) {
    const piece = valueBytes.subarray(from, from + (4 << 20));
    out.set(piece, at);
    at += piece.length;
    await pause();
  }
  return out;
}

function parseHeader(bytes: Uint8Array): { header: Header; payloadAt: number } | 'corrupt' | 'format' {
  if (bytes.length < MAGIC.length + 4) return 'corrupt';
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) return 'corrupt';
  const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length, true);
  const payloadAt = MAGIC.length + 4 + len;
  if (payloadAt > bytes.length) return 'corrupt';
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, payloadAt))) as Header;
  } catch {
    return 'corrupt';
  }
  if (typeof header !== 'object' || header === null || header.format !== FORMAT_VERSION) return 'format';
  return { header, payloadAt };
}

export function decodeIndex(bytes: Uint8Array | undefined): LoadResult {
  if (!bytes) return { ok: false, reason: 'missing' };
  const parsed = parseHeader(bytes);
  if (typeof parsed === 'string') return { ok: false, reason: parsed };
  const { header, payloadAt } = parsed;
  const payload = bytes.subarray(payloadAt);
  if (payload.length !== header.payloadBytes) return { ok: false, reason: 'corrupt' };
  if (bytesHash(payload) !== header.sha256) {
    return { ok: false, reason: 'corrupt' };
  }
  try {
    const meta = JSON.parse(new TextDecoder().decode(payload.subarray(0, header.metaBytes))) as Meta;
    // Copies, so the typed arrays are aligned whatever the offsets in the file.
    const scales = new Float32Array(payload.slice(header.metaBytes, header.metaBytes + 4 * header.vectors).buffer);
    const values = new Int8Array(payload.slice(header.metaBytes + 4 * header.vectors).buffer);
    if (values.length !== header.vectors * header.dim || meta.vectorHashes.length !== header.vectors) return { ok: false, reason: 'corrupt' };
    const q = { dim: header.dim, scales, values };
    const vectors = new Map<string, Float32Array>();
    meta.vectorHashes.forEach((h, r) => vectors.set(h, dequantizeRow(q, r)));
    return { ok: true, snapshot: { model: header.model, dim: header.dim, chunks: meta.chunks, vectors } };
  } catch {
    return { ok: false, reason: 'corrupt' };
  }
}
