// Content hashes of chunks. sha256 from node:crypto (core already runs only in Node and uses it elsewhere):
// a collision would reuse the wrong embedding silently, so a short non-cryptographic hash is not enough here.
import { createHash } from 'node:crypto';

export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function bytesHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
