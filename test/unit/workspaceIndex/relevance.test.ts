// The relevance floor: retrieval says "nothing" when nothing in the workspace answers, instead of filling the
// budget with whatever ranks. Over a small corpus embedded by the stand-in (hashed words: texts that share words
// are close, unrelated ones near 0), and with hand-made vectors modelling a real model's raised baseline.
import * as assert from 'node:assert/strict';
import { distribution, questionTerms, vectorFloor } from '../../../src/core/workspaceIndex/relevance';
import { WorkspaceSearch } from '../../../src/core/workspaceIndex/search';
import type { Chunk } from '../../../src/core/workspaceIndex/types';
import { embedText } from '../../support/standin/routes/embed';

// nomic-embed-text's dimension, as the stand-in gives it.
const DIM = 768;

const CORPUS: [string, string][] = [
  ['src/text/tokenizer.ts', 'export function splitIntoTokens(text: string): string[] {\n  // The tokenizer cuts source text into words and punctuation marks.\n  return text.split(/\\s+/);\n}'],
  ['src/ui/theme.ts', 'export const colours = { background: "#222", foreground: "#eee" };\nexport function darken(hex: string): string {\n  return hex;\n}'],
  ['src/payments/gateway.ts', '/** Configures the payment gateway from the environment: the endpoint comes from PAYMENT_ENDPOINT. */\nexport function configurePaymentGateway(env: Record<string, string>): string {\n  return env.PAYMENT_ENDPOINT ?? "https://pay.example";\n}'],
  ['docs/release.md', '# Release\n\nThe release checklist lives in the wiki; the changelog is written before tagging.'],
  ['src/cache/lru.ts', 'export class LruCache<V> {\n  // Evicts the least recently used entry when the cache is full.\n  private readonly entries = new Map<string, V>();\n}'],
  ['docs/分词.md', '# 分词器\n\n分词器把源代码切成词元，中文按字的二元组切分。'],
  ['docs/主题.md', '# 主题颜色\n\n深色主题的背景颜色和前景颜色在设置里选择。'],
];

/**
 * The rest of a workspace: prose and comments about other things, full of the function words questions are made
 * of too. The stand-in weighs "the" and "is" like any word (real models weigh them less, but every chunk shares
 * them), so without this bulk a 7-chunk corpus would make any prose chunk stand out of the scan's median.
 */
function filler(): [string, string][] {
  const nouns = ['widget', 'button', 'panel', 'layout', 'icon', 'toolbar', 'margin', 'border', 'font', 'image', 'label', 'menu', 'tab', 'window', 'cursor'];
  const verbs = ['drawn', 'resized', 'hidden', 'shown', 'moved', 'aligned', 'scaled'];
  return Array.from({ length: 40 }, (_, i) => {
    const n = (k: number): string => nouns[(i * 7 + k * 3) % nouns.length] as string;
    const v = (k: number): string => verbs[(i + k) % verbs.length] as string;
    return [`src/view/part${i}.ts`, `// The ${n(0)} is ${v(0)} when the ${n(1)} is ${v(1)} in the ${n(2)}.\nexport const ${n(0)}${i} = "${n(3)}";`];
  });
}

function corpus(): WorkspaceSearch {
  const search = new WorkspaceSearch(DIM);
  search.addAll([...CORPUS, ...filler()].map(([path, text], i) => ({ chunk: { path, startLine: 1, endLine: text.split('\n').length, text, hash: `h${i}` } satisfies Chunk, vector: embedText(text, DIM) })));
  return search;
}

function ask(search: WorkspaceSearch, question: string): string[] {
  return search.search({ text: question, vector: embedText(question, DIM), budgetTokens: 10_000 }).results.map((r) => r.chunk.path);
}

