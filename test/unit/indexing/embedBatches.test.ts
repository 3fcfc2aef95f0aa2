// Inputs fitted to the embedding model's context: long chunks split at lines (each piece with its own lines and
// hash), a single line too long for the model left without a vector, never cut; batches within their limits.
import * as assert from 'node:assert/strict';
import { batches, fitToContext } from '../../../src/core/indexing/embedBatches';
import { estimateTokens } from '../../../src/core/text/tokens';
import { contentHash } from '../../../src/core/workspaceIndex/hash';
import type { Chunk } from '../../../src/core/workspaceIndex/types';

const chunk = (text: string, startLine = 1, path = 'a.ts'): Chunk => ({ path, startLine, endLine: startLine + text.split('\n').length - 1, text, hash: contentHash(text) });

describe('indexing: embedding inputs within the context', () => {
  it('splits a chunk longer than the context at lines, keeping every line and its line numbers', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `const value${i} = compute(${i}); // a line of ordinary code`);
    const long = chunk(lines.join('\n'), 10);
    const fit = fitToContext([chunk('short', 1), long], 128);
    assert.equal(fit.split, 1);
    assert.deepEqual(fit.tooLong, []);
    const pieces = fit.chunks.slice(1);
    assert.ok(pieces.length > 1);
    for (const p of pieces) {
      assert.ok(estimateTokens(p.text) <= 120, `piece of ${estimateTokens(p.text)} tokens`);
      assert.equal(p.hash, contentHash(p.text));
      assert.equal(p.text, lines.slice(p.startLine - 10, p.endLine - 10 + 1).join('\n'));
    }
    assert.equal(pieces.map((p) => p.text).join('\n'), long.text, 'nothing cut');
  });

  it('leaves a chunk with a line longer than the context without a vector instead of cutting it', () => {
    const c = chunk('x'.repeat(3000));
    const fit = fitToContext([c], 128);
    assert.deepEqual(fit.tooLong, [c]);
    assert.deepEqual(fit.chunks, [c]);
  });

  it('groups inputs by count and by tokens', () => {
    const cs = Array.from({ length: 10 }, (_, i) => chunk('word '.repeat(60), i * 10));
    const t = estimateTokens(cs[0]!.text);
    assert.deepEqual(batches(cs, { maxInputs: 4, maxTokens: 10_000 }).map((b) => b.length), [4, 4, 2]);
    assert.deepEqual(batches(cs, { maxInputs: 100, maxTokens: 3 * t }).map((b) => b.length), [3, 3, 3, 1]);
  });
});
