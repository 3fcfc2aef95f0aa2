// Comments that mix the target language with another are translated where they are foreign, and a
// translated comment keeps its number of lines unless hearth.translate.rewrap asks for re-wrapping.
import * as assert from 'node:assert/strict';
import { builtinCommentSyntax } from '../../../src/core/comments';
import { findLanguage, type Language } from '../../../src/core/prompts/languages';
import { distributeText } from '../../../src/core/text/wrap';
import { displayWidth } from '../../../src/core/text/width';
import { applyReplacements, buildReplacements, planCommentTranslation } from '../../../src/core/translate';
import { hasForeignSentence, isClearlyForeign, sentencesOf } from '../../../src/core/translate/detect';

const zh = findLanguage('zh-cn')!;
const en = findLanguage('en')!;
const de = findLanguage('de')!;

function plan(lang: string, text: string, target: Language = zh, rewrap = false) {
  return planCommentTranslation(text, builtinCommentSyntax(lang)!, { target, rewrap });
}

function items(lang: string, text: string, target: Language = zh): string[] {
  return plan(lang, text, target).items.map((i) => i.text);
}

function translate(lang: string, text: string, fn: (s: string) => string, target: Language = zh, rewrap = false): string {
  const p = plan(lang, text, target, rewrap);
  return applyReplacements(text, buildReplacements(text, p, new Map(p.items.map((i) => [i.id, fn(i.text)]))));
}

describe('mixed-language comments', () => {
  it('translates the English header line over a Chinese line, and leaves the Chinese line as written', () => {
    const text = '# Inventory loader\n# 从磁盘读取库存文件，并把每一行转换成商品记录。\nimport csv\n';
    assert.deepEqual(items('python', text), ['Inventory loader']);
    const out = translate('python', text, () => '库存加载器');
    assert.equal(out, '# 库存加载器\n# 从磁盘读取库存文件，并把每一行转换成商品记录。\nimport csv\n');
  });

  it('translates a Chinese line followed by an English sentence', () => {
    assert.deepEqual(items('typescript', '// 返回两个数的总和，用于统计报表。Returns the sum of both numbers.\n'), ['返回两个数的总和，用于统计报表。Returns the sum of both numbers.']);
    assert.deepEqual(items('typescript', '/**\n * 计算购物车的总价，单位是美分。\n * Discounts are applied after the sum.\n */\n'), ['Discounts are applied after the sum.']);
  });

  it('into English: the Chinese line of an English comment is translated, the English one stays', () => {
    const text = '// Computes the total of the cart.\n// 折扣在求和之后计算。\n';
    assert.deepEqual(items('typescript', text, en), ['折扣在求和之后计算。']);
    assert.equal(translate('typescript', text, () => 'The discount is applied after the sum.', en), '// Computes the total of the cart.\n// The discount is applied after the sum.\n');
  });

  it('does not take English names inside Chinese prose for a foreign sentence', () => {
    assert.deepEqual(items('typescript', '// 使用 HttpClient 和 RetryPolicy 发送请求，失败时重试。\n'), []);
    assert.deepEqual(items('typescript', '// 调用 `computeTotalPriceInCents` 之后再显示。\n'), []);
    assert.equal(isClearlyForeign('SomeClass and OtherClass 的实例', zh), false);
    assert.equal(isClearlyForeign('Returns the sum of a and b, 如上', zh), true);
  });

  it('does not split a paragraph of the target language whose lines have no clues of their own', () => {
    const text = '// Berechnet die Summe aller Werte und\n// Konfiguration laden\n';
    assert.deepEqual(items('typescript', text, de), []);
  });

  it('still translates a whole paragraph in another language as one text', () => {
    assert.deepEqual(items('python', '# Reads the inventory file and\n# turns every line into an item.\n'), ['Reads the inventory file and turns every line into an item.']);
  });

  it('splits sentences at Western and CJK sentence ends', () => {
    assert.deepEqual(sentencesOf('一。二！Three. Four? e.g. five'), ['一。', '二！', 'Three.', 'Four?', 'e.g.', 'five']);
    assert.equal(hasForeignSentence('一二三。Three four five.', zh), true);
    assert.equal(hasForeignSentence('一二三。e.g.', zh), false);
  });
});

const PY_BLOCK = [
  '# The inventory file is a tab-separated text file with one item per line.',
  '# Each line holds the name of the item, its price in cents and the number',
  '# of units in stock. Lines that start with a hash sign are comments and',
  '# are skipped, and so are blank lines. The file is read as UTF-8; a file',
  '# in another encoding is refused with a clear message rather than read',
  '# with replacement characters.',
  '#',
  '# Prices are whole numbers of cents so that adding them up never loses a',
  '# cent to rounding. A price with a decimal point is refused. The number of',
  '# units may be zero but never negative: a negative number is a typing',
  '# mistake in the file and the loader says on which line it is.',
  '#',
  '# The loader keeps the order of the file, because the report that prints',
  '# the inventory lists the items in that order. Duplicate names are kept',
  '# as they are: the same item may be stored in two places, and the report',
  '# adds them up per place. Names are compared with their case as written.',
  '# See load_inventory below for the exact rules.',
];

