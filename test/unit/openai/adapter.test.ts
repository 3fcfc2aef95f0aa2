// The OpenAI-compatible adapter behind the ModelGateway interface, against the stand-in over real HTTP: the
// translation of ChatParams and GenerateParams per engine, fill in the middle by every route there is, structured
// output with its checked fallback, the context a server reports, the stall watchdog, and secrets that never
// reach a message or a log line.
import * as assert from 'node:assert/strict';
import type { EndpointConnection } from '../../../src/core/endpoints/types';
import type { RequestOutcome } from '../../../src/core/ollama/outcomes';
import type { TextChunk } from '../../../src/core/ollama/types';
import { DEFAULT_CONTEXT, OpenAICompatibleGateway } from '../../../src/core/openai/adapter';
import { chatModels } from '../../../src/features/chat/models';
import { isAuthFailure } from '../../../src/core/openai';
import type { Logger } from '../../../src/core/util/log';
import { StandinOpenAI, type OpenAIStandinOptions } from '../../support/openaiStandin';
import { useOpenAIStandin } from '../openaiStandin/helpers';
import { expectKind } from '../../support/expectKind';

const TOKEN = 'sk-team-secret-4242';

/** A connection as the platform builds it: the fetch carries the token, the adapter never sees it. */
function connectionTo(url: string, opts: { token?: string; allowed?: boolean; fetch?: typeof fetch } = {}): EndpointConnection {
  const base = opts.fetch ?? ((input: Parameters<typeof fetch>[0], init?: RequestInit) => fetch(input, init));
  return {
    name: 'team',
    kind: 'openai-compatible',
    baseUrl: url,
    isLoopback: true,
    allowed: opts.allowed ?? true,
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      if (opts.token) headers.set('Authorization', `Bearer ${opts.token}`);
      return base(input, { ...init, headers });
    },
    secrets: () => Promise.resolve(opts.token ? [opts.token] : []),
  };
}

function adapter(connection: EndpointConnection, extra: { log?: Logger; contextLength?: number; stallMs?: number } = {}): OpenAICompatibleGateway {
  const stall = extra.stallMs;
  return new OpenAICompatibleGateway({
    connection,
    config: () => ({ contextLength: extra.contextLength ?? 0 }),
    metadataTimeoutMs: 2_000,
    ...(extra.log ? { log: extra.log } : {}),
    ...(stall !== undefined ? { stallTimes: { loadingMs: stall, waitingMs: stall, streamingMs: stall } } : {}),
  });
}

async function collect(stream: AsyncIterable<TextChunk>): Promise<{ text: string; chunks: TextChunk[]; last: TextChunk | undefined }> {
  const chunks: TextChunk[] = [];
  for await (const c of stream) chunks.push(c);
  return { text: chunks.map((c) => c.text).join(''), chunks, last: chunks.at(-1) };
}

function recordingLogger(lines: string[]): Logger {
  const push = (m: string | Error): void => {
    lines.push(typeof m === 'string' ? m : m.message);
  };
  return { trace: push, debug: push, info: push, warn: push, error: push };
}

const generation = (t: { s: StandinOpenAI }, path: string) => t.s.requests.filter((r) => r.path === path);
const body = (r: { body: unknown } | undefined): Record<string, unknown> => (r?.body ?? {}) as Record<string, unknown>;

function use(options: OpenAIStandinOptions): { readonly s: StandinOpenAI } {
  return useOpenAIStandin(options);
}

