// Every request, with the timings tests assert on (queueing, time to headers, early closes). Waiters are
// re-checked on every change, so tests wait for facts instead of sleeping.

import type { IncomingMessage } from 'node:http';
import type { RecordedRequest } from './types';

type Listener = () => void;

export class Recorder {
  readonly requests: RecordedRequest[] = [];
  private nextId = 1;
  private open = 0;
  private highWater = 0;
  private readonly listeners = new Set<Listener>();

  begin(req: IncomingMessage): RecordedRequest {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    const rec: RecordedRequest = {
      id: this.nextId++,
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0] ?? '/',
      body: undefined,
      headers,
      receivedAt: performance.now(),
      closedEarly: false,
      completed: false,
      tokensSent: 0,
      tokensGenerated: 0,
      tokenTimes: [],
    };
    this.requests.push(rec);
    this.open++;
    this.highWater = Math.max(this.highWater, this.open);
    this.changed();
    return rec;
  }

  finish(rec: RecordedRequest, completed: boolean): void {
    if (rec.closedAt !== undefined) return;
    rec.closedAt = performance.now();
    rec.completed = completed;
    rec.closedEarly = !completed;
    this.open = Math.max(0, this.open - 1);
    this.changed();
  }

  /** Call after mutating a record so waiters see it. */
  changed(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch {
        // A listener's failure is the waiting test's business, never the request's.
      }
    }
  }

  inFlight(): number {
    return this.open;
  }

  get maxInFlight(): number {
    return this.highWater;
  }

  /** Keeps the array instance (tests may hold it) and counts what is still open as the new high-water mark. */
  reset(): void {
    this.requests.length = 0;
    this.highWater = this.open;
    this.changed();
  }

  /**
   * Resolves with the first non-undefined result of `check`, re-run on every change. A check that throws
   * (say, reading `body.prompt` before the body is parsed) counts as "not yet": listeners run inside the
   * server's request handling, so an exception there must not escape into it.
   */
  waitFor<T>(check: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    let lastError: unknown;
    const safeCheck = (): T | undefined => {
      try {
        return check();
      } catch (e) {
        lastError = e;
        return undefined;
      }
    };
    const first = safeCheck();
    if (first !== undefined) return Promise.resolve(first);
    return new Promise((resolve, reject) => {
      const listener = (): void => {
        const value = safeCheck();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        const thrown = lastError === undefined ? '' : ` (the predicate last threw: ${String(lastError)})`;
        reject(new Error(`stand-in: timed out after ${timeoutMs} ms waiting for ${describe()}${thrown}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }

  summary(): string {
    const seen = this.requests.map((r) => `#${r.id} ${r.method} ${r.path}${r.closedAt !== undefined ? ' (closed)' : ''}`);
    return seen.length ? `requests so far: ${seen.join(', ')}` : 'no requests so far';
  }
}
