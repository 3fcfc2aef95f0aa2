// Loading and saving the index file through IndexFiles: a missing, torn or foreign file loads as "no index".
import type { IndexFiles } from './files';
import { decodeIndex, encodeIndex, type IndexSnapshot, type LoadResult } from './store';

export const INDEX_FILE = 'workspace-index.bin';

export async function loadIndex(files: IndexFiles): Promise<LoadResult> {
  return decodeIndex(await files.read(INDEX_FILE));
}

export async function saveIndex(files: IndexFiles, snapshot: IndexSnapshot): Promise<void> {
  await files.writeAtomic(INDEX_FILE, encodeIndex(snapshot));
}

export async function deleteIndex(files: IndexFiles): Promise<void> {
  await files.remove(INDEX_FILE);
}
