// Which models the chat offers: decided from Ollama's facts (capabilities and template), in core, and the
// chat's model list built from a server that has base, embedding and chat models side by side.
import * as assert from 'node:assert/strict';
import { canChat, hasTurnStructure } from '../../../src/core/models/chatAbility';
import { OllamaGateway, resolveHost } from '../../../src/core/ollama';
import { chatModels } from '../../../src/features/chat/models';
import { DEFAULT_MODELS, DEFAULT_REGISTRY, StandinOllama, type StandinModel } from '../../support/standin';

// Templates as the Ollama library ships them (abridged where the rest does not matter).
const TEMPLATES = {
  codellamaCode: '{{ .Prompt }}',
  /** qwen2.5-coder:1.5b-base: fill in the middle, else the prompt as is. */
  qwenCoderBase: '{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>\n{{- else }}{{ .Prompt }}\n{{- end }}',
  codellamaFim: '{{- if .Suffix }}<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>\n{{- else }}{{ .Prompt }}\n{{- end }}',
  chatMessages: '{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n',
  /** Templates from before `.Messages`: turns by markers around `.Prompt`. */
  mistralOld: '[INST] {{ if .System }}{{ .System }} {{ end }}{{ .Prompt }} [/INST]',
  gemma: '<start_of_turn>user\n{{ if .System }}{{ .System }} {{ end }}{{ .Prompt }}<end_of_turn>\n<start_of_turn>model\n{{ .Response }}<end_of_turn>\n',
  phi3: '{{ if .Prompt }}<|user|>\n{{ .Prompt }}<|end|>\n{{ end }}<|assistant|>\n',
  alpaca: '### Instruction:\n{{ .Prompt }}\n\n### Response:\n',
  vicuna: 'USER: {{ .Prompt }}\nASSISTANT:',
};

describe('models: which models can chat', () => {
  it('sees turns in chat templates, old and new', () => {
    for (const key of ['chatMessages', 'mistralOld', 'gemma', 'phi3', 'alpaca', 'vicuna'] as const) {
      assert.ok(hasTurnStructure(TEMPLATES[key]), key);
    }
  });

  it('sees none in base templates: the prompt alone, or with a fill-in-the-middle branch', () => {
    for (const key of ['codellamaCode', 'qwenCoderBase', 'codellamaFim'] as const) assert.ok(!hasTurnStructure(TEMPLATES[key]), key);
    assert.ok(!hasTurnStructure(''));
    assert.ok(!hasTurnStructure(' {{- .Prompt -}} '));
  });

  it('lets chat only models that generate text and lay out turns', () => {
    assert.ok(canChat({ name: 'llama3.2:3b', capabilities: ['completion', 'tools'], template: TEMPLATES.chatMessages }));
    assert.ok(canChat({ name: 'qwen2.5-coder:1.5b', capabilities: ['completion', 'insert'], template: `{{- if .Suffix }}x{{ else }}${TEMPLATES.chatMessages}{{ end }}` }), 'an instruct coder with FIM');
    assert.ok(!canChat({ name: 'codellama:7b-code', capabilities: ['completion'], template: TEMPLATES.codellamaCode }));
    assert.ok(!canChat({ name: 'qwen2.5-coder:1.5b-base', capabilities: ['completion', 'insert'], template: TEMPLATES.qwenCoderBase }));
    assert.ok(!canChat({ name: 'nomic-embed-text:latest', capabilities: ['embedding'], template: '' }), 'embedding only');
    assert.ok(!canChat({ name: 'x', capabilities: ['embedding'], template: TEMPLATES.chatMessages }), 'no completion, whatever the template');
  });

  it('judges by name when the template is unknown', () => {
    assert.ok(canChat({ name: 'qwen2.5-coder:7b', capabilities: ['completion'] }));
    assert.ok(!canChat({ name: 'codellama:13b-code', capabilities: ['completion'] }));
    assert.ok(!canChat({ name: 'qwen2.5-coder:1.5b-base', capabilities: ['completion'] }));
    assert.ok(!canChat({ name: 'llama2:7b-text', capabilities: ['completion'] }));
    assert.ok(!canChat({ name: 'starcoder2:3b', capabilities: ['completion'] }));
  });
});

describe('chat: the model menu against the stand-in', () => {
  let standin: StandinOllama;
  const base: StandinModel = {
    ...DEFAULT_MODELS[0],
    name: 'qwen2.5-coder:1.5b-base',
    template: TEMPLATES.qwenCoderBase,
    system: undefined,
    digest: undefined,
  };

  before(async () => {
    standin = await StandinOllama.start({ models: [...DEFAULT_REGISTRY, base] });
  });
  after(async () => {
    await standin.close();
  });

  it('lists the chat models and leaves out base and embedding models', async () => {
    const gateway = new OllamaGateway({
      config: () => ({ host: resolveHost(standin.url, undefined), hostSetting: standin.url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: 8192 }),
      metadataTimeoutMs: 2_000,
    });
    const names = (await chatModels({ gateway })).map((m) => m.name);
    for (const chat of ['llama3.2:3b', 'qwen3:4b', 'qwen2.5-coder:1.5b', 'qwen2.5:7b']) assert.ok(names.includes(chat), `${chat} in ${names.join(', ')}`);
    for (const not of ['codellama:7b-code', 'qwen2.5-coder:1.5b-base', 'starcoder2:3b', 'nomic-embed-text', 'all-minilm']) {
      assert.ok(!names.includes(not), `${not} is not offered: ${names.join(', ')}`);
    }
  });
});
