// HEAD|POST /api/blobs/:digest, so that a client's upload-then-create dance gets the real answers.

import { createHash } from 'node:crypto';
import type { HandlerContext } from './route';

const DIGEST = /^sha256[:-][0-9a-f]{64}$/;

export function handleBlob({ ex, state, raw, param }: HandlerContext): void {
  const digest = (param ?? '').replace('sha256-', 'sha256:');
  if (!DIGEST.test(param ?? '')) return ex.sendError(400, 'invalid digest format');
  if (ex.req.method === 'HEAD') {
    if (state.blobs.has(digest)) return ex.sendEmpty(200);
    return ex.sendError(404, `blob ${JSON.stringify(param)} not found`);
  }
  if (state.blobs.has(digest)) return ex.sendEmpty(200);
  const actual = `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  if (actual !== digest) return ex.sendError(400, `digest mismatch, expected ${JSON.stringify(param)}, got ${JSON.stringify(actual)}`);
  const size = raw.length;
  state.blobs.record(digest, size, size);
  ex.sendEmpty(201);
}
