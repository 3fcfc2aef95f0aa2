// Where a completion from a model without a FIM layout stops: its template's turn markers and its
// Modelfile's stop values, combined with Hearth's own, and never an empty list that would clear the model's.
import * as assert from 'node:assert/strict';
import { completionModelOf, planCompletion, type CompletionModel } from '../../../src/core/prompts/completionPrompt';
import { readCursorContext, stringLineSource } from '../../../src/core/prompts/cursorContext';
import { CHAT_TURN_TOKENS, MAX_TEMPLATE_STOPS, parameterStops, templateEndTokens } from '../../../src/core/prompts/templateStops';
import { postprocess } from '../../../src/core/completion/postprocess';
import { parseParameters } from '../../../src/core/ollama/parse';
import { DEFAULT_MODELS } from '../../support/standin';

/** Templates as Ollama's library ships them (abridged to their markers). */
const TEMPLATES = {
  chatml: '{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n',
  llama3: '<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}<|eot_id|>{{ range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n{{ .Content }}<|eot_id|>{{ end }}',
  gemma: '{{ range .Messages }}<start_of_turn>{{ if eq .Role "user" }}user{{ else }}model{{ end }}\n{{ .Content }}<end_of_turn>\n{{ end }}<start_of_turn>model\n',
  phi3: '{{ range .Messages }}<|{{ .Role }}|>\n{{ .Content }}<|end|>\n{{ end }}<|user|>\n{{ .Prompt }}<|end|>\n<|assistant|>\n',
  mistral: '{{- range .Messages }}[INST] {{ .Content }}[/INST]{{ .Response }}</s>{{ end }}',
  commandR: '<|START_OF_TURN_TOKEN|><|USER_TOKEN|>{{ .Prompt }}<|END_OF_TURN_TOKEN|><|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>',
  deepseekR1: '{{ .System }}{{ range .Messages }}<｜User｜>{{ .Content }}<｜Assistant｜>{{ .Content }}<｜end▁of▁sentence｜>{{ end }}',
  qwenBase: '{{ if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}{{ .Prompt }}<|endoftext|>',
};

function ctxAt(doc: string) {
  const offset = doc.indexOf('|');
  const text = doc.slice(0, offset) + doc.slice(offset + 1);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return readCursorContext(stringLineSource(text), line, offset - (before.lastIndexOf('\n') + 1), { prefixTokens: 1000, suffixTokens: 500, stride: 1 });
}

function plan(model: CompletionModel, doc = 'def add(a, b):\n    return |\n', languageId = 'python') {
  return planCompletion({ ctx: ctxAt(doc), languageId, path: 'a.py', model, trigger: 'automatic' }, { maxLines: 8, format: 'auto' });
}

/** The CompletionModel the extension builds from the stand-in's /api/show answer for an installed model. */
function standinModel(name: string): CompletionModel {
  const m = DEFAULT_MODELS.find((x) => x.name === name);
  if (!m) throw new Error(`no ${name}`);
  return completionModelOf({ name: m.name, family: m.family, capabilities: [...m.capabilities], template: m.template ?? '', parameters: parseParameters(m.parameters ?? '') });
}

