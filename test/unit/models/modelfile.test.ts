import * as assert from 'node:assert/strict';
import { createParams } from '../../../src/core/models/create';
import { looksLikePath, parseModelfile, type ModelfileProblem } from '../../../src/core/models/modelfile';

const SAMPLE = `# A reviewer that answers in Chinese
FROM qwen2.5:7b
from ./weights/base.gguf
FROM qwen2.5:7b

PARAMETER temperature 0.3
PARAMETER num_ctx 8192
PARAMETER stop "<|im_end|>"
PARAMETER stop <|endoftext|>
parameter use_mmap true

TEMPLATE """{{ if .System }}<|im_start|>system
{{ .System }}<|im_end|>
{{ end }}<|im_start|>assistant
"""
SYSTEM """
You review code. Answer in Simplified Chinese.
"""
SYSTEM You are terse.
MESSAGE user "Is this \\"safe\\"?"
MESSAGE assistant """Not yet:
it trusts its input."""
LICENSE """Apache 2.0"""
LICENSE MIT
ADAPTER ./lora.gguf
REQUIRES 0.12.0
`;

const codes = (problems: ModelfileProblem[]): string[] => problems.map((p) => p.code);

describe('models: Modelfile parser', () => {
  it('parses every instruction into the create request fields', () => {
    const parsed = parseModelfile(SAMPLE);
    assert.deepEqual(parsed.problems, []);
    const r = parsed.request;
    assert.equal(r.from?.value, 'qwen2.5:7b', 'the last FROM wins');
    assert.equal(r.from?.range.startLine, 3);
    assert.deepEqual(r.parameters, { temperature: 0.3, num_ctx: 8192, stop: ['<|im_end|>', '<|endoftext|>'], use_mmap: true });
    assert.equal(r.template, '{{ if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}<|im_start|>assistant\n');
    assert.equal(r.system, 'You are terse.', 'the last SYSTEM wins');
    assert.deepEqual(r.messages, [
      { role: 'user', content: 'Is this "safe"?' },
      { role: 'assistant', content: 'Not yet:\nit trusts its input.' },
    ]);
    assert.deepEqual(r.license, ['Apache 2.0', 'MIT']);
    assert.deepEqual(r.adapters.map((a) => a.value), ['./lora.gguf']);
    assert.equal(r.requires, '0.12.0');
  });

  it('builds the JSON create request (the API takes fields, not Modelfile text)', () => {
    const { request } = parseModelfile(SAMPLE);
    const params = createParams('reviewer', request, { from: 'qwen2.5:7b', adapters: { 'lora.gguf': 'sha256:' + '1'.repeat(64) } });
    assert.deepEqual(Object.keys(params).sort(), ['adapters', 'from', 'license', 'messages', 'model', 'parameters', 'requires', 'system', 'template']);
    assert.equal(params.model, 'reviewer');
    assert.deepEqual(params.license, ['Apache 2.0', 'MIT']);
    const minimal = createParams('m', parseModelfile('FROM llama3.2\nLICENSE one').request, { files: { 'a.gguf': 'sha256:x' } });
    assert.deepEqual(minimal, { model: 'm', files: { 'a.gguf': 'sha256:x' }, license: 'one' });
  });

  it('reports a misspelt instruction with a suggestion, and skips its block', () => {
    const parsed = parseModelfile('FORM llama3.2\nTEMPLAET """\nFROM inside the block\n"""\nFROM llama3.2\n');
    assert.deepEqual(codes(parsed.errors), ['unknownInstruction', 'unknownInstruction']);
    const [first, second] = parsed.errors;
    assert.ok(first.code === 'unknownInstruction' && first.suggestion === 'FROM');
    assert.ok(second.code === 'unknownInstruction' && second.suggestion === 'TEMPLATE');
    assert.deepEqual(first.range, { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 4 });
    assert.equal(parsed.request.from?.value, 'llama3.2', 'the FROM inside the skipped block is not taken');
  });

  it('reports unterminated strings, text after a string, and a missing FROM', () => {
    let parsed = parseModelfile('FROM x\nSYSTEM """never closed\nPARAMETER temperature 1\n');
    assert.deepEqual(codes(parsed.errors), ['unterminatedString']);
    assert.equal(parsed.errors[0].range.startLine, 1);
    parsed = parseModelfile('FROM x\nPARAMETER stop "open\n');
    assert.deepEqual(codes(parsed.errors), ['unterminatedString']);
    parsed = parseModelfile('FROM x\nSYSTEM """a""" trailing\n');
    assert.deepEqual(codes(parsed.errors), ['textAfterString']);
    parsed = parseModelfile('# nothing but a comment\nPARAMETER temperature 1\n');
    assert.deepEqual(codes(parsed.errors), ['missingFrom']);
    assert.deepEqual(codes(parseModelfile('').errors), ['missingFrom']);
  });

  it('checks parameters as Ollama does: names, types, deprecated ones', () => {
    const parsed = parseModelfile('FROM x\nPARAMETER temprature 0.5\nPARAMETER num_ctx 8k\nPARAMETER top_p high\nPARAMETER use_mmap yes\nPARAMETER mirostat 2\nPARAMETER seed -1\nPARAMETER top_k +40\nPARAMETER min_p .05\nPARAMETER temperature 1e-1\nPARAMETER temperature 0.2\n');
    const summary = parsed.problems.map((p) => `${p.severity}:${p.code}:${'name' in p ? p.name : ''}`);
    assert.deepEqual(summary, [
      'error:unknownParameter:temprature',
      'error:badParameterValue:num_ctx',
      'error:badParameterValue:top_p',
      'error:badParameterValue:use_mmap',
      'warning:deprecatedParameter:mirostat',
      'warning:repeatedParameter:temperature',
    ]);
    const unknown = parsed.problems[0];
    assert.ok(unknown.code === 'unknownParameter' && unknown.suggestion === 'temperature');
    assert.deepEqual(parsed.request.parameters, { seed: -1, top_k: 40, min_p: 0.05, temperature: 0.2 });
    assert.equal(parsed.problems[1].range.startLine, 2);
    assert.equal(parsed.problems[1].range.startCharacter, 18, 'the value is marked, not the line');
  });

  it('reports missing arguments and bad MESSAGE roles', () => {
    const parsed = parseModelfile('FROM\nFROM x\nPARAMETER\nPARAMETER temperature\nMESSAGE tool hi\nMESSAGE User hello\nSYSTEM   \n');
    assert.deepEqual(codes(parsed.errors), ['missingArgument', 'missingArgument', 'missingArgument', 'badRole', 'missingArgument']);
    assert.deepEqual(parsed.request.messages, [{ role: 'user', content: 'hello' }]);
  });

  it('handles CRLF line ends, indentation and comments', () => {
    const parsed = parseModelfile('# c\r\n  FROM llama3.2  \r\n\t# indented comment\r\nPARAMETER stop "</s>"\r\nSYSTEM """two\r\nlines"""\r\n');
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.request.from?.value, 'llama3.2');
    assert.deepEqual(parsed.request.parameters, { stop: ['</s>'] });
    assert.equal(parsed.request.system, 'two\r\nlines');
  });

  it('tells paths from model names', () => {
    for (const p of ['./model.gguf', '../m', '/abs/model', '~/models/x.gguf', 'C:\\models\\x.gguf', 'weights.gguf', 'folder/model.safetensors']) assert.ok(looksLikePath(p), p);
    for (const n of ['llama3.2', 'qwen2.5:7b', 'user/model:tag', 'hf.co/org/repo:Q4_K_M']) assert.ok(!looksLikePath(n), n);
  });
});
