// Writes the text chunks of one streamed reply and plays out a stream fault at the right chunk. Faults count
// text chunks only (the role chunk does not count); a fault due at chunk 0 acts right after the headers.

import { untilAborted } from '../standin/delays';
import type { SseExchange } from './exchange';
import type { StreamFault } from './faults';
import { errorBody } from './flavours';
import type { Flavour } from './types';

export class ChunkEmitter {
  private count = 0;
  private stopped = false;

  constructor(
    private readonly ex: SseExchange,
    private readonly flavour: Flavour,
    private fault: StreamFault | undefined,
    /** Whether the route ends with `data: [DONE]` (llama.cpp's /infill does not). */
    private readonly sendsDone: boolean,
  ) {}

  get alive(): boolean {
    return !this.stopped && !this.ex.closed;
  }

  /** Plays out a fault due now (or at the end when it was never reached). False when the reply stops here. */
  private async due(atEnd: boolean): Promise<boolean> {
    const f = this.fault;
    if (!f || f.kind === 'noDone') return true;
    const after = f.afterChunks ?? 0;
    if (atEnd ? this.count > after : this.count !== after) return true;
    this.fault = undefined;
    this.ex.openStream();
    switch (f.kind) {
      case 'stallAfterHeaders':
        this.stopped = true;
        await untilAborted(this.ex.signal);
        return false;
      case 'drop':
        this.stopped = true;
        this.ex.destroy();
        return false;
      case 'malformedLine':
        return this.ex.write('data: {"id":"chatcmpl-broken","object":"chat.completion.chunk","choi\n\n');
      case 'errorMidStream':
        this.stopped = true;
        await this.ex.event(errorBody(this.flavour, 500, f.message));
        // vLLM still sends [DONE] after an error event; llama.cpp just ends the stream.
        if (this.flavour !== 'llamacpp' && this.sendsDone) await this.ex.event('[DONE]');
        this.ex.end();
        return false;
    }
  }

  /** The headers and anything before the first text chunk (the role chunk). */
  async preamble(value: unknown | undefined): Promise<boolean> {
    this.ex.openStream();
    if (!(await this.due(false))) return false;
    if (value !== undefined) await this.ex.event(value);
    return this.alive;
  }

  /** One text chunk. False once the reply has stopped (client gone, or a fault ended it). */
  async chunk(value: unknown): Promise<boolean> {
    if (!this.alive) return false;
    if (!(await this.due(false))) return false;
    if (!this.alive) return false;
    this.ex.rec.tokensGenerated++;
    if (!(await this.ex.event(value))) return false;
    this.count++;
    this.ex.rec.tokensSent++;
    this.ex.rec.tokenTimes.push(performance.now());
    this.ex.touch();
    return this.alive;
  }

  /** The finish chunk(s), then `[DONE]` where the route sends it. A noDone fault ends the stream bare. */
  async finish(events: unknown[]): Promise<void> {
    if (!this.alive) return;
    if (!(await this.due(true))) return;
    if (!this.alive) return;
    this.stopped = true;
    if (this.fault?.kind !== 'noDone') {
      for (const e of events) await this.ex.event(e);
      if (this.sendsDone) await this.ex.event('[DONE]');
    }
    this.ex.end();
  }
}
