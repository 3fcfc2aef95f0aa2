// The summary run against the stand-in over real HTTP: one request when the text fits, otherwise the parts
// in order, merge rounds when the notes do not fit, the final summary streamed last; every prompt within
// its budget; cancellation and a broken stream end the run.
import * as assert from 'node:assert/strict';
import { isAbort, OllamaError, type OllamaGateway } from '../../../src/core/ollama';
import { findLanguage } from '../../../src/core/prompts/languages';
import { planSummary, runSummary, SummaryBudgetError, type SummaryInput } from '../../../src/core/summarize';
import { StandinOllama } from '../../support/standin';
import { FINAL_SUMMARY, SINGLE_SUMMARY, partOf, summaryReplies } from './replies';
import { assertWithinBudget, chatOf, chatRequests, gatewayFor, userPrompt } from '../translate/standinGateway';

const english = findLanguage('en')!;

function input(text: string, numCtx: number, languageId = 'markdown'): SummaryInput {
  return { text, source: { name: 'doc.md', languageId, firstLine: 1, lastLine: text.split('\n').length }, style: 'bullets', language: english, numCtx };
}

function longText(paragraphs: number): string {
  return Array.from({ length: paragraphs }, (_, i) => `## Topic ${i + 1}\n\nParagraph ${i + 1} says something specific about topic ${i + 1}, in two plain sentences. It names \`option${i + 1}\`.\n`).join('\n');
}

