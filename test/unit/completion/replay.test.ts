// Replayed typing sessions (fake clock, seeded, deterministic): the frugality targets as counts.
// Wall-clock figures are printed by `node out/test/support/completion/measure.js`, never asserted.
import * as assert from 'node:assert/strict';
import { traces } from '../../support/completion/measure';
import { percentile, replay, type ReplayReport } from '../../support/completion/replay';

describe('completion: replayed typing sessions', function () {
  this.timeout(60_000);
  const [newFile, middle] = traces();
  const fast: ReplayReport[] = [];
  const slow: ReplayReport[] = [];

  before(async () => {
    for (const trace of [newFile, middle]) {
      fast.push(await replay(trace.options));
      slow.push(await replay({ ...trace.options, firstTokenMs: 600, perTokenMs: 60 }));
    }
  });

  it('never has more than one request in flight', () => {
    for (const r of [...fast, ...slow]) assert.ok(r.maxInFlight <= 1, `max in flight ${r.maxInFlight}`);
  });

  it('sends no request for at least 95 % of the keystrokes that type the suggestion', () => {
    for (const r of [...fast, ...slow]) {
      assert.ok(r.matchingKeystrokes >= 40, `enough matching keystrokes to judge (${r.matchingKeystrokes})`);
      assert.ok(r.matchingNoRequestShare >= 0.95, `${(100 * r.matchingNoRequestShare).toFixed(1)} %`);
    }
  });

  // Per 100 typed characters the engine asks more than it did before issue 17: it now asks at once at a new
  // line's start and sooner elsewhere, trading some requests for a suggestion when the user pauses (the
  // bench weighs that against the reference strategies). This typist also types indentation by hand, where
  // an editor would insert it.
  // With a slow model the count per 100 *typed* characters rewards showing less: a typist who accepts more
  // types less, so the same requests count for more of what they typed (in the middle of a file, 29 requests
  // with 358 characters accepted count for more per typed character than 35 with 189 accepted). Per character
  // written (typed or accepted) it does not.
  it('sends at most 8 requests per 100 characters written (6 with a slow model), and 14 per 100 typed with a fast model', () => {
    for (const r of fast) assert.ok(r.requestsPer100Written <= 8, `${r.requestsPer100Written.toFixed(2)} per 100 written`);
    for (const r of slow) assert.ok(r.requestsPer100Written <= 6, `${r.requestsPer100Written.toFixed(2)} per 100 written (slow model)`);
    for (const r of fast) assert.ok(r.requestsPer100Chars <= 14, `${r.requestsPer100Chars.toFixed(2)} per 100 typed (fast model)`);
  });

  it('keeps consecutive prompts on one line sharing at least 90 % of their bytes once they are long enough to matter', () => {
    for (const r of [...fast, ...slow]) {
      assert.ok(r.sharedPrefixRatiosLong.length > 0);
      assert.ok(Math.min(...r.sharedPrefixRatiosLong) >= 0.9, `min ${Math.min(...r.sharedPrefixRatiosLong)}`);
      assert.ok(percentile(r.sharedPrefixRatios, 50) >= 0.95);
    }
  });

  it('the API suffix layout shares much less in the middle of a file (why the family template is preferred)', async () => {
    const suffixLayout = await replay({ ...middle.options, config: { format: 'suffix' } });
    const template = fast[1];
    assert.ok(percentile(suffixLayout.sharedPrefixRatios, 50) < 0.9);
    assert.ok(percentile(template.sharedPrefixRatios, 50) > percentile(suffixLayout.sharedPrefixRatios, 50));
  });

  it('closes some requests early because the suggestion was complete, and answers typists from memory', () => {
    const r = fast[0];
    assert.ok(r.earlyStops > 0);
    assert.ok(r.typedAheadHits > r.requests, 'more answers from typed-ahead than requests');
  });
});
