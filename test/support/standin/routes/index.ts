// The route table of GenerateRoutes (the native API only). gin's HandleMethodNotAllowed gives 405 for a known
// path with another method; anything else is 404.

import { handleBlob } from './blobs';
import { handleChat } from './chat';
import { handleCreate } from './create';
import { handleEmbed, handleEmbeddings } from './embed';
import { handleGenerate } from './generate';
import { handleCopy, handleDelete } from './manage';
import { handlePs, handleRoot, handleTags, handleVersion } from './meta';
import { handlePull, handlePush } from './pull';
import type { Handler } from './route';
import { handleShow } from './show';

export interface Route {
  methods: Partial<Record<string, Handler>>;
  /** Streams NDJSON (or buffers when stream:false) and plays stream faults itself. */
  streams: boolean;
}

const ROUTES: Record<string, Route> = {
  '/': { methods: { GET: handleRoot, HEAD: handleRoot }, streams: false },
  '/api/version': { methods: { GET: handleVersion, HEAD: handleVersion }, streams: false },
  '/api/tags': { methods: { GET: handleTags, HEAD: handleTags }, streams: false },
  '/api/ps': { methods: { GET: handlePs }, streams: false },
  '/api/show': { methods: { POST: handleShow }, streams: false },
  '/api/generate': { methods: { POST: handleGenerate }, streams: true },
  '/api/chat': { methods: { POST: handleChat }, streams: true },
  '/api/embed': { methods: { POST: handleEmbed }, streams: false },
  '/api/embeddings': { methods: { POST: handleEmbeddings }, streams: false },
  '/api/pull': { methods: { POST: handlePull }, streams: true },
  '/api/push': { methods: { POST: handlePush }, streams: true },
  '/api/create': { methods: { POST: handleCreate }, streams: true },
  '/api/copy': { methods: { POST: handleCopy }, streams: false },
  '/api/delete': { methods: { DELETE: handleDelete }, streams: false },
};

const BLOBS: Route = { methods: { HEAD: handleBlob, POST: handleBlob }, streams: false };

export type RouteMatch =
  | { kind: 'found'; route: Route; handler: Handler; param?: string }
  | { kind: 'notFound' }
  | { kind: 'methodNotAllowed' };

export function matchRoute(method: string, path: string): RouteMatch {
  let route = ROUTES[path];
  let param: string | undefined;
  const blob = /^\/api\/blobs\/([^/]+)$/.exec(path);
  if (!route && blob) {
    route = BLOBS;
    param = decodeURIComponent(blob[1] ?? '');
  }
  if (!route) return { kind: 'notFound' };
  const handler = route.methods[method];
  if (!handler) return { kind: 'methodNotAllowed' };
  return param === undefined ? { kind: 'found', route, handler } : { kind: 'found', route, handler, param };
}
