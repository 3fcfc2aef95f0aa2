// The index's file I/O behind a tiny interface (tests use a temp directory; the feature will pass the
// workspace's storage folder). Writes are crash-safe: the bytes go to a temporary file that is flushed to
// disk (fsync) and then renamed over the old one, and the directory is synced so the rename itself survives a
// power cut. A crash at any point leaves either the old file or the new one, never a mix; a torn file that
// some other mishap produced is caught by the checksum in the format (store.ts).
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface IndexFiles {
  /** The file's bytes, or undefined when it does not exist. */
  read(name: string): Promise<Uint8Array | undefined>;
  /** Replaces the file atomically. */
  writeAtomic(name: string, data: Uint8Array): Promise<void>;
  remove(name: string): Promise<void>;
}

async function syncDir(dir: string): Promise<void> {
  // Directories cannot be opened for sync on Windows; there the rename is already durable enough (NTFS journals it).
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function nodeIndexFiles(dir: string): IndexFiles {
  const full = (name: string): string => {
    if (name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new Error(`invalid index file name ${name}`);
    return path.join(dir, name);
  };
  return {
    async read(name) {
      try {
        return new Uint8Array(await fs.readFile(full(name)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async writeAtomic(name, data) {
      const target = full(name);
      await fs.mkdir(dir, { recursive: true });
      // Leading dot: never read back as an index file, and easy to sweep after a crash.
      const temp = path.join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
      const handle = await fs.open(temp, 'w');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await fs.rename(temp, target);
      } catch (err) {
        await fs.rm(temp, { force: true });
        throw err;
      }
      await syncDir(dir);
    },
    async remove(name) {
      await fs.rm(full(name), { force: true });
    },
  };
}
