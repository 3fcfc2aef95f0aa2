// Bearer tokens as each server checks them, and the headers the stand-in records for tests to assert on.
import * as assert from 'node:assert/strict';
import { call, useOpenAIStandin } from './helpers';

const body = { model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 };

describe('OpenAI stand-in: API key', () => {
  describe('vLLM', () => {
    const t = useOpenAIStandin({ flavour: 'vllm', apiKey: 'sk-vllm' });

    it('401 {"error":"Unauthorized"} on /v1 without the key or with another; open elsewhere', async () => {
      const none = await call(t.s.url, '/v1/chat/completions', body);
      assert.equal(none.status, 401);
      assert.deepEqual(none.json(), { error: 'Unauthorized' });
      assert.equal((await call(t.s.url, '/v1/models', undefined, { Authorization: 'Bearer sk-other' })).status, 401);
      assert.equal((await call(t.s.url, '/health')).status, 200);
      // The scheme is case-insensitive on vLLM.
      assert.equal((await call(t.s.url, '/v1/models', undefined, { Authorization: 'bearer sk-vllm' })).status, 200);
      assert.equal((await call(t.s.url, '/v1/chat/completions', body, { Authorization: 'Bearer sk-vllm' })).status, 200);
    });

    it('records every request\'s headers', async () => {
      await call(t.s.url, '/v1/models', undefined, { Authorization: 'Bearer sk-vllm', 'X-Team': 'a' });
      const rec = t.s.requests.find((r) => r.path === '/v1/models');
      assert.equal(rec?.headers['authorization'], 'Bearer sk-vllm');
      assert.equal(rec?.headers['x-team'], 'a');
      assert.equal(rec?.status, 200);
    });
  });

  describe('llama.cpp', () => {
    const t = useOpenAIStandin({ flavour: 'llamacpp', apiKey: 'k' });

    it('401 authentication_error; /v1/models and /health are public; X-Api-Key also works', async () => {
      const r = await call(t.s.url, '/v1/chat/completions', body);
      assert.equal(r.status, 401);
      assert.deepEqual(r.json(), { error: { message: 'Invalid API Key', type: 'authentication_error', code: 401 } });
      assert.equal((await call(t.s.url, '/v1/models')).status, 200);
      assert.equal((await call(t.s.url, '/health')).status, 200);
      assert.equal((await call(t.s.url, '/props')).status, 401);
      assert.equal((await call(t.s.url, '/props', undefined, { 'X-Api-Key': 'k' })).status, 200);
    });
  });

  describe('LM Studio', () => {
    const t = useOpenAIStandin({ flavour: 'lmstudio', apiKey: 'lm' });
    it('every route needs the token', async () => {
      assert.equal((await call(t.s.url, '/v1/models')).status, 401);
      assert.equal((await call(t.s.url, '/v1/models', undefined, { Authorization: 'Bearer lm' })).status, 200);
    });
  });
});
