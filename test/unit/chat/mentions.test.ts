// @-mentions: where one is being typed, what a sent message names, and the popup's keyboard behaviour
// (a DOM-free state, so its keys are tested here; the real keys in the real webview are tested in
// test/integration/mentions.test.ts).
import * as assert from 'node:assert/strict';
import { matchMentions, mentionAt, parseMentions } from '../../../src/shared/mentions';
import { MentionMenuState } from '../../../src/webview/mentionMenu';

describe('chat mentions: parsing', () => {
  it('finds the mention being typed at the caret: at the start, after a space, after an ideographic space or a full-width ＠', () => {
    assert.deepEqual(mentionAt('@', 1), { start: 0, query: '' });
    assert.deepEqual(mentionAt('look at @wor', 12), { start: 8, query: 'wor' });
    assert.deepEqual(mentionAt('看看\u3000＠file', 8), { start: 3, query: 'file' });
    assert.deepEqual(mentionAt('@Sel', 4), { start: 0, query: 'sel' });
  });

  it('is not fooled by addresses, finished words or a caret elsewhere', () => {
    assert.equal(mentionAt('mail me@work', 12), undefined);
    assert.equal(mentionAt('@workspace ', 11), undefined);
    assert.equal(mentionAt('@wo rest', 8), undefined);
    assert.equal(mentionAt('x @1', 4), undefined);
    assert.deepEqual(mentionAt('@wo rest', 3), { start: 0, query: 'wo' });
  });

  it('matches prefixes first, then names containing what was typed', () => {
    assert.deepEqual(matchMentions(''), ['workspace', 'file', 'folder', 'problems', 'selection', 'changes', 'terminal']);
    assert.deepEqual(matchMentions('f'), ['file', 'folder']);
    assert.deepEqual(matchMentions('er'), ['folder', 'terminal']);
    assert.deepEqual(matchMentions('zz'), []);
  });

  it('reads mentions written out in a message, once each, and leaves the question without them', () => {
    assert.deepEqual(parseMentions('@workspace where is parseConfig called?'), { kinds: ['workspace'], text: 'where is parseConfig called?' });
    assert.deepEqual(parseMentions('why does this fail? @problems @terminal @problems'), { kinds: ['problems', 'terminal'], text: 'why does this fail?' });
    assert.deepEqual(parseMentions('@WorkSpace，它在哪里？'), { kinds: ['workspace'], text: '，它在哪里？' });
  });

  it('leaves alone what is not a mention: unknown names, addresses, @file and @folder (they need a pick)', () => {
    for (const text of ['ask @someone', 'write to a@workspace.com', 'see @file for it', '@folder', '@workspaces are nice', 'x@selection']) {
      assert.deepEqual(parseMentions(text), { kinds: [], text }, text);
    }
  });
});

describe('chat mentions: the popup\'s keys', () => {
  const key = (k: string, extra: Partial<{ isComposing: boolean; keyCode: number; shiftKey: boolean; ctrlKey: boolean }> = {}) => ({ key: k, ...extra });

  it('opens on @ with every mention, filters as one types, and closes when nothing matches or the @ is gone', () => {
    const m = new MentionMenuState();
    m.update('@', 1);
    assert.equal(m.open, true);
    assert.equal(m.items.length, 7);
    m.update('@fo', 3);
    assert.deepEqual(m.items, ['folder']);
    m.update('@fox', 4);
    assert.equal(m.open, false);
    m.update('', 0);
    assert.equal(m.open, false);
  });

  it('moves with ↑/↓ (wrapping), picks with Enter or Tab, and replaces exactly the typed @…', () => {
    const m = new MentionMenuState();
    m.update('why @f', 6);
    assert.deepEqual(m.items, ['file', 'folder']);
    assert.equal(m.key(key('ArrowDown')), 'move');
    assert.equal(m.items[m.active], 'folder');
    assert.equal(m.key(key('ArrowDown')), 'move');
    assert.equal(m.items[m.active], 'file', 'wraps to the top');
    assert.equal(m.key(key('ArrowUp')), 'move');
    assert.equal(m.items[m.active], 'folder', 'wraps to the bottom');
    assert.equal(m.key(key('Enter')), 'pick');
    assert.deepEqual(m.picked(), { kind: 'folder', start: 4, end: 6 });
    m.update('@', 1);
    assert.equal(m.key(key('Tab')), 'pick');
    assert.equal(m.picked()?.kind, 'workspace');
  });

  it('keeps the active item while the same query is updated again, and starts from the top for a new one', () => {
    const m = new MentionMenuState();
    m.update('@', 1);
    m.key(key('ArrowDown'));
    m.update('@', 1);
    assert.equal(m.active, 1);
    m.update('@f', 2);
    assert.equal(m.active, 0);
  });

  it('Esc closes it and it stays closed for that @ (typing on does not reopen it), until another @ is typed', () => {
    const m = new MentionMenuState();
    m.update('@w', 2);
    assert.equal(m.key(key('Escape')), 'close');
    assert.equal(m.open, false);
    m.update('@wo', 3);
    assert.equal(m.open, false, 'the dismissed @ stays dismissed');
    m.update('@wo @', 5);
    assert.equal(m.open, true, 'a new @ opens it again');
  });

  it('leaves keys to the input method while it composes (Chinese input), and to the text area when closed', () => {
    const m = new MentionMenuState();
    m.update('@', 1);
    assert.equal(m.key(key('Enter', { isComposing: true })), 'pass', 'Enter confirms the composition, not the mention');
    assert.equal(m.key(key('ArrowDown', { keyCode: 229 })), 'pass');
    assert.equal(m.key(key('Enter', { shiftKey: true })), 'pass');
    assert.equal(m.key(key('Enter', { ctrlKey: true })), 'pass');
    assert.equal(m.key(key('a')), 'pass');
    // Text under composition is not text yet: the popup does not follow it.
    m.update('@w', 2, true);
    assert.deepEqual(m.items.length, 7);
    m.update('@w', 2, false);
    assert.deepEqual(m.items, ['workspace']);
    m.close();
    assert.equal(m.key(key('Enter')), 'pass', 'closed: Enter sends as always');
    assert.equal(m.picked(), undefined);
  });
});
