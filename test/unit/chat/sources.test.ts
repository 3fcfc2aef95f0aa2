// @workspace: the question rewritten when it refers back, the room retrieval gets beside the rest of the
// conversation, which chunks fit, what the model sees, and citations parsed and linked in rendered answers.
import * as assert from 'node:assert/strict';
import { buildContext, formatAttachment, userContent } from '../../../src/core/chat/context';
import { codeTerms, refersBack, rewriteQuery } from '../../../src/core/chat/queryRewrite';
import { fitChunks, folderDigest, formatProblems, plainTerminalText, rankFolderFiles, retrievalBudget, sourceAttachment, type SourceChunk } from '../../../src/core/chat/sources';
import type { Attachment, StoredMessage } from '../../../src/core/chat/types';
import { viewAttachment } from '../../../src/core/chat/viewModel';
import { parseConversation } from '../../../src/core/chat/validate';
import { estimateTokens } from '../../../src/core/text/tokens';
import { findCitations, parseCitation } from '../../../src/shared/citations';
import { MarkdownRenderer } from '../../../src/webview/render/markdown';
import { findUnsafeMarkup } from '../../../src/webview/render/safety';

const chunk = (path: string, startLine: number, endLine: number, text: string): SourceChunk => ({ uri: `file:///w/${path}`, path, startLine, endLine, text, tokens: estimateTokens(text) });

describe('chat sources: query rewriting', () => {
  const history = [
    { role: 'user' as const, content: 'What does `parseConfig` do?' },
    { role: 'assistant' as const, content: 'It reads the settings file (see src/config/load.ts:10-24) and calls validateSchema on it.' },
  ];

  it('expands a question that refers back with the last turns\' identifiers and paths, the question\'s own subject first', () => {
    const q = rewriteQuery('and where is that called?', history);
    assert.ok(q.startsWith('and where is that called?'), q);
    const added = q.slice('and where is that called?'.length).trim().split(' ');
    assert.deepEqual(added, ['parseConfig', 'src/config/load.ts', 'validateSchema']);
  });

  it('does the same for Chinese questions that refer back', () => {
    assert.match(rewriteQuery('它在哪里被调用？', history), /parseConfig/);
  });

  it('leaves a self-contained question alone, and any question when there is no conversation', () => {
    assert.equal(rewriteQuery('where is tokenizeLine called?', history), 'where is tokenizeLine called?');
    assert.equal(rewriteQuery('how are settings loaded', history), 'how are settings loaded');
    assert.equal(rewriteQuery('and where is that called?', []), 'and where is that called?');
    assert.equal(refersBack('what does it return?'), true);
    assert.equal(refersBack('what does readFile return?'), false);
  });

  it('takes only the most recent exchanges, newest first', () => {
    const long = [
      { role: 'user' as const, content: 'old oldFunction' },
      { role: 'assistant' as const, content: 'about oldFunction' },
      ...history,
    ];
    const q = rewriteQuery('where is it used?', long);
    assert.ok(q.indexOf('parseConfig') < q.indexOf('oldFunction'), q);
    const many = Array.from({ length: 20 }, (_, i) => ({ role: 'user' as const, content: `fnNumber${i}()` }));
    assert.ok(!rewriteQuery('where is it used?', many).includes('fnNumber0'), 'old turns are not looked at');
  });

  it('finds code-like terms and skips plain words', () => {
    assert.deepEqual(codeTerms('The parse_args helper in cli/main.py calls `run` and Foo.bar() via HttpClient'), ['parse_args', 'cli/main.py', 'run', 'bar', 'HttpClient']);
    assert.deepEqual(codeTerms('plain words only, nothing else.'), []);
  });
});

