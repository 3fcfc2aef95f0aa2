// Installed models (what /api/tags lists) and the blob store that makes pulls resumable.

import { displayName, keyOf, parseName } from './names';
import { layersOf, sha256Hex } from './modelfacts';
import { localTimestamp } from './timefmt';
import type { StandinModel } from './types';

/** A catalogue entry with its name normalised and digest/modifiedAt filled in. */
export type InstalledModel = StandinModel & { digest: string; modifiedAt: string };

export function normalizeModel(m: StandinModel, fallbackModified: Date): InstalledModel {
  const parsed = parseName(m.name);
  const name = parsed ? displayName(parsed) : m.name;
  return {
    ...m,
    name,
    capabilities: [...m.capabilities],
    digest: m.digest ?? sha256Hex(`standin-manifest\n${name}`),
    modifiedAt: m.modifiedAt ?? localTimestamp(fallbackModified),
  };
}

export class ModelStore {
  private readonly byKey = new Map<string, InstalledModel>();

  constructor(models: readonly StandinModel[] = []) {
    this.replace(models);
  }

  /** Entries without modifiedAt get times one minute apart, in the order given (first = newest). */
  replace(models: readonly StandinModel[]): void {
    this.byKey.clear();
    const now = Date.now();
    models.forEach((m, i) => this.put(normalizeModel(m, new Date(now - i * 60_000))));
  }

  put(m: InstalledModel): void {
    const key = keyOf(m.name) ?? m.name.toLowerCase();
    this.byKey.set(key, m);
  }

  get(name: string): InstalledModel | undefined {
    const key = keyOf(name);
    return key === undefined ? undefined : this.byKey.get(key);
  }

  remove(name: string): boolean {
    const key = keyOf(name);
    return key !== undefined && this.byKey.delete(key);
  }

  /** Newest first, like ListHandler. */
  list(): InstalledModel[] {
    return [...this.byKey.values()].sort((a, b) => Date.parse(b.modifiedAt) - Date.parse(a.modifiedAt));
  }
}

/**
 * Bytes on "disk" per blob digest. Complete blobs make later pulls report a cache hit; partial ones make
 * them resume, as the real downloader does with its -partial files.
 */
export class BlobStore {
  private readonly blobs = new Map<string, { bytes: number; size: number }>();

  has(digest: string): boolean {
    const b = this.blobs.get(digest);
    return b !== undefined && b.bytes >= b.size;
  }

  bytes(digest: string): number {
    return this.blobs.get(digest)?.bytes ?? 0;
  }

  record(digest: string, bytes: number, size: number): void {
    this.blobs.set(digest, { bytes: Math.min(size, Math.max(bytes, this.bytes(digest))), size });
  }

  addModel(m: StandinModel): void {
    for (const l of layersOf(m)) this.record(l.digest, l.size, l.size);
  }

  /** Drops complete layers no remaining model uses (the server prunes on delete); partial ones stay. */
  prune(models: readonly StandinModel[]): void {
    const used = new Set(models.flatMap((m) => layersOf(m).map((l) => l.digest)));
    for (const [digest, b] of this.blobs) {
      if (!used.has(digest) && b.bytes >= b.size) this.blobs.delete(digest);
    }
  }
}
