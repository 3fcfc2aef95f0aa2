// The default model catalogue: what a typical developer machine has installed, with sizes, families,
// context lengths and capabilities close to the real library models, so that model pickers, FIM selection
// and context budgeting see realistic input.

import type { StandinModel } from './types';

/** Shared by every test in a run: frozen so that no test can change another's defaults by accident. */
function deepFreeze(models: StandinModel[]): readonly StandinModel[] {
  for (const m of models) {
    Object.freeze(m.capabilities);
    Object.freeze(m);
  }
  return Object.freeze(models);
}

const QWEN25_CODER_TEMPLATE = `{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>
{{- else if .Messages }}
{{- if or .System .Tools }}<|im_start|>system
{{- if .System }}
{{ .System }}
{{- end }}
{{- if .Tools }}

# Tools

You may call one or more functions to assist with the user query.

<tools>
{{- range .Tools }}
{"type": "function", "function": {{ .Function }}}
{{- end }}
</tools>
{{- end }}<|im_end|>
{{ end }}
{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 -}}
{{- if eq .Role "user" }}<|im_start|>user
{{ .Content }}<|im_end|>
{{ else if eq .Role "assistant" }}<|im_start|>assistant
{{ .Content }}{{ if not $last }}<|im_end|>
{{ end }}
{{- else if eq .Role "tool" }}<|im_start|>user
<tool_response>
{{ .Content }}
</tool_response><|im_end|>
{{ end }}
{{- if and (ne .Role "assistant") $last }}<|im_start|>assistant
{{ end }}
{{- end }}
{{- else }}
{{- if .System }}<|im_start|>system
{{ .System }}<|im_end|>
{{ end }}{{ if .Prompt }}<|im_start|>user
{{ .Prompt }}<|im_end|>
{{ end }}<|im_start|>assistant
{{ end }}{{ .Response }}{{ if .Response }}<|im_end|>{{ end }}`;

/** The instruct model's template: the same without the FIM branch, hence no insert. */
const QWEN25_TEMPLATE = QWEN25_CODER_TEMPLATE.replace(/^\{\{- if \.Suffix \}\}.*\n\{\{- else if \.Messages \}\}/, '{{- if .Messages }}');

const LLAMA32_TEMPLATE = `<|start_header_id|>system<|end_header_id|>

Cutting Knowledge Date: December 2023

{{ if .System }}{{ .System }}
{{- end }}
{{- if .Tools }}When you receive a tool call response, use the output to format an answer to the orginal user question.

You are a helpful assistant with tool calling capabilities.
{{- end }}<|eot_id|>
{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 }}
{{- if eq .Role "user" }}<|start_header_id|>user<|end_header_id|>

{{ .Content }}<|eot_id|>{{ if $last }}<|start_header_id|>assistant<|end_header_id|>

{{ end }}
{{- else if eq .Role "assistant" }}<|start_header_id|>assistant<|end_header_id|>

{{ .Content }}{{ if not $last }}<|eot_id|>{{ end }}
{{- end }}
{{- end }}`;

const QWEN3_TEMPLATE = `{{- $lastUserIdx := -1 -}}
{{- range $idx, $msg := .Messages -}}
{{- if eq $msg.Role "user" }}{{ $lastUserIdx = $idx }}{{ end -}}
{{- end }}
{{- if or .System .Tools }}<|im_start|>system
{{ if .System }}{{ .System }}
{{ end }}
{{- if .Tools }}# Tools

<tools>
{{- range .Tools }}
{"type": "function", "function": {{ .Function }}}
{{- end }}
</tools>
{{- end -}}
<|im_end|>
{{ end }}
{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 -}}
{{- if eq .Role "user" }}<|im_start|>user
{{ .Content }}<|im_end|>
{{ else if eq .Role "assistant" }}<|im_start|>assistant
{{ if (and $.IsThinkSet (and .Thinking (or $last (gt $i $lastUserIdx)))) -}}
<think>{{ .Thinking }}</think>
{{ end -}}
{{ .Content }}{{ if not $last }}<|im_end|>
{{ end }}
{{- end }}
{{- if and (ne .Role "assistant") $last }}<|im_start|>assistant
{{ if and $.IsThinkSet (not $.Think) -}}
<think>

</think>

{{ end -}}
{{ end }}
{{- end }}`;

const APACHE_LICENSE = `                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION`;

