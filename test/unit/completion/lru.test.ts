import * as assert from 'node:assert/strict';
import { LruCache } from '../../../src/core/completion/lru';

describe('completion: LRU cache', () => {
  it('is bounded and evicts the least recently used', () => {
    const cache = new LruCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    assert.equal(cache.get('a'), 1, 'a is now recent');
    cache.set('d', 4);
    assert.equal(cache.size, 3);
    assert.equal(cache.peek('b'), undefined, 'b was the oldest');
    assert.equal(cache.peek('a'), 1);
    for (let i = 0; i < 1000; i++) cache.set(`k${i}`, i);
    assert.equal(cache.size, 3);
  });
});
