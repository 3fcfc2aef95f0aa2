// The lexical side: identifier- and CJK-aware terms, BM25 through MiniSearch, add/remove/serialize.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
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

  it('gives the same terms for a word seen again (memoized) and after the memo is emptied', () => {
    const first = tokenize('readConfig HTTPServer 配置config a_b');
    assert.deepEqual(tokenize('readConfig HTTPServer 配置config a_b'), first);
    // Past the memo's bound (50 000 distinct words) it is emptied and filled again.
    tokenize(Array.from({ length: 60_000 }, (_, i) => `w${i}X`).join(' '));
    assert.deepEqual(tokenize('readConfig HTTPServer 配置config a_b'), first);
    assert.deepEqual(first, ['readconfig', 'read', 'config', 'httpserver', 'http', 'server', '配置', 'config', 'a_b', 'a', 'b']);
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

  /** Real documents: this repository's core sources, cut in pieces of 20 lines, several per path. */
  function realDocs(): { id: number; path: string; text: string }[] {
    const root = path.resolve(__dirname, '..', '..', '..', '..', 'src', 'core');
    const out: { id: number; path: string; text: string }[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.name.endsWith('.ts')) {
          const lines = fs.readFileSync(full, 'utf8').split('\n');
          for (let i = 0; i < lines.length; i += 20) out.push({ id: out.length + 1, path: path.relative(root, full), text: lines.slice(i, i + 20).join('\n') });
        }
      }
    };
    walk(root);
    return out;
  }
  const QUERIES = ['parseConfigFile', 'how is the index saved', 'retrieve', 'vscode', 'token budget', 'EndpointRegistry', 'workspaceIndex', 'ollama model pull', '配置', 'x'];

  /** The index as MiniSearch serializes it, terms in order (the tree's order depends on insertion). */
  function canonical(ix: LexicalIndex): unknown {
    const js = JSON.parse(ix.toJSON()) as { index: [string, unknown][] };
    js.index.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return js;
  }

  it('addAll into an empty index (bulk) builds exactly what adding one by one builds', () => {
    const all = realDocs();
    assert.ok(all.length > 300, String(all.length));
    const bulk = LexicalIndex.empty();
    bulk.addAll(all);
    const single = LexicalIndex.empty();
    for (const d of all) single.add(d.id, d.path, d.text);
    assert.deepEqual(canonical(bulk), canonical(single));
    for (const q of QUERIES) assert.deepEqual(bulk.query(q, 20), single.query(q, 20), q);
    // It stays an ordinary index: removal and more additions work on it.
    bulk.remove(1);
    single.remove(1);
    bulk.addAll([{ id: 100_000, path: 'new.ts', text: 'parseConfigFile again' }]);
    single.add(100_000, 'new.ts', 'parseConfigFile again');
    for (const q of QUERIES) assert.deepEqual(bulk.query(q, 20), single.query(q, 20), q);
    assert.throws(() => LexicalIndex.empty().addAll([all[0]!, all[0]!]), /duplicate ID/);
  });

  it('addAllAsync builds the same index in slices, giving the event loop turns between them', async () => {
    const all = realDocs();
    const sync = LexicalIndex.empty();
    sync.addAll(all);
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const ix = LexicalIndex.empty();
    try {
      await ix.addAllAsync(all, { sliceMs: 0 });
    } finally {
      clearInterval(ticker);
    }
    assert.ok(turns > 0, 'the event loop never ran during the build');
    assert.deepEqual(canonical(ix), canonical(sync));
    // Into a non-empty index, one by one, the same way.
    await ix.addAllAsync([{ id: 100_000, path: 'new.ts', text: 'parseConfigFile again' }], { sliceMs: 0 });
    sync.add(100_000, 'new.ts', 'parseConfigFile again');
    for (const q of QUERIES) assert.deepEqual(ix.query(q, 20), sync.query(q, 20), q);
  });

  it('addAllAsync refuses changes while it runs and leaves the index as it was when aborted', async () => {
    const all = realDocs();
    const ix = LexicalIndex.empty();
    const controller = new AbortController();
    const building = ix.addAllAsync(all, { sliceMs: 0, signal: controller.signal });
    assert.throws(() => ix.add(1, 'a.ts', 'x'), /being built/);
    assert.throws(() => ix.remove(1), /being built/);
    controller.abort();
    await assert.rejects(building);
    assert.equal(ix.size, 0);
    ix.add(1, 'a.ts', 'alpha');
    const more = ix.addAllAsync(all.slice(1, 200).map((d) => ({ ...d, id: d.id + 1_000_000 })), { sliceMs: 0, signal: AbortSignal.abort() });
    await assert.rejects(more);
    assert.equal(ix.size, 1);
    assert.equal(ix.query('alpha', 5)[0]?.id, 1);
  });

  it('query() ranks exactly as MiniSearch\'s search(): scores, order and ties; removed documents not yet vacuumed count for nothing', async () => {
    const all = realDocs();
    const ix = LexicalIndex.empty();
    ix.addAll(all);
    // Some chunks twice under another path (equal scores: ties), then removals that leave stale postings, and
    // files re-added (removed and added again, as the indexer does at every save point).
    ix.addAll(all.slice(0, 40).map((d) => ({ ...d, id: d.id + 100_000, path: `copy/${d.path}` })));
    for (let id = 3; id < 200; id += 11) ix.remove(id);
    for (const d of all.slice(200, 260)) {
      ix.remove(d.id);
      ix.add(d.id + 200_000, d.path, d.text);
    }
    // fromJSON gives an index that answers through MiniSearch's own search(); vacuumed, it has no stale postings
    // (with them, search() scores a document by where it meets them: see ChunkMiniSearch.best()).
    const reference = LexicalIndex.fromJSON(ix.toJSON());
    await reference['search_'].vacuum();
    const queries = [...QUERIES, 'export function', 'parse parse config', 'the', 'index index', 'constructor', '__proto__ toString'];
    for (let round = 0; round < 2; round++) {
      for (const q of queries) {
        for (const limit of [1, 5, 50, 10_000]) assert.deepEqual(ix.query(q, limit), reference.query(q, limit), `${q} (${limit})`);
      }
    }
    assert.ok(ix.query('export function', 10_000).length > 100);
  });
});