/** A Chinese "translation" about as long as a real one: roughly one character per 2.5 letters. */
function chinese(text: string): string {
  const phrase = '库存文件中的每一行都会被读取并检查，';
  const n = Math.max(1, Math.round(text.length / 2.5));
  let out = '';
  while ([...out].length < n) out += phrase;
  return `${[...out].slice(0, n - 1).join('')}。`;
}

describe('translated comments keep their number of lines', () => {
  const source = `${PY_BLOCK.join('\n')}\ndef load_inventory(path):\n    return []\n`;

  it('a 17-line Python # block stays 17 lines, and the code below keeps its line numbers', () => {
    assert.equal(PY_BLOCK.length, 17);
    const out = translate('python', source, chinese);
    const lines = out.split('\n');
    assert.equal(lines.length, source.split('\n').length);
    assert.equal(lines[17], 'def load_inventory(path):');
    for (let i = 0; i < 17; i++) {
      assert.ok(lines[i]!.startsWith('#'), `line ${i + 1}: ${lines[i]}`);
      assert.equal(lines[i] === '#', PY_BLOCK[i] === '#', `blank comment lines stay where they were (line ${i + 1})`);
      assert.ok(!/\s$/.test(lines[i]!), `no trailing space on line ${i + 1}`);
      if (PY_BLOCK[i] !== '#') assert.match(lines[i]!, /^# [\u4e00-\u9fff]/u, `line ${i + 1} got part of the translation`);
    }
    // The whole translation is there, in order.
    const p = plan('python', source);
    const joined = lines.slice(0, 17).filter((l) => l !== '#').map((l) => l.slice(2)).join('');
    assert.equal(joined, p.items.map((i) => chinese(i.text)).join(''));
  });

  it('with hearth.translate.rewrap the same block is re-wrapped to its width, and may change its number of lines', () => {
    const out = translate('python', source, chinese, zh, true);
    const lines = out.split('\n');
    const block = lines.slice(0, lines.indexOf('def load_inventory(path):'));
    assert.notEqual(block.length, 17);
    const width = Math.max(...PY_BLOCK.map((l) => displayWidth(l)));
    for (const l of block) assert.ok(displayWidth(l) <= width + 2, l);
  });

  it('a /** */ block keeps its lines: paragraphs, tags and the closing line where they were', () => {
    const text = [
      '/**',
      ' * Total price of the cart in cents, after the discount and before',
      ' * any tax, rounded half to even so that the sum of many carts does',
      ' * not drift.',
      ' *',
      ' * @param items the items in the cart, each with a price in cents',
      ' *   and a quantity that is never negative',
      ' * @returns the total in cents',
      ' */',
      'export function total(items: Item[]): number {',
    ].join('\n');
    const out = translate('typescript', text, chinese);
    const lines = out.split('\n');
    assert.equal(lines.length, 10);
    assert.equal(lines[0], '/**');
    assert.equal(lines[4], ' *');
    assert.match(lines[5]!, /^ \* @param items [\u4e00-\u9fff]/u);
    assert.match(lines[6]!, /^ \* {3}[\u4e00-\u9fff]/u);
    assert.match(lines[7]!, /^ \* @returns [\u4e00-\u9fff]/u);
    assert.equal(lines[8], ' */');
    assert.equal(lines[9], 'export function total(items: Item[]): number {');
    for (const i of [1, 2, 3]) assert.match(lines[i]!, /^ \* [\u4e00-\u9fff]/u);
  });

  it('a translation into English spreads its words over the lines of a Chinese comment', () => {
    const text = '    # 从磁盘读取库存文件，\n    # 并把每一行转换成商品记录。\n    pass\n';
    const out = translate('python', text, () => 'Reads the inventory file from disk and turns every line into an item record.', en);
    // The first line was the shorter one: it gets the smaller share.
    assert.equal(out, '    # Reads the inventory file from disk\n    # and turns every line into an item record.\n    pass\n');
  });
});

describe('distributing a translation over a number of lines', () => {
  it('gives exactly the number of lines, each about as wide as the line it replaces', () => {
    const text = 'one two three four five six seven eight nine ten eleven twelve';
    const lines = distributeText(text, 3, [20, 20, 20]);
    assert.equal(lines.length, 3);
    assert.equal(lines.join(' '), text);
    for (const l of lines) assert.ok(l.length >= 15 && l.length <= 26, l);
    const skewed = distributeText(text, 2, [50, 10]);
    assert.ok(skewed[0]!.length > skewed[1]!.length * 2, JSON.stringify(skewed));
  });

  it('prefers to end a line at a sentence, breaks CJK between characters, never inside code or URLs', () => {
    assert.deepEqual(distributeText('First sentence here. Second one is a bit longer than that', 2, [30, 30]), ['First sentence here.', 'Second one is a bit longer than that']);
    assert.deepEqual(distributeText('读取文件并检查每一行的内容', 2, [14, 12]), ['读取文件并检查', '每一行的内容']);
    const code = distributeText('call `a very long code span` then https://example.com/a/b done', 3, [10, 10, 10]);
    assert.equal(code.length, 3);
    assert.ok(code.some((l) => l.includes('`a very long code span`')));
    assert.ok(code.some((l) => l.includes('https://example.com/a/b')));
  });

  it('leaves the last lines empty only when there is nowhere left to break', () => {
    assert.deepEqual(distributeText('word', 3), ['word', '', '']);
    assert.deepEqual(distributeText('two words', 1), ['two words']);
  });
});