describe('openai adapter: chat', () => {
  const t = use({ flavour: 'vllm', models: [{ id: 'qwen-coder', maxModelLen: 8192 }] });

  it('streams a chat answer; options become max_tokens, temperature, top_p, stop and seed; think:false turns thinking off', async () => {
    t.s.scriptReplies(['Hello there, friend.']);
    const a = adapter(connectionTo(t.s.url));
    const { text, last } = await collect(
      a.chat({ model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }], think: false, options: { num_predict: 50, temperature: 0.2, top_p: 0.9, stop: ['\n\n'], seed: 7, num_ctx: 999 } }),
    );
    assert.equal(text, 'Hello there, friend.');
    assert.equal(last?.done, true);
    assert.equal(last?.doneReason, 'stop');
    const sent = body(generation(t, '/v1/chat/completions')[0]);
    assert.equal(sent['max_tokens'], 50);
    assert.equal(sent['temperature'], 0.2);
    assert.equal(sent['top_p'], 0.9);
    assert.deepEqual(sent['stop'], ['\n\n']);
    assert.equal(sent['seed'], 7);
    assert.deepEqual(sent['chat_template_kwargs'], { enable_thinking: false });
    assert.ok(!('num_ctx' in sent) && !('options' in sent), 'no Ollama fields');
  });

  it('max_tokens is sent even when the feature sets no num_predict (vLLM would run to the end of the window)', async () => {
    const a = adapter(connectionTo(t.s.url));
    await collect(a.chat({ model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }] }));
    const sent = body(generation(t, '/v1/chat/completions')[0]);
    assert.equal(typeof sent['max_tokens'], 'number');
    assert.ok((sent['max_tokens'] as number) > 0 && (sent['max_tokens'] as number) < 8192);
  });

  it('stopping the iteration closes the request: the server sees the disconnect', async () => {
    t.s.setDelays({ firstTokenMs: 0, perTokenMs: 20 });
    t.s.scriptReplies([Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ')]);
    const a = adapter(connectionTo(t.s.url));
    for await (const chunk of a.chat({ model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }], options: { num_predict: 200 } })) {
      if (chunk.text) break;
    }
    const rec = generation(t, '/v1/chat/completions')[0];
    assert.ok(rec);
    await t.s.waitForClose(rec);
    assert.equal(rec.closedEarly, true);
    assert.ok(rec.tokensSent < 100, `sent ${rec.tokensSent}`);
  });

  it("the caller's signal closes the request and ends the stream as aborted", async () => {
    t.s.addFault({ fault: { kind: 'stallAfterHeaders', afterChunks: 1 } });
    const controller = new AbortController();
    const a = adapter(connectionTo(t.s.url));
    const run = collect(a.chat({ model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }] }, controller.signal));
    const rec = await t.s.waitForRequest((r) => r.path === '/v1/chat/completions' && r.tokensSent === 1);
    controller.abort();
    await expectKind(run, 'aborted');
    await t.s.waitForClose(rec);
    assert.equal(rec.closedEarly, true);
  });

  it('a stream that goes quiet ends with a typed stall error, or asks the caller', async () => {
    t.s.addFault({ fault: { kind: 'stallAfterHeaders', afterChunks: 1 }, times: 2 });
    const a = adapter(connectionTo(t.s.url), { stallMs: 150 });
    const e = await expectKind(collect(a.chat({ model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }] })), 'protocol');
    assert.equal(e.details.reason, 'stalled');
    assert.match(e.message, /sent no answer/);
    assert.doesNotMatch(e.message, /Ollama/);
    const asked: string[] = [];
    await expectKind(
      collect(a.chat({ model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }] }, undefined, { onStall: (info) => (asked.push(info.phase), Promise.resolve('cancel')) })),
      'aborted',
    );
    assert.deepEqual(asked, ['streaming']);
    for (const rec of generation(t, '/v1/chat/completions')) await t.s.waitForClose(rec);
    assert.ok(generation(t, '/v1/chat/completions').every((r) => r.closedEarly));
  });

  it('reports request outcomes (answered) for the endpoint state', async () => {
    const seen: RequestOutcome[] = [];
    const a = adapter(connectionTo(t.s.url));
    a.onDidObserve((o) => seen.push(o));
    await collect(a.chat({ model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }] }));
    assert.ok(seen.some((o) => o.kind === 'answered' && o.path === '/v1/chat/completions' && o.status === 200));
  });

  it('a model the server does not serve: modelNotFound, and a modelMissing outcome', async () => {
    const seen: RequestOutcome[] = [];
    const a = adapter(connectionTo(t.s.url));
    a.onDidObserve((o) => seen.push(o));
    await expectKind(a.showModel('nope'), 'modelNotFound');
    await expectKind(collect(a.chat({ model: 'nope', messages: [{ role: 'user', content: 'hi' }], options: { num_predict: 8 } })), 'modelNotFound');
    assert.ok(seen.some((o) => o.kind === 'modelMissing' && o.model === 'nope'));
  });

  it('an endpoint the user has not allowed: refused before any request', async () => {
    const a = adapter(connectionTo(t.s.url, { allowed: false }));
    await expectKind(collect(a.chat({ model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }] })), 'remoteHostRefused');
    await expectKind(a.listModels(), 'remoteHostRefused');
    assert.equal(t.s.requests.length, 0);
  });
});

