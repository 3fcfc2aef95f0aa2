// What an update has to do, decided from the old index and the files' new chunks alone: which texts to
// embed (content hashes the index has no vector for), which chunks and vectors to drop. Unchanged text is
// never re-embedded, wherever it moved (a rename, lines shifted by an edit above). A different embedding
// model or dimension invalidates every vector: a rebuild.
import type { IndexSnapshot } from './store';
import type { Chunk } from './types';

export interface FileChunks {
  path: string;
  /** The file's chunks now; empty for a file that was deleted or is now skipped. */
  chunks: Chunk[];
}

export interface PlanTarget {
  model: string;
  dim: number;
  /** 'all': `files` is the whole workspace (any other path is dropped). 'these': only these paths changed. */
  scope: 'all' | 'these';
}

export interface UpdatePlan {
  /** The old vectors cannot be used (no index, another model or dimension). */
  rebuild: boolean;
  /** One chunk per content hash that needs an embedding. */
  toEmbed: Chunk[];
  /** Every chunk of the updated index, by path then line. */
  chunks: Chunk[];
  /** Old chunks that are gone. */
  dropped: Chunk[];
  /** Content hashes whose vectors no chunk uses any more. */
  unusedVectors: string[];
}

const key = (c: Chunk): string => `${c.path}\u0000${c.startLine}\u0000${c.endLine}\u0000${c.hash}`;

export function plan(old: IndexSnapshot | undefined, files: readonly FileChunks[], target: PlanTarget): UpdatePlan {
  const rebuild = !old || old.model !== target.model || old.dim !== target.dim;
  const oldChunks = old?.chunks ?? [];
  const changed = new Set(files.map((f) => f.path));
  const kept = target.scope === 'these' ? oldChunks.filter((c) => !changed.has(c.path)) : [];
  const chunks = [...kept, ...files.flatMap((f) => f.chunks)].sort(
    (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.startLine - b.startLine),
  );
  const now = new Set(chunks.map(key));
  const dropped = oldChunks.filter((c) => !now.has(key(c)));
  const known = rebuild ? new Map<string, Float32Array>() : (old?.vectors ?? new Map<string, Float32Array>());
  const toEmbed: Chunk[] = [];
  const wanted = new Set<string>();
  for (const c of chunks) {
    if (wanted.has(c.hash)) continue;
    wanted.add(c.hash);
    if (!known.has(c.hash)) toEmbed.push(c);
  }
  const unusedVectors = [...(old?.vectors.keys() ?? [])].filter((h) => rebuild || !wanted.has(h));
  return { rebuild, toEmbed, chunks, dropped, unusedVectors };
}
