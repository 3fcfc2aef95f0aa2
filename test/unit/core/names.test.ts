import * as assert from 'node:assert/strict';
import { displayModelName, isCloudModelName, isValidModelName, normalizeModelName, sameModel } from '../../../src/core/ollama/names';

describe('model names', () => {
  it('adds :latest when there is no tag', () => {
    assert.equal(normalizeModelName('llama3.2'), 'llama3.2:latest');
    assert.equal(normalizeModelName('qwen2.5-coder:1.5b'), 'qwen2.5-coder:1.5b');
    assert.equal(normalizeModelName('registry.local:5000/me/model'), 'registry.local:5000/me/model:latest');
  });

  it('matches names without regard to case or :latest', () => {
    assert.ok(sameModel('Llama3.2', 'llama3.2:latest'));
    assert.ok(!sameModel('llama3.2:1b', 'llama3.2'));
  });

  it('shows names without :latest', () => assert.equal(displayModelName('phi4:latest'), 'phi4'));

  it('accepts valid names and rejects invalid ones', () => {
    for (const ok of ['llama3.2', 'qwen2.5-coder:1.5b', 'hf.co/bartowski/Model-GGUF:Q4_K_M', 'me/my_model:v1', 'a:b']) assert.ok(isValidModelName(ok), ok);
    for (const bad of ['', ' ', 'has space', '-lead', 'a/b/c/d', 'model:', ':tag', 'x:-y', 'a@b', 'ü']) assert.ok(!isValidModelName(bad), bad);
  });

  it('recognises cloud-proxied names', () => {
    for (const cloud of ['gpt-oss:120b-cloud', 'deepseek-v3.1:671b-cloud', 'kimi:cloud', 'qwen3-coder-cloud']) assert.ok(isCloudModelName(cloud), cloud);
    for (const local of ['llama3.2', 'cloudy:7b', 'qwen2.5-coder:1.5b']) assert.ok(!isCloudModelName(local), local);
  });
});