describe('prompts: stops from the model template', () => {
  it('recognises the turn and end markers of each template family', () => {
    assert.deepEqual(templateEndTokens(TEMPLATES.chatml), ['<|im_start|>', '<|im_end|>']);
    assert.deepEqual(templateEndTokens(TEMPLATES.llama3), ['<|start_header_id|>', '<|end_header_id|>', '<|eot_id|>']);
    assert.deepEqual(templateEndTokens(TEMPLATES.gemma), ['<start_of_turn>', '<end_of_turn>']);
    assert.deepEqual(templateEndTokens(TEMPLATES.phi3), ['<|end|>', '<|user|>', '<|assistant|>']);
    assert.deepEqual(templateEndTokens(TEMPLATES.mistral), ['[INST]', '[/INST]', '</s>']);
    assert.deepEqual(templateEndTokens(TEMPLATES.commandR), ['<|START_OF_TURN_TOKEN|>', '<|USER_TOKEN|>', '<|END_OF_TURN_TOKEN|>', '<|CHATBOT_TOKEN|>']);
    assert.deepEqual(templateEndTokens(TEMPLATES.deepseekR1), ['<｜User｜>', '<｜Assistant｜>', '<｜end▁of▁sentence｜>']);
    assert.deepEqual(templateEndTokens(TEMPLATES.qwenBase), ['<|im_start|>', '<|im_end|>', '<|endoftext|>']);
  });

  it('finds nothing in a plain template, and keeps the list short', () => {
    assert.deepEqual(templateEndTokens('{{ .Prompt }}'), []);
    assert.deepEqual(templateEndTokens(undefined), []);
    assert.deepEqual(templateEndTokens('<|begin_of_text|>{{ .Prompt }}'), [], 'a start-of-text token is not a stop');
    const many = Array.from({ length: 40 }, (_, i) => `<|tok_${i}|>`).join('');
    assert.equal(templateEndTokens(many).length, MAX_TEMPLATE_STOPS);
  });

  it("reads the Modelfile's stop parameters as /api/show returns them", () => {
    const shown = 'stop                           "<|im_start|>"\nstop                           "<|im_end|>"\ntemperature                    0.6';
    assert.deepEqual(parameterStops(parseParameters(shown)), ['<|im_start|>', '<|im_end|>']);
    assert.deepEqual(parameterStops({}), []);
    assert.deepEqual(parameterStops(undefined), []);
  });

  it('a thinking model used for completion (qwen3) stops at its turn markers, with think:false', () => {
    const p = plan(standinModel('qwen3:4b'));
    assert.equal(p.format, 'continuation');
    assert.equal(p.params.think, false);
    assert.equal(p.params.raw, true);
    const stop = p.params.options?.stop ?? [];
    for (const token of ['<|im_start|>', '<|im_end|>']) assert.ok(stop.includes(token), `${token} in ${JSON.stringify(stop)}`);
  });

  it('an instruct model (llama3.2) stops at <|eot_id|> and its header markers', () => {
    const stop = plan(standinModel('llama3.2:3b')).params.options?.stop ?? [];
    for (const token of ['<|eot_id|>', '<|start_header_id|>', '<|end_header_id|>']) assert.ok(stop.includes(token), `${token} in ${JSON.stringify(stop)}`);
  });

  it("combines the model's stops with Hearth's continuation stops, without duplicates", () => {
    const model = standinModel('qwen3:4b');
    const mid = plan(model, 'f(|)\nnext()\n').params.options?.stop ?? [];
    assert.ok(mid.includes('\n') && mid.includes('<|im_end|>'));
    const comment = plan(model, '# Adds two numbers and |\n').params.options?.stop ?? [];
    assert.ok(comment.includes('\n\n') && comment.includes('<|im_end|>'));
    assert.equal(new Set(comment).size, comment.length);
  });

  it("keeps the Modelfile's stops for every layout (a request's stop list replaces them on the server)", () => {
    const fim = plan(standinModel('codellama:7b-code'));
    assert.equal(fim.format, 'template');
    assert.ok(fim.params.options?.stop?.includes('<EOT>'));
    const insert: CompletionModel = { name: 'yi-coder:9b', capabilities: ['completion', 'insert'], template: '{{ .Prompt }}{{ .Suffix }}', stop: ['<|endoftext|>', '<fim_pad>'] };
    const suffix = plan(insert);
    assert.equal(suffix.format, 'suffix');
    assert.deepEqual(suffix.params.options?.stop?.slice(0, 2), ['<|endoftext|>', '<fim_pad>']);
  });

  it('never sends an empty stop list (it would clear the model\'s own stops)', () => {
    const p = plan({ name: 'mystery:1b', capabilities: ['completion'] });
    assert.equal(p.params.options?.stop, undefined);
    assert.ok(!('stop' in (p.params.options ?? {})));
  });

  it('post-processing cuts a suggestion at a chat turn marker that leaked through', () => {
    for (const token of CHAT_TURN_TOKENS) {
      const out = postprocess(`return a + b${token}\nuser`, { linePrefix: '    ', lineSuffix: '', suffixLines: '', mode: 'code', multiline: false, maxLines: 1 }, true);
      assert.equal(out.text, 'return a + b', token);
    }
  });
});
