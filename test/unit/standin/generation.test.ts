import * as assert from 'node:assert/strict';
import type { ReplyContext } from '../../support/standin';
import { collect, lines, post, useStandin } from './helpers';

describe('stand-in: generation behaviour', () => {
  const t = useStandin();

  it('options.num_predict cuts the reply and sets done_reason "length"', async () => {
    t.s.scriptReplies(['one two six ten more words here']);
    const res = await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'count', options: { num_predict: 3 } });
    assert.equal(res.response, 'one two six');
    assert.equal(res.done_reason, 'length');
    assert.equal(res.eval_count, 3);
    const chat = await t.client().chat({
      model: 'llama3.2:3b',
      messages: [{ role: 'user', content: 'a b c d e f g h' }],
      options: { num_predict: 2 },
      stream: true,
    });
    const chunks = await collect(chat);
    assert.equal(chunks.length, 3);
    assert.equal(chunks[2]?.done_reason, 'length');
  });

  it('options.stop cuts the reply at the first stop string, done_reason "stop"', async () => {
    t.s.scriptReplies(['return a + b;\n}\n\nfunction other() {}']);
    const res = await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'x', suffix: 'y', options: { stop: ['\n\n', '}'] } });
    assert.equal(res.response, 'return a + b;\n');
    assert.equal(res.done_reason, 'stop');
  });

  it("without options.stop the model's Modelfile stops apply; a request's stop list, even [], replaces them", async () => {
    const answer = 'return a + b<|im_end|>\n<|im_start|>user';
    t.s.scriptReplies([answer, answer, answer]);
    const client = t.client();
    const byModel = await client.generate({ model: 'qwen3:4b', prompt: 'x', raw: true, think: false });
    assert.equal(byModel.response, 'return a + b', 'qwen3:4b has PARAMETER stop "<|im_end|>"');
    const cleared = await client.generate({ model: 'qwen3:4b', prompt: 'x', raw: true, think: false, options: { stop: [] } });
    assert.equal(cleared.response, answer, 'Options.FromMap sets the request\'s empty list over the model\'s');
    const own = await client.generate({ model: 'qwen3:4b', prompt: 'x', raw: true, think: false, options: { stop: ['+'] } });
    assert.equal(own.response, 'return a ');
  });

  it('thinking models stream thinking chunks first (empty response), unless think:false', async () => {
    t.s.scriptReplies([{ text: 'The answer is 4.', thinking: 'Two plus two is four.' }, { text: 'The answer is 4.', thinking: 'hidden' }]);
    const chunks = await collect(await t.client().generate({ model: 'qwen3:4b', prompt: '2+2?', stream: true }));
    const thinking = chunks.filter((c) => c.thinking);
    assert.equal(thinking.map((c) => c.thinking).join(''), 'Two plus two is four.');
    for (const c of thinking) assert.equal(c.response, '');
    const firstAnswer = chunks.findIndex((c) => c.response !== '');
    assert.ok(firstAnswer > thinking.length - 1, 'thinking comes first');
    assert.equal(chunks.map((c) => c.response).join(''), 'The answer is 4.');

    const off = await t.client().generate({ model: 'qwen3:4b', prompt: '2+2?', think: false });
    assert.equal(off.thinking, undefined);
    assert.equal(off.response, 'The answer is 4.');
  });

  it('chat thinking arrives in message.thinking; stream:false joins it', async () => {
    t.s.scriptReplies([{ text: 'Hi!', thinking: 'Greet back.' }]);
    const res = await t.client().chat({ model: 'qwen3:4b', messages: [{ role: 'user', content: 'hello' }] });
    assert.equal(res.message.thinking, 'Greet back.');
    assert.equal(res.message.content, 'Hi!');
  });

  it('the reply function gets the ReplyContext; a Reply can force done_reason', async () => {
    const seen: ReplyContext[] = [];
    t.s.setReply((ctx) => {
      seen.push(ctx);
      return { text: `echo:${ctx.prompt}`, doneReason: 'length' };
    });
    const res = await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'p', suffix: 's', options: { temperature: 0.1 } });
    assert.equal(res.response, 'echo:p');
    assert.equal(res.done_reason, 'length');
    const chat = await t.client().chat({
      model: 'llama3.2:3b',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'USER', content: 'last' },
      ],
      format: { type: 'object', properties: { a: { type: 'string' } } },
    });
    assert.equal(chat.message.content, 'echo:last');
    const [g, c] = seen;
    assert.ok(g && c);
    assert.equal(g.path, '/api/generate');
    assert.equal(g.suffix, 's');
    assert.deepEqual(g.options, { temperature: 0.1 });
    assert.equal(g.request.path, '/api/generate');
    assert.equal(c.path, '/api/chat');
    assert.equal(c.system, 'sys');
    assert.equal(c.messages?.[3]?.role, 'user', 'roles are lower-cased');
    assert.deepEqual(c.format, { type: 'object', properties: { a: { type: 'string' } } });
  });

  it('scripted replies are used first, in order, then the reply function', async () => {
    t.s.setReply(() => 'from fn');
    t.s.scriptReplies(['one', 'two']);
    const out: string[] = [];
    for (let i = 0; i < 3; i++) out.push((await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'x' })).response ?? '');
    assert.deepEqual(out, ['one', 'two', 'from fn']);
  });

  it('default replies: prose, FIM, raw FIM layouts, chat echo, and JSON for a format', async () => {
    const g = (body: Record<string, unknown>): Promise<string> =>
      post(t.s.url, '/api/generate', { model: 'qwen2.5-coder:1.5b', stream: false, ...body }).then((r) => String(JSON.parse(r.text).response));
    assert.equal(await g({ prompt: 'Explain closures' }), 'Sure! Here is a reply to "Explain closures".');
    assert.equal(await g({ prompt: 'const x =', suffix: '\n' }), ' 0;');
    assert.equal(await g({ prompt: 'foo(', suffix: ')' }), 'a, b');
    assert.equal(await g({ raw: true, prompt: '<|fim_prefix|>def f():<|fim_suffix|>\n<|fim_middle|>' }), '\n    return None');
    const json = await g({ prompt: 'give json', format: { type: 'object', properties: { n: { type: 'integer' }, ok: { type: 'boolean' } } } });
    assert.deepEqual(JSON.parse(json), { n: 0, ok: false });
  });

  it('chat tool calls: one chunk with tool_calls (id call_xxxxxxxx, index, object arguments) when tools were sent', async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', description: 'w', parameters: { type: 'object', properties: {} } } }];
    t.s.scriptReplies([{ text: '', toolCalls: [{ name: 'get_weather', arguments: { city: 'Tokyo' } }] }]);
    const raw = await post(t.s.url, '/api/chat', { model: 'llama3.2:3b', messages: [{ role: 'user', content: 'weather?' }], tools });
    const call = lines(raw.text).find((l) => (l['message'] as Record<string, unknown>)['tool_calls']);
    const calls = (call?.['message'] as { tool_calls: { id: string; function: Record<string, unknown> }[] }).tool_calls;
    assert.match(calls[0]?.id ?? '', /^call_[a-z0-9]{8}$/);
    assert.deepEqual(calls[0]?.function, { index: 0, name: 'get_weather', arguments: { city: 'Tokyo' } });
    t.s.scriptReplies([{ text: '', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] }]);
    const single = await t.client().chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'weather?' }], tools });
    assert.equal(single.message.tool_calls?.[0]?.function.name, 'get_weather');
  });

  it('an overflowing prompt is silently truncated (prompt_eval_count ≈ half of num_ctx); shift:false refuses', async () => {
    const prompt = 'lorem ipsum '.repeat(3000);
    const res = await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt, options: { num_ctx: 2048 } });
    assert.equal(res.prompt_eval_count, 1024);
    const small = await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'short' });
    assert.ok(small.prompt_eval_count > 0 && small.prompt_eval_count < 50);
    const refused = await post(t.s.url, '/api/generate', { model: 'qwen2.5-coder:1.5b', prompt, shift: false, options: { num_ctx: 2048 } });
    assert.equal(refused.status, 400);
    assert.match(String(JSON.parse(refused.text).error), /^the prompt is longer than the context length/);
  });
});