describe('openai adapter: structured output', () => {
  const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };

  describe('a server that supports json_schema', () => {
    const t = use({ flavour: 'vllm' });
    it('sends response_format json_schema named "hearth" and passes the reply on', async () => {
      t.s.scriptReplies(['{"a": "x"}']);
      const a = adapter(connectionTo(t.s.url));
      const { text } = await collect(a.chat({ model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }], format: schema }));
      assert.deepEqual(JSON.parse(text), { a: 'x' });
      assert.deepEqual(body(generation(t, '/v1/chat/completions')[0])['response_format'], { type: 'json_schema', json_schema: { name: 'hearth', schema } });
      assert.equal((await a.capabilities()).jsonSchema, true);
    });
  });

  describe('a server that refuses json_schema', () => {
    const t = use({ flavour: 'llamacpp', jsonSchema: false });
    it('asks again with the schema in words, checks the reply and passes it on as clean JSON; then asks that way at once', async () => {
      t.s.scriptReplies(['Here it is:\n```json\n{"a": "x"}\n```', '{"a": "y"}']);
      const a = adapter(connectionTo(t.s.url));
      const first = await collect(a.chat({ model: 'qwen-coder', messages: [{ role: 'system', content: 'Translate.' }, { role: 'user', content: 'hi' }], format: schema }));
      assert.deepEqual(JSON.parse(first.text), { a: 'x' });
      assert.equal(first.last?.done, true);
      const [refused, retried] = generation(t, '/v1/chat/completions');
      assert.equal(refused?.status, 400);
      assert.ok(body(refused)['response_format']);
      assert.equal(body(retried)['response_format'], undefined);
      const system = (body(retried)['messages'] as { role: string; content: string }[])[0];
      assert.equal(system?.role, 'system');
      assert.match(system?.content ?? '', /^Translate\.\n\n.*JSON schema/s);
      assert.equal((await a.capabilities()).jsonSchema, false);
      const second = await collect(a.chat({ model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }], format: schema }));
      assert.deepEqual(JSON.parse(second.text), { a: 'y' });
      assert.equal(generation(t, '/v1/chat/completions').length, 3, 'no second refused request');
    });

    it('a reply that does not match the schema is a protocol error, not text passed on', async () => {
      t.s.scriptReplies(['{"b": 1}']);
      t.s.setJsonSchema(false);
      const a = adapter(connectionTo(t.s.url));
      t.s.scriptReplies(['{"b": 1}']);
      const e = await expectKind(collect(a.chat({ model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }], format: schema })), 'protocol');
      assert.match(e.message, /does not match/);
      assert.equal(e.details.capability, 'json_schema');
    });
  });
});

