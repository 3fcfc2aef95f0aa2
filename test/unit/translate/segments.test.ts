// What in a comment is prose to translate, and what stays as written.
import * as assert from 'node:assert/strict';
import { builtinCommentSyntax } from '../../../src/core/comments';
import { findLanguage } from '../../../src/core/prompts/languages';
import { planCommentTranslation } from '../../../src/core/translate';
import { isDirective, looksLikeCode, missingSpans } from '../../../src/core/translate/prose';

const zh = findLanguage('zh-cn')!;

function items(lang: string, text: string): string[] {
  return planCommentTranslation(text, builtinCommentSyntax(lang)!, { target: zh }).items.map((i) => i.text);
}

describe('comment segments', () => {
  it('translates tag descriptions but not tag names, types or parameter names', () => {
    const text = '/**\n * Adds.\n * @param {number} a - the first\n * @param [b=2] the second,\n *   continued\n * @returns {number} the sum\n * @throws {RangeError} when too big\n * @throws TypeError if not a number\n * @module math\n * @deprecated use `plus` instead\n * @internal\n */';
    assert.deepEqual(items('typescript', text), ['Adds.', 'the first', 'the second, continued', 'the sum', 'when too big', 'if not a number', 'use `plus` instead']);
  });

  it('keeps list markers, TODO markers and headings', () => {
    const text = '// TODO(bob): fix the cache.\n//\n// - first item\n// - second item\n//   goes on\n// 1. numbered\n';
    assert.deepEqual(items('typescript', text), ['fix the cache.', 'first item', 'second item goes on', 'numbered']);
  });

  it('keeps commented-out code, code blocks and directives', () => {
    const text = '// For example:\n//\n//     const x = compute(1);\n//\n// ```\n// call it twice\n// ```\n// return total;\n// eslint-disable-next-line no-var\n';
    assert.deepEqual(items('typescript', text), ['For example:']);
  });

  it('handles Google-style docstrings: section names stay, item names stay', () => {
    const text = 'def f(a):\n    """Do it.\n\n    Args:\n        a (int): the value.\n            More about it.\n\n    Returns:\n        int: the result.\n    """\n';
    assert.deepEqual(items('python', text), ['Do it.', 'the value. More about it.', 'the result.']);
  });

  it('handles C# XML doc comments: tags stay, their text is translated', () => {
    const text = '/// <summary>\n/// Adds two numbers.\n/// </summary>\n/// <param name="a">The first.</param>\n';
    assert.deepEqual(items('csharp', text), ['Adds two numbers.', 'The first.']);
  });

  it('skips comments already in the target language', () => {
    const plan = planCommentTranslation('// 已经是中文了。\n\nx(); // count of items\n', builtinCommentSyntax('typescript')!, { target: zh });
    assert.deepEqual(plan.items.map((i) => i.text), ['count of items']);
    assert.equal(plan.stats.alreadyInTarget, 1);
  });

  it('tells code from prose', () => {
    for (const c of ['const x = foo(bar);', 'foo(bar)', 'if (a) {', 'return total;', 'x = 1', 'import { a } from "b";', 'from os import path', '<div class="x">', '}']) assert.ok(looksLikeCode(c), c);
    for (const p of ['Returns the total (in cents).', 'If the user clicks twice, nothing happens.', 'See the docs for details', 'Import the data first.', 'return early when empty']) assert.ok(!looksLikeCode(p), p);
    for (const d of ['eslint-disable-next-line no-console', '@ts-ignore', 'noqa: E501', '#region Helpers', 'prettier-ignore', 'type: ignore']) assert.ok(isDirective(d), d);
    assert.ok(!isDirective('Region of interest'));
  });

  it('finds protected spans a translation lost', () => {
    const source = 'Call `init()` first, see https://example.com/docs and {@link Cart}.';
    assert.deepEqual(missingSpans(source, '先调用 `init()`，见 https://example.com/docs 和 {@link Cart}。'), []);
    assert.deepEqual(missingSpans(source, '先调用 init()，见文档和 {@link Cart}。'), ['`init()`', 'https://example.com/docs']);
  });
});
