// Is the cursor in a comment? The comment scanner and syntax table of Translate Comments, run over the
// text before the cursor (prose mode in comments, Draft here's instruction).
import * as assert from 'node:assert/strict';
import { commentAt } from '../../../src/core/prompts/comments';

describe('prompts: commentAt', () => {
  it('finds a line comment and its text before the cursor', () => {
    assert.deepEqual(commentAt('const a = 1; // the answer is ', 'typescript'), { kind: 'line', marker: '//', text: ' the answer is ', start: 13 });
    assert.equal(commentAt('x = 1  # why', 'python')?.text, ' why');
    assert.equal(commentAt('SELECT 1 -- count', 'sql')?.marker, '--');
    assert.equal(commentAt('local x = 1 -- note', 'lua')?.kind, 'line');
  });

  it('ends a line comment at the line break', () => {
    assert.equal(commentAt('// done\nconst a = ', 'typescript'), undefined);
  });

  it('finds an unterminated block comment across lines', () => {
    const found = commentAt('int a;\n/* Computes the\n * sum of ', 'c');
    assert.equal(found?.kind, 'block');
    assert.equal(found?.text, ' Computes the\n * sum of ');
    assert.equal(commentAt('/* closed */ int b = ', 'c'), undefined);
    assert.equal(commentAt('<p>\n<!-- todo: ', 'html')?.kind, 'block');
    assert.equal(commentAt('--[[ long ', 'lua')?.marker, '--[[');
  });

  it('ignores comment markers inside strings', () => {
    assert.equal(commentAt('const url = "http://example.com', 'typescript'), undefined);
    assert.equal(commentAt("s = 'a # b' + ", 'python'), undefined);
    assert.equal(commentAt('s = """\n# not a comment\n', 'python'), undefined);
    assert.equal(commentAt('const t = `// inside`; // real ', 'typescript')?.text, ' real ');
    assert.equal(commentAt('const s = "a \\" // still string', 'typescript'), undefined);
  });

  it('reports docstrings and comments inside embedded scripts, with offsets into the whole text', () => {
    assert.deepEqual(commentAt('def f():\n    """Returns the ', 'python'), { kind: 'docstring', marker: '"""', text: 'Returns the ', start: 13 });
    const vue = '<template><p>http://x</p></template>\n<script setup lang="ts">\nconst a = 1; // why ';
    const found = commentAt(vue, 'vue');
    assert.equal(found?.kind, 'line');
    assert.equal(found?.text, ' why ');
    assert.equal(vue.slice(found?.start ?? 0, (found?.start ?? 0) + 2), '//');
    assert.equal(commentAt('<template><p>http://x', 'vue'), undefined, 'markup has no line comments');
  });

  it('knows nothing about unknown languages', () => {
    assert.equal(commentAt('// whatever', 'brainfuck'), undefined);
  });
});
