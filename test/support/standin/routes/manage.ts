// DELETE /api/delete and POST /api/copy: both answer 200 with an empty body on success.

import { decodeBody } from '../decode';
import { parseName } from '../names';
import { COPY, DELETE } from '../schemas';
import { normalizeModel } from '../store';
import { type HandlerContext, str } from './route';

export function handleDelete({ ex, state, body }: HandlerContext): void {
  const req = decodeBody(body, DELETE);
  const nameArg = str(req['model']) || str(req['name']);
  if (!parseName(nameArg)) return ex.sendError(400, `name ${JSON.stringify(nameArg)} is invalid`);
  if (!state.installed.remove(nameArg)) return ex.sendError(404, `model '${nameArg}' not found`);
  state.blobs.prune(state.installed.list());
  ex.sendEmpty(200);
}

export function handleCopy({ ex, state, body }: HandlerContext): void {
  const req = decodeBody(body, COPY);
  const source = str(req['source']);
  const destination = str(req['destination']);
  if (!parseName(source)) return ex.sendError(400, `source ${JSON.stringify(source)} is invalid`);
  if (!parseName(destination)) return ex.sendError(400, `destination ${JSON.stringify(destination)} is invalid`);
  const from = state.installed.get(source);
  if (!from) return ex.sendError(404, `model ${JSON.stringify(source)} not found`);
  // A copy is a second manifest for the same layers: same digest, new modification time.
  state.installed.put(normalizeModel({ ...from, name: destination, modifiedAt: undefined }, new Date()));
  ex.sendEmpty(200);
}
