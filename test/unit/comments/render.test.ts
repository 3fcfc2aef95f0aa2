// Writing a summary as a comment in a language's syntax; grouping `//` lines into one comment.
import * as assert from 'node:assert/strict';
import { builtinCommentSyntax, groupComments, renderAsComment, scanComments } from '../../../src/core/comments';
import { displayWidth } from '../../../src/core/text/width';

const summary = '- Adds items to the cart and keeps the total in cents, so rounding never changes it.\n- Discounts are in percent.';

describe('summary as a comment', () => {
  it('uses line comments, wrapped, with list items hanging', () => {
    const out = renderAsComment(summary, builtinCommentSyntax('typescript')!, { indent: '  ', width: 60, eol: '\n' })!;
    const lines = out.split('\n');
    assert.equal(lines.pop(), '', 'ends with a line break');
    assert.ok(lines.every((l) => l.startsWith('  // ') && displayWidth(l) <= 60), lines.join('\n'));
    assert.equal(lines[0], '  // - Adds items to the cart and keeps the total in cents,');
    assert.match(lines[1]!, /^ {2}\/\/ {3}so rounding/);
  });

  it('uses a block comment when the language has no line comment, and keeps its closer out of the text', () => {
    const html = renderAsComment('Ends with --> here.', builtinCommentSyntax('html')!, { indent: '', width: 80, eol: '\r\n' })!;
    assert.equal(html, '<!--\r\nEnds with - - > here.\r\n-->\r\n');
    const css = renderAsComment('A */ B', builtinCommentSyntax('css')!, { indent: '', width: 80, eol: '\n' })!;
    assert.equal(css, '/*\n * A * / B\n */\n');
  });

  it('uses the language\'s marker: # for Python, -- for SQL', () => {
    assert.equal(renderAsComment('One.', builtinCommentSyntax('python')!, { indent: '', width: 80, eol: '\n' }), '# One.\n');
    assert.equal(renderAsComment('One.\n\nTwo.', builtinCommentSyntax('sql')!, { indent: '', width: 80, eol: '\n' }), '-- One.\n--\n-- Two.\n');
  });

  it('groups consecutive // lines of one column and marker, not trailing comments or other markers', () => {
    const text = '// a\n// b\nx(); // c\n// d\n/// e\n  // f\n\n// g\n';
    const groups = groupComments(text, scanComments(text, builtinCommentSyntax('typescript')!));
    assert.deepEqual(groups.map((g) => text.slice(g.start, g.end)), ['// a\n// b', '// c', '// d', '/// e', '  // f'.trim(), '// g']);
  });
});
