// The OpenAI-compatible client against the stand-in over real HTTP on 127.0.0.1: streaming, the finish chunk,
// every error kind, cancellation that closes the connection, credentials that go only where they belong.
import * as assert from 'node:assert/strict';
import { OllamaError } from '../../../src/core/ollama/errors';
import { OpenAIClient, isAuthFailure, type OpenAIEndpoint, type TextChunk } from '../../../src/core/openai';
import type { Logger } from '../../../src/core/util/log';
import { StandinOpenAI, type OpenAIStandinOptions } from '../../support/openaiStandin';
import { useOpenAIStandin } from '../openaiStandin/helpers';
import { expectKind } from '../../support/expectKind';

const client = (log?: Logger): OpenAIClient => new OpenAIClient({ fetch: (input, init) => fetch(input, init), metadataTimeoutMs: 2_000, ...(log ? { log } : {}) });

async function collect(stream: AsyncIterable<TextChunk>): Promise<{ text: string; thinking: string; chunks: TextChunk[]; last: TextChunk | undefined }> {
  const chunks: TextChunk[] = [];
  for await (const c of stream) chunks.push(c);
  return { text: chunks.map((c) => c.text).join(''), thinking: chunks.map((c) => c.thinking ?? '').join(''), chunks, last: chunks.at(-1) };
}

function useServer(options: OpenAIStandinOptions): { readonly s: StandinOpenAI; readonly endpoint: OpenAIEndpoint } {
  const server = useOpenAIStandin(options);
  return {
    get s(): StandinOpenAI {
      return server.s;
    },
    get endpoint(): OpenAIEndpoint {
      return { url: server.s.url, ...(options.apiKey ? { token: options.apiKey } : {}) };
    },
  };
}

const chatParams = { model: 'qwen-coder', messages: [{ role: 'user' as const, content: 'Say hello' }], maxTokens: 64 };
const LONG = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen';

