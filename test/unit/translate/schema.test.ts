// The JSON schema for a batch, the check of a reply against it, and batches within the budget.
import * as assert from 'node:assert/strict';
import { findLanguage } from '../../../src/core/prompts/languages';
import { templateOverhead } from '../../../src/core/text/budget';
import { checkReply, planBatches, translationSchema, type TranslationItem } from '../../../src/core/translate';
import { outputReserveFor, requestTokens, MAX_ITEMS_PER_BATCH } from '../../../src/core/translate/batches';

const items = [
  { id: 'c1', text: 'First.' },
  { id: 'c2', text: 'Second.' },
];

describe('reply schema', () => {
  it('asks for exactly the ids, as strings', () => {
    assert.deepEqual(translationSchema(['c1', 'c2']), {
      type: 'object',
      properties: { c1: { type: 'string' }, c2: { type: 'string' } },
      required: ['c1', 'c2'],
      additionalProperties: false,
    });
  });

  it('accepts a valid reply, also inside a code fence', () => {
    const ok = checkReply('```json\n{"c1": "第一。", "c2": "第二。"}\n```', items);
    assert.ok(ok.ok);
    assert.equal(ok.translations.get('c2'), '第二。');
  });

  it('rejects invalid JSON, arrays, too few and too many ids, non-strings and empty strings', () => {
    const problems: Array<[string, string]> = [
      ['{"c1": "半', 'notJson'],
      ['["第一。", "第二。"]', 'notObject'],
      ['{"c1": "第一。"}', 'missing'],
      ['{"c1": "第一。", "c2": "第二。", "c3": "多余"}', 'extra'],
      ['{"c1": "第一。", "c2": 2}', 'notString'],
      ['{"c1": "第一。", "c2": "  "}', 'empty'],
    ];
    for (const [reply, problem] of problems) {
      const check = checkReply(reply, items);
      assert.equal(check.ok, false, reply);
      if (!check.ok) assert.equal(check.problem, problem, reply);
    }
  });
});

describe('batches', () => {
  const zh = findLanguage('zh-cn')!;
  const source = { name: 'a.ts', languageId: 'typescript' };
  const make = (n: number, text: (i: number) => string): TranslationItem[] => Array.from({ length: n }, (_, i) => ({ id: `c${i + 1}`, text: text(i), unit: i, segment: 0 }));

  it('keeps every batch, with its answer and a retry note, within num_ctx', () => {
    for (const numCtx of [1024, 2048, 8192]) {
      const all = make(300, (i) => `Comment number ${i} explains ${'something '.repeat(i % 40)}in the code.`);
      const { batches, tooLong } = planBatches(all, numCtx, zh, source);
      assert.deepEqual(tooLong, []);
      assert.deepEqual(batches.flatMap((b) => b.items.map((i) => i.id)), all.map((i) => i.id), 'every item once, in order');
      for (const b of batches) {
        assert.ok(b.items.length <= MAX_ITEMS_PER_BATCH);
        assert.equal(b.outputReserve, outputReserveFor(b.items));
        assert.ok(requestTokens(b.items, zh, source) + b.outputReserve + templateOverhead(2) <= numCtx, `batch within ${numCtx}`);
      }
    }
  });

  it('sets aside a text too long for any request', () => {
    const all = make(3, (i) => (i === 1 ? 'long words '.repeat(2000) : 'short'));
    const { batches, tooLong } = planBatches(all, 2048, zh, source);
    assert.deepEqual(tooLong.map((i) => i.id), ['c2']);
    assert.deepEqual(batches.flatMap((b) => b.items.map((i) => i.id)), ['c1', 'c3']);
  });
});
