// A model for engine tests and replays: streams a scripted answer token by token on a (fake) clock and
// records every request, including whether it was closed before its end, like the Ollama stand-in does.

import { sleep, type Clock } from '../../../src/core/completion/clock';
import type { GenerateFn } from '../../../src/core/completion/flight';
import { OllamaError } from '../../../src/core/ollama/errors';
import type { GenerateParams, TextChunk } from '../../../src/core/ollama/types';
import { tokenize } from '../standin/tokens';

export interface FakeRequest {
  params: GenerateParams;
  sentAt: number;
  closedAt?: number;
  /** Closed before the model finished (aborted, or the reader stopped). */
  closedEarly: boolean;
  tokensSent: number;
}

export interface FakeModelOptions {
  firstTokenMs?: number;
  perTokenMs?: number;
}

export type ReplyFn = (params: GenerateParams, index: number) => string | Error;

export class FakeModel {
  readonly requests: FakeRequest[] = [];
  private open = 0;
  maxOpen = 0;
  firstTokenMs: number;
  perTokenMs: number;

  constructor(
    private readonly clock: Clock,
    private reply: ReplyFn,
    options: FakeModelOptions = {},
  ) {
    this.firstTokenMs = options.firstTokenMs ?? 50;
    this.perTokenMs = options.perTokenMs ?? 10;
  }

  setReply(reply: ReplyFn): void {
    this.reply = reply;
  }

  get inFlight(): number {
    return this.open;
  }

  readonly generate: GenerateFn = (params, signal) => this.stream(params, signal);

  private async *stream(params: GenerateParams, signal: AbortSignal): AsyncGenerator<TextChunk> {
    const record: FakeRequest = { params, sentAt: this.clock.now(), closedEarly: false, tokensSent: 0 };
    this.requests.push(record);
    this.open++;
    this.maxOpen = Math.max(this.maxOpen, this.open);
    let finished = false;
    try {
      const answer = this.reply(params, this.requests.length - 1);
      await this.wait(this.firstTokenMs, signal, params.model);
      if (answer instanceof Error) throw answer;
      const tokens = tokenize(answer);
      for (let i = 0; i < tokens.length; i++) {
        if (i > 0) await this.wait(this.perTokenMs, signal, params.model);
        record.tokensSent++;
        yield { text: tokens[i], done: false };
      }
      finished = true;
      yield { text: '', done: true, doneReason: 'stop' };
    } finally {
      this.open--;
      record.closedAt = this.clock.now();
      record.closedEarly = !finished;
    }
  }

  private async wait(ms: number, signal: AbortSignal, model: string): Promise<void> {
    try {
      await sleep(this.clock, ms, signal);
    } catch {
      throw new OllamaError('aborted', 'The request was cancelled.', { model });
    }
  }
}
