import * as assert from 'node:assert/strict';
import { recommendationsFor, topRecommendation, RECOMMENDATIONS } from '../../../src/core/models/catalogue';
import { chooseModel, isInstruct, rankForFeature, suitsFeature, type ChoiceCandidate } from '../../../src/core/models/choice';
import { checkModelName } from '../../../src/core/models/names';
import { FEATURES } from '../../../src/core/settings';

const CHAT_TEMPLATE = '{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>{{ end }}';
const FIM_TEMPLATE = `{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{- else }}${CHAT_TEMPLATE}{{ end }}`;

const m = (name: string, parameterSize: string, capabilities: ChoiceCandidate['capabilities'], template?: string, extra: Partial<ChoiceCandidate> = {}): ChoiceCandidate => ({
  name,
  parameterSize,
  sizeBytes: (parseFloat(parameterSize) || 1) * (parameterSize.endsWith('M') ? 6e5 : 6e8),
  capabilities,
  template,
  ...extra,
});

// Like the stand-in's default catalogue.
const INSTALLED: ChoiceCandidate[] = [
  m('qwen2.5-coder:1.5b', '1.5B', ['completion', 'tools', 'insert'], FIM_TEMPLATE),
  m('qwen2.5-coder:7b', '7.6B', ['completion', 'tools', 'insert'], FIM_TEMPLATE),
  m('codellama:7b-code', '7B', ['completion'], '{{ .Prompt }}'),
  m('llama3.2:3b', '3.2B', ['completion', 'tools'], CHAT_TEMPLATE),
  m('qwen3:4b', '4.0B', ['completion', 'tools', 'thinking'], CHAT_TEMPLATE),
  m('nomic-embed-text:latest', '137M', ['embedding']),
];

describe('models: automatic choice', () => {
  it('completion prefers insert, then the smaller', () => {
    assert.deepEqual(chooseModel('completion', INSTALLED), { name: 'qwen2.5-coder:1.5b', reason: 'insert' });
    const ranked = rankForFeature('completion', INSTALLED).map((c) => c.name);
    assert.deepEqual(ranked.slice(0, 3), ['qwen2.5-coder:1.5b', 'qwen2.5-coder:7b', 'codellama:7b-code']);
    assert.ok(!ranked.includes('nomic-embed-text:latest'), 'never an embedding model');
  });

  it('completion without insert models: a base code model (raw FIM), then any model that completes', () => {
    const noInsert = INSTALLED.filter((c) => !c.capabilities.includes('insert'));
    assert.deepEqual(chooseModel('completion', noInsert), { name: 'codellama:7b-code', reason: 'rawFim' });
    const chatOnly = INSTALLED.filter((c) => ['llama3.2:3b', 'qwen3:4b', 'nomic-embed-text:latest'].includes(c.name));
    assert.deepEqual(chooseModel('completion', chatOnly), { name: 'llama3.2:3b', reason: 'plainCompletion' });
  });

  it('chat, summarize and translate take the larger instruct model, never a base or embedding model', () => {
    for (const feature of ['chat', 'summarize', 'translate'] as const) {
      const choice = chooseModel(feature, INSTALLED);
      assert.ok(choice, feature);
      assert.equal(choice.reason, 'instruct');
      const ranked = rankForFeature(feature, INSTALLED).map((c) => c.name);
      assert.ok(!ranked.includes('codellama:7b-code'), `${feature}: a base model cannot chat`);
      assert.ok(!ranked.includes('nomic-embed-text:latest'), `${feature}: an embedding model cannot generate`);
    }
    assert.equal(chooseModel('chat', INSTALLED)?.name, 'qwen2.5-coder:7b', 'chat: the largest instruct model');
    // Summaries and translation are prose: a general model beats a larger coder model.
    assert.equal(chooseModel('summarize', INSTALLED)?.name, 'qwen3:4b');
    assert.equal(chooseModel('translate', INSTALLED)?.name, 'qwen3:4b');
  });

  it('"larger within reason": past ~14B only when nothing reasonable is installed', () => {
    const big = [m('qwen2.5:7b', '7.6B', ['completion'], CHAT_TEMPLATE), m('llama3.1:70b', '70.6B', ['completion'], CHAT_TEMPLATE), m('qwen2.5:14b', '14.8B', ['completion'], CHAT_TEMPLATE)];
    assert.equal(chooseModel('chat', big)?.name, 'qwen2.5:14b');
    assert.equal(chooseModel('chat', [big[1]])?.name, 'llama3.1:70b');
  });

  it('prefers what fits the GPU next to the other model when that is known', () => {
    const models = [m('qwen2.5:3b', '3.1B', ['completion'], CHAT_TEMPLATE), m('qwen2.5:14b', '14.8B', ['completion'], CHAT_TEMPLATE)];
    assert.equal(chooseModel('chat', models, { fitsBudget: (c) => c.name !== 'qwen2.5:14b' })?.name, 'qwen2.5:3b');
    assert.equal(chooseModel('chat', models, { fitsBudget: () => undefined })?.name, 'qwen2.5:14b');
    assert.equal(chooseModel('chat', models, { fitsBudget: () => false })?.name, 'qwen2.5:14b', 'nothing fits: still the best');
  });

  it('leaves cloud models out unless allowed', () => {
    const models = [m('gpt-oss:120b-cloud', '116.8B', ['completion'], CHAT_TEMPLATE), m('remote:7b', '7B', ['completion'], CHAT_TEMPLATE, { remoteHost: 'https://ollama.com:443' }), m('llama3.2:1b', '1.2B', ['completion'], CHAT_TEMPLATE)];
    assert.equal(chooseModel('chat', models)?.name, 'llama3.2:1b');
    assert.equal(chooseModel('chat', models, { allowCloud: true })?.name, 'remote:7b');
  });

  it('returns nothing when nothing fits', () => {
    assert.equal(chooseModel('chat', [m('nomic-embed-text', '137M', ['embedding']), m('codellama:7b-code', '7B', ['completion'], '{{ .Prompt }}')]), undefined);
    assert.equal(chooseModel('completion', []), undefined);
  });

  it('tells instruct from base models by template, or by name when the template is unknown', () => {
    assert.ok(isInstruct(m('x', '1B', ['completion'], CHAT_TEMPLATE)));
    assert.ok(!isInstruct(m('x', '1B', ['completion'], '{{ .Prompt }}')));
    assert.ok(!isInstruct(m('x', '1B', ['completion'], ' {{- .Prompt -}} ')));
    assert.ok(!isInstruct(m('x', '1B', ['completion'], '')));
    assert.ok(isInstruct(m('qwen2.5-coder:7b', '7B', ['completion'])));
    assert.ok(!isInstruct(m('codellama:13b-code', '13B', ['completion'])));
    assert.ok(!isInstruct(m('llama2:7b-text', '7B', ['completion'])));
    assert.ok(!isInstruct(m('starcoder2:3b', '3B', ['completion'])));
    assert.ok(suitsFeature('completion', m('starcoder2:3b', '3B', ['completion'])));
  });
});

