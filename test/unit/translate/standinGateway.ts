// A gateway pointed at a fresh stand-in, and the checks every test of a model-driven job makes on the
// traffic: each chat request's prompt within num_ctx − num_predict − template overhead.
import * as assert from 'node:assert/strict';
import { OllamaGateway, resolveHost } from '../../../src/core/ollama';
import type { ChatParams, TextChunk } from '../../../src/core/ollama/types';
import { templateOverhead } from '../../../src/core/text/budget';
import { estimateTokens } from '../../../src/core/text/tokens';
import type { RecordedRequest, StandinOllama } from '../../support/standin';

export function gatewayFor(standin: StandinOllama): OllamaGateway {
  return new OllamaGateway({
    config: () => ({ host: resolveHost(standin.url, undefined), hostSetting: standin.url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '' }),
    metadataTimeoutMs: 2_000,
  });
}

export function chatOf(gateway: OllamaGateway): (params: ChatParams, signal?: AbortSignal) => AsyncIterable<TextChunk> {
  return (params, signal) => gateway.chat(params, signal);
}

export interface ChatBody {
  messages: Array<{ role: string; content: string }>;
  options: { num_ctx: number; num_predict: number };
  format?: { required?: string[] };
}

export const chatRequests = (standin: StandinOllama): RecordedRequest[] => standin.requests.filter((r) => r.path === '/api/chat');
export const bodyOf = (r: RecordedRequest): ChatBody => r.body as ChatBody;
export const userPrompt = (r: RecordedRequest): string => bodyOf(r).messages.find((m) => m.role === 'user')?.content ?? '';

/** Every request used `numCtx` and kept its prompt within its budget. Returns the largest prompt. */
export function assertWithinBudget(requests: readonly RecordedRequest[], numCtx: number): { largest: number; budget: number } {
  assert.ok(requests.length > 0, 'there were requests');
  let largest = 0;
  let budgetOfLargest = 0;
  for (const r of requests) {
    const body = bodyOf(r);
    assert.equal(body.options.num_ctx, numCtx, 'the same num_ctx for every request');
    const prompt = body.messages.reduce((sum, m) => sum + estimateTokens(m.content), 0);
    const budget = body.options.num_ctx - body.options.num_predict - templateOverhead(body.messages.length);
    assert.ok(prompt <= budget, `prompt of ${prompt} tokens within its budget of ${budget}`);
    if (prompt > largest) {
      largest = prompt;
      budgetOfLargest = budget;
    }
  }
  return { largest, budget: budgetOfLargest };
}
