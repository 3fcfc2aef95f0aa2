// Shared bits for the stand-in's own tests: a server per test, raw HTTP helpers, and collectors for the real
// ollama client's streams.

import { Ollama } from 'ollama';
import { StandinOllama, type StandinOptions } from '../../support/standin';

/** Starts a stand-in before each test of the suite and closes it after. */
export function useStandin(options: StandinOptions = {}): { readonly s: StandinOllama; client(): Ollama } {
  let current: StandinOllama | undefined;
  beforeEach(async () => {
    current = await StandinOllama.start(options);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get s(): StandinOllama {
      if (!current) throw new Error('stand-in not started');
      return current;
    },
    // One client per call: ollama.abort() aborts every stream of an instance, so tests keep them apart.
    client(): Ollama {
      if (!current) throw new Error('stand-in not started');
      return new Ollama({ host: current.url });
    },
  };
}

export interface RawReply {
  status: number;
  contentType: string | null;
  text: string;
}

export async function raw(url: string, path: string, init: RequestInit = {}): Promise<RawReply> {
  const res = await fetch(url + path, init);
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

export function post(url: string, path: string, body: unknown, method = 'POST'): Promise<RawReply> {
  return raw(url, path, { method, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
}

export function lines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Runs the iteration and returns what it threw (or fails if it did not throw). */
export async function collectError<T>(it: AsyncIterable<T>): Promise<{ seen: T[]; error: Error }> {
  const seen: T[] = [];
  try {
    for await (const x of it) seen.push(x);
  } catch (e) {
    return { seen, error: e as Error };
  }
  throw new Error(`expected the stream to throw; got ${seen.length} items`);
}

export async function rejection(p: Promise<unknown>): Promise<Error & { status_code?: number; cause?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { status_code?: number };
  }
  throw new Error('expected a rejection');
}

/** The library logs while reading text error bodies and skipping bad lines; keep test output clean. */
export function quietConsole(): void {
  let log: typeof console.log;
  let warn: typeof console.warn;
  beforeEach(() => {
    log = console.log;
    warn = console.warn;
    console.log = () => undefined;
    console.warn = () => undefined;
  });
  afterEach(() => {
    console.log = log;
    console.warn = warn;
  });
}

export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
