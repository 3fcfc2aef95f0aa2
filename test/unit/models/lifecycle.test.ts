// Check for updates and create from a Modelfile, against the stand-in over real HTTP.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createParams, resolveFromSource, runCreate, uploadForCreate } from '../../../src/core/models/create';
import { sha256File } from '../../../src/core/models/localFiles';
import { parseModelfile } from '../../../src/core/models/modelfile';
import { checkForUpdates } from '../../../src/core/models/updates';
import { DEFAULT_MODELS, DEFAULT_REGISTRY } from '../../support/standin';
import { useStandinGateway } from './helpers';

describe('models: check for updates', () => {
  const t = useStandinGateway({ pullChunkMs: 1 });

  it('pulls each model and reports which changed, by manifest digest', async () => {
    // The library has a newer llama3.2:3b; a model made locally is not in the library at all.
    t.standin.setRegistry(DEFAULT_REGISTRY.map((m) => (m.name === 'llama3.2:3b' ? { ...m, digest: 'f'.repeat(64), size: m.size + 1000 } : m)));
    t.standin.setModels([...DEFAULT_MODELS, { ...DEFAULT_MODELS[3], name: 'my-reviewer:latest', digest: 'e'.repeat(64) }]);
    const models = await t.gateway.listModels({ fresh: true });
    const seen: string[] = [];
    const results = await checkForUpdates(t.gateway, models, { onModel: (_i, name) => seen.push(name) });
    assert.deepEqual(seen, models.map((m) => m.name));
    const byName = Object.fromEntries(results.map((r) => [r.name, r]));
    assert.equal(byName['llama3.2:3b'].outcome, 'updated');
    assert.notEqual(byName['llama3.2:3b'].digestAfter, byName['llama3.2:3b'].digestBefore);
    assert.equal(byName['qwen2.5-coder:7b'].outcome, 'unchanged');
    assert.equal(byName['my-reviewer:latest'].outcome, 'failed');
    assert.equal(byName['my-reviewer:latest'].failure?.kind, 'unknownModel');
    assert.equal(results.filter((r) => r.outcome === 'unchanged').length, DEFAULT_MODELS.length - 1);
  });

  it('stops at cancellation and skips cloud models', async () => {
    t.standin.setModels([...DEFAULT_MODELS, { ...DEFAULT_MODELS[3], name: 'gpt-oss:20b-cloud', remoteHost: 'https://ollama.com:443' }]);
    const models = await t.gateway.listModels({ fresh: true });
    const controller = new AbortController();
    const results = await checkForUpdates(t.gateway, models, { signal: controller.signal, onModel: (i) => i === 1 && controller.abort() });
    assert.equal(results[0].outcome, 'unchanged');
    assert.ok(results.slice(1).every((r) => r.outcome === 'cancelled' || r.outcome === 'skipped'));
    assert.equal(results.find((r) => r.name === 'gpt-oss:20b-cloud')?.outcome, 'skipped');
  });
});

describe('models: create from a Modelfile', () => {
  const t = useStandinGateway({ pullChunkMs: 1 });
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-modelfile-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates from an installed model with the Modelfile fields', async () => {
    const { request, errors } = parseModelfile('FROM llama3.2:3b\nSYSTEM """Answer in Chinese."""\nPARAMETER temperature 0.2\nPARAMETER stop "<|eot_id|>"\n');
    assert.deepEqual(errors, []);
    const source = await resolveFromSource(request.from?.value ?? '', dir);
    assert.deepEqual(source, { kind: 'model', name: 'llama3.2:3b' });
    const statuses: string[] = [];
    const outcome = await runCreate(t.gateway, createParams('zh-helper', request, { from: 'llama3.2:3b' }), { onStatus: (e) => statuses.push(e.status) });
    assert.deepEqual(outcome, { kind: 'success' });
    assert.ok(statuses.some((s) => s.startsWith('using existing layer')));
    assert.equal(statuses.at(-1), 'success');
    const body = t.standin.requests.find((r) => r.path === '/api/create')?.body as Record<string, unknown>;
    assert.deepEqual(body.parameters, { temperature: 0.2, stop: ['<|eot_id|>'] });
    assert.equal(body.system, 'Answer in Chinese.');
    const details = await t.gateway.showModel('zh-helper');
    assert.equal(details.system, 'Answer in Chinese.');
  });

  it('a Modelfile the server rejects fails with the server message', async () => {
    const { request } = parseModelfile('FROM no-such-base:1b\n');
    const outcome = await runCreate(t.gateway, createParams('broken', request, { from: 'no-such-base:1b' }));
    assert.equal(outcome.kind, 'failed');
    assert.ok(outcome.kind === 'failed' && /file does not exist/.test(outcome.serverMessage), JSON.stringify(outcome));
    assert.ok(!(await t.gateway.listModels({ fresh: true })).some((m) => m.name.startsWith('broken')));
  });

  it('uploads a local GGUF file once (hash, HEAD, POST), then creates from it', async () => {
    const file = path.join(dir, 'tiny.gguf');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(3_000_000, 7)]));
    const { request } = parseModelfile('FROM ./tiny.gguf\nTEMPLATE {{ .Prompt }}\n');
    const source = await resolveFromSource(request.from?.value ?? '', dir);
    assert.equal(source.kind, 'gguf');
    assert.ok(source.kind === 'gguf');
    const phases = new Set<string>();
    let uploaded = 0;
    const files = await uploadForCreate(t.gateway, source, {
      onProgress: (phase, done) => {
        phases.add(phase);
        if (phase === 'uploading') uploaded = done;
      },
    });
    const digest = await sha256File(file);
    assert.deepEqual(files, { 'tiny.gguf': digest });
    assert.deepEqual([...phases], ['hashing', 'uploading']);
    assert.equal(uploaded, 3_000_004);
    assert.deepEqual(t.standin.requests.filter((r) => r.path.startsWith('/api/blobs/')).map((r) => `${r.method} ${r.status}`), ['HEAD 404', 'POST 201']);

    const outcome = await runCreate(t.gateway, createParams('tiny', request, { files }));
    assert.deepEqual(outcome, { kind: 'success' });
    assert.ok((await t.gateway.listModels({ fresh: true })).some((m) => m.name === 'tiny:latest'));

    // The second time the server has the blob: no upload.
    t.standin.resetRecord();
    await uploadForCreate(t.gateway, source, {});
    assert.deepEqual(t.standin.requests.map((r) => `${r.method} ${r.status}`), ['HEAD 200']);
  });

  it('tells a folder, a file that is not GGUF, a missing file and a bad name apart', async () => {
    fs.mkdirSync(path.join(dir, 'safetensors-model'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    assert.equal((await resolveFromSource('./safetensors-model', dir)).kind, 'folder');
    assert.equal((await resolveFromSource('notes.txt', dir)).kind, 'notGguf');
    assert.deepEqual(await resolveFromSource('./missing.gguf', dir), { kind: 'missingFile', path: path.join(dir, 'missing.gguf') });
    assert.equal((await resolveFromSource('bad name!', dir)).kind, 'badName');
    assert.equal((await resolveFromSource('qwen2.5:7b', dir)).kind, 'model');
  });

  it('a cancelled create reports cancelled', async () => {
    t.standin.setDelays({ pullChunkMs: 200 });
    const controller = new AbortController();
    const outcome = await runCreate(t.gateway, { model: 'slow', from: 'qwen2.5:7b' }, { signal: controller.signal, onStatus: () => controller.abort() });
    assert.deepEqual(outcome, { kind: 'cancelled' });
  });
});
