// The completion settings: validated values, per-language enablement, budgets that fit the model's window.
import * as assert from 'node:assert/strict';
import { budgetOf, isEnabledFor, parseCompletionSettings } from '../../../src/core/completion/completionSettings';
import { SETTING_DEFAULTS } from '../../../src/core/settings';

describe('completion: settings', () => {
  it('uses the defaults for missing or invalid values', () => {
    const s = parseCompletionSettings(() => undefined);
    assert.deepEqual(s.enable, SETTING_DEFAULTS['hearth.completion.enable']);
    assert.equal(s.prefixTokens, 1536);
    const bad = parseCompletionSettings((key) => (key === 'hearth.completion.enable' ? 'yes' : key === 'hearth.completion.prefixTokens' ? 'big' : -5));
    assert.deepEqual(bad.enable, { '*': true });
    assert.equal(bad.prefixTokens, 1536);
    assert.equal(bad.debounceMinMs, 0, 'clamped to the minimum');
    assert.ok(bad.debounceMaxMs >= bad.debounceMinMs);
  });

  it('enables per language: the language wins over *', () => {
    assert.equal(isEnabledFor({ '*': true, markdown: false }, 'markdown'), false);
    assert.equal(isEnabledFor({ '*': false, python: true }, 'python'), true);
    assert.equal(isEnabledFor({ '*': false }, 'go'), false);
    assert.equal(isEnabledFor({}, 'go'), true);
  });

  it("scales the budgets down to fit the model's window with room for the answer", () => {
    const s = parseCompletionSettings((key) => ({ 'hearth.completion.prefixTokens': 3000, 'hearth.completion.suffixTokens': 1000 })[key as string]);
    const budget = budgetOf(s, 2048);
    assert.ok(budget.prefixTokens + budget.suffixTokens + 512 <= 2048, JSON.stringify(budget));
    assert.ok(budget.prefixTokens > budget.suffixTokens);
    assert.deepEqual(budgetOf(s, 8192), { prefixTokens: 3000, suffixTokens: 1000, stride: 16 }, 'a larger window keeps the settings');
    assert.deepEqual(budgetOf(parseCompletionSettings(() => undefined), 4096), { prefixTokens: 1536, suffixTokens: 384, stride: 16 });
  });
});