describe('openai client: vLLM', () => {
  const t = useServer({ flavour: 'vllm', models: [{ id: 'qwen-coder', maxModelLen: 4096 }, { id: 'small', maxModelLen: 32 }] });

  it('lists models with their context length, whatever form the base URL takes', async () => {
    for (const url of [t.s.url, `${t.s.url}/`, `${t.s.url}/v1`, `${t.s.url}/v1/`]) {
      const models = await client().listModels({ url });
      assert.deepEqual(models.map((m) => [m.id, m.contextLength, m.ownedBy]), [['qwen-coder', 4096, 'vllm'], ['small', 32, 'vllm']], url);
    }
    assert.equal(await client().serverProps(t.endpoint), undefined, 'no /props on vLLM');
  });

  it('streams a chat answer, then one done chunk with the finish reason and usage', async () => {
    t.s.scriptReplies([{ text: 'Hello there, friend.', thinking: 'A greeting.' }]);
    const { text, thinking, last, chunks } = await collect(client().chat(t.endpoint, chatParams));
    assert.equal(text, 'Hello there, friend.');
    assert.equal(thinking, 'A greeting.');
    assert.ok(chunks.slice(0, -1).every((c) => !c.done && (c.text !== '' || c.thinking !== undefined)), 'no empty chunks before the end');
    assert.equal(last?.done, true);
    assert.equal(last?.doneReason, 'stop');
    assert.ok((last?.stats?.promptEvalCount ?? 0) > 0);
    assert.ok((last?.stats?.evalCount ?? 0) > 0);
    const rec = t.s.requests.find((r) => r.path === '/v1/chat/completions');
    assert.deepEqual(rec?.body, { model: 'qwen-coder', messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 64, stream: true, stream_options: { include_usage: true } });
    assert.equal(rec?.headers['accept'], 'text/event-stream');
    await t.s.waitForClose(rec!);
    assert.equal(rec?.completed, true, 'a finished stream is not cut');
  });

  it('max tokens reached: doneReason "length"', async () => {
    t.s.scriptReplies([LONG]);
    const { last, text } = await collect(client().chat(t.endpoint, { ...chatParams, maxTokens: 2 }));
    assert.equal(text, 'one two');
    assert.equal(last?.doneReason, 'length');
  });

  it('sends sampling fields, images as data URLs, json_schema with its name, and extra fields', async () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
    const { text } = await collect(
      client().chat(t.endpoint, {
        ...chatParams,
        messages: [{ role: 'user', content: 'look', images: ['iVBORw0KGgo='] }],
        temperature: 0.2,
        topP: 0.9,
        stop: ['\n\n'],
        seed: 7,
        responseFormat: { type: 'json_schema', name: 'answer', schema },
        extra: { chat_template_kwargs: { enable_thinking: false } },
      }),
    );
    assert.deepEqual(JSON.parse(text), { ok: false });
    const body = t.s.requests.at(-1)?.body as Record<string, unknown>;
    assert.deepEqual(body['messages'], [{ role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }]);
    assert.equal(body['temperature'], 0.2);
    assert.equal(body['top_p'], 0.9);
    assert.deepEqual(body['stop'], ['\n\n']);
    assert.equal(body['seed'], 7);
    assert.deepEqual(body['response_format'], { type: 'json_schema', json_schema: { name: 'answer', schema } });
    assert.deepEqual(body['chat_template_kwargs'], { enable_thinking: false });
  });

  it('json_schema unsupported: capabilityMissing "json_schema", so a feature can fall back', async () => {
    t.s.setJsonSchema(false);
    await expectKind(collect(client().chat(t.endpoint, { ...chatParams, responseFormat: { type: 'json_schema', name: 'x', schema: {} } })), 'capabilityMissing', (e) =>
      assert.equal(e.details.capability, 'json_schema'),
    );
  });

  it('completions: text and finish; no suffix sent unless asked; a suffix is capabilityMissing "insert" here', async () => {
    t.s.scriptReplies(['a + b']);
    const { text, last } = await collect(client().complete(t.endpoint, { model: 'qwen-coder', prompt: 'return ', maxTokens: 8 }));
    assert.equal(text, 'a + b');
    assert.equal(last?.doneReason, 'stop');
    assert.ok(!('suffix' in (t.s.requests.at(-1)?.body as Record<string, unknown>)));
    await expectKind(collect(client().complete(t.endpoint, { model: 'qwen-coder', prompt: 'x', suffix: '', maxTokens: 8 })), 'capabilityMissing', (e) =>
      assert.equal(e.details.capability, 'insert'),
    );
    await expectKind(collect(client().infill(t.endpoint, { inputPrefix: 'a', inputSuffix: 'b', maxTokens: 4 })), 'capabilityMissing');
  });

  it('context overflow and an unknown model have their kinds', async () => {
    await expectKind(collect(client().chat(t.endpoint, { model: 'small', messages: [{ role: 'user', content: 'word '.repeat(40) }], maxTokens: 8 })), 'contextOverflow', (e) =>
      assert.equal(e.details.status, 400),
    );
    await expectKind(collect(client().chat(t.endpoint, { ...chatParams, model: 'nope' })), 'modelNotFound', (e) => assert.equal(e.details.model, 'nope'));
  });

  describe('faults', () => {
    it('HTML 500: server, with no markup in the message; the page goes to the log only', async () => {
      const lines: string[] = [];
      const log = recordingLogger(lines);
      t.s.addFault({ fault: { kind: 'html500' } });
      const e = await expectKind(collect(client(log).chat(t.endpoint, chatParams)), 'server');
      assert.ok(!/[<>]/.test(e.message), e.message);
      assert.equal(e.details.serverMessage, undefined);
      assert.ok(lines.some((l) => l.includes('<html>')), 'the body is in the log');
    });

    it('a malformed event: protocol "malformed", after the text before it', async () => {
      t.s.scriptReplies([LONG]);
      t.s.addFault({ fault: { kind: 'malformedLine', afterChunks: 2 } });
      const seen: string[] = [];
      await expectKind(
        (async () => {
          for await (const c of client().chat(t.endpoint, chatParams)) seen.push(c.text);
        })(),
        'protocol',
        (e) => assert.equal(e.details.reason, 'malformed'),
      );
      assert.equal(seen.join(''), 'one two');
    });

    it('a dropped connection mid-stream: protocol "dropped"', async () => {
      t.s.scriptReplies([LONG]);
      t.s.addFault({ fault: { kind: 'drop', afterChunks: 3 } });
      await expectKind(collect(client().chat(t.endpoint, chatParams)), 'protocol', (e) => assert.equal(e.details.reason, 'dropped'));
    });

    it('a stream that ends without finish or [DONE]: protocol "noDone"', async () => {
      t.s.addFault({ fault: { kind: 'noDone' } });
      await expectKind(collect(client().chat(t.endpoint, chatParams)), 'protocol', (e) => assert.equal(e.details.reason, 'noDone'));
    });

    it('an error event mid-stream: server "midStream", even though vLLM sends [DONE] after it', async () => {
      t.s.addFault({ fault: { kind: 'errorMidStream', afterChunks: 2, message: 'engine dead' } });
      await expectKind(collect(client().chat(t.endpoint, chatParams)), 'server', (e) => {
        assert.equal(e.details.reason, 'midStream');
        assert.equal(e.details.serverMessage, 'engine dead');
      });
    });

    it('503 status: busy', async () => {
      t.s.addFault({ fault: { kind: 'status', status: 503, message: 'overloaded' } });
      await expectKind(collect(client().chat(t.endpoint, chatParams)), 'busy');
    });
  });

  describe('cancellation closes the connection', () => {
    it('the caller aborts while the server stalls after the headers', async () => {
      t.s.addFault({ fault: { kind: 'stallAfterHeaders', afterChunks: 1 } });
      const controller = new AbortController();
      const seen: string[] = [];
      const run = (async () => {
        for await (const c of client().chat(t.endpoint, chatParams, controller.signal)) seen.push(c.text);
      })();
      const rec = await t.s.waitForRequest((r) => r.path === '/v1/chat/completions' && r.tokensSent === 1);
      controller.abort();
      await expectKind(run, 'aborted');
      await t.s.waitForClose(rec);
      assert.equal(rec.closedEarly, true);
      assert.ok(seen.length <= 1);
    });

    it('the caller aborts while the request waits for the slot, before any header', async () => {
      t.s.addFault({ fault: { kind: 'stallAfterHeaders' }, times: 1 });
      const holder = new AbortController();
      const first = collect(client().chat(t.endpoint, chatParams, holder.signal)).catch((e: unknown) => e);
      await t.s.waitForRequest((r) => r.id === 1 && r.headersSentAt !== undefined);
      const controller = new AbortController();
      const second = collect(client().chat(t.endpoint, chatParams, controller.signal));
      const waiting = await t.s.waitForRequest((r) => r.id === 2 && r.body !== undefined);
      assert.equal(waiting.headersSentAt, undefined);
      controller.abort();
      await expectKind(second, 'aborted');
      await t.s.waitForClose(waiting);
      assert.equal(waiting.headersSentAt, undefined, 'never started');
      holder.abort();
      assert.equal(((await first) as OllamaError).kind, 'aborted');
    });

    it('a consumer that stops iterating closes the request at once', async () => {
      t.s.setDelays({ perTokenMs: 20 });
      t.s.scriptReplies([LONG]);
      for await (const c of client().chat(t.endpoint, chatParams)) {
        if (c.text) break;
      }
      const rec = await t.s.waitForRequest((r) => r.path === '/v1/chat/completions');
      await t.s.waitForClose(rec);
      assert.equal(rec.closedEarly, true);
      assert.ok(rec.tokensGenerated < 15, `stopped generating (${rec.tokensGenerated})`);
    });

    it('an already aborted signal sends nothing', async () => {
      const controller = new AbortController();
      controller.abort();
      await expectKind(collect(client().chat(t.endpoint, chatParams, controller.signal)), 'aborted');
      assert.equal(t.s.requests.length, 0);
    });
  });
});

