// Generation options per feature: defaults equal what the features used before the settings existed, and a
// nonsensical value falls back to the default (and is reported for the log) instead of failing.
import * as assert from 'node:assert/strict';
import { effectiveContextLength, GENERATION_DEFAULTS, parseGeneration } from '../../../src/core/generation';
import { DRAFT_MAX_TOKENS, DRAFT_TEMPERATURE } from '../../../src/core/prompts/draftPrompt';
import { COMPLETION_TEMPERATURE, PREDICT_BLOCK_MAX } from '../../../src/core/prompts/completionPrompt';
import { STYLE_OUTPUT_TOKENS, styleOutputTokens } from '../../../src/core/prompts/summarize';
import { SETTING_DEFAULTS } from '../../../src/core/settings';

describe('generation options', () => {
  it('default to the values the features use built in', () => {
    assert.deepEqual(GENERATION_DEFAULTS.completion, { temperature: COMPLETION_TEMPERATURE, maxOutputTokens: PREDICT_BLOCK_MAX, contextLength: 0 });
    assert.deepEqual(GENERATION_DEFAULTS.draft, { temperature: DRAFT_TEMPERATURE, maxOutputTokens: DRAFT_MAX_TOKENS, contextLength: 0 });
    assert.deepEqual(GENERATION_DEFAULTS.summarize, { temperature: 0.3, maxOutputTokens: STYLE_OUTPUT_TOKENS.bullets, contextLength: 0 });
    // The chat leaves temperature and length to the model; translate sizes each answer to its text.
    assert.deepEqual(GENERATION_DEFAULTS.chat, { contextLength: 0 });
    assert.deepEqual(GENERATION_DEFAULTS.translate, { contextLength: 0 });
    assert.deepEqual(SETTING_DEFAULTS['hearth.generation.draft'], GENERATION_DEFAULTS.draft);
  });

  it('reads valid values, and fills what is missing from the defaults', () => {
    assert.deepEqual(parseGeneration('draft', { temperature: 0.9 }), { options: { temperature: 0.9, maxOutputTokens: 1024, contextLength: 0 }, ignored: [] });
    assert.deepEqual(parseGeneration('chat', { temperature: 0, maxOutputTokens: 300, contextLength: 16384 }).options, { temperature: 0, maxOutputTokens: 300, contextLength: 16384 });
    assert.deepEqual(parseGeneration('summarize', undefined).options, GENERATION_DEFAULTS.summarize);
    assert.deepEqual(parseGeneration('chat', { temperature: null }).options, { contextLength: 0 }, 'null means the default');
    assert.equal(parseGeneration('completion', { maxOutputTokens: 99.7 }).options.maxOutputTokens, 99, 'whole tokens');
  });

  it('falls back to the default for each out-of-range or mistyped value, and says which', () => {
    const parsed = parseGeneration('draft', { temperature: 7, maxOutputTokens: 0, contextLength: -5 });
    assert.deepEqual(parsed.options, GENERATION_DEFAULTS.draft);
    assert.deepEqual(parsed.ignored, ['temperature: 7 (0–2)', 'maxOutputTokens: 0 (1–131072)', 'contextLength: -5 (0–1048576, 0 = hearth.contextLength)']);
    const typed = parseGeneration('summarize', { temperature: 'hot', maxOutputTokens: Number.NaN });
    assert.deepEqual(typed.options, GENERATION_DEFAULTS.summarize);
    assert.equal(typed.ignored.length, 2);
    assert.match(typed.ignored[0] ?? '', /a number is expected/);
  });

  it('ignores options a feature does not have, and a value that is not an object', () => {
    const parsed = parseGeneration('translate', { maxOutputTokens: 100, topK: 3, temperature: 0.5 });
    assert.deepEqual(parsed.options, { temperature: 0.5, contextLength: 0 });
    assert.equal(parsed.ignored.length, 2);
    assert.match(parsed.ignored[0] ?? '', /maxOutputTokens: 100 \(not an option here; options: temperature, contextLength\)/);
    const wrong = parseGeneration('chat', 'fast');
    assert.deepEqual(wrong.options, GENERATION_DEFAULTS.chat);
    assert.match(wrong.ignored[0] ?? '', /an object is expected/);
    assert.deepEqual(parseGeneration('chat', [1, 2]).options, GENERATION_DEFAULTS.chat);
  });

  it('uses the feature\'s own context length when it has one, else the shared one', () => {
    assert.equal(effectiveContextLength({ contextLength: 0 }, 8192), 8192);
    assert.equal(effectiveContextLength({ contextLength: 4096 }, 8192), 4096);
  });

  it('gives the shorter summary styles their share of the maximum', () => {
    assert.equal(styleOutputTokens('bullets'), 600);
    assert.equal(styleOutputTokens('oneLine'), 120);
    assert.equal(styleOutputTokens('bullets', 1200), 1200);
    assert.equal(styleOutputTokens('paragraph', 1200), 900);
    assert.equal(styleOutputTokens('oneLine', 1200), 240);
    assert.equal(styleOutputTokens('oneLine', 1), 1);
  });
});
