// The OpenAI-compatible stand-in over raw HTTP: the wire shapes of vLLM, llama.cpp's server and LM Studio that
// a client depends on (reference/openai-compatible-protocol.md).
import * as assert from 'node:assert/strict';
import { DEFAULT_TEXT } from '../../support/openaiStandin';
import { call, choiceOf, events, streamedText, useOpenAIStandin } from './helpers';

const chat = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model: 'qwen-coder',
  messages: [{ role: 'user', content: 'Say hello' }],
  max_tokens: 64,
  ...extra,
});

describe('OpenAI stand-in: vLLM flavour', () => {
  const t = useOpenAIStandin({ flavour: 'vllm', models: [{ id: 'qwen-coder', maxModelLen: 2048 }, { id: 'small', maxModelLen: 64 }] });

  it('lists models with max_model_len and owned_by vllm', async () => {
    const r = await call(t.s.url, '/v1/models');
    assert.equal(r.status, 200);
    const data = r.json()['data'] as Record<string, unknown>[];
    assert.deepEqual(data.map((m) => [m['id'], m['max_model_len'], m['owned_by']]), [['qwen-coder', 2048, 'vllm'], ['small', 64, 'vllm']]);
  });

  it('streams chat as SSE: role chunk, text chunks, finish chunk, usage chunk, [DONE]', async () => {
    const r = await call(t.s.url, '/v1/chat/completions', chat({ stream: true, stream_options: { include_usage: true } }));
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/event-stream');
    assert.ok(r.text.endsWith('data: [DONE]\n\n'));
    const all = events(r.text);
    assert.deepEqual(choiceOf(all[0])?.delta, { role: 'assistant', content: '' });
    assert.equal(streamedText(all), DEFAULT_TEXT);
    const finish = all.at(-3) as Record<string, unknown>;
    assert.equal(choiceOf(finish)?.finish_reason, 'stop');
    const usage = all.at(-2) as Record<string, unknown>;
    assert.deepEqual(usage['choices'], []);
    const u = usage['usage'] as Record<string, number>;
    assert.ok(u['prompt_tokens'] > 0 && u['completion_tokens'] > 0);
    assert.equal(u['total_tokens'], u['prompt_tokens'] + u['completion_tokens']);
    // finish_reason is null on every chunk before the end
    for (const e of all.slice(0, -3)) assert.equal(choiceOf(e)?.finish_reason, null);
  });

  it('sends usage only when asked (vLLM: include_usage defaults to true once stream_options is there)', async () => {
    const without = events((await call(t.s.url, '/v1/chat/completions', chat({ stream: true }))).text);
    assert.ok(!without.some((e) => typeof e === 'object' && 'usage' in e));
    const empty = events((await call(t.s.url, '/v1/chat/completions', chat({ stream: true, stream_options: {} }))).text);
    assert.ok(empty.some((e) => typeof e === 'object' && 'usage' in e));
  });

  it('refuses stream_options without stream: true', async () => {
    const r = await call(t.s.url, '/v1/chat/completions', chat({ stream_options: { include_usage: true } }));
    assert.equal(r.status, 400);
    assert.deepEqual(r.json(), { error: { message: 'Stream options can only be defined when `stream=True`.', type: 'BadRequestError', param: null, code: 400 } });
  });

  it('answers non-streaming chat with one chat.completion and usage', async () => {
    t.s.scriptReplies([{ text: 'Hi there', thinking: 'Greeting.' }]);
    const r = await call(t.s.url, '/v1/chat/completions', chat());
    const body = r.json();
    assert.equal(body['object'], 'chat.completion');
    const choice = (body['choices'] as Record<string, unknown>[])[0];
    assert.deepEqual(choice?.['message'], { role: 'assistant', content: 'Hi there', reasoning: 'Greeting.' });
    assert.equal(choice?.['finish_reason'], 'stop');
    assert.ok(body['usage']);
  });

  it('cuts at max_tokens with finish_reason "length"', async () => {
    t.s.scriptReplies(['one two three four five six seven eight']);
    const all = events((await call(t.s.url, '/v1/chat/completions', chat({ stream: true, max_tokens: 2 }))).text);
    assert.equal(streamedText(all), 'one two');
    assert.equal(choiceOf(all.at(-2))?.finish_reason, 'length');
  });

  it('streams /v1/completions as text_completion chunks and refuses any suffix', async () => {
    t.s.scriptReplies(['a + b']);
    const all = events((await call(t.s.url, '/v1/completions', { model: 'qwen-coder', prompt: 'def add(a, b): return ', max_tokens: 8, stream: true })).text);
    assert.equal((all[0] as Record<string, unknown>)['object'], 'text_completion');
    assert.equal(streamedText(all), 'a + b');
    assert.equal(all.at(-1), '[DONE]');
    const r = await call(t.s.url, '/v1/completions', { model: 'qwen-coder', prompt: 'x', suffix: '' });
    assert.equal(r.status, 400);
    assert.equal((r.json()['error'] as Record<string, unknown>)['message'], 'suffix is not currently supported');
  });

  it('context overflow: 400 with the "maximum context length" message, checked as prompt + max_tokens', async () => {
    const r = await call(t.s.url, '/v1/chat/completions', { model: 'small', messages: [{ role: 'user', content: 'word '.repeat(30) }], max_tokens: 40 });
    assert.equal(r.status, 400);
    const error = r.json()['error'] as Record<string, unknown>;
    assert.match(String(error['message']), /^This model's maximum context length is 64 tokens\. However, you requested \d+ tokens/);
    assert.equal(error['type'], 'BadRequestError');
    assert.equal(error['code'], 400);
  });

  it('unknown model: 404 NotFoundError with param "model"', async () => {
    const r = await call(t.s.url, '/v1/chat/completions', chat({ model: 'nope' }));
    assert.equal(r.status, 404);
    assert.deepEqual(r.json(), { error: { message: 'The model `nope` does not exist.', type: 'NotFoundError', param: 'model', code: 404 } });
  });

  it('json_schema: honoured (a reply of the schema\'s shape), name required, switchable off', async () => {
    const schema = { type: 'object', properties: { title: { type: 'string' }, count: { type: 'integer' } } };
    const ok = await call(t.s.url, '/v1/chat/completions', chat({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } }));
    const content = ((ok.json()['choices'] as Record<string, Record<string, unknown>>[])[0]?.['message'] ?? {})['content'];
    assert.deepEqual(JSON.parse(String(content)), { title: 'text', count: 0 });
    const noName = await call(t.s.url, '/v1/chat/completions', chat({ response_format: { type: 'json_schema', json_schema: { schema } } }));
    assert.equal(noName.status, 400);
    t.s.setJsonSchema(false);
    const off = await call(t.s.url, '/v1/chat/completions', chat({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } }));
    assert.equal(off.status, 400);
    assert.match(String((off.json()['error'] as Record<string, unknown>)['message']), /response_format type must be one of/);
  });

  it('health and version are plain routes; unknown paths are FastAPI 404s', async () => {
    assert.equal((await call(t.s.url, '/health')).status, 200);
    assert.deepEqual((await call(t.s.url, '/version')).json(), { version: '0.11.0' });
    const r = await call(t.s.url, '/infill', { input_prefix: '', input_suffix: '' });
    assert.equal(r.status, 404);
    assert.deepEqual(r.json(), { detail: 'Not Found' });
  });
});

