// One request/response pair. All writes go through here so that headersSentAt, status, token counts and
// early closes are recorded in one place, and so that content types match what gin sends.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Recorder } from './recorder';
import type { RecordedRequest } from './types';

export const JSON_TYPE = 'application/json; charset=utf-8';
export const NDJSON_TYPE = 'application/x-ndjson';
export const TEXT_TYPE = 'text/plain; charset=utf-8';

export class Exchange {
  private readonly abort = new AbortController();
  private streaming = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly rec: RecordedRequest,
    private readonly recorder: Recorder,
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

  /** A change the waiters should see (token counts). */
  touch(): void {
    this.recorder.changed();
  }

  readBody(): Promise<Buffer> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      const done = (): void => resolve(Buffer.concat(chunks));
      this.req.on('data', (c: Buffer) => chunks.push(c));
      this.req.on('end', done);
      // A client that leaves mid-body gets no answer anyway; resolve so the handler can notice the close.
      this.req.on('error', done);
      this.req.on('close', done);
    });
  }

  private head(status: number, headers: Record<string, string | number>): void {
    if (this.res.headersSent || this.closed) return;
    this.res.writeHead(status, headers);
    this.rec.headersSentAt = performance.now();
    this.rec.status = status;
    this.recorder.changed();
  }

  /** Extra headers (CORS) to go out with whatever is written next. */
  setHeader(name: string, value: string): void {
    if (!this.res.headersSent) this.res.setHeader(name, value);
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

  sendError(status: number, message: string): void {
    this.sendJson(status, { error: message });
  }

  sendText(status: number, text: string): void {
    this.sendBody(status, TEXT_TYPE, text);
  }

  /** 200 with an empty body and no content type: what DeleteHandler and CopyHandler leave behind. */
  sendEmpty(status = 200): void {
    this.sendBody(status, undefined, '');
  }

  /** Writes one NDJSON line, sending the stream headers first if needed. False once the client is gone. */
  async writeLine(value: unknown): Promise<boolean> {
    return this.writeRaw(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
  }

  async writeRaw(text: string): Promise<boolean> {
    if (this.closed) return false;
    if (!this.streaming) {
      this.streaming = true;
      this.head(200, { 'Content-Type': NDJSON_TYPE });
    }
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

  /** Sends the stream's headers now, before any line. */
  beginStream(): void {
    if (this.closed || this.streaming) return;
    this.streaming = true;
    this.head(200, { 'Content-Type': NDJSON_TYPE });
    this.res.flushHeaders();
  }

  endStream(): void {
    if (this.closed) return;
    if (!this.res.headersSent) this.head(200, { 'Content-Type': NDJSON_TYPE });
    this.res.end();
  }

  /** A dropped connection, as when the daemon crashes mid-reply. */
  destroy(): void {
    this.res.destroy();
    this.req.socket.destroy();
  }
}
