import * as assert from 'node:assert/strict';
import { DEFAULT_MODELS, DEFAULT_REGISTRY, codeContinuation, splitFimPrompt, tokenize } from '../../support/standin';
import { decodeBody } from '../../support/standin/decode';
import { keepAliveMs, parseGoDuration } from '../../support/standin/duration';
import { formatShowParameters } from '../../support/standin/modelfacts';
import { canonicalOf, normalizeName, parseName } from '../../support/standin/names';
import { GENERATE } from '../../support/standin/schemas';

describe('stand-in internals', () => {
  describe('tokenize', () => {
    it('always concatenates back to the input', () => {
      const samples = ['', 'Hello, world!', '  indented\n\tcode();\n', 'function   spaced() {}', '你好，世界', 'mixed 日本語 text', '🙂 emoji 🙂', 'a\r\nb'];
      for (const s of samples) assert.equal(tokenize(s).join(''), s, JSON.stringify(s));
    });

    it('keeps the leading space with the word, cuts long words into ≤ 4 characters, one token per CJK character', () => {
      assert.deepEqual(tokenize('the quick brown'), ['the', ' quic', 'k', ' brow', 'n']);
      assert.deepEqual(tokenize('internationalization'), ['inte', 'rnat', 'iona', 'liza', 'tion']);
      assert.deepEqual(tokenize('你好世界'), ['你', '好', '世', '界']);
      assert.deepEqual(tokenize('a\nb'), ['a', '\n', 'b']);
      for (const tok of tokenize('Some ordinary English prose, with punctuation; and code: x.y(z);')) {
        assert.ok(Array.from(tok.trimStart()).length <= 4, tok);
      }
    });
  });

  describe('names', () => {
    it('adds :latest, keeps namespaces, canonicalises, rejects junk', () => {
      assert.equal(normalizeName('llama3.2'), 'llama3.2:latest');
      assert.equal(normalizeName('registry.ollama.ai/library/qwen3:4b'), 'qwen3:4b');
      assert.equal(normalizeName('user/model'), 'user/model:latest');
      assert.equal(normalizeName('hf.co/org/repo:Q4_K_M'), 'hf.co/org/repo:Q4_K_M');
      assert.equal(canonicalOf('qwen2.5-coder:1.5b'), 'registry.ollama.ai/library/qwen2.5-coder:1.5b');
      assert.equal(parseName(''), undefined);
      assert.equal(parseName('bad name'), undefined);
      assert.equal(parseName('a/b/c/d'), undefined);
    });
  });

  describe('keep_alive durations', () => {
    it('parses Go durations and rejects bare digits except "0"', () => {
      assert.equal(parseGoDuration('5m'), 300_000);
      assert.equal(parseGoDuration('1h30m'), 5_400_000);
      assert.equal(parseGoDuration('1.5s'), 1500);
      assert.equal(parseGoDuration('300ms'), 300);
      assert.equal(parseGoDuration('0'), 0);
      assert.throws(() => parseGoDuration('300'), { message: 'time: missing unit in duration "300"' });
      assert.throws(() => parseGoDuration(''), { message: 'time: invalid duration ""' });
      assert.throws(() => parseGoDuration('m'), { message: 'time: invalid duration "m"' });
      assert.equal(keepAliveMs(30), 30_000);
      assert.equal(keepAliveMs(-1), Infinity);
      assert.equal(keepAliveMs('-1m'), Infinity);
    });
  });

  describe('decodeBody', () => {
    it('reports Go decoder texts', () => {
      assert.throws(() => decodeBody('{"model":"x","raw":tru}', GENERATE), { message: "invalid character '}' in literal true (expecting 'e')" });
      assert.throws(() => decodeBody('{"model":"x\n"}', GENERATE), { message: "invalid character '\\n' in string literal" });
      assert.throws(() => decodeBody('{"top_logprobs":1.5}', GENERATE), {
        message: 'json: cannot unmarshal number 1.5 into Go struct field GenerateRequest.top_logprobs of type int',
      });
      assert.deepEqual(decodeBody('{"model":"x"} trailing', GENERATE), { model: 'x' }, 'a Decoder reads only the first value');
      assert.deepEqual(decodeBody('null', GENERATE), {});
    });
  });

  describe('show parameters', () => {
    it('pads keys to 30 columns and Go-quotes strings', () => {
      assert.equal(formatShowParameters('stop "<|im_end|>"\ntemperature 0.7\nrope_frequency_base 1e+06'),
        `stop${' '.repeat(27)}"<|im_end|>"\ntemperature${' '.repeat(20)}0.7\nrope_frequency_base${' '.repeat(12)}1e+06`);
    });
  });

  describe('default replies', () => {
    it('finds prefix and suffix in the common raw FIM layouts', () => {
      assert.deepEqual(splitFimPrompt('<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>'), { prefix: 'a', suffix: 'b' });
      assert.deepEqual(splitFimPrompt('<|fim_prefix|>a\n<|fim_suffix|>b<|fim_middle|>  re'), { prefix: 'a\n  re', suffix: 'b' });
      assert.deepEqual(splitFimPrompt('<PRE> a <SUF>b <MID>'), { prefix: 'a', suffix: 'b' });
      assert.deepEqual(splitFimPrompt('<｜fim▁begin｜>a<｜fim▁hole｜>b<｜fim▁end｜>'), { prefix: 'a', suffix: 'b' });
      assert.deepEqual(splitFimPrompt('[SUFFIX]b[PREFIX] a'), { prefix: 'a', suffix: 'b' });
      assert.equal(splitFimPrompt('plain text'), undefined);
      assert.equal(codeContinuation('if (x) {', '\n}'), '\n  return result;');
    });
  });

  describe('catalogue', () => {
    it('has the documented defaults with 64-hex digests; the registry contains them all', () => {
      const byName = new Map(DEFAULT_MODELS.map((m) => [m.name, m]));
      assert.deepEqual([...(byName.get('qwen2.5-coder:1.5b')?.capabilities ?? [])].sort(), ['completion', 'insert', 'tools']);
      assert.ok(Object.isFrozen(DEFAULT_MODELS[0]?.capabilities), 'defaults cannot be changed by a test');
      assert.deepEqual(byName.get('codellama:7b-code')?.capabilities, ['completion']);
      assert.equal(byName.get('llama3.2:3b')?.contextLength, 131072);
      assert.ok(byName.get('qwen3:4b')?.capabilities.includes('thinking'));
      assert.deepEqual(byName.get('nomic-embed-text:latest')?.capabilities, ['embedding']);
      for (const m of DEFAULT_REGISTRY) if (m.digest) assert.match(m.digest, /^[0-9a-f]{64}$/, m.name);
      for (const m of DEFAULT_MODELS) assert.ok(DEFAULT_REGISTRY.some((r) => r.name === m.name));
    });
  });
});
