// Loading and saving the index file through IndexFiles: a missing, torn or foreign file loads as "no index".
import type { IndexFiles } from './files';
import { decodeIndex, encodeIndex, encodeIndexAsync, type IndexSnapshot, type LoadResult } from './store';

export const INDEX_FILE = 'workspace-index.bin';

export async function loadIndex(files: IndexFiles): Promise<LoadResult> {
  return decodeIndex(await files.read(INDEX_FILE));
}

/**
 * Writes the index. With `sliced`, it is encoded in slices that give the event loop a turn (encodeIndexAsync;
 * the snapshot must then stay unchanged until the promise settles); without, at once, as the call is made.
 */
export async function saveIndex(files: IndexFiles, snapshot: IndexSnapshot, options?: { sliced?: boolean; signal?: AbortSignal }): Promise<void> {
  const bytes = options?.sliced ? await encodeIndexAsync(snapshot, { signal: options.signal }) : encodeIndex(snapshot);
  await files.writeAtomic(INDEX_FILE, bytes);
}

export async function deleteIndex(files: IndexFiles): Promise<void> {
  await files.remove(INDEX_FILE);
}
