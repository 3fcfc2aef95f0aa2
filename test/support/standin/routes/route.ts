// The shape every route handler has, and small readers for decoded bodies.

import type { Exchange } from '../exchange';
import type { StreamFault } from '../faults';
import type { StandinState } from '../state';

export interface HandlerContext {
  ex: Exchange;
  state: StandinState;
  /** The body as UTF-8 text (what the JSON handlers decode). */
  body: string;
  /** The body's bytes (blob uploads). */
  raw: Buffer;
  /** A stream fault the handler plays out when it starts emitting. */
  fault: StreamFault | undefined;
  /** The `:digest` of /api/blobs/:digest. */
  param?: string;
}

export type Handler = (h: HandlerContext) => Promise<void> | void;

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function optStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** `stream` is a *bool in Go: only an explicit false turns streaming off. */
export function wantsStream(req: Record<string, unknown>): boolean {
  return req['stream'] !== false;
}
