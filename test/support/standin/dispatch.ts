// One request from arrival to handler: record it, read the body, run the CORS and Host guards, route it,
// apply a scripted fault, and turn decoding errors into the 400s the server sends.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostAllowed, originAllowed } from './cors';
import { DecodeError, parseLoosely } from './decode';
import { untilAborted } from './delays';
import { DurationError } from './duration';
import { Exchange } from './exchange';
import { type FaultBook, type StreamFault, defaultStatusMessage, isStreamFault, nginxErrorPage } from './faults';
import { canonicalOf } from './names';
import { matchRoute } from './routes';
import type { StandinState } from './state';
import type { Fault } from './types';

const CORS_ALLOW_HEADERS = [
  'Authorization', 'Content-Type', 'User-Agent', 'Accept', 'X-Requested-With', 'OpenAI-Beta', 'x-stainless-arch',
  'x-stainless-async', 'x-stainless-custom-poll-interval', 'x-stainless-helper-method', 'x-stainless-lang',
  'x-stainless-os', 'x-stainless-package-version', 'x-stainless-poll-helper', 'x-stainless-retry-count',
  'x-stainless-runtime', 'x-stainless-runtime-version', 'x-stainless-timeout',
].join(',');

function modelOfBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const v = b['model'] ?? b['name'] ?? b['source'];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Faults settled before the handler runs. Stream faults on routes that never stream have no tokens to count,
 * so they act at once: an error → 500, stall → silence, drop → reset, malformedLine → a cut-off JSON body.
 * True when the response is settled.
 */
async function settleFault(ex: Exchange, fault: Fault, model: string, streams: boolean): Promise<boolean> {
  switch (fault.kind) {
    case 'status': {
      if (fault.contentType === 'html') {
        ex.sendBody(fault.status, 'text/html', fault.error ?? nginxErrorPage(fault.status));
        return true;
      }
      const message = fault.error ?? defaultStatusMessage(fault.status, model);
      if (fault.contentType === 'text') ex.sendText(fault.status, message);
      else ex.sendError(fault.status, message);
      return true;
    }
    case 'noInsert':
      ex.sendError(400, `${canonicalOf(model)} does not support insert`);
      return true;
    case 'stallBeforeHeaders':
      await untilAborted(ex.signal);
      return true;
    case 'refuse':
      return false;
    default:
      break;
  }
  if (streams) return false;
  switch (fault.kind) {
    case 'errorMidStream':
      ex.sendError(500, fault.error);
      return true;
    case 'stall':
      await untilAborted(ex.signal);
      return true;
    case 'drop':
      ex.destroy();
      return true;
    case 'malformedLine':
      ex.sendBody(200, 'application/json; charset=utf-8', '{"models":[{"name":"trunc');
      return true;
    default:
      return false;
  }
}

export async function dispatch(
  req: IncomingMessage,
  res: ServerResponse,
  state: StandinState,
  faults: FaultBook,
): Promise<void> {
  const rec = state.recorder.begin(req);
  const ex = new Exchange(req, res, rec, state.recorder);
  try {
    const raw = await ex.readBody();
    const body = raw.toString('utf8');
    rec.body = parseLoosely(body);
    state.recorder.changed();
    if (ex.closed) return;

    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!originAllowed(origin, state.settings.allowedOrigins)) return ex.sendEmpty(403);
      ex.setHeader('Access-Control-Allow-Origin', origin);
      ex.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        ex.setHeader('Access-Control-Allow-Methods', 'GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS');
        ex.setHeader('Access-Control-Allow-Headers', CORS_ALLOW_HEADERS);
        ex.setHeader('Access-Control-Max-Age', '43200');
        return ex.sendEmpty(204);
      }
    }
    if (!hostAllowed(req.headers.host)) return ex.sendEmpty(403);

    const match = matchRoute(rec.method, rec.path);
    if (match.kind === 'notFound') return ex.sendText(404, '404 page not found');
    if (match.kind === 'methodNotAllowed') return ex.sendText(405, '405 method not allowed');

    const model = modelOfBody(rec.body);
    const fault = faults.take(rec.path, model);
    if (fault && (await settleFault(ex, fault, model ?? '', match.route.streams))) return;
    const streamFault: StreamFault | undefined = fault && isStreamFault(fault) ? fault : undefined;

    await match.handler({ ex, state, body, raw, fault: streamFault, ...(match.param !== undefined ? { param: match.param } : {}) });
  } catch (e) {
    if (e instanceof DecodeError || e instanceof DurationError) {
      ex.sendError(400, e.message);
      return;
    }
    if (ex.headersSent) ex.destroy();
    else ex.sendError(500, e instanceof Error ? e.message : String(e));
  }
}
