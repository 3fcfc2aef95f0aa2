import * as assert from 'node:assert/strict';
import { collect, collectError, delay, post, quietConsole, rejection, useStandin } from './helpers';

describe('stand-in: faults as the real client sees them', () => {
  const t = useStandin();
  quietConsole();

  const gen = { model: 'qwen2.5-coder:1.5b', prompt: 'Why is the sky blue?' };

  it('refuse: connection refused (ECONNREFUSED) until cleared', async () => {
    await t.s.addFault({ fault: { kind: 'refuse' } });
    const e = await rejection(t.client().list());
    assert.equal(e.name, 'TypeError');
    assert.equal(e.message, 'fetch failed');
    assert.equal((e.cause as { code?: string }).code, 'ECONNREFUSED');
    await t.s.clearFaults();
    assert.ok((await t.client().list()).models.length > 0);
  });

  it('status: JSON error with the real 503 message by default, for `times` requests only', async () => {
    await t.s.addFault({ fault: { kind: 'status', status: 503 }, path: '/api/generate', times: 1 });
    const e = await rejection(t.client().generate(gen));
    assert.equal(e.name, 'ResponseError');
    assert.equal(e.status_code, 503);
    assert.equal(e.message, 'server busy, please try again.  maximum pending requests exceeded');
    assert.equal((await t.client().generate(gen)).done, true, 'used up after one request');
  });

  it('status: a text body reaches the client as raw text; other paths are untouched', async () => {
    await t.s.addFault({ fault: { kind: 'status', status: 502, error: 'Bad Gateway', contentType: 'text' }, path: '/api/chat' });
    const e = await rejection(t.client().chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'x' }] }));
    assert.equal(e.status_code, 502);
    assert.equal(e.message, 'Bad Gateway');
    assert.equal((await t.client().generate(gen)).done, true);
  });

  it('status 404 defaults to the model-not-found message; a model filter limits the rule', async () => {
    await t.s.addFault({ fault: { kind: 'status', status: 404 }, model: 'llama3.2:3b' });
    const e = await rejection(t.client().generate({ model: 'LLAMA3.2:3b', prompt: 'x' }));
    assert.equal(e.message, "model 'LLAMA3.2:3b' not found");
    assert.equal((await t.client().generate(gen)).done, true);
  });

  it('noInsert: 400 `<canonical> does not support insert`', async () => {
    await t.s.addFault({ fault: { kind: 'noInsert' } });
    const e = await rejection(t.client().generate({ ...gen, suffix: '}' }));
    assert.equal(e.status_code, 400);
    assert.equal(e.message, 'registry.ollama.ai/library/qwen2.5-coder:1.5b does not support insert');
  });

  it('errorMidStream: the client yields the first tokens, then throws a plain Error', async () => {
    await t.s.addFault({ fault: { kind: 'errorMidStream', afterTokens: 3, error: 'an error was encountered while running the model' } });
    const { seen, error } = await collectError(await t.client().generate({ ...gen, stream: true }));
    assert.equal(seen.length, 3);
    assert.equal(error.message, 'an error was encountered while running the model');
    assert.equal((error as { status_code?: number }).status_code, undefined);
  });

  it('errorMidStream before any token, or with stream:false, is a 500 ResponseError', async () => {
    await t.s.addFault({ fault: { kind: 'errorMidStream', afterTokens: 0, error: 'boom' }, times: 2 });
    const streamed = await rejection(t.client().generate({ ...gen, stream: true }));
    assert.equal(streamed.status_code, 500);
    assert.equal(streamed.message, 'boom');
    const single = await rejection(t.client().generate(gen));
    assert.equal(single.status_code, 500);
  });

  it('stall: headers and N tokens, then silence until the client aborts (AbortError); the slot is held', async () => {
    await t.s.addFault({ fault: { kind: 'stall', afterTokens: 2 }, times: 1 });
    const it = await t.client().generate({ ...gen, stream: true });
    const seen: string[] = [];
    const reading = (async () => {
      try {
        for await (const c of it) seen.push(c.response ?? '');
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    const rec = await t.s.waitForRequest((r) => r.path === '/api/generate' && r.tokensSent === 2);
    const second = t.client().generate(gen);
    const queued = await t.s.waitForRequest((r) => r.path === '/api/generate' && r !== rec);
    await delay(30);
    assert.equal(rec.tokensSent, 2, 'nothing more arrives');
    assert.equal(seen.length, 2);
    assert.equal(queued.headersSentAt, undefined, 'the stalled request still holds the slot');
    it.abort();
    const err = await reading;
    assert.equal(err?.name, 'AbortError');
    await t.s.waitForClose(rec);
    assert.equal(rec.closedEarly, true);
    assert.equal(rec.completed, false);
    assert.equal((await second).done, true, 'the slot frees when the client goes');
  });

  it('stallBeforeHeaders: no headers ever; a fetch abort leaves it recorded as closed early', async () => {
    await t.s.addFault({ fault: { kind: 'stallBeforeHeaders' } });
    const ac = new AbortController();
    const pending = fetch(`${t.s.url}/api/tags`, { signal: ac.signal });
    const rec = await t.s.waitForRequest((r) => r.path === '/api/tags');
    await delay(30);
    assert.equal(rec.headersSentAt, undefined);
    ac.abort();
    await assert.rejects(pending, { name: 'AbortError' });
    await t.s.waitForClose(rec);
    assert.equal(rec.closedEarly, true);
    assert.equal(rec.headersSentAt, undefined);
  });

  it('malformedLine: the client skips the bad line and still reaches done', async () => {
    const clean = await collect(await t.client().generate({ ...gen, stream: true }));
    await t.s.addFault({ fault: { kind: 'malformedLine', afterTokens: 2 } });
    const chunks = await collect(await t.client().generate({ ...gen, stream: true }));
    assert.equal(chunks.length, clean.length);
    assert.equal(chunks[chunks.length - 1]?.done, true);
    const rawText = (await post(t.s.url, '/api/generate', gen)).text;
    assert.ok(rawText.split('\n').some((l) => l.startsWith('{') && !l.endsWith('}')), 'a cut-off line is on the wire');
  });

  it('drop: the socket is destroyed mid-stream and the client fails', async () => {
    await t.s.addFault({ fault: { kind: 'drop', afterTokens: 2 } });
    const { seen, error } = await collectError(await t.client().generate({ ...gen, stream: true }));
    assert.equal(seen.length, 2);
    assert.equal(error.name, 'TypeError');
    assert.equal(error.message, 'terminated');
    const rec = t.s.requests[0];
    assert.ok(rec);
    await t.s.waitForClose(rec);
    assert.equal(rec.closedEarly, true);
  });

  it('drop before headers: fetch itself fails', async () => {
    await t.s.addFault({ fault: { kind: 'drop', afterTokens: 0 } });
    const e = await rejection(t.client().generate(gen));
    assert.equal(e.message, 'fetch failed');
  });

  it('noDone: `Did not receive done or success response in stream.` for generate, chat and pull', async () => {
    await t.s.addFault({ fault: { kind: 'noDone' } });
    const g = await collectError(await t.client().generate({ ...gen, stream: true }));
    assert.equal(g.error.message, 'Did not receive done or success response in stream.');
    assert.ok(g.seen.length > 0);
    const c = await collectError(await t.client().chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'x' }], stream: true }));
    assert.equal(c.error.message, 'Did not receive done or success response in stream.');
    const p = await collectError(await t.client().pull({ model: 'all-minilm', stream: true }));
    assert.equal(p.error.message, 'Did not receive done or success response in stream.');
    assert.equal(p.seen[p.seen.length - 1]?.status, 'writing manifest');
  });

  it('stream faults count progress lines on pull', async () => {
    await t.s.addFault({ fault: { kind: 'errorMidStream', afterTokens: 2, error: 'max retries exceeded' }, path: '/api/pull' });
    const { seen, error } = await collectError(await t.client().pull({ model: 'all-minilm', stream: true }));
    assert.equal(seen.length, 2);
    assert.equal(error.message, 'max retries exceeded');
    assert.ok(!(await t.client().list()).models.some((m) => m.name === 'all-minilm:latest'));
  });

  it('clearFaults removes every rule', async () => {
    await t.s.addFault({ fault: { kind: 'status', status: 500 } });
    await t.s.clearFaults();
    assert.equal((await t.client().generate(gen)).done, true);
  });
});