describe('openai adapter: fill in the middle', () => {
  const fim = (a: OpenAICompatibleGateway, model: string) => collect(a.generate({ model, prompt: 'def add(a, b):\n    return ', suffix: '\n\nprint(add(1, 2))\n', options: { num_predict: 16, stop: ['\n\n'] } }));

  describe('llama.cpp', () => {
    const t = use({ flavour: 'llamacpp', models: [{ id: 'qwen-coder' }] });
    it('goes to /infill with the prefix and suffix', async () => {
      t.s.scriptReplies(['a + b']);
      const a = adapter(connectionTo(t.s.url));
      const { text } = await fim(a, 'qwen-coder');
      assert.equal(text, 'a + b');
      const rec = generation(t, '/infill')[0];
      assert.deepEqual(body(rec), { input_prefix: 'def add(a, b):\n    return ', input_suffix: '\n\nprint(add(1, 2))\n', n_predict: 16, stop: ['\n\n'], stream: true });
      assert.equal(generation(t, '/v1/completions').length, 0);
      const caps = await a.capabilities();
      assert.equal(caps.infill, true);
      assert.ok((await a.showModel('qwen-coder')).capabilities.includes('insert'));
    });
  });

  describe('llama.cpp with a model without FIM tokens', () => {
    const t = use({ flavour: 'llamacpp', infill: false, models: [{ id: 'llama-3-8b-instruct' }] });
    it('/infill answers 501: "this model cannot fill in the middle"', async () => {
      const a = adapter(connectionTo(t.s.url));
      const e = await expectKind(fim(a, 'llama-3-8b-instruct'), 'capabilityMissing');
      assert.match(e.message, /this model cannot fill in the middle/);
      assert.equal(e.details.capability, 'insert');
    });
  });

  describe('Ollama /v1', () => {
    // Ollama's fingerprint (GET / and /api/version) in front of a server that takes `suffix` on /v1/completions.
    const t = use({ flavour: 'lmstudio', models: [{ id: 'qwen2.5-coder:1.5b' }] });
    const ollamaFetch = (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      if (url.pathname === '/') return Promise.resolve(new Response('Ollama is running', { status: 200 }));
      if (url.pathname === '/api/version') return Promise.resolve(new Response('{"version":"0.33.0"}', { status: 200 }));
      return fetch(input, init);
    };
    it('sends the suffix on /v1/completions', async () => {
      t.s.scriptReplies(['a + b']);
      const a = adapter(connectionTo(t.s.url, { fetch: ollamaFetch }));
      const { text } = await fim(a, 'qwen2.5-coder:1.5b');
      assert.equal(text, 'a + b');
      const sent = body(generation(t, '/v1/completions')[0]);
      assert.equal(sent['prompt'], 'def add(a, b):\n    return ');
      assert.equal(sent['suffix'], '\n\nprint(add(1, 2))\n');
      assert.equal((await a.capabilities()).fimSuffix, true);
    });

    it('thinking off is reasoning_effort "none" there', async () => {
      const a = adapter(connectionTo(t.s.url, { fetch: ollamaFetch }));
      await collect(a.chat({ model: 'qwen2.5-coder:1.5b', messages: [{ role: 'user', content: 'hi' }], think: false }));
      assert.equal(body(generation(t, '/v1/chat/completions')[0])['reasoning_effort'], 'none');
    });
  });

  describe('vLLM', () => {
    const t = use({ flavour: 'vllm', models: [{ id: 'Qwen/Qwen2.5-Coder-7B', maxModelLen: 8192 }, { id: 'meta-llama/Llama-3.1-8B-Instruct', maxModelLen: 8192 }] });
    it("sends the family's raw FIM layout as the prompt (vLLM refuses any suffix), with the layout's stops", async () => {
      t.s.scriptReplies(['a + b']);
      const a = adapter(connectionTo(t.s.url));
      const { text } = await fim(a, 'Qwen/Qwen2.5-Coder-7B');
      assert.equal(text, 'a + b');
      const sent = generation(t, '/v1/completions');
      assert.equal(sent.length, 1, 'no request with a suffix first');
      assert.equal(body(sent[0])['prompt'], '<|fim_prefix|>def add(a, b):\n    return <|fim_suffix|>\n\nprint(add(1, 2))\n<|fim_middle|>');
      assert.ok(!('suffix' in body(sent[0])));
      const stop = body(sent[0])['stop'] as string[];
      assert.ok(stop.includes('\n\n') && stop.includes('<|endoftext|>') && stop.includes('<|fim_prefix|>'));
    });

    it('a model with no FIM layout: capabilityMissing "this model cannot fill in the middle", nothing sent', async () => {
      const a = adapter(connectionTo(t.s.url));
      const e = await expectKind(fim(a, 'meta-llama/Llama-3.1-8B-Instruct'), 'capabilityMissing');
      assert.match(e.message, /this model cannot fill in the middle/);
      assert.equal(generation(t, '/v1/completions').length, 0);
      assert.ok(!(await a.showModel('meta-llama/Llama-3.1-8B-Instruct')).capabilities.includes('insert'));
      assert.ok((await a.showModel('Qwen/Qwen2.5-Coder-7B')).capabilities.includes('insert'));
    });

    it('a raw prompt without suffix goes to /v1/completions as it is', async () => {
      const a = adapter(connectionTo(t.s.url));
      await collect(a.generate({ model: 'Qwen/Qwen2.5-Coder-7B', prompt: 'def f():', raw: true, options: { num_predict: 4 } }));
      assert.equal(body(generation(t, '/v1/completions')[0])['prompt'], 'def f():');
    });
  });
});