describe('openai client: llama.cpp', () => {
  const t = useServer({ flavour: 'llamacpp', nCtx: 256, models: [{ id: 'qwen', maxModelLen: 32768 }] });

  it('models carry the training context; /props gives the per-slot context', async () => {
    const [model] = await client().listModels(t.endpoint);
    assert.equal(model?.id, 'qwen');
    assert.equal(model?.contextLength, undefined);
    assert.equal(model?.trainedContextLength, 32768);
    const props = await client().serverProps(t.endpoint);
    assert.equal(props?.contextLength, 256);
    assert.equal(props?.totalSlots, 1);
  });

  it('chat with reasoning_content; completions with usage on the last chunk', async () => {
    t.s.scriptReplies([{ text: 'Hi', thinking: 'Hmm' }, 'abc def']);
    const chat = await collect(client().chat(t.endpoint, { ...chatParams, model: 'qwen' }));
    assert.equal(chat.text, 'Hi');
    assert.equal(chat.thinking, 'Hmm');
    const completion = await collect(client().complete(t.endpoint, { model: 'qwen', prompt: 'x', maxTokens: 16 }));
    assert.equal(completion.text, 'abc def');
    assert.ok((completion.last?.stats?.evalCount ?? 0) > 0);
    assert.ok(completion.last?.stats?.evalDurationNs !== undefined, 'timings read');
  });

  it('/infill streams the middle and ends at stop:true without [DONE]', async () => {
    t.s.scriptReplies([LONG]);
    const { text, last } = await collect(client().infill(t.endpoint, { inputPrefix: 'add(', inputSuffix: ')', maxTokens: 3, inputExtra: [{ filename: 'a.py', text: 'x = 1' }] }));
    assert.equal(text, 'one two three'.slice(0, text.length));
    assert.equal(last?.done, true);
    assert.equal(last?.doneReason, 'length');
    assert.deepEqual(t.s.requests.at(-1)?.body, { input_prefix: 'add(', input_suffix: ')', input_extra: [{ filename: 'a.py', text: 'x = 1' }], n_predict: 3, stream: true });
  });

  it('context overflow is exceed_context_size_error → contextOverflow; a mid-stream error without [DONE] → server', async () => {
    await expectKind(collect(client().chat(t.endpoint, { ...chatParams, messages: [{ role: 'user', content: 'word '.repeat(300) }] })), 'contextOverflow');
    t.s.addFault({ fault: { kind: 'errorMidStream', afterChunks: 1, message: 'boom' } });
    await expectKind(collect(client().chat(t.endpoint, chatParams)), 'server');
  });
});

