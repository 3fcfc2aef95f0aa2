// One answer: streams it from Ollama into the assistant message, coalescing tokens for the view,
// timing the thinking, saving now and then so that a crash loses at most a couple of seconds, and
// ending with a status (done, stopped, error) and the final counts. The partial answer is always kept.
import { DeltaBatcher } from '../../core/chat/batcher';
import type { StoredMessage } from '../../core/chat/types';
import { isAbort, toOllamaError, type OllamaError } from '../../core/ollama/errors';
import type { ModelGateway } from '../../core/endpoints/modelGateway';
import type { StallHandler } from '../../core/ollama/stall';
import type { ChatParams } from '../../core/ollama/types';

const SAVE_EVERY_MS = 2_000;

export interface TurnCallbacks {
  /** New text; the offsets are where it starts in the answer and in its thinking. */
  delta(text: string, thinking: string, textOffset: number, thinkingOffset: number): void;
  /** Called now and then while streaming, to save the partial answer. */
  checkpoint(): void;
  /** Asked when Ollama goes quiet (see OllamaGateway.chat). */
  onStall?: StallHandler;
}

export type TurnOutcome = { kind: 'done' } | { kind: 'stopped' } | { kind: 'error'; error: OllamaError };

export async function streamAnswer(gateway: Pick<ModelGateway, 'chat'>, params: ChatParams, answer: StoredMessage, signal: AbortSignal, callbacks: TurnCallbacks): Promise<TurnOutcome> {
  let textSent = answer.content.length;
  let thinkingSent = answer.thinking?.length ?? 0;
  const batcher = new DeltaBatcher((d) => {
    callbacks.delta(d.text, d.thinking, textSent, thinkingSent);
    textSent += d.text.length;
    thinkingSent += d.thinking.length;
  });
  let thinkingStarted: number | undefined;
  let lastSave = performance.now();
  try {
    for await (const chunk of gateway.chat(params, signal, { onStall: callbacks.onStall })) {
      if (chunk.thinking) {
        thinkingStarted ??= performance.now();
        answer.thinking = (answer.thinking ?? '') + chunk.thinking;
      }
      if (chunk.text) {
        if (thinkingStarted !== undefined && answer.thinkingMs === undefined) answer.thinkingMs = Math.round(performance.now() - thinkingStarted);
        answer.content += chunk.text;
      }
      batcher.push(chunk.text, chunk.thinking ?? '');
      if (chunk.done && chunk.stats) {
        answer.stats = { promptTokens: chunk.stats.promptEvalCount, evalTokens: chunk.stats.evalCount, evalDurationNs: chunk.stats.evalDurationNs };
      }
      if (performance.now() - lastSave > SAVE_EVERY_MS) {
        lastSave = performance.now();
        callbacks.checkpoint();
      }
    }
    return { kind: 'done' };
  } catch (err) {
    if (isAbort(err) && signal.aborted) return { kind: 'stopped' };
    return { kind: 'error', error: toOllamaError(err, { model: params.model }) };
  } finally {
    batcher.flush();
    batcher.dispose();
    if (thinkingStarted !== undefined && answer.thinkingMs === undefined) answer.thinkingMs = Math.round(performance.now() - thinkingStarted);
  }
}
