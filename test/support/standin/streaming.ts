// Emits the lines of a reply, either as NDJSON (stream) or collected into one JSON reply (stream:false), and
// plays out stream faults at the right token. Mirrors streamResponse: an error before anything was written
// becomes a normal status + JSON body; after that it is one `{"error":…}` line and the end of the stream.

import { untilAborted } from './delays';
import type { Exchange } from './exchange';
import type { StreamFault } from './faults';

export type EmitMode = 'stream' | 'buffer';

export class LineEmitter {
  private count = 0;
  private fault: StreamFault | undefined;
  private malformedPending = false;
  private stopped = false;

  constructor(
    private readonly ex: Exchange,
    readonly mode: EmitMode,
    fault: StreamFault | undefined,
  ) {
    this.fault = fault;
  }

  /** Lines (tokens / progress lines) produced so far. */
  get produced(): number {
    return this.count;
  }

  get alive(): boolean {
    return !this.stopped && !this.ex.closed;
  }

  /** Plays out a fault that is due now. False when the reply must stop here. */
  private async due(atEnd: boolean): Promise<boolean> {
    const f = this.fault;
    if (!f || f.kind === 'noDone') return true;
    if (atEnd ? this.count > f.afterTokens : this.count !== f.afterTokens) return true;
    this.fault = undefined;
    switch (f.kind) {
      case 'errorMidStream':
        await this.fail(f.error);
        return false;
      case 'stall':
        this.stopped = true;
        if (f.headers && this.mode === 'stream') this.ex.beginStream();
        await untilAborted(this.ex.signal);
        return false;
      case 'drop':
        this.stopped = true;
        this.ex.destroy();
        return false;
      case 'malformedLine':
        if (this.mode === 'buffer') {
          this.malformedPending = true;
          return true;
        }
        // A line cut off mid-object, as a broken proxy or a crashed writer would leave it.
        return this.ex.writeRaw('{"model":"broken","created_at":"2026-01-01T00:00:00Z","respo\n');
    }
  }

  /** One token or progress line. False once the reply has stopped (client gone, or a fault ended it). */
  async line(value: unknown): Promise<boolean> {
    if (!this.alive) return false;
    if (!(await this.due(false))) return false;
    if (!this.alive) return false;
    this.ex.rec.tokensGenerated++;
    this.count++;
    if (this.mode === 'stream') {
      if (!(await this.ex.writeLine(value))) return false;
      this.ex.rec.tokensSent++;
      this.ex.rec.tokenTimes.push(performance.now());
    }
    this.ex.touch();
    return this.alive;
  }

  /** The done / success object. With a noDone fault the stream ends without it. */
  async finish(final: Record<string, unknown>): Promise<void> {
    if (!this.alive) return;
    if (!(await this.due(true))) return;
    if (!this.alive) return;
    const noDone = this.fault?.kind === 'noDone';
    this.stopped = true;
    if (this.mode === 'stream') {
      if (!noDone) await this.ex.writeLine(final);
      this.ex.endStream();
      return;
    }
    this.ex.rec.tokensSent = this.count;
    if (this.malformedPending) {
      this.ex.sendBody(200, 'application/json; charset=utf-8', JSON.stringify(final).slice(0, 40));
      return;
    }
    if (noDone) {
      const partial: Record<string, unknown> = { ...final };
      delete partial['done_reason'];
      if ('done' in partial) partial['done'] = false;
      if (partial['status'] === 'success') delete partial['status'];
      this.ex.sendJson(200, partial);
      return;
    }
    this.ex.sendJson(200, final);
  }

  /** A real failure (or an errorMidStream fault): status + JSON before any output, else an error line. */
  async fail(message: string, status = 500): Promise<void> {
    if (this.ex.closed) return;
    this.stopped = true;
    if (this.mode === 'stream' && this.ex.headersSent) {
      await this.ex.writeLine({ error: message });
      this.ex.endStream();
      return;
    }
    this.ex.sendError(status, message);
  }
}
