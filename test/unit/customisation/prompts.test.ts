// The user's prompts and options in the requests the features build: a custom prompt replaces the instruction
// part only (Hearth still frames the text), map-reduce summaries use it for the summary and their own prompts
// for the notes, comment translation keeps its JSON reply format, the chat's built-in prompt asks for the
// user's language, and a feature's own context length is both the num_ctx sent and what it budgets against.
import * as assert from 'node:assert/strict';
import { answerReserve, buildContext } from '../../../src/core/chat/context';
import { OllamaGateway, resolveHost } from '../../../src/core/ollama';
import type { ChatParams, TextChunk } from '../../../src/core/ollama/types';
import { builtinChatSystemPrompt } from '../../../src/core/prompts/chatSystem';
import { planCompletion } from '../../../src/core/prompts/completionPrompt';
import { readCursorContext, stringLineSource } from '../../../src/core/prompts/cursorContext';
import { buildDraftMessages, DRAFT_SYSTEM_PROMPT, surroundingBudget } from '../../../src/core/prompts/draftPrompt';
import { findLanguage, resolveLanguage } from '../../../src/core/prompts/languages';
import { commentsSystemPrompt } from '../../../src/core/prompts/translate';
import { planSummary, runSummary } from '../../../src/core/summarize';
import { combineRequest } from '../../../src/core/summarize/plan';
import { translateText } from '../../../src/core/translate';
import { StandinOllama, type RecordedRequest } from '../../support/standin';

const zh = findLanguage('zh-cn')!;
const source = { name: 'notes.md', languageId: 'markdown', firstLine: 1, lastLine: 1 };

