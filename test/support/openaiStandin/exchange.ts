// One request/response pair of the OpenAI-compatible stand-in. Every write goes through here so that the
// status, the time headers left, the text chunks sent and early closes are recorded in one place.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Recorder } from '../standin/recorder';
import type { RecordedRequest } from './types';

export const JSON_TYPE = 'application/json; charset=utf-8';
export const SSE_TYPE = 'text/event-stream';

export class SseExchange {
  private readonly abort = new AbortController();
  private streaming = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly rec: RecordedRequest,
    private readonly recorder: Recorder,
    /** Headers every response carries (llama.cpp: `Server: llama.cpp`). */
    private readonly common: Record<string, string>,
  ) {
    res.on('close', () => {
      this.recorder.finish(rec, res.writableFinished);
      this.abort.abort();
    });
  }

  /** Fires when the response closes for any reason: finished, client gone, socket destroyed. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get closed(): boolean {
    return this.abort.signal.aborted || this.res.destroyed;
  }

  get headersSent(): boolean {
    return this.res.headersSent;
  }

  touch(): void {
    this.recorder.changed();
  }

  readBody(): Promise<string> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      const done = (): void => resolve(Buffer.concat(chunks).toString('utf8'));
      this.req.on('data', (c: Buffer) => chunks.push(c));
      this.req.on('end', done);
      this.req.on('error', done);
      this.req.on('close', done);
    });
  }

  private head(status: number, headers: Record<string, string | number>): void {
    if (this.res.headersSent || this.closed) return;
    this.res.writeHead(status, { ...this.common, ...headers });
    this.rec.headersSentAt = performance.now();
    this.rec.status = status;
    this.recorder.changed();
  }

  sendBody(status: number, contentType: string | undefined, body: string): void {
    if (this.res.headersSent || this.closed) return;
    const headers: Record<string, string | number> = { 'Content-Length': Buffer.byteLength(body) };
    if (contentType) headers['Content-Type'] = contentType;
    this.head(status, headers);
    this.res.end(body);
  }

  sendJson(status: number, value: unknown): void {
    this.sendBody(status, JSON_TYPE, JSON.stringify(value));
  }

  /** Sends the SSE headers now (a stall after headers needs them out before any event). */
  openStream(): void {
    if (this.streaming) return;
    this.streaming = true;
    this.head(200, { 'Content-Type': SSE_TYPE, 'Cache-Control': 'no-cache' });
    // writeHead only queues the headers; a stall right after them must still let the client see the 200.
    if (!this.closed) this.res.flushHeaders();
  }

  /** Writes raw SSE text, opening the stream first. False once the client is gone. */
  async write(text: string): Promise<boolean> {
    if (this.closed) return false;
    this.openStream();
    if (!this.res.write(text)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.res.off('drain', done);
          this.res.off('close', done);
          resolve();
        };
        this.res.on('drain', done);
        this.res.on('close', done);
      });
    }
    return !this.closed;
  }

  /** One `data:` event with compact JSON (or a literal such as `[DONE]`). */
  event(value: unknown): Promise<boolean> {
    return this.write(`data: ${typeof value === 'string' ? value : JSON.stringify(value)}\n\n`);
  }

  end(): void {
    if (this.closed) return;
    this.openStream();
    this.res.end();
  }

  /** A dropped connection, as when the server dies mid-reply. */
  destroy(): void {
    this.res.destroy();
    this.req.socket.destroy();
  }
}
