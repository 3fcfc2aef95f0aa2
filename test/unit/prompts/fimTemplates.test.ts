// The exact raw prompts of every family, and how Hearth recognises a family.
import * as assert from 'node:assert/strict';
import { planCompletion, type CompletionModel } from '../../../src/core/prompts/completionPrompt';
import { readCursorContext, stringLineSource } from '../../../src/core/prompts/cursorContext';
import { ALL_SPECIAL_TOKENS, detectFimFamily, fimLayout, type FimFamily } from '../../../src/core/prompts/fimTemplates';

const DOC = ['def add(a, b):', '    return a', '', 'print(add(1, 2))'].join('\n');
const ctx = readCursorContext(stringLineSource(DOC), 1, 12, { prefixTokens: 1000, suffixTokens: 1000, stride: 1 });
const settings = { maxLines: 8, format: 'auto' as const };

function promptFor(name: string, family = ''): { prompt: string; stop: string[] | undefined; raw: boolean | undefined } {
  const model: CompletionModel = { name, family, capabilities: ['completion'] };
  const plan = planCompletion({ ctx, languageId: 'python', path: 'src/calc.py', model, trigger: 'automatic' }, settings);
  return { prompt: plan.params.prompt, stop: plan.params.options?.stop, raw: plan.params.raw };
}

const HEADER = '# Path: src/calc.py (python)\n';
const PREFIX = `${HEADER}def add(a, b):\n`;
const SUFFIX = '\n\nprint(add(1, 2))';

describe('prompts: raw FIM layouts per family', () => {
  it('qwen2.5-coder: PSM with the typed line after <|fim_middle|>', () => {
    const p = promptFor('qwen2.5-coder:7b-base', 'qwen2');
    assert.equal(p.prompt, `<|fim_prefix|>${PREFIX}<|fim_suffix|>${SUFFIX}<|fim_middle|>    return a`);
    assert.equal(p.raw, true);
    assert.ok(p.stop?.includes('<|endoftext|>') && p.stop.includes('<|file_sep|>') && p.stop.includes('<|fim_prefix|>'));
  });

  it('codellama (7b-code): spaces around the markers, the typed line stays in the prefix', () => {
    const p = promptFor('codellama:7b-code', 'llama');
    assert.equal(p.prompt, `<PRE> ${PREFIX}    return a <SUF>${SUFFIX} <MID>`);
    assert.deepEqual(p.stop?.slice(0, 1), ['<EOT>']);
  });

  it('deepseek-coder: fullwidth bars and U+2581 in the markers', () => {
    const p = promptFor('deepseek-coder:6.7b-base');
    assert.equal(p.prompt, `<｜fim▁begin｜>${PREFIX}<｜fim▁hole｜>${SUFFIX}<｜fim▁end｜>    return a`);
    assert.ok(p.stop?.includes('<｜end▁of▁sentence｜>'));
    assert.ok(!p.prompt.includes('<|fim'), 'no ASCII look-alikes');
  });

  it('deepseek-coder-v2: newlines around the hole marker', () => {
    const p = promptFor('deepseek-coder-v2:16b');
    assert.equal(p.prompt, `<｜fim▁begin｜>${PREFIX}\n<｜fim▁hole｜>\n${SUFFIX}<｜fim▁end｜>    return a`);
  });

  it('starcoder2: <fim_prefix> without bars', () => {
    const p = promptFor('starcoder2:3b', 'starcoder2');
    assert.equal(p.prompt, `<fim_prefix>${PREFIX}<fim_suffix>${SUFFIX}<fim_middle>    return a`);
    assert.ok(p.stop?.includes('<file_sep>') && p.stop.includes('<|endoftext|>'));
  });

  it('codegemma (2b): qwen-like markers, its own end tokens', () => {
    const p = promptFor('codegemma:2b', 'gemma');
    assert.equal(p.prompt, `<|fim_prefix|>${PREFIX}<|fim_suffix|>${SUFFIX}<|fim_middle|>    return a`);
    assert.ok(p.stop?.includes('<|file_separator|>') && p.stop.includes('<eos>'));
  });

  it('codestral: suffix first, a space after [PREFIX]', () => {
    const p = promptFor('codestral:22b');
    assert.equal(p.prompt, `[SUFFIX]${SUFFIX}[PREFIX] ${PREFIX}    return a`);
    assert.ok(p.stop?.includes('</s>'));
  });

  it('lists every family token for post-processing', () => {
    for (const family of ['qwen', 'codellama', 'deepseek', 'deepseek-v2', 'starcoder', 'codegemma', 'codestral'] as FimFamily[]) {
      for (const token of fimLayout(family).stop) assert.ok(ALL_SPECIAL_TOKENS.includes(token), token);
    }
  });
});

describe('prompts: recognising the family', () => {
  const cases: [string, string, string | undefined][] = [
    ['qwen2.5-coder:1.5b', 'qwen2', 'qwen'],
    ['qwen2.5-coder:7b-base-q4_K_M', 'qwen2', 'qwen'],
    ['hf.co/Qwen/Qwen2.5-Coder-1.5B-GGUF:latest', 'qwen2', 'qwen'],
    ['qwen3-coder:30b', 'qwen3moe', 'qwen'],
    ['codellama:7b-code', 'llama', 'codellama'],
    ['codellama:13b-code-q4_0', 'llama', 'codellama'],
    ['codellama:7b-instruct', 'llama', undefined],
    ['codellama:34b', 'llama', undefined],
    ['deepseek-coder:6.7b-base', 'llama', 'deepseek'],
    ['deepseek-coder:6.7b-instruct', 'llama', undefined],
    ['deepseek-coder-v2:16b', 'deepseek2', 'deepseek-v2'],
    ['starcoder2:3b', 'starcoder2', 'starcoder'],
    ['my-finetune:latest', 'starcoder2', 'starcoder'],
    ['codegemma:2b', 'gemma', 'codegemma'],
    ['codegemma:7b-code', 'gemma', 'codegemma'],
    ['codegemma:7b', 'gemma', undefined],
    ['codestral:22b', 'llama', 'codestral'],
    ['llama3.2:3b', 'llama', undefined],
    ['qwen2.5:7b', 'qwen2', undefined],
  ];
  for (const [name, family, expected] of cases) {
    it(`${name} → ${expected ?? 'unknown'}`, () => assert.equal(detectFimFamily({ name, family }), expected));
  }

  it('trusts the markers in the model template over its name', () => {
    assert.equal(detectFimFamily({ name: 'mystery:1b', template: '{{ if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{ end }}' }), 'qwen');
    assert.equal(detectFimFamily({ name: 'mystery:1b', template: '<fim_prefix>{{ .Prompt }}<fim_suffix>{{ .Suffix }}<fim_middle>' }), 'starcoder');
    assert.equal(detectFimFamily({ name: 'mystery:1b', template: '<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>' }), 'codellama');
    assert.equal(detectFimFamily({ name: 'mystery:1b', template: '[SUFFIX]{{ .Suffix }}[PREFIX] {{ .Prompt }}' }), 'codestral');
    assert.equal(detectFimFamily({ name: 'mystery:1b', template: '<｜fim▁begin｜>{{ .Prompt }}<｜fim▁hole｜>{{ .Suffix }}<｜fim▁end｜>' }), 'deepseek');
    assert.equal(detectFimFamily({ name: 'mystery:1b', template: '{{ .Prompt }}' }), undefined);
  });
});