describe('models: recommendation catalogue', () => {
  it('recommends valid names, with sizes, for every feature', () => {
    for (const r of RECOMMENDATIONS) {
      assert.ok(checkModelName(r.name).ok, r.name);
      assert.ok(r.downloadBytes > 1e8 && r.downloadBytes < 2e10, r.name);
    }
    for (const feature of FEATURES) {
      const list = recommendationsFor(feature);
      assert.ok(list.length >= 2, feature);
      assert.ok(list[0].preferred, `${feature}: the preferred model comes first`);
    }
  });

  it('completion recommendations fill in the middle, in several sizes', () => {
    const list = recommendationsFor('completion');
    assert.ok(list.every((r) => r.capabilities.includes('insert')));
    assert.ok(new Set(list.map((r) => r.parameterSize)).size >= 3);
    assert.ok(recommendationsFor('chat').every((r) => !r.capabilities.includes('embedding')));
  });

  it('the workspace index takes an embedding model, the smallest, and never a text model', () => {
    const more = [...INSTALLED, m('bge-m3:latest', '567M', ['embedding'])];
    assert.deepEqual(rankForFeature('embedding', more).map((c) => c.name), ['nomic-embed-text:latest', 'bge-m3:latest']);
    assert.deepEqual(chooseModel('embedding', more), { name: 'nomic-embed-text:latest', reason: 'embedding' });
    assert.equal(chooseModel('embedding', INSTALLED.filter((c) => !c.capabilities.includes('embedding'))), undefined);
    assert.ok(!suitsFeature('embedding', INSTALLED[0]), 'a completion model cannot embed');
  });

  it('recommends embedding models with sizes: multilingual ones (Chinese and English) first, nomic-embed-text beside them', () => {
    const list = recommendationsFor('embedding');
    assert.deepEqual(list.map((r) => r.name), ['qwen3-embedding:0.6b', 'bge-m3', 'nomic-embed-text']);
    assert.ok(list.every((r) => r.capabilities.includes('embedding') && r.downloadBytes > 1e8));
    assert.deepEqual(list.map((r) => r.note), ['embedQwen', 'embedMultilingual', 'embedEnglish']);
    for (const feature of ['completion', 'chat', 'summarize', 'translate'] as const) assert.ok(recommendationsFor(feature).every((r) => !r.features.includes('embedding')));
  });

  it('offers the preferred model, or the largest that fits the memory left', () => {
    assert.equal(topRecommendation('chat').name, 'qwen2.5:7b');
    assert.equal(topRecommendation('chat', (r) => r.downloadBytes < 3e9).name, 'llama3.2:3b');
    assert.equal(topRecommendation('completion', (r) => r.downloadBytes < 5e8).name, 'qwen2.5-coder:0.5b');
    assert.equal(topRecommendation('translate', () => false).name, 'qwen2.5:3b', 'nothing fits: the smallest');
  });
});