describe('custom prompts in the requests', () => {
  it('the chat\'s built-in prompt asks for the user\'s language, with the display language as the fallback', () => {
    const chinese = builtinChatSystemPrompt(resolveLanguage('', 'zh-cn'));
    assert.match(chinese, /language of the user's message/);
    assert.match(chinese, /Simplified Chinese \(简体中文\)/);
    assert.match(builtinChatSystemPrompt(resolveLanguage('', 'de')), /reply in German \(Deutsch\)\.$/);
    assert.match(builtinChatSystemPrompt(resolveLanguage('', 'en-US')), /reply in English\.$/);
    // Small models follow a long system prompt worse: it stays one or two sentences.
    assert.ok(chinese.length < 220, `${chinese.length} characters`);
  });

  it('Draft here: the template replaces the system message; the document and instruction are still framed', () => {
    const messages = buildDraftMessages({ instruction: 'a docstring', before: 'def add(a, b):\n', after: '', path: 'a.py', languageId: 'python', contextTokens: 8192, system: 'Write Python for: a docstring.' });
    assert.equal(messages[0]?.content, 'Write Python for: a docstring.');
    assert.match(messages[1]?.content ?? '', /Text before the cursor:\n<<<\ndef add\(a, b\):\n\n>>>/);
    assert.equal(buildDraftMessages({ instruction: 'x', before: '', after: '', path: '', languageId: 'python', contextTokens: 8192 })[0]?.content, DRAFT_SYSTEM_PROMPT);
    // A longer maximum leaves less room for the surrounding text.
    assert.ok(surroundingBudget(4096, 100, 3000).before < surroundingBudget(4096, 100).before);
  });

  it('Summarize: a text that fits is summarized with the template as the system message', () => {
    const plan = planSummary({ text: 'Short notes.', source, style: 'bullets', language: zh, numCtx: 8192, instructions: 'Summarize for a reviewer.' });
    assert.equal(plan.kind, 'single');
    if (plan.kind !== 'single') return;
    assert.equal(plan.request.messages[0]?.content, 'Summarize for a reviewer.');
    assert.match(plan.request.messages[1]?.content ?? '', /^Summarize `notes\.md`.*\n\n```\nShort notes\.\n```$/s, 'the text is fenced by Hearth');
  });

  it('Summarize: a long text is read with Hearth\'s notes prompts, and the template writes the summary from the notes', () => {
    const text = Array.from({ length: 600 }, (_, i) => `Line ${i}: the cart keeps items and totals, and checks stock before paying.`).join('\n');
    const input = { text, source: { ...source, lastLine: 600 }, style: 'bullets' as const, language: zh, numCtx: 2048, instructions: 'Summarize for a reviewer.' };
    const plan = planSummary(input);
    assert.equal(plan.kind, 'mapReduce');
    if (plan.kind !== 'mapReduce') return;
    for (const part of plan.parts) assert.match(part.messages[0]?.content ?? '', /^You read one part of a longer document/);
    const notes = plan.parts.slice(0, 2).map((p, i) => ({ label: `Part ${i + 1}`, text: '- notes', firstPart: i + 1, lastPart: i + 1, firstLine: p.firstLine, lastLine: p.lastLine }));
    assert.match(combineRequest(input, notes, 'bullets').messages[0]?.content ?? '', /^Summarize for a reviewer\.\n\nYou receive notes on consecutive parts/);
    assert.match(combineRequest(input, notes, 'notes').messages[0]?.content ?? '', /^You receive notes/, 'merging notes stays Hearth\'s step');
  });

  it('Summarize: the maximum output is the final answer\'s num_predict, within a quarter of the window', async () => {
    const sent: ChatParams[] = [];
    const chat = async function* (params: ChatParams): AsyncGenerator<TextChunk> {
      sent.push(params);
      yield { text: '- done', done: true, doneReason: 'stop' };
    };
    await runSummary({ text: 'Short notes.', source, style: 'paragraph', language: zh, numCtx: 8192, maxOutputTokens: 800 }, { model: 'm', chat, temperature: 0.7 });
    assert.deepEqual(sent[0]?.options, { num_predict: 600, temperature: 0.7 });
    sent.length = 0;
    await runSummary({ text: 'Short notes.', source, style: 'bullets', language: zh, numCtx: 2048, maxOutputTokens: 5000 }, { model: 'm', chat });
    assert.equal(sent[0]?.options?.num_predict, 512);
  });

  it('Translate Comments: the template replaces the instructions; the JSON reply format stays', () => {
    const system = commentsSystemPrompt(zh, { name: 'cart.ts', languageId: 'typescript', instructions: 'Translate into Simplified Chinese (简体中文), formally.' });
    assert.match(system, /^Translate into Simplified Chinese \(简体中文\), formally\.\n\n/);
    assert.match(system, /Reply with one JSON object that maps every id to its translation/);
  });

  it('Translate Selection: the template is the system message', async () => {
    const sent: ChatParams[] = [];
    const chat = async function* (params: ChatParams): AsyncGenerator<TextChunk> {
      sent.push(params);
      yield { text: '你好。', done: true, doneReason: 'stop' };
    };
    await translateText('Hello.', { model: 'm', numCtx: 8192, target: zh, languageId: 'plaintext', instructions: 'Into 简体中文, casually.', temperature: 0.9 }, chat);
    assert.equal(sent[0]?.messages[0]?.content, 'Into 简体中文, casually.');
    assert.equal(sent[0]?.options?.temperature, 0.9);
  });

  it('inline completion: temperature, and the maximum caps every suggestion', () => {
    const ctx = readCursorContext(stringLineSource('def add(a, b):\n    '), 1, 4, { prefixTokens: 500, suffixTokens: 100, stride: 16 });
    const model = { name: 'qwen2.5-coder:1.5b', family: 'qwen2', capabilities: ['completion', 'insert'] as const };
    const defaults = planCompletion({ ctx, languageId: 'python', path: 'a.py', model: { ...model, capabilities: [...model.capabilities] }, trigger: 'manual' }, { maxLines: 8, format: 'auto' });
    assert.equal(defaults.params.options?.temperature, 0.1);
    assert.equal(defaults.params.options?.num_predict, 256);
    const custom = planCompletion({ ctx, languageId: 'python', path: 'a.py', model: { ...model, capabilities: [...model.capabilities] }, trigger: 'manual' }, { maxLines: 8, format: 'auto', temperature: 0.5, maxOutputTokens: 40 });
    assert.equal(custom.params.options?.temperature, 0.5);
    assert.equal(custom.params.options?.num_predict, 40);
  });

  it('chat: a maximum answer length is the room kept for the answer (at most half the window)', () => {
    assert.equal(answerReserve(8192), 2048);
    assert.equal(answerReserve(8192, 500), 500);
    assert.equal(answerReserve(4096, 100_000), 2048);
    const built = buildContext({ systemPrompt: 'sys', history: [], message: { id: 'm', role: 'user', content: 'hi', createdAt: 1 }, contextTokens: 8192, maxAnswerTokens: 500 });
    assert.equal(built.budget, 8192 - 500);
  });
});

describe('a feature\'s own context length', () => {
  let standin: StandinOllama;
  beforeEach(async () => {
    standin = await StandinOllama.start();
  });
  afterEach(async () => {
    await standin.close();
  });

  const numCtxOf = (r: RecordedRequest): number | undefined => ((r.body as { options?: { num_ctx?: number } }).options ?? {}).num_ctx;

  it('is the num_ctx sent and the window budgeted against; unset, the shared one applies', async () => {
    const gateway = new OllamaGateway({
      config: () => ({ host: resolveHost(standin.url, undefined), hostSetting: standin.url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: 8192 }),
    });
    const model = 'llama3.2:3b';
    assert.equal(await gateway.contextWindow(model), 8192);
    assert.equal(await gateway.contextWindow(model, { contextLength: 4096 }), 4096);
    assert.equal(await gateway.contextWindow(model, { contextLength: 0 }), 8192);
    for await (const _ of gateway.chat({ model, messages: [{ role: 'user', content: 'a' }], contextLength: 4096 }));
    for await (const _ of gateway.chat({ model, messages: [{ role: 'user', content: 'b' }] }));
    for await (const _ of gateway.generate({ model, prompt: 'c', contextLength: 16384 }));
    const sent = standin.requests.filter((r) => r.path === '/api/chat' || r.path === '/api/generate').map(numCtxOf);
    assert.deepEqual(sent, [4096, 8192, 16384]);
    assert.ok(!standin.requests.some((r) => (JSON.stringify(r.body) ?? '').includes('contextLength')), 'contextLength itself is not sent');
  });

  it('applies even when the shared setting leaves num_ctx to the server', async () => {
    const gateway = new OllamaGateway({
      config: () => ({ host: resolveHost(standin.url, undefined), hostSetting: standin.url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: 0 }),
    });
    assert.equal(await gateway.contextWindow('llama3.2:3b', { contextLength: 6000 }), 6000);
    for await (const _ of gateway.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'a' }], contextLength: 6000 }));
    assert.equal(numCtxOf(standin.requests.find((r) => r.path === '/api/chat')!), 6000);
  });
});
