import * as assert from 'node:assert/strict';
import { checkModelName, isInstalled, suggestCopyName } from '../../../src/core/models/names';

describe('models: name validation', () => {
  it('accepts the forms Ollama accepts, trimmed', () => {
    for (const name of ['llama3.2', 'qwen2.5-coder:1.5b', ' qwen2.5:7b-instruct-q4_K_M ', 'user/model:tag', 'registry.example.com:5000/team/model:v1', 'hf.co/bartowski/Qwen2.5-GGUF:Q4_K_M']) {
      const check = checkModelName(name);
      assert.ok(check.ok, `${name} is valid`);
      assert.equal(check.name, name.trim());
    }
  });

  it('names the part that is wrong', () => {
    const cases: [string, string][] = [
      ['', 'empty'],
      ['   ', 'empty'],
      ['llama 3', 'whitespace'],
      ['qwen2.5:7b\tx', 'whitespace'],
      ['a/b/c/d', 'tooManyParts'],
      ['llama3@sha256:abc', 'digest'],
      ['-llama', 'badModel'],
      ['llama!', 'badModel'],
      ['llama3:', 'badTag'],
      ['llama3:-x', 'badTag'],
      ['llama3:a+b', 'badTag'],
      ['_user/model', 'badNamespace'],
      ['bad host!/ns/model', 'whitespace'],
      ['bad*host/ns/model', 'badHost'],
      ['x'.repeat(81), 'badModel'],
    ];
    for (const [input, problem] of cases) {
      const check = checkModelName(input);
      assert.equal(check.ok, false, `${JSON.stringify(input)} is invalid`);
      if (!check.ok) assert.equal(check.problem, problem, JSON.stringify(input));
    }
  });

  it('suggests a free name for a copy', () => {
    assert.equal(suggestCopyName('llama3.2', []), 'llama3.2:latest-copy');
    assert.equal(suggestCopyName('qwen2.5:7b', ['qwen2.5:7b-copy', 'QWEN2.5:7b-copy2']), 'qwen2.5:7b-copy3');
    assert.ok(checkModelName(suggestCopyName('qwen2.5:7b', [])).ok);
  });

  it('finds installed names regardless of case and :latest', () => {
    const installed = [{ name: 'llama3.2:latest' }, { name: 'Qwen2.5:7b' }];
    assert.ok(isInstalled('llama3.2', installed));
    assert.ok(isInstalled('qwen2.5:7B', installed));
    assert.ok(!isInstalled('qwen2.5', installed));
  });
});
