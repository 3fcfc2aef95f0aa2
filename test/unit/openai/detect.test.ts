// Telling engines apart by what they answer, and reading the context each one reports.
import * as assert from 'node:assert/strict';
import { OpenAIClient, detectServer, serverContextLength, type FetchLike } from '../../../src/core/openai';
import { StandinOpenAI, type OpenAIStandinOptions } from '../../support/openaiStandin';
import { StandinOllama } from '../../support/standin';

const client = (f: FetchLike = (input, init) => fetch(input, init)): OpenAIClient => new OpenAIClient({ fetch: f, metadataTimeoutMs: 2_000 });

/** A fetch that answers from a table of path → [status, body]; 404 for the rest. */
function fakeFetch(routes: Record<string, [number, string]>): FetchLike {
  return async (input) => {
    const path = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).pathname;
    const [status, body] = routes[path] ?? [404, 'Not Found'];
    return new Response(body, { status });
  };
}

describe('openai: server detection and context length', () => {
  const cases: Array<[string, OpenAIStandinOptions, string, number]> = [
    ['vLLM', { flavour: 'vllm', models: [{ id: 'm', maxModelLen: 16384 }] }, 'vllm', 16384],
    ['vLLM behind a key (the client has none)', { flavour: 'vllm', apiKey: 'k', models: [{ id: 'm', maxModelLen: 16384 }] }, 'vllm', 16384],
    ['llama.cpp behind a key', { flavour: 'llamacpp', apiKey: 'k', nCtx: 2048, models: [{ id: 'm', maxModelLen: 32768 }] }, 'llamacpp', 2048],
    ['LM Studio', { flavour: 'lmstudio', models: [{ id: 'm', maxModelLen: 8192 }] }, 'lmstudio', 8192],
  ];
  for (const [title, options, kind, context] of cases) {
    it(`${title}: ${kind}, context ${context}`, async () => {
      const s = await StandinOpenAI.start(options);
      try {
        assert.equal(await detectServer(client(), { url: `${s.url}/v1` }), kind);
        const endpoint = { url: s.url, ...(options.apiKey ? { token: options.apiKey } : {}) };
        assert.equal(await serverContextLength(client(), endpoint, kind as 'vllm', 'm'), context);
      } finally {
        await s.close();
      }
    });
  }

  it('Ollama: by its root answer and /api/version; its context is the native adapter\'s business', async () => {
    const s = await StandinOllama.start();
    try {
      assert.equal(await detectServer(client(), { url: s.url }), 'ollama');
      assert.equal(await serverContextLength(client(), { url: s.url }, 'ollama', 'x'), undefined);
    } finally {
      await s.close();
    }
  });

  it('LiteLLM by /health/liveliness; anything else is generic', async () => {
    assert.equal(await detectServer(client(fakeFetch({ '/health/liveliness': [200, '"I\'m alive!"'] })), { url: 'http://proxy:4000' }), 'litellm');
    assert.equal(await detectServer(client(fakeFetch({})), { url: 'http://other' }), 'generic');
  });

  it('Ollama /v1/models with no model installed answers "data": null: an empty list', async () => {
    const c = client(fakeFetch({ '/v1/models': [200, '{"object":"list","data":null}'] }));
    assert.deepEqual(await c.listModels({ url: 'http://127.0.0.1:11434/v1' }), []);
  });

  it('nothing listening: the first probe fails as unreachable', async () => {
    const s = await StandinOpenAI.start();
    const url = s.url;
    await s.close();
    await assert.rejects(detectServer(client(), { url }), (e: { kind?: string }) => e.kind === 'unreachable');
  });
});