describe('chat sources: budget and prompt', () => {
  const user = (content: string, attachments?: Attachment[]): StoredMessage => ({ id: 'u1', role: 'user', content, createdAt: 1, attachments });

  it('gives retrieval the room the rest of the prompt leaves, with a quarter kept for the conversation so far', () => {
    const base = { systemPrompt: 'Be brief.', messageText: 'where is it?', attachments: [], contextTokens: 8192 };
    const alone = retrievalBudget({ ...base, history: [] });
    const withHistory = retrievalBudget({ ...base, history: [user('earlier')] });
    assert.ok(alone > 5000 && alone < 8192 - 2048, String(alone));
    assert.ok(Math.abs(withHistory - Math.floor(alone * 0.75)) <= 1, `${withHistory} vs ${alone}`);
    const file: Attachment = { id: 'a1', kind: 'file', label: 'big.ts', content: 'x'.repeat(6000) };
    assert.equal(retrievalBudget({ ...base, history: [], attachments: [file] }), alone - estimateTokens(formatAttachment(file)), 'other attachments share the room');
    assert.equal(retrievalBudget({ ...base, history: [], contextTokens: 16 }), 0, 'never negative');
  });

  it('fits whole chunks best first, passing over one too large for a smaller one after it, and the prompt then needs no cut', () => {
    const chunks = [chunk('a.ts', 1, 10, 'a'.repeat(300)), chunk('big.ts', 1, 400, 'b'.repeat(30_000)), chunk('c.ts', 5, 9, 'c'.repeat(300))];
    const fitted = fitChunks(chunks, 400);
    assert.deepEqual(fitted.map((c) => c.path), ['a.ts', 'c.ts']);
    assert.deepEqual(fitChunks(chunks, 0), []);
    const budget = retrievalBudget({ systemPrompt: 'S', history: [], messageText: 'q', attachments: [], contextTokens: 2048 });
    const message = user('q', fitChunks(chunks, budget).map((c, i) => sourceAttachment(c, `s${i}`)));
    const built = buildContext({ systemPrompt: 'S', history: [], message, contextTokens: 2048 });
    assert.equal(built.attachmentsCut, false);
    assert.ok(built.promptTokens <= built.budget);
  });

  it('shows the model each source with its path and line range, and never the @workspace chip itself', () => {
    const source = sourceAttachment(chunk('src/app.ts', 10, 24, 'export function main() {}'), 's1');
    const marker: Attachment = { id: 'w1', kind: 'workspace', label: '@workspace', content: '' };
    const text = userContent(user('how does it start?', [marker, source]));
    assert.match(text, /^src\/app\.ts:10-24:\n```typescript\nexport function main\(\) \{\}\n```/);
    assert.ok(!text.includes('@workspace'), text);
    assert.deepEqual(viewAttachment(source), { id: 's1', kind: 'source', label: 'src/app.ts:10-24', tokens: estimateTokens('export function main() {}'), citation: 'src/app.ts:10-24' });
  });

  it('keeps sources and the workspace note in a saved conversation', () => {
    const source = sourceAttachment(chunk('src/app.ts', 10, 24, 'x'), 's1');
    const c = { format: 1, id: 'c1', title: 't', createdAt: 1, updatedAt: 1, revision: 1, messages: [user('q', [source]), { id: 'm2', role: 'assistant', content: 'a', createdAt: 2, workspaceNote: 'nothingFound' }] };
    assert.equal(parseConversation(JSON.parse(JSON.stringify(c))).ok, true);
    assert.equal(parseConversation({ ...c, messages: [user('q', [{ ...source, location: { path: 1 } } as unknown as Attachment])] }).ok, false);
  });

  it('digests a folder: the whole listing, then the heads of its telling files within the budget', () => {
    const files = ['src/deep/x.ts', 'README.md', 'src/index.ts', 'b.txt'];
    assert.deepEqual(rankFolderFiles(files), ['README.md', 'src/index.ts', 'b.txt', 'src/deep/x.ts']);
    const digest = folderDigest({ folder: 'pkg', files, head: (f) => `head of ${f}\n${'y'.repeat(200)}`, budgetTokens: 120 });
    assert.match(digest.text, /^pkg\/\n {2}README\.md\n {2}b\.txt\n {2}src\/deep\/x\.ts\n {2}src\/index\.ts/);
    assert.equal(digest.headsShown, 1);
    assert.match(digest.text, /--- README\.md \(start\) ---\nhead of README\.md/);
    const big = folderDigest({ folder: 'p', files: Array.from({ length: 300 }, (_, i) => `f${i}`), head: () => undefined, budgetTokens: 10, maxListed: 5 });
    assert.match(big.text, /… 295 more$/);
  });

  it('writes problems errors first, one a line, with where and what reported them', () => {
    const text = formatProblems([
      { path: 'b.ts', line: 3, column: 1, severity: 'warning', message: 'unused', source: 'ts', code: '6133' },
      { path: 'a.ts', line: 9, column: 5, severity: 'error', message: 'Cannot find\n  name x' },
    ]);
    assert.equal(text, 'a.ts:9:5 error: Cannot find name x\nb.ts:3:1 warning: unused (ts 6133)');
  });

  it('reads terminal output as plain text: no colours, no shell-integration marks, progress redraws collapsed', () => {
    const raw = '\u001b]633;C\u0007\u001b[31mError:\u001b[0m failed\r\nprogress 10%\rprogress 100%\n\u001b]633;D;1\u0007';
    assert.equal(plainTerminalText(raw), 'Error: failed\nprogress 100%\n');
  });
});

describe('chat sources: citations', () => {
  it('parses path:start-end, path:line and #Lstart-Lend, and refuses what is not a workspace path', () => {
    assert.deepEqual(parseCitation('src/app.ts:10-24'), { path: 'src/app.ts', startLine: 10, endLine: 24 });
    assert.deepEqual(parseCitation(' lib/a.py:7 '), { path: 'lib/a.py', startLine: 7, endLine: 7 });
    assert.deepEqual(parseCitation('a.go#L3-L9'), { path: 'a.go', startLine: 3, endLine: 9 });
    for (const bad of ['../etc/passwd:1-2', '/etc/passwd:1', 'src/a.ts:0', 'src/a.ts:9-3', 'README:3', 'src/a.ts', 'x.ts:1-2; rm -rf']) assert.equal(parseCitation(bad), undefined, bad);
  });

  it('finds citations in running text, not inside other words or URLs', () => {
    const found = findCitations('See src/app.ts:10-24 and (lib/b.py:3). Not https://x.org/a.ts:5 or version1.2:3.');
    assert.deepEqual(found.map((f) => f.citation.path), ['src/app.ts', 'lib/b.py']);
  });

  it('renders citations (plain or in backticks) as links to the lines, leaves real links and code blocks alone, and stays safe', () => {
    const r = new MarkdownRenderer();
    const html = r.render('It starts in src/app.ts:10-24 and `lib/b.py:3`; see [docs](https://example.com/a.ts:1).\n\n```\nsrc/c.ts:1-2\n```');
    const citations = [...html.matchAll(/data-citation="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(citations, ['src/app.ts:10-24', 'lib/b.py:3']);
    assert.match(html, /<a href="#" class="source-link" data-citation="src\/app\.ts:10-24" title="src\/app\.ts:10-24">src\/app\.ts:10-24<\/a>/);
    assert.match(html, /<a href="#" class="source-link" data-citation="lib\/b\.py:3" title="lib\/b\.py:3"><code>lib\/b\.py:3<\/code><\/a>/);
    assert.deepEqual(findUnsafeMarkup(html), []);
  });
});
