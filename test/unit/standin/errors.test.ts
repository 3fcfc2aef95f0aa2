import * as assert from 'node:assert/strict';
import { post, quietConsole, raw, rejection, useStandin } from './helpers';

describe('stand-in: protocol errors', () => {
  const t = useStandin();
  quietConsole();

  const json = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;

  it('unknown model → ResponseError 404 `model \'x\' not found` in the real client', async () => {
    const e = await rejection(t.client().generate({ model: 'x', prompt: 'hi' }));
    assert.equal(e.name, 'ResponseError');
    assert.equal(e.status_code, 404);
    assert.equal(e.message, "model 'x' not found");
    const chat = await rejection(t.client().chat({ model: 'llama9', messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(chat.status_code, 404);
    assert.equal(chat.message, "model 'llama9' not found");
  });

  it('errors are JSON with the charset content type', async () => {
    const r = await post(t.s.url, '/api/generate', { model: 'x', prompt: 'hi' });
    assert.equal(r.status, 404);
    assert.equal(r.contentType, 'application/json; charset=utf-8');
    assert.deepEqual(json(r.text), { error: "model 'x' not found" });
  });

  it('generate with an empty model is 404; chat with an empty model is 400 `model is required`', async () => {
    const g = await post(t.s.url, '/api/generate', { prompt: 'hi' });
    assert.equal(g.status, 404);
    assert.equal(json(g.text)['error'], "model '' not found");
    const c = await post(t.s.url, '/api/chat', { messages: [] });
    assert.equal(c.status, 400);
    assert.equal(json(c.text)['error'], 'model is required');
  });

  it('a malformed model name → 400 `invalid model name` on generate, chat, embed and pull', async () => {
    for (const path of ['/api/generate', '/api/chat', '/api/embed', '/api/pull']) {
      const r = await post(t.s.url, path, { model: 'bad name!', prompt: 'x' });
      assert.equal(r.status, 400, path);
      assert.deepEqual(json(r.text), { error: 'invalid model name' }, path);
    }
  });

  it('suffix on a model without insert → 400 with the canonical name and no quotes', async () => {
    const e = await rejection(t.client().generate({ model: 'codellama:7b-code', prompt: 'a', suffix: 'b' }));
    assert.equal(e.status_code, 400);
    assert.equal(e.message, 'registry.ollama.ai/library/codellama:7b-code does not support insert');
  });

  it('raw with system, template or context → 400', async () => {
    const e = await rejection(t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'a', raw: true, system: 'be nice' }));
    assert.equal(e.status_code, 400);
    assert.equal(e.message, 'raw mode does not support template, system, or context');
    const ctx = await post(t.s.url, '/api/generate', { model: 'qwen2.5-coder:1.5b', prompt: 'a', raw: true, context: [1, 2] });
    assert.equal(ctx.status, 400);
  });

  it('think:true on a model without thinking → 400; think:false is always fine', async () => {
    const e = await rejection(t.client().generate({ model: 'llama3.2:3b', prompt: 'a', think: true }));
    assert.equal(e.status_code, 400);
    assert.equal(e.message, '"llama3.2:3b" does not support thinking');
    const ok = await t.client().generate({ model: 'llama3.2:3b', prompt: 'a', think: false });
    assert.equal(ok.done, true);
    const bad = await post(t.s.url, '/api/generate', { model: 'qwen3:4b', prompt: 'a', think: 'loud' });
    assert.equal(bad.status, 400);
    assert.match(String(json(bad.text)['error']), /^invalid think value: "loud"/);
  });

  it('an embedding-only model cannot generate or chat', async () => {
    const g = await rejection(t.client().generate({ model: 'nomic-embed-text', prompt: 'a' }));
    assert.equal(g.status_code, 400);
    assert.equal(g.message, '"nomic-embed-text" does not support generate');
    const c = await rejection(t.client().chat({ model: 'nomic-embed-text', messages: [{ role: 'user', content: 'a' }] }));
    assert.equal(c.message, '"nomic-embed-text" does not support chat');
  });

  it('tools on a model without the tools capability → 400 with the canonical name', async () => {
    const tools = [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object', properties: {} } } }];
    const e = await rejection(t.client().chat({ model: 'codellama:7b-code', messages: [{ role: 'user', content: 'a' }], tools }));
    assert.equal(e.message, 'registry.ollama.ai/library/codellama:7b-code does not support tools');
  });

  it('empty body → 400 missing request body; bad JSON → Go decoder messages', async () => {
    const cases: [string, string][] = [
      ['', 'missing request body'],
      ['   ', 'missing request body'],
      ['{"model":"x",', 'unexpected EOF'],
      ['{"model":"x" "prompt":"y"}', `invalid character '"' after object key:value pair`],
      ['{model:"x"}', "invalid character 'm' looking for beginning of object key string"],
      ['nope', "invalid character 'o' in literal null (expecting 'u')"],
      ['[1,2]', 'json: cannot unmarshal array into Go value of type api.GenerateRequest'],
      ['{"model":"x","prompt":5}', 'json: cannot unmarshal number into Go struct field GenerateRequest.prompt of type string'],
      ['{"model":"x","stream":"yes"}', 'json: cannot unmarshal string into Go struct field GenerateRequest.stream of type bool'],
      ['{"model":"x","options":[]}', 'json: cannot unmarshal array into Go struct field GenerateRequest.options of type map[string]interface {}'],
      ['{"model":"x","keep_alive":"300"}', 'time: missing unit in duration "300"'],
      ['{"model":"x","keep_alive":"-1"}', 'time: missing unit in duration "-1"'],
      ['{"model":"x","keep_alive":"5d"}', 'time: unknown unit "d" in duration "5d"'],
      ['{"model":"x","keep_alive":true}', "unsupported duration type: 'bool'"],
    ];
    for (const [body, error] of cases) {
      const r = await post(t.s.url, '/api/generate', body);
      assert.equal(r.status, 400, body);
      assert.deepEqual(json(r.text), { error }, body);
    }
    const msg = await post(t.s.url, '/api/chat', '{"model":"x","messages":[{"role":"user","content":1}]}');
    assert.equal(json(msg.text)['error'], 'json: cannot unmarshal number into Go struct field ChatRequest.messages.content of type string');
  });

  it('field names match case-insensitively and unknown fields are ignored, as in encoding/json', async () => {
    const r = await post(t.s.url, '/api/generate', { Model: 'qwen2.5-coder:1.5b', PROMPT: 'hi', Stream: false, extra: 1 });
    assert.equal(r.status, 200);
    assert.equal(json(r.text)['response'], 'Sure! Here is a reply to "hi".');
  });

  it('options with the wrong type → 400', async () => {
    const r = await post(t.s.url, '/api/generate', { model: 'qwen2.5-coder:1.5b', prompt: 'a', options: { temperature: 'hot' } });
    assert.equal(r.status, 400);
    assert.equal(json(r.text)['error'], 'option "temperature" must be of type float32');
  });

  it('show: 400 without a name, 404 with the normalised name', async () => {
    const none = await post(t.s.url, '/api/show', {});
    assert.equal(none.status, 400);
    assert.equal(json(none.text)['error'], 'model is required');
    const e = await rejection(t.client().show({ model: 'ghost' }));
    assert.equal(e.status_code, 404);
    assert.equal(e.message, "model 'ghost:latest' not found");
  });

  it('embed: 404 `model "x" not found, try pulling it first`; bad input → 400 invalid input type', async () => {
    const e = await rejection(t.client().embed({ model: 'ghost', input: 'a' }));
    assert.equal(e.status_code, 404);
    assert.equal(e.message, 'model "ghost" not found, try pulling it first');
    const bad = await post(t.s.url, '/api/embed', { model: 'nomic-embed-text', input: [1, 2] });
    assert.equal(bad.status, 400);
    assert.equal(json(bad.text)['error'], 'invalid input type');
  });

  it('delete and copy 404s use their own quoting', async () => {
    const d = await rejection(t.client().delete({ model: 'ghost' }));
    assert.equal(d.status_code, 404);
    assert.equal(d.message, "model 'ghost' not found");
    const c = await rejection(t.client().copy({ source: 'ghost', destination: 'other' }));
    assert.equal(c.status_code, 404);
    assert.equal(c.message, 'model "ghost" not found');
    const badName = await post(t.s.url, '/api/delete', { name: 'bad name!' }, 'DELETE');
    assert.equal(badName.status, 400);
    assert.equal(json(badName.text)['error'], 'name "bad name!" is invalid');
  });

  it('pull of an unknown model streams `pulling manifest`, then the error line the client throws', async () => {
    const it = await t.client().pull({ model: 'nosuch', stream: true });
    const seen: string[] = [];
    const err = await (async () => {
      try {
        for await (const p of it) seen.push(p.status);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    assert.deepEqual(seen, ['pulling manifest']);
    assert.equal(err?.message, 'pull model manifest: file does not exist');
    const nonStream = await rejection(t.client().pull({ model: 'nosuch' }));
    assert.equal(nonStream.status_code, 500);
    assert.equal(nonStream.message, 'pull model manifest: file does not exist');
  });

  it('a 404 text body reaches the client as its raw text', async () => {
    const e = await rejection(new (await import('ollama')).Ollama({ host: `${t.s.url}/nothing-here` }).list());
    assert.equal(e.status_code, 404);
    assert.equal(e.message, '404 page not found');
    const direct = await raw(t.s.url, '/api/tags', { method: 'POST' });
    assert.equal(direct.status, 405);
  });
});
