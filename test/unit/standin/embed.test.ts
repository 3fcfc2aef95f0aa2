// /api/embed as Ollama's EmbedHandler: batches, normalized vectors in which shared words (identifier parts,
// Chinese bigrams) bring texts close, truncation to the context, and the runner's refusal for chat models.
import * as assert from 'node:assert/strict';
import { post, useStandin } from './helpers';

const cos = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe('stand-in: /api/embed', () => {
  const t = useStandin();

  async function embed(input: string[], extra: Record<string, unknown> = {}): Promise<number[][]> {
    return (await t.client().embed({ model: 'nomic-embed-text', input, ...extra })).embeddings;
  }

  it('a batch gives one normalized vector per input, in order', async () => {
    const [a, b, c] = await embed(['alpha beta', 'gamma', 'alpha beta']);
    assert.ok(a && b && c);
    for (const v of [a, b, c]) assert.ok(Math.abs(Math.sqrt(cos(v, v)) - 1) < 1e-5);
    assert.deepEqual(a, c);
    assert.ok(cos(a, b) < 0.2);
  });

  it('texts that share words are close; an identifier is close to its words; Chinese shares bigrams', async () => {
    const [q, near, far] = await embed(['how is the config file parsed', 'parse the config file from disk', 'palette of colours for the theme']);
    assert.ok(q && near && far);
    assert.ok(cos(q, near) > cos(q, far) + 0.2);
    const [ident, words, other] = await embed(['parseConfigFile', 'config file', 'render widget']);
    assert.ok(ident && words && other);
    assert.ok(cos(ident, words) > 0.3 && cos(ident, other) < 0.1, `${cos(ident, words)} ${cos(ident, other)}`);
    const [zh1, zh2, zh3] = await embed(['读取配置文件', '配置文件在哪里', '渲染主题颜色']);
    assert.ok(zh1 && zh2 && zh3);
    assert.ok(cos(zh1, zh2) > 0.3 && cos(zh1, zh3) < 0.1, `${cos(zh1, zh2)} ${cos(zh1, zh3)}`);
  });

  it('too long for the context: cut to it by default (the tail has no effect), refused with truncate:false', async () => {
    const head = 'word '.repeat(40);
    const [a, b] = await embed([head + 'tail one', head + 'something else entirely'], { options: { num_ctx: 16 } });
    assert.deepEqual(a, b);
    const refused = await post(t.s.url, '/api/embed', { model: 'nomic-embed-text', input: [head], truncate: false, options: { num_ctx: 16 } });
    assert.equal(refused.status, 400);
    assert.deepEqual(JSON.parse(refused.text), { error: 'the input length exceeds the context length' });
    const fits = await post(t.s.url, '/api/embed', { model: 'nomic-embed-text', input: ['short'], truncate: false, options: { num_ctx: 16 } });
    assert.equal(fits.status, 200);
  });

  it('a model without the embedding capability is refused by its runner (500)', async () => {
    const r = await post(t.s.url, '/api/embed', { model: 'qwen2.5-coder:7b', input: ['x'] });
    assert.equal(r.status, 500);
    assert.deepEqual(JSON.parse(r.text), { error: 'this model does not support embeddings' });
    // Empty input only loads the model, as for any model.
    const load = await post(t.s.url, '/api/embed', { model: 'qwen2.5-coder:7b', input: [] });
    assert.equal(load.status, 200);
  });
});