describe('OpenAI stand-in: llama.cpp flavour', () => {
  const t = useOpenAIStandin({ flavour: 'llamacpp', nCtx: 128, models: [{ id: 'qwen', maxModelLen: 32768 }] });

  it('answers with Server: llama.cpp, one model with meta, both models and data arrays', async () => {
    const r = await call(t.s.url, '/v1/models');
    assert.equal(r.headers.get('server'), 'llama.cpp');
    const body = r.json();
    assert.equal((body['models'] as unknown[]).length, 1);
    const card = (body['data'] as Record<string, unknown>[])[0];
    assert.equal(card?.['id'], 'qwen');
    assert.equal(card?.['max_model_len'], undefined);
    assert.equal((card?.['meta'] as Record<string, unknown>)['n_ctx_train'], 32768);
  });

  it('/props reports the per-slot context', async () => {
    const props = (await call(t.s.url, '/props')).json();
    assert.equal((props['default_generation_settings'] as Record<string, unknown>)['n_ctx'], 128);
    assert.equal(props['total_slots'], 1);
    assert.equal(typeof props['build_info'], 'string');
  });

  it('role chunk has content null, thinking comes as reasoning_content, model name is ignored', async () => {
    t.s.scriptReplies([{ text: 'Hi', thinking: 'Hmm' }]);
    const all = events((await call(t.s.url, '/v1/chat/completions', chat({ model: 'anything', stream: true }))).text);
    assert.deepEqual(choiceOf(all[0])?.delta, { role: 'assistant', content: null });
    assert.deepEqual(choiceOf(all[1])?.delta, { reasoning_content: 'Hmm' });
    assert.equal(all.at(-1), '[DONE]');
  });

  it('context overflow: 400 exceed_context_size_error with n_prompt_tokens and n_ctx', async () => {
    const r = await call(t.s.url, '/v1/chat/completions', { messages: [{ role: 'user', content: 'word '.repeat(200) }], max_tokens: 4 });
    assert.equal(r.status, 400);
    const error = r.json()['error'] as Record<string, unknown>;
    assert.equal(error['type'], 'exceed_context_size_error');
    assert.equal(error['n_ctx'], 128);
    assert.equal(error['message'], 'the request exceeds the available context size, try increasing it');
  });

  it('generation stops with "length" when the context fills, even without max_tokens', async () => {
    t.s.scriptReplies(['word '.repeat(200)]);
    const all = events((await call(t.s.url, '/v1/chat/completions', { messages: [{ role: 'user', content: 'go' }], stream: true })).text);
    assert.equal(choiceOf(all.at(-2))?.finish_reason, 'length');
  });

  it('/v1/completions: the final chunk always carries usage and timings', async () => {
    const all = events((await call(t.s.url, '/v1/completions', { prompt: 'x', max_tokens: 4, stream: true })).text);
    const last = all.at(-2) as Record<string, unknown>;
    assert.ok(last['usage']);
    assert.ok(last['timings']);
    assert.equal(choiceOf(last)?.finish_reason, 'length');
  });

  it('/infill streams native events that end with stop:true and no [DONE]', async () => {
    t.s.scriptReplies(['a, b']);
    const r = await call(t.s.url, '/infill', { input_prefix: 'add(', input_suffix: ')', n_predict: 16, stream: true });
    const all = events(r.text);
    assert.ok(!all.includes('[DONE]'));
    assert.equal(all.map((e) => (e as Record<string, unknown>)['content']).join(''), 'a, b');
    assert.equal((all.at(-1) as Record<string, unknown>)['stop'], true);
    const ctx = t.s.requests.find((q) => q.path === '/infill');
    assert.deepEqual(ctx?.body, { input_prefix: 'add(', input_suffix: ')', n_predict: 16, stream: true });
  });

  it('non-streaming /infill and /v1/completions answer one JSON body', async () => {
    t.s.scriptReplies(['a, b', 'x y']);
    const infill = (await call(t.s.url, '/infill', { input_prefix: 'add(', input_suffix: ')' })).json();
    assert.equal(infill['content'], 'a, b');
    assert.equal(infill['stop'], true);
    assert.equal(infill['stop_type'], 'eos');
    const completion = (await call(t.s.url, '/v1/completions', { prompt: 'p', max_tokens: 8 })).json();
    assert.equal(completion['object'], 'text_completion');
    assert.equal((completion['choices'] as Record<string, unknown>[])[0]?.['text'], 'x y');
    assert.ok(completion['usage']);
  });

  it('unknown path: llama.cpp\'s File Not Found body', async () => {
    const r = await call(t.s.url, '/v2/nothing');
    assert.equal(r.status, 404);
    assert.deepEqual(r.json(), { error: { message: 'File Not Found', type: 'not_found_error', code: 404 } });
  });
});