const LLAMA2_LICENSE = `LLAMA 2 COMMUNITY LICENSE AGREEMENT
Llama 2 Version Release Date: July 18, 2023`;

const LLAMA32_LICENSE = `LLAMA 3.2 COMMUNITY LICENSE AGREEMENT
Llama 3.2 Version Release Date: September 25, 2024`;

const QWEN_SYSTEM = 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.';

export const DEFAULT_MODELS: readonly StandinModel[] = deepFreeze([
  {
    name: 'qwen2.5-coder:1.5b',
    family: 'qwen2',
    parameterSize: '1.5B',
    quantization: 'Q4_K_M',
    size: 986_062_089,
    contextLength: 32_768,
    embeddingLength: 1536,
    capabilities: ['completion', 'tools', 'insert'],
    template: QWEN25_CODER_TEMPLATE,
    system: QWEN_SYSTEM,
    license: APACHE_LICENSE,
    digest: 'd7372fd828519fbc26ab7b3e5f3c4a2ab1f3b6c2c2bb8e1a0d7e0a3f5b64c9a1',
    modifiedAt: '2026-08-12T09:41:07.512304118Z',
  },
  {
    name: 'qwen2.5-coder:7b',
    family: 'qwen2',
    parameterSize: '7.6B',
    quantization: 'Q4_K_M',
    size: 4_683_087_332,
    contextLength: 32_768,
    embeddingLength: 3584,
    capabilities: ['completion', 'tools', 'insert'],
    template: QWEN25_CODER_TEMPLATE,
    system: QWEN_SYSTEM,
    license: APACHE_LICENSE,
    digest: '2b0496514337a3d5901f1d253d01726c890b721e891335a56d6e08cedf3e2cb0',
    modifiedAt: '2026-08-01T16:12:44.100519872Z',
  },
  {
    name: 'codellama:7b-code',
    family: 'llama',
    parameterSize: '7B',
    quantization: 'Q4_0',
    size: 3_825_910_662,
    contextLength: 16_384,
    embeddingLength: 4096,
    // The library's 7b-code template is plain {{ .Prompt }}, so there is no insert: FIM has to go through raw.
    capabilities: ['completion'],
    template: '{{ .Prompt }}',
    license: LLAMA2_LICENSE,
    parameters: 'rope_frequency_base 1e+06\nstop "<EOT>"',
    digest: '8df0a30bb1e672b5a3b5e4b81e83dd3e1c1b88fd2a4a2b7d9f0c4e5d8a7b6c21',
    modifiedAt: '2026-07-20T11:03:52.88112Z',
  },
  {
    name: 'llama3.2:3b',
    family: 'llama',
    parameterSize: '3.2B',
    quantization: 'Q4_K_M',
    size: 2_019_393_189,
    contextLength: 131_072,
    embeddingLength: 3072,
    capabilities: ['completion', 'tools'],
    template: LLAMA32_TEMPLATE,
    license: LLAMA32_LICENSE,
    parameters: 'stop "<|start_header_id|>"\nstop "<|end_header_id|>"\nstop "<|eot_id|>"',
    digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
    modifiedAt: '2026-07-02T08:27:19.410667Z',
  },
  {
    name: 'qwen3:4b',
    family: 'qwen3',
    parameterSize: '4.0B',
    quantization: 'Q4_K_M',
    size: 2_497_293_918,
    contextLength: 40_960,
    embeddingLength: 2560,
    capabilities: ['completion', 'tools', 'thinking'],
    template: QWEN3_TEMPLATE,
    license: APACHE_LICENSE,
    parameters:
      'repeat_penalty 1\nstop "<|im_start|>"\nstop "<|im_end|>"\ntemperature 0.6\ntop_k 20\ntop_p 0.95',
    digest: 'e55aed6fe643f9368b2f48f8aaa56ec787b75765da69f794c0a0c23bfe7c64b2',
    modifiedAt: '2026-06-14T19:55:01.3Z',
  },
  {
    name: 'nomic-embed-text:latest',
    family: 'nomic-bert',
    parameterSize: '137M',
    quantization: 'F16',
    size: 274_302_450,
    contextLength: 2048,
    embeddingLength: 768,
    capabilities: ['embedding'],
    license: APACHE_LICENSE,
    parameters: 'num_ctx 8192',
    digest: '0a109f422b47e3a30ba2b10eca18548e944e8a23073ee3f3e947efcf3c45e59f',
    modifiedAt: '2026-05-30T07:14:33.20451Z',
  },
]);

