import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ProgressResponse } from 'ollama';
import { collect, post, useStandin } from './helpers';

describe('stand-in: pull, delete, copy, create', () => {
  const t = useStandin({ pullChunkMs: 1 });

  const names = async (): Promise<string[]> => (await t.client().list()).models.map((m) => m.name);

  it('pull streams manifest → layers → verify → write → success, and installs the model', async () => {
    const progress = await collect(await t.client().pull({ model: 'llama3.2:1b', stream: true }));
    const statuses = progress.map((p) => p.status);
    assert.equal(statuses[0], 'pulling manifest');
    assert.deepEqual(statuses.slice(-3), ['verifying sha256 digest', 'writing manifest', 'success']);
    const layerLines = progress.filter((p) => p.status.startsWith('pulling ') && p.status !== 'pulling manifest');
    for (const p of layerLines) {
      assert.match(p.status, /^pulling [0-9a-f]{12}$/);
      assert.match(p.digest, /^sha256:[0-9a-f]{64}$/);
      assert.equal(p.status.slice(8), p.digest.slice(7, 19));
      assert.ok(p.total > 0);
    }
    const model = layerLines.filter((p) => p.digest === layerLines[0]?.digest);
    assert.equal((model[0] as Partial<ProgressResponse>).completed, undefined, 'completed is left out at 0');
    assert.ok(model.length > 2, 'the big layer reports progress in steps');
    const completed = model.map((p) => p.completed ?? 0);
    assert.deepEqual(completed, [...completed].sort((a, b) => a - b));
    assert.equal(completed[completed.length - 1], model[0]?.total);
    const digests = [...new Set(layerLines.map((p) => p.digest))];
    assert.ok(digests.length >= 3, 'model, template…, config layers one after another');
    assert.ok((await names()).includes('llama3.2:1b'));
    const tags = (await t.client().list()).models;
    assert.equal(tags[0]?.name, 'llama3.2:1b', 'newest first');
  });

  it('the client sends `name`; `model` is accepted too; stream:false returns the last status', async () => {
    const single = await t.client().pull({ model: 'all-minilm' });
    assert.equal(single.status, 'success');
    const rec = await t.s.waitForRequest((r) => r.path === '/api/pull');
    assert.deepEqual(rec.body, { name: 'all-minilm', stream: false });
    const viaModel = await post(t.s.url, '/api/pull', { model: 'starcoder2:3b', stream: false });
    assert.deepEqual(JSON.parse(viaModel.text), { status: 'success' });
  });

  it('pulling an installed model is all cache hits: one line per layer with completed = total', async () => {
    const progress = await collect(await t.client().pull({ model: 'qwen2.5-coder:1.5b', stream: true }));
    const layers = progress.filter((p) => p.digest);
    assert.equal(new Set(layers.map((p) => p.digest)).size, layers.length);
    for (const p of layers) assert.equal(p.completed, p.total);
  });

  it('a cancelled pull installs nothing, and the next pull resumes from the partial bytes', async () => {
    t.s.setDelays({ pullChunkMs: 5 });
    const it = await t.client().pull({ model: 'qwen2.5-coder:3b', stream: true });
    let lastCompleted = 0;
    let bigDigest = '';
    try {
      for await (const p of it) {
        if (p.completed && p.completed < p.total) {
          bigDigest = p.digest;
          lastCompleted = p.completed;
          if (lastCompleted > p.total / 3) it.abort();
        }
      }
      assert.fail('expected an abort');
    } catch (e) {
      assert.equal((e as Error).name, 'AbortError');
    }
    const rec = await t.s.waitForRequest((r) => r.path === '/api/pull');
    await t.s.waitForClose(rec);
    assert.equal(rec.closedEarly, true);
    assert.ok(!(await names()).includes('qwen2.5-coder:3b'), 'not installed');

    t.s.setDelays({ pullChunkMs: 1 });
    const again = await collect(await t.client().pull({ model: 'qwen2.5-coder:3b', stream: true }));
    const firstBig = again.find((p) => p.digest === bigDigest);
    assert.ok(firstBig?.completed !== undefined && firstBig.completed >= lastCompleted, 'resumes where it stopped');
    assert.equal(again[again.length - 1]?.status, 'success');
    assert.ok((await names()).includes('qwen2.5-coder:3b'));
  });

  it('delete answers 200 with an empty body and removes the model', async () => {
    const res = await t.client().delete({ model: 'codellama:7b-code' });
    assert.deepEqual(res, { status: 'success' });
    const rec = await t.s.waitForRequest((r) => r.path === '/api/delete');
    assert.equal(rec.method, 'DELETE');
    assert.deepEqual(rec.body, { name: 'codellama:7b-code' });
    const raw = await post(t.s.url, '/api/delete', { model: 'llama3.2:3b' }, 'DELETE');
    assert.equal(raw.status, 200);
    assert.equal(raw.text, '');
    const left = await names();
    assert.ok(!left.includes('codellama:7b-code') && !left.includes('llama3.2:3b'));
  });

  it('copy answers 200 with an empty body; the copy shares the digest', async () => {
    await t.client().copy({ source: 'qwen2.5-coder:1.5b', destination: 'my-coder' });
    const raw = await post(t.s.url, '/api/copy', { source: 'qwen3:4b', destination: 'think:v1' });
    assert.equal(raw.status, 200);
    assert.equal(raw.text, '');
    const { models } = await t.client().list();
    const copy = models.find((m) => m.name === 'my-coder:latest');
    const orig = models.find((m) => m.name === 'qwen2.5-coder:1.5b');
    assert.ok(copy && orig);
    assert.equal(copy.digest, orig.digest);
    assert.ok(models.some((m) => m.name === 'think:v1'));
    const show = await t.client().show({ model: 'my-coder' });
    assert.ok(show.capabilities.includes('insert'));
  });

  it('create from an installed model streams layer statuses and inherits family and capabilities', async () => {
    const progress = await collect(
      await t.client().create({ model: 'terse-coder', from: 'qwen2.5-coder:1.5b', system: 'Be terse.', parameters: { temperature: 0.2 }, stream: true }),
    );
    const statuses = progress.map((p) => p.status);
    assert.ok(statuses.some((s) => /^using existing layer sha256:[0-9a-f]{64}$/.test(s)));
    assert.ok(statuses.some((s) => /^creating new layer sha256:[0-9a-f]{64}$/.test(s)));
    assert.deepEqual(statuses.slice(-2), ['writing manifest', 'success']);
    const show = await t.client().show({ model: 'terse-coder' });
    assert.equal(show.system, 'Be terse.');
    assert.equal(show.details.family, 'qwen2');
    assert.deepEqual(show.capabilities, ['completion', 'tools', 'insert']);
    assert.match(show.parameters, /^temperature {20}0\.2$/m);
    const res = await t.client().generate({ model: 'terse-coder', prompt: 'x', suffix: 'y' });
    assert.equal(res.done, true);
  });

  it('create with a template without .Suffix drops insert; a missing base is pulled first', async () => {
    const done = await t.client().create({ model: 'plain', from: 'qwen2.5-coder:1.5b', template: '{{ .Prompt }}' });
    assert.equal(done.status, 'success');
    assert.deepEqual((await t.client().show({ model: 'plain' })).capabilities, ['completion']);
    const progress = await collect(await t.client().create({ model: 'mini', from: 'all-minilm', stream: true }));
    assert.equal(progress[0]?.status, 'pulling manifest');
    assert.ok((await names()).includes('all-minilm:latest'));
    assert.ok((await names()).includes('mini:latest'));
  });

  it('create from an unknown base → pull error line; with neither from nor files → 400', async () => {
    const it = await t.client().create({ model: 'x', from: 'nosuch', stream: true });
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const p of it) seen.push(p.status);
      })(),
      { message: 'pull model manifest: file does not exist' },
    );
    assert.deepEqual(seen, ['pulling manifest']);
    const r = await post(t.s.url, '/api/create', { model: 'x' });
    assert.equal(r.status, 400);
    assert.deepEqual(JSON.parse(r.text), { error: "neither 'from' or 'files' was specified" });
  });

  it('push streams retrieving manifest → pushing <12hex> → pushing manifest → success; unknown → error', async () => {
    const progress = await collect(await t.client().push({ model: 'nomic-embed-text', stream: true }));
    const statuses = progress.map((p) => p.status);
    assert.equal(statuses[0], 'retrieving manifest');
    assert.ok(statuses.some((s) => /^pushing [0-9a-f]{12}$/.test(s)));
    assert.deepEqual(statuses.slice(-2), ['pushing manifest', 'success']);
    const r = await post(t.s.url, '/api/push', { name: 'ghost', stream: false });
    assert.equal(r.status, 500);
    assert.match(String(JSON.parse(r.text).error), /no such file or directory$/);
  });

  it('blobs: HEAD 404 until uploaded; POST checks the digest (201, then 200)', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    assert.equal((await fetch(`${t.s.url}/api/blobs/${digest}`, { method: 'HEAD' })).status, 404);
    const bad = await fetch(`${t.s.url}/api/blobs/sha256:${'0'.repeat(64)}`, { method: 'POST', body: bytes });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /^digest mismatch/);
    assert.equal((await fetch(`${t.s.url}/api/blobs/${digest}`, { method: 'POST', body: bytes })).status, 201);
    assert.equal((await fetch(`${t.s.url}/api/blobs/${digest}`, { method: 'POST', body: bytes })).status, 200);
    assert.equal((await fetch(`${t.s.url}/api/blobs/${digest}`, { method: 'HEAD' })).status, 200);
  });

  it('setModels replaces the catalogue; names get :latest; cloud stubs carry remote_host', async () => {
    t.s.setModels([
      { name: 'tiny', family: 'llama', parameterSize: '1B', quantization: 'Q4_0', size: 1000, contextLength: 2048, capabilities: ['completion'] },
      {
        name: 'gpt-oss:120b-cloud',
        family: 'gptoss',
        parameterSize: '116.8B',
        quantization: 'MXFP4',
        size: 384,
        contextLength: 131072,
        capabilities: ['completion', 'tools', 'thinking'],
        remoteHost: 'https://ollama.com:443',
      },
    ]);
    assert.deepEqual(t.s.models.map((m) => m.name), ['tiny:latest', 'gpt-oss:120b-cloud']);
    const list = (await (await fetch(`${t.s.url}/api/tags`)).json()) as { models: Record<string, unknown>[] };
    const cloud = list.models.find((m) => m['name'] === 'gpt-oss:120b-cloud');
    assert.equal(cloud?.['remote_host'], 'https://ollama.com:443');
    assert.equal(cloud?.['remote_model'], 'gpt-oss:120b-cloud');
    const show = (await post(t.s.url, '/api/show', { model: 'gpt-oss:120b-cloud' })).text;
    assert.equal((JSON.parse(show) as Record<string, unknown>)['remote_host'], 'https://ollama.com:443');
    await t.client().generate({ model: 'gpt-oss:120b-cloud', prompt: 'x', think: false });
    assert.deepEqual((await t.client().ps()).models, [], 'cloud models never load locally');
  });
});
