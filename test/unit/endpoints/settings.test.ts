// hearth.endpoints and hearth.endpoint.<feature>: zero configuration is the local Ollama as before, every wrong
// entry is left out with a problem (shown once by the platform) and a feature never goes somewhere unasked.
import * as assert from 'node:assert/strict';
import { parseEndpointSettings, problemKey } from '../../../src/core/endpoints/settings';
import { FEATURES } from '../../../src/core/settings';

describe('endpoints: settings', () => {
  it('with nothing configured, every feature uses `local` and there is no other endpoint and no problem', () => {
    for (const list of [undefined, null, []]) {
      const parsed = parseEndpointSettings(list, {});
      assert.deepEqual(parsed.endpoints, []);
      assert.deepEqual(parsed.problems, []);
      for (const feature of FEATURES) assert.equal(parsed.choice[feature], 'local');
    }
    // The package.json defaults ('local' for each feature) read the same.
    const defaults = parseEndpointSettings([], { completion: 'local', chat: 'local', summarize: 'local', translate: 'local' });
    assert.deepEqual(defaults.problems, []);
  });

  it('reads each entry with its normalised URL, its kind (ollama by default) and whether it is this machine', () => {
    const parsed = parseEndpointSettings(
      [
        { name: 'gpu-box', url: 'https://gpu.lab.example' },
        { name: 'vllm', url: 'http://127.0.0.1:8000/v1/', kind: 'openai-compatible' },
        { name: 'lan', url: '192.168.1.20', kind: 'ollama' },
      ],
      { chat: 'vllm', completion: 'GPU-BOX', summarize: '' },
    );
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.endpoints, [
      { name: 'gpu-box', url: 'https://gpu.lab.example:443', kind: 'ollama', isLoopback: false },
      { name: 'vllm', url: 'http://127.0.0.1:8000/v1', kind: 'openai-compatible', isLoopback: true },
      { name: 'lan', url: 'http://192.168.1.20:11434', kind: 'ollama', isLoopback: false },
    ]);
    assert.deepEqual(parsed.choice, { chat: 'vllm', completion: 'gpu-box', summarize: 'local', translate: 'local', embedding: 'local' });
  });

  it('leaves out a bad URL, a duplicate, the reserved name `local`, a bad name or kind, each with its problem', () => {
    const parsed = parseEndpointSettings(
      [
        { name: 'ok', url: 'http://127.0.0.1:1234' },
        { name: 'bad-url', url: 'http://127.0.0.1:1234#.evil' },
        { name: 'OK', url: 'http://127.0.0.1:5678' },
        { name: 'Local', url: 'http://10.0.0.1' },
        { name: 'has space', url: 'http://10.0.0.1' },
        { name: 'wrong-kind', url: 'http://10.0.0.1', kind: 'tgi' },
        'not an object',
        { name: 'ftp', url: 'ftp://10.0.0.1' },
      ],
      {},
    );
    assert.deepEqual(parsed.endpoints.map((e) => e.name), ['ok']);
    assert.deepEqual(
      parsed.problems.map((p) => p.kind),
      ['badUrl', 'duplicateName', 'reservedName', 'badName', 'badKind', 'notAnObject', 'badUrl'],
    );
  });

  it('falls back to `local` for a feature that names an unknown or left-out endpoint, with a problem naming the feature', () => {
    const parsed = parseEndpointSettings([{ name: 'team', url: 'http://10.0.0.1#x' }], { chat: 'team', translate: 'nowhere' });
    assert.equal(parsed.choice.chat, 'local');
    assert.equal(parsed.choice.translate, 'local');
    assert.deepEqual(
      parsed.problems.filter((p) => p.kind === 'unknownEndpoint'),
      [
        { kind: 'unknownEndpoint', feature: 'chat', name: 'team' },
        { kind: 'unknownEndpoint', feature: 'translate', name: 'nowhere' },
      ],
    );
  });

  it('reads a list that is not a list as no endpoints, with one problem', () => {
    const parsed = parseEndpointSettings({ name: 'team', url: 'http://10.0.0.1' }, { chat: 'team' });
    assert.deepEqual(parsed.endpoints, []);
    assert.deepEqual(parsed.problems.map((p) => p.kind), ['notAList', 'unknownEndpoint']);
  });

  it('gives the same problem the same key on every read (so it is shown once)', () => {
    const read = (): string[] => parseEndpointSettings([{ name: 'x', url: 'nope://' }], { chat: 'y' }).problems.map(problemKey);
    assert.deepEqual(read(), read());
    assert.equal(new Set(read()).size, 2);
  });
});