describe('OpenAI stand-in: llama.cpp without FIM tokens', () => {
  const t = useOpenAIStandin({ flavour: 'llamacpp', infill: false });
  it('/infill answers 501 not_supported_error', async () => {
    const r = await call(t.s.url, '/infill', { input_prefix: 'a', input_suffix: 'b' });
    assert.equal(r.status, 501);
    assert.equal((r.json()['error'] as Record<string, unknown>)['type'], 'not_supported_error');
  });
});

describe('OpenAI stand-in: LM Studio flavour', () => {
  const t = useOpenAIStandin({ flavour: 'lmstudio', models: [{ id: 'qwen', maxModelLen: 64 }] });

  it('lists models without any context length', async () => {
    const data = (await call(t.s.url, '/v1/models')).json()['data'] as Record<string, unknown>[];
    assert.deepEqual(data, [{ id: 'qwen', object: 'model', owned_by: 'organization_owner' }]);
  });

  it('unknown model: 404 with code model_not_found; overflow still enforced', async () => {
    const r = await call(t.s.url, '/v1/chat/completions', chat({ model: 'nope' }));
    assert.equal(r.status, 404);
    assert.equal((r.json()['error'] as Record<string, unknown>)['code'], 'model_not_found');
    const big = await call(t.s.url, '/v1/chat/completions', { model: 'qwen', messages: [{ role: 'user', content: 'word '.repeat(100) }] });
    assert.equal(big.status, 400);
    assert.match(String((big.json()['error'] as Record<string, unknown>)['message']), /context length/);
  });
});
