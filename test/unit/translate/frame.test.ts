// A comment splits into frame and body, and goes back together byte for byte; translated paragraphs
// go back with their markers, `*` column, indentation, tags and the original width.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinCommentSyntax, builtinLanguages, groupComments, scanComments } from '../../../src/core/comments';
import { findLanguage } from '../../../src/core/prompts/languages';
import { displayWidth } from '../../../src/core/text/width';
import { applyReplacements, assembleFrame, buildReplacements, parseFrame, planCommentTranslation } from '../../../src/core/translate';
import { dictionaryTranslator } from './replies';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'comments');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const zh = findLanguage('zh-cn')!;

function translateAll(text: string, languageId: string, translate: (s: string) => string, options: { rewrap?: boolean } = {}): string {
  const plan = planCommentTranslation(text, builtinCommentSyntax(languageId)!, { target: zh, ...options });
  const map = new Map(plan.items.map((i) => [i.id, translate(i.text)]));
  return applyReplacements(text, buildReplacements(text, plan, map));
}

/** The text with every comment blanked out: what must never change. */
function code(text: string, languageId: string): string {
  const comments = scanComments(text, builtinCommentSyntax(languageId)!);
  let out = '';
  let at = 0;
  for (const c of comments) {
    out += text.slice(at, c.start) + '<comment>';
    at = c.end;
  }
  return out + text.slice(at);
}

const SAMPLES: Array<[string, string]> = [
  ['typescript', '/**\n * Doc.\n *\n * @param a the a\n */\n/** one */\n/* two\n   lines */\n/*\n  plain\n  block\n*/\n// a\n// b\n//\n// c\nx(); // trailing\n/**/\n/***/\n/** text\n *  more */\n'],
  ['python', '"""Doc.\n\nMore.\n"""\ndef f():\n    \'\'\'One.\'\'\'\n    # a\n    #b\n    pass  # t\n'],
  ['html', '<!-- one -->\n<!--\n  two\n  three\n-->\n'],
  ['lua', '--[[ long\n  comment ]]\n-- line\n--[==[\nx\n]==]\n'],
  ['ruby', '=begin\nBlock doc.\n=end\n# a\n'],
  ['rust', '//! crate\n/// item\n/* a /* b */ c */\n'],
  ['sql', '-- q\n/* b\n * c\n */\n'],
  ['csharp', '/// <summary>\n/// Adds.\n/// </summary>\n'],
];

