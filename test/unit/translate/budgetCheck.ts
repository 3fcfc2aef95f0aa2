// The check every test of a model-driven job makes on the stand-in's traffic: each chat request ran with the
// window the job budgeted against (the gateway sends it) and kept its prompt within num_ctx − num_predict −
// template overhead. Shared by the unit and the integration tests.
import * as assert from 'assert';
import { templateOverhead } from '../../../src/core/text/budget';
import { estimateTokens } from '../../../src/core/text/tokens';
import type { RecordedRequest, StandinOllama } from '../../support/standin';

export interface ChatBody {
  messages: Array<{ role: string; content: string }>;
  options: { num_ctx: number; num_predict: number };
  format?: { required?: string[] };
}

export const chatRequests = (standin: StandinOllama): RecordedRequest[] => standin.requests.filter((r) => r.path === '/api/chat');
export const bodyOf = (r: RecordedRequest): ChatBody => r.body as ChatBody;
export const userPrompt = (r: RecordedRequest): string => bodyOf(r).messages.find((m) => m.role === 'user')?.content ?? '';

/** Every request was sent with num_ctx `numCtx` (the job's budget) and kept its prompt within it. Returns the largest prompt. */
export function assertWithinBudget(requests: readonly RecordedRequest[], numCtx: number): { largest: number; budget: number } {
  assert.ok(requests.length > 0, 'there were requests');
  let largest = 0;
  let budgetOfLargest = 0;
  for (const r of requests) {
    const body = bodyOf(r);
    assert.strictEqual(body.options.num_ctx, numCtx, 'the same num_ctx for every request');
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
