// What a completion strategy is to the replay: VS Code's provider call, the edit and cursor notifications,
// and a log of every request it sends (through the same gateway), so that requests can be tied to the
// keystroke that caused them, to the stand-in's record of them and to what was shown from them.
import { performance } from 'node:perf_hooks';
import type { GenerateFn } from '../../../src/core/completion/flight';
import type { CompletionRequest } from '../../../src/core/completion/request';
import type { ServedFrom } from '../../../src/core/completion/stats';
import type { GenerateParams, TextChunk } from '../../../src/core/ollama/types';

export interface Answer {
  text: string;
  source: ServedFrom;
  /** The request the text came from (RequestLog id), when known. */
  requestId?: number;
}

export interface Strategy {
  readonly name: string;
  /** VS Code asks for a suggestion; `signal` fires when it cancels the call. */
  provide(request: CompletionRequest, signal: AbortSignal): Promise<Answer | undefined>;
  noteEdit(documentId: string, offset: number, deletedLength: number, inserted: string): void;
  /** The editor saw a line break typed at the cursor (with its indentation): `request` is the call it will make. */
  lineBreak?(request: CompletionRequest): void;
  noteCursor(documentId: string, offset: number): void;
  dispose(): void;
}

export interface SentRequest {
  id: number;
  params: GenerateParams;
  sentAt: number;
  /** Index of the latest keystroke when the request was sent (the one it serves). */
  keystroke: number;
  /** The cursor's line when it was sent. */
  line: number;
  /** Text received so far (what the stream yielded). */
  received: string;
  closedAt?: number;
  /** How the client ended it: read to the end, stopped reading because the suggestion was complete, or aborted. */
  end?: 'done' | 'complete' | 'aborted' | 'error';
}

/** Wraps the gateway's generate so that every request is logged with the replay's position. */
export class RequestLog {
  readonly requests: SentRequest[] = [];

  constructor(
    private readonly inner: GenerateFn,
    private readonly position: () => { keystroke: number; line: number },
  ) {}

  get last(): SentRequest | undefined {
    return this.requests[this.requests.length - 1];
  }

  readonly generate: GenerateFn = (params, signal) => {
    const { keystroke, line } = this.position();
    const record: SentRequest = { id: this.requests.length + 1, params, sentAt: performance.now(), keystroke, line, received: '' };
    this.requests.push(record);
    return this.track(record, this.inner(params, signal), signal);
  };

  private async *track(record: SentRequest, stream: AsyncIterable<TextChunk>, signal: AbortSignal): AsyncGenerator<TextChunk> {
    let finished = false;
    try {
      for await (const chunk of stream) {
        record.received += chunk.text;
        if (chunk.done) finished = true;
        yield chunk;
      }
      record.end = 'done';
    } catch (err) {
      record.end = signal.aborted ? 'aborted' : 'error';
      throw err;
    } finally {
      record.closedAt = performance.now();
      // The reader left the loop before the end: it had what it needed, or it was aborted.
      if (!record.end) record.end = signal.aborted ? 'aborted' : finished ? 'done' : 'complete';
    }
  }
}