describe('comment frames', () => {
  it('give back every comment byte for byte', () => {
    const texts: Array<[string, string]> = [...SAMPLES, ['typescript', fixture('cart.ts.fixture')], ['python', fixture('sample.py.fixture')], ['typescript', fixture('cart.ts.fixture').replace(/\n/g, '\r\n')]];
    for (const [lang, text] of texts) {
      for (const group of groupComments(text, scanComments(text, builtinCommentSyntax(lang)!))) {
        const frame = parseFrame(text, group, '\n');
        assert.equal(assembleFrame(frame), text.slice(group.start, group.end), `${lang}: ${JSON.stringify(text.slice(group.start, group.end))}`);
      }
    }
  });

  it('round-trips every comment in every language of the table', () => {
    for (const lang of builtinLanguages()) {
      const syntax = builtinCommentSyntax(lang)!;
      const line = syntax.lineComments[0];
      const block = syntax.blockComments[0];
      const text = [line ? `${line} first\n${line} second\ncode ${line} trailing\n` : '', block ? `${block.open} a\n  b ${block.close}\n` : ''].join('');
      for (const group of groupComments(text, scanComments(text, syntax))) {
        assert.equal(assembleFrame(parseFrame(text, group)), text.slice(group.start, group.end), lang);
      }
    }
  });

  it('translates the fixtures into exactly the reviewed files, re-wrapped with hearth.translate.rewrap', () => {
    const translate = dictionaryTranslator(JSON.parse(fixture('translations.zh-cn.json')) as Record<string, string>);
    assert.equal(translateAll(fixture('cart.ts.fixture'), 'typescript', translate, { rewrap: true }), fixture('cart.zh-cn.rewrap.ts.fixture'));
    assert.equal(translateAll(fixture('sample.py.fixture'), 'python', translate, { rewrap: true }), fixture('sample.zh-cn.rewrap.py.fixture'));
  });

  it('translates the fixtures into exactly the reviewed files, every comment on as many lines as before (the default)', () => {
    const translate = dictionaryTranslator(JSON.parse(fixture('translations.zh-cn.json')) as Record<string, string>);
    for (const [source, expected, lang] of [['cart.ts.fixture', 'cart.zh-cn.ts.fixture', 'typescript'], ['sample.py.fixture', 'sample.zh-cn.py.fixture', 'python']] as const) {
      const out = translateAll(fixture(source), lang, translate);
      assert.equal(out, fixture(expected));
      assert.equal(out.split('\n').length, fixture(source).split('\n').length);
    }
  });

  it('changes nothing outside the comments, whatever the translation', () => {
    const wild = (s: string): string => `${s.toUpperCase()} ${'翻译'.repeat(s.length % 7)} */ --> """ ${s.length}`;
    for (const [lang, text] of [...SAMPLES, ['typescript', fixture('cart.ts.fixture')] as [string, string], ['python', fixture('sample.py.fixture')] as [string, string]]) {
      const out = translateAll(text, lang, wild);
      assert.equal(code(out.replace(/\*\/ --> """/g, ''), lang).length > 0, true);
      const plan = planCommentTranslation(text, builtinCommentSyntax(lang)!, { target: zh });
      // Everything between the replaced comment ranges is identical.
      const map = new Map(plan.items.map((i) => [i.id, wild(i.text)]));
      const replacements = buildReplacements(text, plan, map);
      let at = 0;
      let outAt = 0;
      for (const r of replacements) {
        const between = text.slice(at, r.start);
        assert.equal(out.slice(outAt, outAt + between.length), between);
        outAt += between.length + r.text.length;
        at = r.end;
      }
      assert.equal(out.slice(outAt), text.slice(at));
    }
  });

  it('re-wraps a long paragraph to about its width, with the comment\'s own prefix (hearth.translate.rewrap)', () => {
    const text = [
      '    /**',
      '     * Short words make up this paragraph, which was wrapped by hand to',
      '     * stay within seventy-five columns or so in the original file.',
      '     */',
    ].join('\n');
    const out = translateAll(text, 'typescript', () => '这一段由简短的词语组成，原文是手工换行的，以便在原始文件中保持在大约七十五列以内。这样读起来更舒服，也方便代码审查。', { rewrap: true });
    const lines = out.split('\n');
    assert.equal(lines[0], '    /**');
    assert.equal(lines[lines.length - 1], '     */');
    const width = Math.max(...text.split('\n').map((l) => displayWidth(l)));
    for (const l of lines.slice(1, -1)) {
      assert.match(l, /^ {5}\* \S/);
      assert.ok(displayWidth(l) <= width + 2, `${displayWidth(l)} columns: ${l}`);
    }
    assert.equal(lines.length, 4, 'wrapped onto two lines, as the original');
  });

  it('keeps a one-line comment on one line', () => {
    const out = translateAll('x = 1; // short\n', 'typescript', () => 'a much longer translation that would not fit the width of the original comment at all');
    assert.equal(out, 'x = 1; // a much longer translation that would not fit the width of the original comment at all\n');
  });

  it('leaves unterminated comments, directives, licences, shebangs and code alone', () => {
    const text = '#!/usr/bin/env node\n// @ts-check\n// SPDX-License-Identifier: MIT\n// foo(bar);\n/* never closed\n';
    const plan = planCommentTranslation(text, builtinCommentSyntax('javascript')!, { target: zh });
    assert.equal(plan.items.length, 0);
    assert.equal(plan.stats.unterminated, 1);
  });
});

describe('translations that would break the comment', () => {
  it('cannot end a block comment, a docstring or an HTML comment early, nor open a nested one', () => {
    assert.equal(translateAll('/* alpha */ x();\n', 'typescript', () => 'b */ y(); /*'), '/* b * / y(); /* */ x();\n');
    assert.equal(translateAll('"""Doc."""\n', 'python', () => 'Ends """ here.'), '"""Ends " " " here."""\n');
    assert.equal(translateAll('<!-- note -->\n', 'html', () => 'a --> b'), '<!-- a - - > b -->\n');
    assert.equal(translateAll('/* outer */\n', 'rust', () => 'opens /* here'), '/* opens / * here */\n');
  });

  it('drops a comment marker the model repeated', () => {
    assert.equal(translateAll('x(); // count of items\n', 'typescript', () => '// 商品数量'), 'x(); // 商品数量\n');
    assert.equal(translateAll('# count of items\n', 'python', () => '# 商品数量'), '# 商品数量\n');
  });
});