describe('stand-in: delays', () => {
  const t = useStandin();

  it('firstTokenMs + promptMsPer1kChars delay the headers; perTokenMs spaces the tokens', async () => {
    t.s.setDelays({ firstTokenMs: 20, promptMsPer1kChars: 10, perTokenMs: 5 });
    t.s.scriptReplies(['a b c d']);
    const started = performance.now();
    const it = await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'x'.repeat(2000), stream: true });
    const headersAfter = performance.now() - started;
    assert.ok(headersAfter >= 38, `headers after ${headersAfter.toFixed(1)} ms (want ≥ 40)`);
    await collect(it);
    const total = performance.now() - started;
    assert.ok(total >= headersAfter + 14, 'three gaps of 5 ms between four tokens');
    const rec = t.s.requests[0];
    assert.ok(rec?.headersSentAt !== undefined && rec.headersSentAt - rec.receivedAt >= 38);
  });

  it('firstTokenMs can be a function of the request', async () => {
    t.s.setDelays({ firstTokenMs: (ctx) => (ctx.suffix !== undefined ? 30 : 0) });
    const t0 = performance.now();
    await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'x' });
    const fast = performance.now() - t0;
    const t1 = performance.now();
    await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'x', suffix: 'y' });
    const slow = performance.now() - t1;
    assert.ok(slow >= 28 && slow > fast, `fast ${fast.toFixed(1)} ms, slow ${slow.toFixed(1)} ms`);
  });

  it('loadMs applies to a cold model only, and shows in load_duration', async () => {
    t.s.setDelays({ loadMs: 30 });
    const cold = await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'x' });
    const warm = await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'x' });
    assert.ok(cold.load_duration >= 28e6, `cold load ${cold.load_duration} ns`);
    assert.ok(warm.load_duration < cold.load_duration - 10e6, `warm load ${warm.load_duration} ns`);
    const reload = await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'x', options: { num_ctx: 8192 } });
    assert.ok(reload.load_duration >= 28e6, 'a new num_ctx reloads the model');
  });

  it('with the KV-cache model, evaluates only what follows the prefix the runner already holds', async () => {
    t.s.setKvCache(true);
    try {
      const base = `${'const x = 1;\n'.repeat(80)}let y = `;
      const evaluated = (): number | undefined => t.s.requests[t.s.requests.length - 1]?.promptEvalChars;
      t.s.scriptReplies(['x + 1;']);
      await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: base, raw: true });
      assert.equal(evaluated(), base.length, 'an empty cache: the whole prompt');
      await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: `${base}z`, raw: true });
      assert.equal(evaluated(), 1, 'the same prompt and one typed character: one character');
      t.s.scriptReplies(['x + 1;']);
      await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: base, raw: true });
      await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: `${base}x + 1;\n`, raw: true });
      assert.equal(evaluated(), 1, 'what it generated is in the cache too: the typed-along answer costs nothing');
      await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: `// header\n${base}`, raw: true });
      assert.equal(evaluated(), base.length + 10, 'a change at the start: everything after it');
      await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: `// header\n${base}`, raw: true, options: { num_ctx: 8192 } });
      assert.equal(evaluated(), base.length + 10, 'a reloaded model starts with an empty cache');
    } finally {
      t.s.setKvCache(false);
    }
  });
});
