// Context trimming: the prompt stays within the window, the newest turns are kept, the count of what
// was left out is exact, attachments are shortened before anything the user typed.
import * as assert from 'node:assert/strict';
import { answerReserve, buildContext, fenceFor, MESSAGE_OVERHEAD_TOKENS, userContent } from '../../../src/core/chat/context';
import type { Attachment, StoredMessage } from '../../../src/core/chat/types';
import { estimateTokens } from '../../../src/core/text/tokens';

let n = 0;
function msg(role: 'user' | 'assistant', content: string, attachments?: Attachment[]): StoredMessage {
  return { id: `m${n++}`, role, content, createdAt: n, attachments };
}

function history(turns: number, size: number): StoredMessage[] {
  const out: StoredMessage[] = [];
  for (let i = 0; i < turns; i++) out.push(msg('user', `question ${i} ${'q'.repeat(size)}`), msg('assistant', `answer ${i} ${'a'.repeat(size)}`));
  return out;
}

const cost = (messages: { content: string }[]): number => messages.reduce((s, m) => s + estimateTokens(m.content) + MESSAGE_OVERHEAD_TOKENS, 0);

describe('chat context budgeting', () => {
  it('sends everything when it fits', () => {
    const built = buildContext({ systemPrompt: 'Be brief.', history: history(3, 10), message: msg('user', 'next'), contextTokens: 4096 });
    assert.equal(built.messages.length, 1 + 6 + 1);
    assert.equal(built.messages[0].role, 'system');
    assert.equal(built.messages.at(-1)?.content, 'next');
    assert.equal(built.omittedMessages, 0);
    assert.equal(built.overflow, undefined);
  });

  it('leaves out the oldest turns, whole, and counts them', () => {
    const h = history(20, 300); // ~100+ tokens per message
    const built = buildContext({ systemPrompt: 'System rules.', history: h, message: msg('user', 'latest'), contextTokens: 2048 });
    assert.ok(built.omittedMessages > 0);
    assert.equal(built.omittedMessages % 2, 0, 'turns are dropped as pairs');
    const kept = built.messages.slice(1, -1);
    assert.equal(kept.length, h.length - built.omittedMessages);
    assert.equal(kept[0].content, h[built.omittedMessages].content, 'the kept part is the most recent, contiguous');
    assert.equal(built.messages[0].content, 'System rules.', 'the system prompt always goes');
    assert.ok(cost(built.messages) <= 2048 - answerReserve(2048), 'within the budget');
    assert.equal(built.promptTokens, cost(built.messages));
  });

  it('never leaves a hole: once a turn is out, older ones are out too', () => {
    const h = [...history(2, 10), msg('user', 'huge '.repeat(3000)), msg('assistant', 'ok'), ...history(1, 10)];
    const built = buildContext({ systemPrompt: '', history: h, message: msg('user', 'now'), contextTokens: 2048 });
    assert.equal(built.omittedMessages, 6);
    assert.deepEqual(built.messages.map((m) => m.content.slice(0, 10)), ['question 0', 'answer 0 a', 'now']);
  });

  it('shortens attachments that do not fit, and says so', () => {
    const attachment: Attachment = { id: 'a1', kind: 'file', label: 'big.ts', language: 'typescript', content: 'const x = 1;\n'.repeat(5000) };
    const built = buildContext({ systemPrompt: '', history: history(2, 10), message: msg('user', 'explain', [attachment]), contextTokens: 4096 });
    assert.equal(built.attachmentsCut, true);
    const sent = built.messages.at(-1)!.content;
    assert.match(sent, /^big\.ts:\n```typescript\n/);
    assert.match(sent, /cut to fit the context window/);
    assert.ok(sent.endsWith('explain'), 'the question itself is never cut');
    assert.ok(cost(built.messages) <= 4096 - answerReserve(4096));
    assert.equal(built.omittedMessages, 0, 'a quarter of the room stays for the conversation so far');
    const alone = buildContext({ systemPrompt: '', history: [], message: msg('user', 'explain', [attachment]), contextTokens: 4096 });
    assert.ok(alone.promptTokens > built.promptTokens - 60, 'without history the attachment may use all the room');
  });

  it('keeps small attachments whole next to a large one', () => {
    const small: Attachment = { id: 'a1', kind: 'selection', label: 'a.ts:1-2', content: 'let a = 1;' };
    const large: Attachment = { id: 'a2', kind: 'file', label: 'b.ts', content: 'x'.repeat(60_000) };
    const built = buildContext({ systemPrompt: '', history: [], message: msg('user', 'q', [small, large]), contextTokens: 8192 });
    assert.ok(built.messages[0].content.includes('let a = 1;'));
    assert.equal(built.attachmentsCut, true);
  });

  it('reports an overflow instead of sending a message longer than the window', () => {
    const built = buildContext({ systemPrompt: 'sys', history: history(1, 5), message: msg('user', 'word '.repeat(10_000)), contextTokens: 2048 });
    assert.ok(built.overflow);
    assert.equal(built.messages.length, 0);
    assert.ok(built.overflow.needed > built.overflow.budget);
  });

  it('counts Chinese text as about one token per character', () => {
    const h = history(3, 10);
    h[0] = msg('user', '请解释'.repeat(400));
    const built = buildContext({ systemPrompt: '', history: h, message: msg('user', '继续'), contextTokens: 1024 });
    assert.ok(built.omittedMessages >= 2);
  });

  it('skips failed answers that carry no text', () => {
    const h = [msg('user', 'q'), { ...msg('assistant', ''), status: 'error' as const }];
    const built = buildContext({ systemPrompt: '', history: h, message: msg('user', 'again'), contextTokens: 2048 });
    assert.deepEqual(built.messages.map((m) => m.role), ['user', 'user']);
  });

  it('fences attachments with more backticks than they contain', () => {
    assert.equal(fenceFor('plain'), '```');
    assert.equal(fenceFor('has ```` inside'), '`````');
    const content = userContent(msg('user', 'q', [{ id: 'a', kind: 'text', label: 'doc.md', content: '```js\nx\n```' }]));
    assert.match(content, /^doc\.md:\n````\n```js/);
  });
});