/** Pullable but not installed by default. The `:latest` aliases point at the same sizes as their tags. */
const EXTRA_REGISTRY: readonly StandinModel[] = [
  {
    name: 'qwen2.5-coder:3b',
    family: 'qwen2',
    parameterSize: '3.1B',
    quantization: 'Q4_K_M',
    size: 1_929_912_432,
    contextLength: 32_768,
    embeddingLength: 2048,
    capabilities: ['completion', 'tools', 'insert'],
    template: QWEN25_CODER_TEMPLATE,
    system: QWEN_SYSTEM,
    license: APACHE_LICENSE,
  },
  {
    name: 'qwen2.5-coder:latest',
    family: 'qwen2',
    parameterSize: '7.6B',
    quantization: 'Q4_K_M',
    size: 4_683_087_332,
    contextLength: 32_768,
    embeddingLength: 3584,
    capabilities: ['completion', 'tools', 'insert'],
    template: QWEN25_CODER_TEMPLATE,
    system: QWEN_SYSTEM,
    license: APACHE_LICENSE,
    digest: '2b0496514337a3d5901f1d253d01726c890b721e891335a56d6e08cedf3e2cb0',
  },
  {
    name: 'qwen2.5:7b',
    family: 'qwen2',
    parameterSize: '7.6B',
    quantization: 'Q4_K_M',
    size: 4_683_087_519,
    contextLength: 32_768,
    embeddingLength: 3584,
    capabilities: ['completion', 'tools'],
    template: QWEN25_TEMPLATE,
    system: QWEN_SYSTEM,
    license: APACHE_LICENSE,
  },
  {
    name: 'qwen2.5:latest',
    family: 'qwen2',
    parameterSize: '7.6B',
    quantization: 'Q4_K_M',
    size: 4_683_087_519,
    contextLength: 32_768,
    embeddingLength: 3584,
    capabilities: ['completion', 'tools'],
    template: QWEN25_TEMPLATE,
    system: QWEN_SYSTEM,
    license: APACHE_LICENSE,
  },
  {
    name: 'llama3.2:1b',
    family: 'llama',
    parameterSize: '1.2B',
    quantization: 'Q8_0',
    size: 1_321_098_329,
    contextLength: 131_072,
    embeddingLength: 2048,
    capabilities: ['completion', 'tools'],
    template: LLAMA32_TEMPLATE,
    license: LLAMA32_LICENSE,
    parameters: 'stop "<|start_header_id|>"\nstop "<|end_header_id|>"\nstop "<|eot_id|>"',
  },
  {
    name: 'llama3.2:latest',
    family: 'llama',
    parameterSize: '3.2B',
    quantization: 'Q4_K_M',
    size: 2_019_393_189,
    contextLength: 131_072,
    embeddingLength: 3072,
    capabilities: ['completion', 'tools'],
    template: LLAMA32_TEMPLATE,
    license: LLAMA32_LICENSE,
    parameters: 'stop "<|start_header_id|>"\nstop "<|end_header_id|>"\nstop "<|eot_id|>"',
    digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
  },
  {
    name: 'starcoder2:3b',
    family: 'starcoder2',
    parameterSize: '3B',
    quantization: 'Q4_0',
    size: 1_705_353_507,
    contextLength: 16_384,
    embeddingLength: 3072,
    capabilities: ['completion'],
    template: '{{ .Prompt }}',
    license: 'BigCode Open RAIL-M v1 License Agreement',
  },
  {
    name: 'all-minilm:latest',
    family: 'bert',
    parameterSize: '23M',
    quantization: 'F16',
    size: 45_960_996,
    contextLength: 512,
    embeddingLength: 384,
    capabilities: ['embedding'],
    license: APACHE_LICENSE,
  },
];

export const DEFAULT_REGISTRY: readonly StandinModel[] = deepFreeze([...DEFAULT_MODELS, ...EXTRA_REGISTRY]);

/** Fresh, mutable copies, so that one test's setModels or create cannot leak into another's defaults. */
export function cloneModels(models: readonly StandinModel[]): StandinModel[] {
  return models.map((m) => ({ ...m, capabilities: [...m.capabilities] }));
}