describe('workspaceIndex: relevance floor', () => {
  it('a question about something absent from the workspace returns nothing', () => {
    const search = corpus();
    assert.deepEqual(ask(search, 'how is the database connection pool configured?'), []);
    assert.deepEqual(ask(search, 'where do we send emails to new users?'), []);
    // Function words only: nothing to search by, and a vector that stands out from nothing.
    assert.deepEqual(ask(search, 'how does it work?'), []);
  });

  it('a question naming an identifier returns its chunk first and not the unrelated ones', () => {
    const search = corpus();
    const got = ask(search, 'what does configurePaymentGateway return?');
    assert.equal(got[0], 'src/payments/gateway.ts');
    assert.ok(!got.includes('src/ui/theme.ts'), got.join(', '));
    assert.ok(!got.includes('docs/release.md'), got.join(', '));
    // By name alone, without an embedding.
    assert.deepEqual(search.search({ text: 'LruCache', budgetTokens: 10_000 }).results.map((r) => r.chunk.path), ['src/cache/lru.ts']);
  });

  it('a paraphrase close to one chunk returns that chunk and none of the unrelated ones', () => {
    const search = corpus();
    assert.deepEqual(ask(search, 'which function cuts source text into tokens?'), ['src/text/tokenizer.ts']);
    assert.deepEqual(ask(search, 'when is the least recently used entry evicted?'), ['src/cache/lru.ts']);
  });

  it('Chinese questions: the chunk that answers, or nothing', () => {
    const search = corpus();
    assert.deepEqual(ask(search, '分词器是怎么切分中文的？'), ['docs/分词.md']);
    assert.deepEqual(ask(search, '深色主题的背景颜色在哪里设置？'), ['docs/主题.md']);
    assert.deepEqual(ask(search, '数据库连接池在哪里配置？'), []);
  });

  it('question terms: no English or Chinese function words, no one-letter tokens; identifiers marked', () => {
    const q = questionTerms('How does the parseConfig function handle a x in 配置文件的格式?');
    assert.ok(q.terms.includes('parseconfig') && q.identifiers.has('parseconfig'));
    for (const t of ['how', 'does', 'the', 'a', 'x', 'in', 'handle', '件的']) assert.ok(!q.terms.includes(t), t);
    for (const t of ['配置', '置文', '文件', '格式']) assert.ok(q.terms.includes(t), t);
    assert.deepEqual(questionTerms('what is this?').terms, []);
  });

  it('the vector floor is relative to the scan: the same gap counts under any model baseline', () => {
    // A real model: unrelated text scores around 0.45 ± 0.03, the answer 0.7. Absolute 0.5 would let everything in.
    const unrelated = Array.from({ length: 999 }, (_, i) => 0.45 + 0.03 * Math.sin(i * 12.9898));
    const real = distribution(Float32Array.from([...unrelated, 0.7]));
    assert.ok(Math.abs(real.median - 0.45) < 0.01);
    const floor = vectorFloor(0.7, real);
    assert.ok(floor > 0.52 && floor <= 0.7, `${floor}`);
    // The best of the unrelated bulk alone does not stand out.
    assert.equal(vectorFloor(Math.max(...unrelated), distribution(Float32Array.from(unrelated))), Infinity);
    // The same shape 0.3 lower (another model): the same decision.
    const lower = distribution(Float32Array.from([...unrelated, 0.7].map((x) => x - 0.3)));
    assert.ok(Math.abs(vectorFloor(0.4, lower) - (floor - 0.3)) < 1e-6);
  });

  it('a real model\'s raised baseline: only the chunks that stand out of it are kept', () => {
    // Three dimensions: every chunk shares a common direction (a real model's anisotropy), one is the answer.
    const search = new WorkspaceSearch(3);
    const common = [0, 0, 1];
    const items = Array.from({ length: 20 }, (_, i) => ({
      chunk: { path: `src/other${i}.ts`, startLine: 1, endLine: 3, text: `export const value${i} = ${i};`, hash: `o${i}` },
      vector: [0.05 * Math.cos(i), 0.05 * Math.sin(i), 1],
    }));
    items.push({ chunk: { path: 'src/answer.ts', startLine: 1, endLine: 3, text: 'export const answer = 42;', hash: 'a' }, vector: [1, 0, 0.9] });
    search.addAll(items);
    const got = search.search({ text: 'zzz', vector: [1, 0, 0.8], budgetTokens: 10_000 });
    assert.deepEqual(got.results.map((r) => r.chunk.path), ['src/answer.ts']);
    // A question along the common direction only: every chunk scores high, none stands out.
    assert.deepEqual(search.search({ text: 'zzz', vector: common, budgetTokens: 10_000 }).results, []);
  });
});