describe('openai adapter: models and context', () => {
  describe('vLLM', () => {
    const t = use({ flavour: 'vllm', models: [{ id: 'big', maxModelLen: 32768 }, { id: 'Qwen/Qwen2.5-7B-Instruct', maxModelLen: 16384 }] });
    it('lists the served models with max_model_len as their context; the window is that, or a smaller setting', async () => {
      const a = adapter(connectionTo(t.s.url));
      const models = await a.listModels();
      assert.deepEqual(models.map((m) => [m.name, m.contextLength]), [['big', 32768], ['Qwen/Qwen2.5-7B-Instruct', 16384]]);
      assert.equal(models[1]?.parameterSize, '7B');
      assert.equal(await a.contextWindow('big'), 32768);
      assert.equal(await a.contextWindow('big', { contextLength: 8192 }), 8192);
      assert.equal(await a.contextWindow('big', { contextLength: 65536 }), 32768, 'never more than the server allows');
      const withShared = adapter(connectionTo(t.s.url), { contextLength: 8192 });
      assert.equal(await withShared.contextWindow('big'), 32768, 'hearth.contextLength (a num_ctx for Ollama) does not shrink a window the server reports');
      const caps = await a.capabilities();
      assert.equal(caps.manageModels, false);
      assert.equal(caps.runningModels, false);
    });
  });

  describe('the chat menu', () => {
    const t = use({ flavour: 'vllm', models: [{ id: 'Qwen/Qwen2.5-7B-Instruct' }, { id: 'Qwen/Qwen2.5-Coder-7B-base' }] });
    it('offers the served models that can chat (the name decides: the server keeps the template)', async () => {
      const names = (await chatModels({ gateway: adapter(connectionTo(t.s.url)) })).map((m) => m.name);
      assert.deepEqual(names, ['Qwen/Qwen2.5-7B-Instruct']);
    });
  });

  describe('llama.cpp', () => {
    const t = use({ flavour: 'llamacpp', nCtx: 2048, models: [{ id: 'm', maxModelLen: 32768 }] });
    it("the context is /props' per-slot n_ctx, not the training context", async () => {
      const a = adapter(connectionTo(t.s.url));
      assert.equal((await a.listModels())[0]?.contextLength, 2048);
      assert.equal(await a.contextWindow('m'), 2048);
    });
  });

  describe('a server that reports no context', () => {
    it('the setting, else a conservative default', async () => {
      const routes: Record<string, string> = { '/v1/models': '{"object":"list","data":[{"id":"m","object":"model"}]}' };
      const fake = (input: Parameters<typeof fetch>[0]): Promise<Response> => {
        const path = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).pathname;
        const text = routes[path];
        return Promise.resolve(new Response(text ?? 'Not Found', { status: text ? 200 : 404 }));
      };
      assert.equal(await adapter(connectionTo('http://proxy.test', { fetch: fake })).contextWindow('m'), DEFAULT_CONTEXT);
      assert.equal(await adapter(connectionTo('http://proxy.test', { fetch: fake }), { contextLength: 12000 }).contextWindow('m'), 12000);
    });
  });
});

describe('openai adapter: credentials', () => {
  const t = use({ flavour: 'vllm', apiKey: TOKEN });

  it("the connection's fetch carries the token: requests succeed", async () => {
    const a = adapter(connectionTo(t.s.url, { token: TOKEN }));
    const { text } = await collect(a.chat({ model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }] }));
    assert.ok(text.length > 0);
    assert.equal(generation(t, '/v1/chat/completions')[0]?.headers['authorization'], `Bearer ${TOKEN}`);
  });

  it('401: the auth message', async () => {
    const a = adapter(connectionTo(t.s.url));
    const e = await expectKind(collect(a.chat({ model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }] })), 'badRequest');
    assert.ok(isAuthFailure(e));
    assert.match(e.message, /401: the request needs a valid API token/);
  });

  it('a proxy that echoes the key: the secret is in no error message and no log line', async () => {
    const lines: string[] = [];
    const a = adapter(connectionTo(t.s.url, { token: TOKEN }), { log: recordingLogger(lines) });
    t.s.addFault({ fault: { kind: 'status', status: 401, message: `Authentication Error, Received API Key = ${TOKEN}` }, path: '/v1/chat/completions' });
    const e = await expectKind(collect(a.chat({ model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }] })), 'badRequest');
    assert.ok(!e.message.includes(TOKEN), e.message);
    assert.ok(!(e.details.serverMessage ?? '').includes(TOKEN));
    assert.ok((e.details.serverMessage ?? '').includes('***'), 'the message is kept, the key blotted out');
    assert.ok(!JSON.stringify({ ...e.details, cause: undefined }).includes(TOKEN));
    assert.ok(lines.length > 0 && lines.every((l) => !l.includes(TOKEN)), lines.join('\n'));
  });
});