describe('summary map-reduce against the stand-in', () => {
  let standin: StandinOllama;
  let gateway: OllamaGateway;

  beforeEach(async () => {
    standin = await StandinOllama.start({ reply: summaryReplies });
    // hearth.contextLength 2048: every job below budgets against the window the gateway sends.
    gateway = gatewayFor(standin, 2048);
  });

  /** The job's input, budgeted against the model's window as the features do. */
  async function jobInput(text: string, languageId = 'markdown', gw = gateway): Promise<SummaryInput> {
    return input(text, await gw.contextWindow('llama3.2:3b'), languageId);
  }
  afterEach(async () => {
    await standin.close();
  });

  it('sends a text that fits as one request and streams the answer', async () => {
    let streamed = '';
    const wide = gatewayFor(standin, 4096);
    const job = await jobInput('A short text.', 'markdown', wide);
    assert.equal(job.numCtx, 4096);
    const result = await runSummary(job, { model: 'llama3.2:3b', chat: chatOf(wide) }, { summaryDelta: (d) => (streamed += d) });
    assert.equal(result.summary, SINGLE_SUMMARY);
    assert.equal(streamed, SINGLE_SUMMARY);
    assert.equal(result.requests.length, 1);
    assert.equal(result.notes.length, 0);
    assertWithinBudget(chatRequests(standin), 4096);
  });

  it('summarizes the parts in order, merges notes in rounds, and streams only the final summary', async () => {
    const text = longText(400);
    const job = await jobInput(text);
    assert.equal(job.numCtx, 2048);
    const plan = planSummary(job);
    assert.equal(plan.kind, 'mapReduce');
    const events: string[] = [];
    let streamed = '';
    const noteText = new Map<number, string>();
    const result = await runSummary(job, { model: 'llama3.2:3b', chat: chatOf(gateway) }, {
      progress: (p) => events.push(p.phase === 'part' ? `part ${p.part}/${p.parts}` : p.phase),
      noteDelta: (part, d) => noteText.set(part, (noteText.get(part) ?? '') + d),
      summaryDelta: (d) => (streamed += d),
    });
    const parts = plan.kind === 'mapReduce' ? plan.parts.length : 0;
    assert.ok(parts > 10, `${parts} parts`);
    // Map: every part once, in order, before anything else.
    const requests = chatRequests(standin);
    const partOrder = requests.slice(0, parts).map((r) => partOf(userPrompt(r)));
    assert.deepEqual(partOrder, Array.from({ length: parts }, (_, i) => i + 1));
    assert.deepEqual(events.slice(0, parts), Array.from({ length: parts }, (_, i) => `part ${i + 1}/${parts}`));
    // Reduce: merge rounds (notes are long), then exactly one final request, last.
    assert.ok(events.includes('merge'), 'notes were merged in rounds');
    assert.equal(events[events.length - 1], 'final');
    assert.equal(events.filter((e) => e === 'final').length, 1);
    const merges = requests.slice(parts, -1);
    for (const m of merges) {
      const labels = [...userPrompt(m).matchAll(/^## Parts? (\d+)(?:–(\d+))?/gm)].map((x) => [Number(x[1]), Number(x[2] ?? x[1])] as const);
      for (let i = 1; i < labels.length; i++) assert.equal(labels[i]![0], labels[i - 1]![1] + 1, 'each merge takes consecutive parts in order');
    }
    assert.equal(streamed, FINAL_SUMMARY, 'only the final answer streams into the summary');
    assert.equal(result.summary, FINAL_SUMMARY);
    assert.equal(noteText.size, parts);
    assert.match(noteText.get(1)!, /Notes on part 1\./);
    // Nothing dropped: the parts cover the text exactly.
    assert.equal(plan.kind === 'mapReduce' ? plan.parts.map((p) => p.chunk.text).join('') : '', text);
    assertWithinBudget(requests, 2048);
    assert.equal(result.requests.length, requests.length);
  });

  it('stops at once when cancelled, closing the stream', async () => {
    standin.setDelays({ perTokenMs: 20 });
    const controller = new AbortController();
    const run = runSummary(await jobInput(longText(200)), { model: 'llama3.2:3b', chat: chatOf(gateway) }, {}, controller.signal);
    const first = await standin.waitForRequest((r) => r.path === '/api/chat', 5_000);
    controller.abort();
    await assert.rejects(run, (err) => isAbort(err));
    await standin.waitForClose(first);
    assert.equal(first.closedEarly, true);
    assert.equal(chatRequests(standin).length, 1, 'no request after the cancel');
  });

  it('ends with the error when a stream breaks half way', async () => {
    await standin.addFault({ fault: { kind: 'errorMidStream', afterTokens: 4, error: 'model runner crashed' }, path: '/api/chat', times: 1 });
    await assert.rejects(runSummary(await jobInput(longText(200)), { model: 'llama3.2:3b', chat: chatOf(gateway) }), (err) => err instanceof OllamaError && err.kind === 'server');
    assert.equal(chatRequests(standin).length, 1);
  });

  it('splits smaller when the model counts the text as longer than the estimate, and never lets it be cut', async () => {
    // Dense punctuation: the stand-in's tokenizer counts it about twice as high as estimateTokens does.
    const text = Array.from({ length: 400 }, (_, i) => `a.b(c[${i}]);d=e?.f;`).join('\n');
    let restarts = 0;
    const result = await runSummary(await jobInput(text, 'javascript'), { model: 'llama3.2:3b', chat: chatOf(gateway) }, { restart: () => restarts++ });
    assert.equal(result.summary, FINAL_SUMMARY);
    assert.ok(restarts >= 1, 'planned again after a refusal');
    const requests = chatRequests(standin);
    assert.ok(requests.some((r) => r.status === 400), 'the stand-in refused an over-long prompt (shift: false)');
    assert.ok(requests.every((r) => (r.body as { shift?: boolean }).shift === false), 'every request asks to refuse rather than cut');
    assertWithinBudget(requests, 2048);
  });

  it('refuses a context too small for any useful part', () => {
    assert.throws(() => planSummary(input(longText(50), 300)), SummaryBudgetError);
  });

  it('notes a final answer cut at its length limit', async () => {
    standin.setReply(() => ({ text: 'word '.repeat(2000) }));
    const result = await runSummary(await jobInput('A short text.'), { model: 'llama3.2:3b', chat: chatOf(gateway) });
    assert.equal(result.truncated, true);
  });
});
