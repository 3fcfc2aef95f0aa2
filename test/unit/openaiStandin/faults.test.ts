// Fault switches of the OpenAI-compatible stand-in, seen over raw HTTP.
import * as assert from 'node:assert/strict';
import { call, events, streamedText, useOpenAIStandin } from './helpers';

const body = { model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }], max_tokens: 64, stream: true };
const REPLY = 'one two three four five six';

describe('OpenAI stand-in: faults', () => {
  const t = useOpenAIStandin({ flavour: 'vllm' });
  beforeEach(() => t.s.scriptReplies([REPLY]));

  it('status: the flavour\'s error JSON, for `times` requests only, on generation paths by default', async () => {
    t.s.addFault({ fault: { kind: 'status', status: 503, message: 'busy' }, times: 1 });
    assert.equal((await call(t.s.url, '/v1/models')).status, 200, 'metadata untouched');
    const r = await call(t.s.url, '/v1/chat/completions', body);
    assert.equal(r.status, 503);
    assert.deepEqual(r.json(), { error: { message: 'busy', type: 'InternalServerError', param: null, code: 503 } });
    assert.equal((await call(t.s.url, '/v1/chat/completions', body)).status, 200);
  });

  it('html500: a proxy\'s HTML page', async () => {
    t.s.addFault({ fault: { kind: 'html500' } });
    const r = await call(t.s.url, '/v1/chat/completions', body);
    assert.equal(r.status, 500);
    assert.equal(r.headers.get('content-type'), 'text/html');
    assert.match(r.text, /<html>/);
  });

  it('malformedLine: one cut-off data line, then the stream goes on', async () => {
    t.s.addFault({ fault: { kind: 'malformedLine', afterChunks: 2 } });
    const all = events((await call(t.s.url, '/v1/chat/completions', body)).text);
    assert.ok(all.some((e) => typeof e === 'string' && e.startsWith('{"id":"chatcmpl-broken"')));
    assert.equal(streamedText(all), REPLY);
  });

  it('errorMidStream: an error event after N chunks, then [DONE] (vLLM)', async () => {
    t.s.addFault({ fault: { kind: 'errorMidStream', afterChunks: 2, message: 'engine dead' } });
    const all = events((await call(t.s.url, '/v1/chat/completions', body)).text);
    assert.equal(streamedText(all), 'one two');
    assert.deepEqual(all.at(-2), { error: { message: 'engine dead', type: 'InternalServerError', param: null, code: 500 } });
    assert.equal(all.at(-1), '[DONE]');
  });

  it('noDone: text, then the end of the stream without finish chunk or [DONE]', async () => {
    t.s.addFault({ fault: { kind: 'noDone' } });
    const all = events((await call(t.s.url, '/v1/chat/completions', body)).text);
    assert.equal(streamedText(all), REPLY);
    assert.ok(!all.includes('[DONE]'));
  });

  it('drop: the socket is destroyed after N chunks', async () => {
    t.s.addFault({ fault: { kind: 'drop', afterChunks: 2 } });
    await assert.rejects(call(t.s.url, '/v1/chat/completions', body));
    const rec = await t.s.waitForRequest((r) => r.closedAt !== undefined);
    assert.equal(rec.tokensSent, 2);
    assert.equal(rec.closedEarly, true);
  });

  it('stallAfterHeaders: 200 and SSE headers, then silence until the client leaves', async () => {
    t.s.addFault({ fault: { kind: 'stallAfterHeaders' } });
    const controller = new AbortController();
    const res = await fetch(`${t.s.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(body), signal: controller.signal });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    const rec = await t.s.waitForRequest((r) => r.path === '/v1/chat/completions');
    assert.equal(rec.closedAt, undefined);
    controller.abort();
    await t.s.waitForClose(rec);
    assert.equal(rec.closedEarly, true);
    assert.equal(rec.tokensSent, 0);
  });

  it('one slot: a second request waits before its headers until the first ends', async () => {
    t.s.addFault({ fault: { kind: 'stallAfterHeaders' }, times: 1 });
    const first = new AbortController();
    await fetch(`${t.s.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(body), signal: first.signal });
    const second = call(t.s.url, '/v1/chat/completions', body);
    const waiting = await t.s.waitForRequest((r) => r.id === 2);
    assert.equal(waiting.headersSentAt, undefined);
    first.abort();
    assert.equal((await second).status, 200);
  });
});

describe('OpenAI stand-in: faults on llama.cpp', () => {
  const t = useOpenAIStandin({ flavour: 'llamacpp' });
  it('errorMidStream ends without [DONE]', async () => {
    t.s.scriptReplies([REPLY]);
    t.s.addFault({ fault: { kind: 'errorMidStream', afterChunks: 1, message: 'boom' } });
    const all = events((await call(t.s.url, '/v1/chat/completions', body)).text);
    assert.deepEqual(all.at(-1), { error: { code: 500, message: 'boom', type: 'server_error' } });
  });
});