describe('openai client: llama.cpp without FIM tokens', () => {
  const t = useServer({ flavour: 'llamacpp', infill: false });
  it('/infill 501 → capabilityMissing "insert"', async () => {
    await expectKind(collect(client().infill(t.endpoint, { inputPrefix: 'a', inputSuffix: 'b', maxTokens: 4 })), 'capabilityMissing', (e) => assert.equal(e.details.capability, 'insert'));
  });
});

describe('openai client: LM Studio', () => {
  const t = useServer({ flavour: 'lmstudio', models: [{ id: 'qwen' }] });
  it('models without a context length', async () => {
    assert.deepEqual(await client().listModels(t.endpoint), [{ id: 'qwen', ownedBy: 'organization_owner' }]);
  });
});

function recordingLogger(lines: string[]): Logger {
  const push = (m: string | Error): void => {
    lines.push(typeof m === 'string' ? m : `${m.message}\n${m.stack ?? ''}`);
  };
  return { trace: push, debug: push, info: push, warn: push, error: push };
}

describe('openai client: credentials', () => {
  let a: StandinOpenAI;
  let b: StandinOpenAI;
  const TOKEN_A = 'sk-secret-token-for-A';
  const TOKEN_B = 'sk-secret-token-for-B';
  beforeEach(async () => {
    a = await StandinOpenAI.start({ flavour: 'vllm', apiKey: TOKEN_A });
    b = await StandinOpenAI.start({ flavour: 'llamacpp', apiKey: TOKEN_B });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  it('without the token: 401, told apart by isAuthFailure; with it: an answer', async () => {
    const e = await expectKind(collect(client().chat({ url: a.url }, chatParams)), 'badRequest');
    assert.equal(e.details.status, 401);
    assert.ok(isAuthFailure(e));
    await expectKind(client().listModels({ url: a.url, token: 'wrong' }), 'badRequest', (err) => assert.ok(isAuthFailure(err)));
    assert.equal((await collect(client().chat({ url: a.url, token: TOKEN_A }, chatParams))).last?.done, true);
  });

  it('each token reaches only its own endpoint, with its custom headers', async () => {
    const c = client();
    const endpointA: OpenAIEndpoint = { url: a.url, token: TOKEN_A, headers: { 'X-Team': 'alpha' } };
    const endpointB: OpenAIEndpoint = { url: b.url, token: TOKEN_B };
    await c.listModels(endpointA);
    await collect(c.chat(endpointB, chatParams));
    await collect(c.chat(endpointA, chatParams));
    await c.serverProps(endpointB);
    await c.listModels({ url: b.url });
    for (const r of a.requests) {
      assert.equal(r.headers['authorization'], `Bearer ${TOKEN_A}`, r.path);
      assert.equal(r.headers['x-team'], 'alpha');
    }
    const bAuth = b.requests.map((r) => r.headers['authorization']);
    assert.deepEqual(bAuth, [`Bearer ${TOKEN_B}`, `Bearer ${TOKEN_B}`, undefined]);
    assert.ok(b.requests.every((r) => r.headers['x-team'] === undefined));
  });

  it('no log line ever carries a token or a header value, on success or failure', async () => {
    const lines: string[] = [];
    const c = client(recordingLogger(lines));
    const endpoint: OpenAIEndpoint = { url: a.url, token: TOKEN_A, headers: { 'X-Proxy-Key': 'proxy-secret-value' } };
    await c.listModels(endpoint);
    await collect(c.chat(endpoint, chatParams));
    await expectKind(collect(c.chat({ ...endpoint, token: TOKEN_B }, chatParams)), 'badRequest');
    a.addFault({ fault: { kind: 'html500' }, times: 1 });
    await expectKind(collect(c.chat(endpoint, chatParams)), 'server');
    a.addFault({ fault: { kind: 'malformedLine', afterChunks: 1 }, times: 1 });
    await expectKind(collect(c.chat(endpoint, chatParams)), 'protocol');
    await a.close();
    await expectKind(c.listModels(endpoint), 'unreachable');
    assert.ok(lines.length >= 6, `the client did log (${lines.length} lines)`);
    assert.ok(lines.some((l) => l.includes('authorization') && l.includes('x-proxy-key')), 'header names are logged');
    for (const line of lines) {
      for (const secret of [TOKEN_A, TOKEN_B, 'proxy-secret-value']) assert.ok(!line.includes(secret), `leaked in: ${line}`);
    }
    a = await StandinOpenAI.start({ flavour: 'vllm' }); // afterEach closes it
  });

  it('a proxy that echoes the key in its error: the key never reaches the error or the log', async () => {
    const lines: string[] = [];
    const c = client(recordingLogger(lines));
    const endpoint: OpenAIEndpoint = { url: a.url, token: TOKEN_A };
    a.addFault({ fault: { kind: 'status', status: 401, message: `Authentication Error, Invalid proxy server token passed. Received API Key = ${TOKEN_A}` }, times: 1 });
    const e = await expectKind(collect(c.chat(endpoint, chatParams)), 'badRequest');
    assert.ok(isAuthFailure(e));
    assert.ok(!e.message.includes(TOKEN_A) && !(e.details.serverMessage ?? '').includes(TOKEN_A), e.details.serverMessage);
    assert.match(e.details.serverMessage ?? '', /Received API Key = \*\*\*/);
    a.addFault({ fault: { kind: 'status', status: 500, body: `upstream said: key ${TOKEN_A} rejected`, contentType: 'text/plain' }, times: 1 });
    await expectKind(collect(c.chat(endpoint, chatParams)), 'server');
    assert.ok(lines.some((l) => l.includes('upstream said')), 'the text body is logged');
    for (const line of lines) assert.ok(!line.includes(TOKEN_A), `leaked in: ${line}`);
  });

  it('an address with nothing listening: unreachable "refused"', async () => {
    const port = a.port;
    await a.close();
    await expectKind(client().listModels({ url: `http://127.0.0.1:${port}` }), 'unreachable', (e) => assert.equal(e.details.reason, 'refused'));
    a = await StandinOpenAI.start({ flavour: 'vllm' });
  });
});
