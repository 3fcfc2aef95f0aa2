// Markup with scripts and styles inside (Vue, Svelte, HTML): each part's comments in its own syntax.
import * as assert from 'node:assert/strict';
import { builtinCommentSyntax, scanComments } from '../../../src/core/comments';
import { syntaxAt } from '../../../src/core/comments/embedded';
import { findLanguage } from '../../../src/core/prompts/languages';
import { planCommentTranslation, type CommentPlan } from '../../../src/core/translate/units';

function planCommentTranslationFor(text: string, languageId: string): CommentPlan {
  const syntax = builtinCommentSyntax(languageId);
  const target = findLanguage('en');
  assert.ok(syntax && target);
  return planCommentTranslation(text, syntax, { target });
}

function comments(languageId: string, text: string): string[] {
  const syntax = builtinCommentSyntax(languageId);
  assert.ok(syntax);
  return scanComments(text, syntax).map((c) => text.slice(c.start, c.end));
}

const VUE = [
  '<template>',
  '  <!-- 购物车 -->',
  '  <div>{{ total }}</div>',
  '</template>',
  '<script setup lang="ts">',
  '// 计算总价',
  "const url = 'http://example.com'; /* 不是 <!-- 注释 */",
  "const tricky = '<!--'; // 真正的注释",
  '</script>',
  '<style lang="scss" scoped>',
  '// 按钮颜色',
  '.a { color: red; } /* 主题 */',
  '</style>',
  '<!-- 结尾 -->',
  '',
].join('\n');

describe('comments in markup with embedded languages', () => {
  it('finds Vue template, script and style comments, each in its own syntax', () => {
    assert.deepEqual(comments('vue', VUE), [
      '<!-- 购物车 -->',
      '// 计算总价',
      '/* 不是 <!-- 注释 */',
      '// 真正的注释',
      '// 按钮颜色',
      '/* 主题 */',
      '<!-- 结尾 -->',
    ]);
  });

  it('a <!-- inside a script string does not hide the markup after it', () => {
    const html = "<script>const s = '<!--';</script>\n<p>x</p>\n<!-- after -->\n";
    assert.deepEqual(comments('html', html), ['<!-- after -->']);
  });

  it('plain CSS has no line comments; JSON and template scripts are left alone', () => {
    const html = [
      '<style>a { background: url(//cdn/x.png) } /* css */</style>',
      '<script type="application/ld+json">{"a": "// not"}</script>',
      '<script type="text/x-template"><!-- template --></script>',
      '<script src="a.js" />',
      '<!-- markup -->',
    ].join('\n');
    assert.deepEqual(comments('html', html), ['/* css */', '<!-- markup -->']);
  });

  it('a script tag inside a markup comment is not a script', () => {
    const html = '<!-- <script> // no </script> -->\n<p>ok</p>\n';
    assert.deepEqual(comments('html', html), ['<!-- <script> // no </script> -->']);
  });

  it('knows which syntax applies where, for Insert as Comment', () => {
    const syntax = builtinCommentSyntax('vue');
    assert.ok(syntax);
    assert.deepEqual(syntaxAt(VUE, syntax, VUE.indexOf('// 计算'))?.lineComments, ['//']);
    assert.deepEqual(syntaxAt(VUE, syntax, VUE.indexOf('<div>'))?.blockComments.map((b) => b.open), ['<!--']);
    assert.deepEqual(syntaxAt(VUE, syntax, VUE.indexOf('// 按钮'))?.lineComments, ['//']);
  });

  it('marks a comment on the same line as its <script> tag as trailing, not own-line', () => {
    const syntax = builtinCommentSyntax('svelte');
    assert.ok(syntax);
    const text = '<script> // note\nlet a = 1;\n</script>\n';
    const [c] = scanComments(text, syntax);
    assert.equal(c?.ownLine, false);
  });

  it('Translate Comments plans the script and style comments of a Vue file', () => {
    const plan = planCommentTranslationFor(VUE, 'vue');
    assert.deepEqual(plan.items.map((i) => i.text), ['购物车', '计算总价', '不是 <!-- 注释', '真正的注释', '按钮颜色', '主题', '结尾']);
  });
});
