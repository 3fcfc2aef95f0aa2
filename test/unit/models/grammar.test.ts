// The Modelfile grammar, tokenized by the same engine VS Code uses (vscode-textmate + oniguruma).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { MODELFILE_PARAMETERS } from '../../../src/core/models/parameters';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const grammarPath = path.join(root, 'syntaxes', 'modelfile.tmLanguage.json');

const SAMPLE = [
  '# Modelfile for a reviewer',
  'FROM qwen2.5-coder:7b',
  'from ./weights/model.gguf',
  'PARAMETER temperature 0.2',
  'PARAMETER stop "<|im_end|>"',
  'PARAMETER use_mmap true',
  'PARAMETER mirostat 2',
  'PARAMETER temprature 1',
  'TEMPLATE """{{ if .System }}<|im_start|>system',
  '{{ .System }}<|im_end|>{{ end }}',
  '"""',
  'SYSTEM """You review code.',
  'Briefly."""',
  'MESSAGE user "Is \\"this\\" safe?"',
  'MESSAGE robot hi',
  'LICENSE MIT',
  'ADAPTER ./lora.gguf',
  'REQUIRES 0.12.0',
  'FORM llama3',
].join('\n');

let grammar: textmate.IGrammar;

interface Token {
  text: string;
  scopes: string[];
}

function tokenizeAll(text: string): Token[][] {
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes of the first token on `line` whose text is `text`. */
function scopesOf(lines: Token[][], line: number, text: string): string[] {
  const token = lines[line].find((t) => t.text === text);
  assert.ok(token, `line ${line} has a token ${JSON.stringify(text)}; tokens: ${JSON.stringify(lines[line].map((t) => t.text))}`);
  return token.scopes;
}

function has(scopes: string[], scope: string): boolean {
  return scopes.some((s) => s === scope || s.startsWith(`${scope}.`));
}

describe('models: Modelfile grammar', () => {
  before(async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
      loadGrammar: async (scopeName) => (scopeName === 'source.modelfile' ? textmate.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null),
    });
    const loaded = await registry.loadGrammar('source.modelfile');
    assert.ok(loaded);
    grammar = loaded;
  });

  it('scopes instructions, model names, paths, comments', () => {
    const lines = tokenizeAll(SAMPLE);
    assert.ok(has(scopesOf(lines, 0, '#'), 'punctuation.definition.comment'));
    assert.ok(lines[0].every((t) => has(t.scopes, 'comment.line.number-sign.modelfile')));
    assert.ok(has(scopesOf(lines, 1, 'FROM'), 'keyword.other.instruction'));
    assert.ok(has(scopesOf(lines, 1, 'qwen2.5-coder'), 'entity.name.type.model'));
    assert.ok(has(scopesOf(lines, 1, '7b'), 'entity.name.tag.model-tag'));
    assert.ok(has(scopesOf(lines, 2, 'from'), 'keyword.other.instruction'), 'instructions ignore case');
    assert.ok(has(scopesOf(lines, 2, './weights/model.gguf'), 'string.unquoted.path'));
    assert.ok(has(scopesOf(lines, 16, './lora.gguf'), 'string.unquoted.path'));
    assert.ok(has(scopesOf(lines, 17, '0.12.0'), 'constant.numeric.version'));
  });

  it('scopes parameters: known names, values, deprecated and unknown names', () => {
    const lines = tokenizeAll(SAMPLE);
    assert.ok(has(scopesOf(lines, 3, 'temperature'), 'variable.parameter.modelfile'));
    assert.ok(has(scopesOf(lines, 3, '0.2'), 'constant.numeric'));
    assert.ok(has(scopesOf(lines, 4, '<|im_end|>'), 'string.quoted.double'));
    assert.ok(has(scopesOf(lines, 5, 'true'), 'constant.language.boolean'));
    assert.ok(has(scopesOf(lines, 6, 'mirostat'), 'invalid.deprecated'));
    assert.ok(has(scopesOf(lines, 7, 'temprature'), 'invalid.illegal'));
  });

  it('scopes triple-quoted strings across lines, with Go template syntax inside TEMPLATE', () => {
    const lines = tokenizeAll(SAMPLE);
    assert.ok(has(scopesOf(lines, 8, '"""'), 'punctuation.definition.string.begin'));
    const ifKeyword = scopesOf(lines, 8, 'if');
    assert.ok(has(ifKeyword, 'keyword.control.go-template') && has(ifKeyword, 'string.quoted.triple.modelfile'));
    assert.ok(has(scopesOf(lines, 8, '.System'), 'variable.other.member.go-template'));
    assert.ok(has(scopesOf(lines, 9, '<|im_end|>'), 'string.quoted.triple.modelfile'), 'the block goes on over lines');
    assert.ok(has(scopesOf(lines, 10, '"""'), 'punctuation.definition.string.end'));
    assert.ok(has(scopesOf(lines, 12, 'Briefly.'), 'string.quoted.triple.modelfile'));
    // After the block closes, the next line is an instruction again.
    assert.ok(has(scopesOf(lines, 13, 'MESSAGE'), 'keyword.other.instruction'));
  });

  it('scopes MESSAGE roles, escapes and unknown instructions', () => {
    const lines = tokenizeAll(SAMPLE);
    assert.ok(has(scopesOf(lines, 13, 'user'), 'support.constant.role'));
    assert.ok(has(scopesOf(lines, 13, '\\"'), 'constant.character.escape'));
    assert.ok(has(scopesOf(lines, 14, 'robot'), 'invalid.illegal.role'));
    assert.ok(has(scopesOf(lines, 15, 'MIT'), 'string.unquoted'));
    assert.ok(has(scopesOf(lines, 18, 'FORM'), 'invalid.illegal.instruction'));
  });

  it('knows the same parameter names as the parser', () => {
    const raw = JSON.parse(fs.readFileSync(grammarPath, 'utf8')) as { repository: { parameter: { patterns: { match?: string }[] } } };
    const namesIn = (pattern: string | undefined): string[] => /\(([a-z0-9_|]+)\)/.exec(pattern ?? '')?.[1].split('|') ?? [];
    const [current, deprecated] = raw.repository.parameter.patterns.map((p) => namesIn(p.match));
    const specs = Object.entries(MODELFILE_PARAMETERS);
    assert.deepEqual([...current].sort(), specs.filter(([, s]) => !s.deprecated).map(([n]) => n).sort());
    assert.deepEqual([...deprecated].sort(), specs.filter(([, s]) => s.deprecated).map(([n]) => n).sort());
  });
});
