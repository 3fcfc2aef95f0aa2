// From what the model wrote to what the editor shows.
import * as assert from 'node:assert/strict';
import { postprocess, stripThinking, type PostContext } from '../../../src/core/completion/postprocess';

function ctx(over: Partial<PostContext>): PostContext {
  return { linePrefix: '', lineSuffix: '', suffixLines: '', mode: 'code', multiline: false, maxLines: 8, ...over };
}

const final = (raw: string, c: Partial<PostContext>): string => postprocess(raw, ctx(c), true).text;

describe('completion: post-processing', () => {
  describe('thinking and special tokens', () => {
    it('strips thinking blocks, and hides an unfinished one', () => {
      assert.equal(stripThinking('<think>plan it</think>return x'), 'return x');
      assert.equal(stripThinking('<think>still thinking'), '');
      assert.equal(stripThinking('a<thi'), 'a');
      assert.equal(final('<think>\nthe sum\n</think>\nreturn a + b', { linePrefix: '    ' }), 'return a + b');
    });

    it('cuts at a leaked end or marker token and counts that as complete', () => {
      const p = postprocess('a + b<|endoftext|>junk', ctx({ linePrefix: 'x = ' }), false);
      assert.deepEqual(p, { text: 'a + b', complete: true });
      assert.equal(final('42 <EOT>', { linePrefix: 'x = ' }), '42');
      assert.equal(final('done<｜end▁of▁sentence｜>', { linePrefix: 'x = ' }), 'done');
      assert.equal(final('x<|file_separator|>', { linePrefix: 'y = ' }), 'x');
    });
  });

  describe('one line', () => {
    it('keeps the first line and is complete at its end', () => {
      assert.deepEqual(postprocess('a + b\n    return', ctx({ linePrefix: 'x = ' }), false), { text: 'a + b', complete: true });
      assert.deepEqual(postprocess('a + b', ctx({ linePrefix: 'x = ' }), false), { text: 'a + b', complete: false });
    });

    it('drops the end that repeats the rest of the line', () => {
      assert.equal(final('a, b)', { linePrefix: 'add(', lineSuffix: ')' }), 'a, b');
      assert.equal(final('name: string) {', { linePrefix: 'function f(', lineSuffix: ') {' }), 'name: string');
      assert.equal(final('hello"', { linePrefix: 'say("', lineSuffix: '")' }), 'hello');
    });

    it('keeps a closing bracket the suggestion opened itself', () => {
      assert.equal(final('foo()', { linePrefix: 'bar(', lineSuffix: ')' }), 'foo()');
    });

    it('drops a suggestion that is the line below', () => {
      assert.equal(final('return total', { linePrefix: '    ', suffixLines: '    return total\n' }), '');
      assert.equal(final('return total + 1', { linePrefix: '    ', suffixLines: '    return total\n' }), 'return total + 1');
    });

    it('trims trailing whitespace and drops whitespace-only suggestions', () => {
      assert.equal(final('a + b   ', { linePrefix: 'x = ' }), 'a + b');
      assert.equal(final('   \n', { linePrefix: 'x = ' }), '');
    });
  });

  describe('blocks', () => {
    const block = { multiline: true };

    it('stops at a dedent below the starting indentation', () => {
      const raw = '\n        total = a + b\n        return total\n\ndef other():\n    pass';
      assert.deepEqual(postprocess(raw, ctx({ ...block, linePrefix: '    def add(a, b):' }), false), {
        text: '\n        total = a + b\n        return total',
        complete: true,
      });
      const body = 'x = 1\n    y = 2\nprint(y)';
      assert.equal(final(body, { ...block, linePrefix: '    ' }), 'x = 1\n    y = 2');
    });

    it('stops at an unbalanced closing bracket (the block below already closes it)', () => {
      const raw = '\n  return a + b;\n}\n\nfunction next() {';
      assert.equal(final(raw, { ...block, linePrefix: 'function add(a, b) {', suffixLines: '}' }), '\n  return a + b;');
      assert.equal(final('  1,\n  2,\n]\nconst b = 3;', { ...block, linePrefix: '', suffixLines: ']' }), '  1,\n  2,');
    });

    it('writes the closing line itself when nothing below closes the block', () => {
      const raw = '\n  return a + b;\n}\n\nfunction next() {';
      assert.equal(final(raw, { ...block, linePrefix: 'function add(a, b) {', suffixLines: '' }), '\n  return a + b;\n}');
    });

    it('keeps at most maxLines lines', () => {
      const raw = Array.from({ length: 20 }, (_, i) => `line${i}();`).join('\n');
      const text = final(raw, { ...block, maxLines: 3 });
      assert.equal(text.split('\n').length, 3);
    });

    it('waits for a line to end before judging it', () => {
      const partial = postprocess('\n  return a +', ctx({ ...block, linePrefix: 'function f() {' }), false);
      assert.equal(partial.complete, false);
    });

    it('drops a block that repeats the lines below, and cuts a tail that does', () => {
      const below = '    x = 1\n    y = 2\n';
      assert.equal(final('\n    x = 1\n    y = 2', { ...block, linePrefix: '    ', suffixLines: below }), '');
      assert.equal(final('z = 0\n    x = 1\n    y = 2', { ...block, linePrefix: '    ', suffixLines: below }), 'z = 0');
    });
  });

  describe('prose', () => {
    it('finishes the sentence and stops', () => {
      assert.deepEqual(postprocess('quick brown fox. It jumped', ctx({ mode: 'prose', linePrefix: 'The ' }), false), { text: 'quick brown fox.', complete: true });
      assert.equal(final('over the dog', { mode: 'prose', linePrefix: 'It jumped ' }), 'over the dog');
      assert.equal(final('很好。明天继续', { mode: 'prose', linePrefix: '今天的天气' }), '很好。');
      assert.equal(final('are you sure? Yes', { mode: 'prose', linePrefix: 'Why ' }), 'are you sure?');
    });

    it('stops at the end of the paragraph, and of the line while typing', () => {
      assert.equal(final('the end\n\nNext paragraph', { mode: 'prose', multiline: true }), 'the end');
      assert.equal(final('first line\nsecond line', { mode: 'prose' }), 'first line');
    });

    it('continues a comment to the end of its sentence', () => {
      assert.equal(final('the sum of both. Then', { mode: 'comment', linePrefix: '// Returns ' }), 'the sum of both.');
    });
  });
});
