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
  const header: Header = {
    format: FORMAT_VERSION,
    model: s.model,
    dim: s.dim,
    quantization: 'int8',
    chunks: s.chunks.length,
    vectors: rows.length,
    metaBytes: meta.length,
    payloadBytes: payload.length,
    sha256: bytesHash(payload),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(MAGIC.length + 4 + headerBytes.length + payload.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, headerBytes.length, true);
  out.set(headerBytes, MAGIC.length + 4);
  out.set(payload, MAGIC.length + 4 + headerBytes.length);
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
