// The lexical side: identifier- and CJK-aware terms, BM25 through MiniSearch, add/remove/serialize.
import * as assert from 'node:assert/strict';
import { LexicalIndex } from '../../../src/core/workspaceIndex/lexical';
import { tokenize } from '../../../src/core/workspaceIndex/tokenize';

describe('workspaceIndex: tokenizer', () => {
  it('keeps identifiers whole and splits camelCase, snake_case and dotted paths', () => {
    assert.deepEqual(tokenize('parseConfigFile'), ['parseconfigfile', 'parse', 'config', 'file']);
    assert.deepEqual(tokenize('MAX_RETRY_COUNT'), ['max_retry_count', 'max', 'retry', 'count']);
    assert.deepEqual(tokenize('HTTPServer'), ['httpserver', 'http', 'server']);
    assert.deepEqual(tokenize('os.path.join'), ['os.path.join', 'os', 'path', 'join']);
    assert.deepEqual(tokenize('a + b'), ['a', 'b']);
  });

  it('cuts Chinese and Japanese runs into character bigrams, beside Latin words', () => {
    assert.deepEqual(tokenize('配置文件'), ['配置', '置文', '文件']);
    assert.deepEqual(tokenize('读取config'), ['读取', 'config']);
    assert.deepEqual(tokenize('字'), ['字']);
  });
});

describe('workspaceIndex: lexical index', () => {
  const docs = [
    { id: 1, path: 'src/config.ts', text: 'export function parseConfigFile(path: string) { return readConfig(path); }' },
    { id: 2, path: 'src/net.ts', text: 'the server parses the configuration sent by the client' },
    { id: 3, path: 'docs/说明.md', text: '读取配置文件的方法' },
    { id: 4, path: 'src/other.ts', text: 'unrelated text about colours' },
  ];

  it('finds an exact identifier first', () => {
    const ix = LexicalIndex.empty();
    ix.addAll(docs);
    const hits = ix.query('where is parseConfigFile defined', 10);
    assert.equal(hits[0]?.id, 1);
    assert.ok(!hits.some((h) => h.id === 4));
  });

  it('finds Chinese text by a Chinese question', () => {
    const ix = LexicalIndex.empty();
    ix.addAll(docs);
    assert.equal(ix.query('配置文件在哪里读取', 10)[0]?.id, 3);
  });

  it('matches path names', () => {
    const ix = LexicalIndex.empty();
    ix.addAll(docs);
    assert.equal(ix.query('net', 10)[0]?.id, 2);
  });

  it('removes documents and survives a JSON round trip', () => {
    const ix = LexicalIndex.empty();
    ix.addAll(docs);
    ix.remove(1);
    ix.remove(99);
    assert.ok(!ix.query('parseConfigFile', 10).some((h) => h.id === 1));
    const back = LexicalIndex.fromJSON(ix.toJSON());
    assert.equal(back.size, 3);
    assert.equal(back.query('colours', 10)[0]?.id, 4);
    assert.deepEqual(back.query('...', 10), []);
  });

  it('ignores function words of a question, unless the question has nothing else', () => {
    const ix = LexicalIndex.empty();
    ix.addAll([
      { id: 1, path: 'a.md', text: 'how is the cache where it is' },
      { id: 2, path: 'b.ts', text: 'export function evictCache() {}' },
    ]);
    // "how", "is", "the", "where" would rank the first document above the one about eviction.
    assert.deepEqual(ix.query('how is the cache evicted where', 10).map((h) => h.id)[0], 2);
    assert.deepEqual(ix.query('how is the', 10).map((h) => h.id), [1]);
  });

  it('limits the number of hits', () => {
    const ix = LexicalIndex.empty();
    ix.addAll(Array.from({ length: 20 }, (_, i) => ({ id: i + 1, path: `f${i}.ts`, text: 'common word' })));
    assert.equal(ix.query('common', 5).length, 5);
  });
});
