// The webview is untrusted: every message it may send is validated, and malformed ones are refused.
import * as assert from 'node:assert/strict';
import { describeRejected, isHostMessage, LIMITS, parseViewMessage, type ViewReport } from '../../../src/shared/protocol';

const report: ViewReport = {
  view: 'chat', messages: [], streaming: false, renders: 0, codeBlocks: [], links: [], draft: '', chips: [], notices: [],
  modelNote: '', modelOptions: [], historyTitles: [], title: '', unsafeMarkup: [],
};

describe('chat protocol validation', () => {
  it('accepts every well-formed message', () => {
    const good: unknown[] = [
      { type: 'ready' },
      { type: 'send', text: 'hello 你好' },
      { type: 'stop' },
      { type: 'retry' },
      { type: 'editResend', messageId: 'm123_x-y', text: 'again' },
      { type: 'newChat' },
      { type: 'listHistory' },
      { type: 'openConversation', id: 'c1' },
      { type: 'deleteConversation', id: 'c1' },
      { type: 'renameConversation', id: 'c1', title: 'New title' },
      { type: 'exportConversation' },
      { type: 'exportConversation', id: 'c1' },
      { type: 'selectModel', model: 'llama3.2:3b' },
      { type: 'setSystemPrompt', text: 'You are terse.' },
      { type: 'setSystemPrompt', text: null },
      { type: 'attach', kind: 'selection' },
      { type: 'removeAttachment', id: 'a1' },
      { type: 'codeAction', action: 'insert', code: 'x = 1', language: 'python' },
      { type: 'openLink', href: 'https://example.com' },
      { type: 'mention', kind: 'workspace' },
      { type: 'mention', kind: 'terminal' },
      { type: 'openSource', citation: 'src/app.ts:10-24' },
      { type: 'bannerAction', actionId: 0 },
      { type: 'dismissBanner' },
      { type: 'report', requestId: 3, report },
    ];
    for (const m of good) assert.ok(parseViewMessage(m), JSON.stringify(m));
  });

  it('refuses malformed messages', () => {
    const bad: unknown[] = [
      null,
      undefined,
      'send',
      42,
      [],
      {},
      { type: 'nope' },
      { type: 'toString' },
      { type: '__proto__' },
      { type: 'hasOwnProperty' },
      { type: 'send' },
      { type: 'send', text: 42 },
      { type: 'send', text: 'x'.repeat(LIMITS.text + 1) },
      { type: 'editResend', messageId: '../../etc/passwd', text: 'x' },
      { type: 'editResend', messageId: 'm1' },
      { type: 'openConversation', id: '' },
      { type: 'openConversation', id: 'a/b' },
      { type: 'deleteConversation', id: '..' },
      { type: 'deleteConversation', id: 'x'.repeat(65) },
      { type: 'renameConversation', id: 'c1', title: 'x'.repeat(LIMITS.title + 1) },
      { type: 'exportConversation', id: 5 },
      { type: 'selectModel', model: '' },
      { type: 'selectModel', model: { name: 'x' } },
      { type: 'setSystemPrompt' },
      { type: 'setSystemPrompt', text: 7 },
      { type: 'attach', kind: 'workspace' },
      { type: 'codeAction', action: 'exec', code: 'rm -rf /' },
      { type: 'codeAction', action: 'insert' },
      { type: 'codeAction', action: 'insert', code: 'x', language: 1 },
      { type: 'openLink', href: 5 },
      { type: 'mention' },
      { type: 'mention', kind: 'codebase' },
      { type: 'mention', kind: 'WORKSPACE' },
      { type: 'mention', kind: ['workspace'] },
      { type: 'mention', kind: { toString: 'workspace' } },
      { type: 'openSource' },
      { type: 'openSource', citation: '' },
      { type: 'openSource', citation: 42 },
      { type: 'openSource', citation: 'a'.repeat(LIMITS.citation + 1) },
      { type: 'openLink', href: 'x'.repeat(LIMITS.href + 1) },
      { type: 'bannerAction', actionId: -1 },
      { type: 'bannerAction', actionId: 1.5 },
      { type: 'bannerAction', actionId: '0' },
      { type: 'report', requestId: 1, report: {} },
      { type: 'report', requestId: 'x', report },
    ];
    for (const m of bad) assert.equal(parseViewMessage(m), undefined, JSON.stringify(m) ?? String(m));
  });

  it('describes a rejected message without echoing its payload', () => {
    const text = describeRejected({ type: 'send', text: 'secret'.repeat(1000) });
    assert.ok(!text.includes('secret'));
    assert.match(text, /type=send/);
  });

  it('recognizes host messages in the webview', () => {
    assert.ok(isHostMessage({ type: 'delta', id: 'm', text: 'a', thinking: '' }));
    assert.ok(!isHostMessage({ type: 'evil' }));
    assert.ok(!isHostMessage('init'));
  });
});
