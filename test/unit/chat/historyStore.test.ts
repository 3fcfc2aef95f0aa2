// The history store on a real temporary folder: atomic writes, corrupt files moved aside, the index
// rebuilt, and two store instances (two windows) writing at once without losing a conversation.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptyConversation, HistoryStore, InvalidConversationIdError, type CorruptFile } from '../../../src/core/chat/historyStore';
import { withFileLock, writeFileAtomic } from '../../../src/core/chat/files';
import { isConversationId, newId } from '../../../src/core/chat/ids';
import type { Conversation, StoredMessage } from '../../../src/core/chat/types';

function message(role: 'user' | 'assistant', content: string): StoredMessage {
  return { id: newId('m'), role, content, createdAt: Date.now(), status: role === 'assistant' ? 'done' : undefined };
}

function conversation(title: string, ...texts: string[]): Conversation {
  const c = emptyConversation();
  c.title = title;
  c.messages = texts.map((t, i) => message(i % 2 === 0 ? 'user' : 'assistant', t));
  return c;
}

describe('chat history store', () => {
  let dir: string;
  let store: HistoryStore;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hearth-history-'));
    store = new HistoryStore(dir);
  });
  afterEach(async () => {
    store.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('saves, lists (newest first) and loads conversations', async () => {
    const a = (await store.save(conversation('first', 'hello', 'hi'))).conversation;
    const b = conversation('second', '你好');
    b.updatedAt = a.updatedAt + 10;
    await store.save(b);
    const list = await store.list();
    assert.deepEqual(list.map((s) => s.title), ['second', 'first']);
    assert.equal(list[1].messageCount, 2);
    const loaded = await store.load(a.id);
    assert.deepEqual(loaded?.messages.map((m) => m.content), ['hello', 'hi']);
    assert.equal(loaded?.revision, 1);
  });

  it('returns undefined for a conversation that does not exist', async () => {
    assert.equal(await store.load(newId('c')), undefined);
  });

  it('writes atomically: no temporary file is left and a reader never sees half a file', async () => {
    const c = conversation('big', 'x'.repeat(2_000_000));
    const saved = (await store.save(c)).conversation;
    const readers = Array.from({ length: 20 }, async () => {
      const text = await fs.readFile(store.fileOf(saved.id), 'utf8');
      JSON.parse(text); // throws on a torn file
    });
    saved.messages.push(message('assistant', 'y'.repeat(1_000_000)));
    await Promise.all([store.save(saved), ...readers]);
    const names = await fs.readdir(dir);
    assert.deepEqual(names.filter((n) => n.endsWith('.tmp')), []);
  });

  it('moves a corrupt file aside with a report, and keeps listing the others', async () => {
    const good = (await store.save(conversation('good', 'fine'))).conversation;
    const bad = (await store.save(conversation('bad', 'soon broken'))).conversation;
    await fs.writeFile(store.fileOf(bad.id), '{"format":1,"id":"trunc');
    const reports: CorruptFile[] = [];
    store.onDidFindCorruptFile((r) => reports.push(r));
    const list = await store.list();
    assert.deepEqual(list.map((s) => s.id), [good.id]);
    assert.equal(reports.length, 1);
    assert.match(path.basename(reports[0].movedTo), /\.corrupt-/);
    assert.ok((await fs.stat(reports[0].movedTo)).isFile(), 'the corrupt file is kept for the user');
    assert.equal(await store.load(bad.id), undefined);
  });

  it('treats a valid JSON file of the wrong shape as corrupt', async () => {
    const c = (await store.save(conversation('shape', 'a'))).conversation;
    await fs.writeFile(store.fileOf(c.id), JSON.stringify({ ...c, messages: [{ role: 'user' }] }));
    const reports: CorruptFile[] = [];
    store.onDidFindCorruptFile((r) => reports.push(r));
    assert.equal(await store.load(c.id), undefined);
    assert.match(reports[0]?.reason ?? '', /message 0/);
  });

  it('rebuilds a missing or corrupt index from the files', async () => {
    const c = (await store.save(conversation('indexed', 'a'))).conversation;
    await store.list();
    await fs.writeFile(path.join(dir, 'index.json'), 'not json at all');
    assert.deepEqual((await new HistoryStore(dir).list()).map((s) => s.id), [c.id]);
    await fs.rm(path.join(dir, 'index.json'));
    assert.deepEqual((await new HistoryStore(dir).list()).map((s) => s.id), [c.id]);
    const index = JSON.parse(await fs.readFile(path.join(dir, 'index.json'), 'utf8'));
    assert.ok(index.entries[c.id], 'the index is written again');
  });

  it('notices a conversation changed by another window even when the index says otherwise', async () => {
    const c = (await store.save(conversation('before', 'a'))).conversation;
    await store.list();
    const other = new HistoryStore(dir);
    const theirs = (await other.load(c.id))!;
    theirs.title = 'renamed elsewhere';
    theirs.titleEdited = true;
    await other.save(theirs);
    assert.deepEqual((await store.list()).map((s) => s.title), ['renamed elsewhere']);
  });

  it('deletes a conversation', async () => {
    const c = (await store.save(conversation('gone', 'a'))).conversation;
    await store.delete(c.id);
    assert.deepEqual(await store.list(), []);
    await store.delete(c.id); // deleting twice is fine
  });

  describe('two windows on one folder', () => {
    it('loses no conversation when both save many conversations at once', async () => {
      const other = new HistoryStore(dir);
      const ours = Array.from({ length: 25 }, (_, i) => conversation(`window A ${i}`, `question ${i}`));
      const theirs = Array.from({ length: 25 }, (_, i) => conversation(`window B ${i}`, `question ${i}`));
      await Promise.all([...ours.map((c) => store.save(c)), ...theirs.map((c) => other.save(c)), store.list(), other.list()]);
      const titles = new Set((await store.list()).map((s) => s.title));
      assert.equal(titles.size, 50);
      assert.deepEqual((await other.list()).length, 50);
    });

    it('keeps both copies when both windows add to the same conversation', async () => {
      const base = (await store.save(conversation('shared', 'q1', 'a1'))).conversation;
      const other = new HistoryStore(dir);
      const a = structuredClone(base);
      const b = (await other.load(base.id))!;
      a.messages.push(message('user', 'from window A'));
      b.messages.push(message('user', 'from window B'));
      const [ra, rb] = await Promise.all([store.save(a), other.save(b)]);
      const forked = [ra, rb].filter((r) => r.forkedFrom);
      assert.equal(forked.length, 1, 'exactly one window saves its copy as a new conversation');
      const all = await Promise.all((await store.list()).map((s) => store.load(s.id)));
      const lastTexts = all.map((c) => c?.messages.at(-1)?.content).sort();
      assert.deepEqual(lastTexts, ['from window A', 'from window B']);
      assert.ok(all.every((c) => c?.messages[0].content === 'q1'), 'the fork keeps the earlier turns');
    });

    it('lets a window extend a conversation the other one only renamed', async () => {
      const base = (await store.save(conversation('old title', 'q1'))).conversation;
      const other = new HistoryStore(dir);
      const theirs = (await other.load(base.id))!;
      theirs.title = 'new title';
      theirs.titleEdited = true;
      await other.save(theirs);
      const ours = structuredClone(base);
      ours.messages.push(message('assistant', 'answer'));
      const result = await store.save(ours);
      assert.equal(result.forkedFrom, undefined);
      const loaded = (await store.load(base.id))!;
      assert.equal(loaded.title, 'new title');
      assert.equal(loaded.messages.length, 2);
      assert.equal(loaded.revision, 3);
    });

    it('saves repeatedly from one window without conflicts (streaming saves)', async () => {
      let c = (await store.save(conversation('stream', 'q'))).conversation;
      const answer = message('assistant', '');
      c.messages.push(answer);
      for (let i = 0; i < 10; i++) {
        answer.content += `token${i} `;
        const r = await store.save(c);
        assert.equal(r.forkedFrom, undefined);
        c = { ...r.conversation, messages: c.messages };
      }
      assert.match((await store.load(c.id))!.messages[1].content, /token9/);
    });
  });
});

describe('file primitives', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hearth-files-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('runs locked sections one at a time across lock holders', async () => {
    const file = path.join(dir, 'x.json');
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(file, async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await new Promise((r) => setTimeout(r, 5));
          inside--;
        }),
      ),
    );
    assert.equal(maxInside, 1);
  });

  it('breaks a stale lock left by a crashed process', async () => {
    const file = path.join(dir, 'y.json');
    await fs.writeFile(`${file}.lock`, '99999');
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(`${file}.lock`, old, old);
    assert.equal(await withFileLock(file, async () => 'ran', { staleMs: 1_000, timeoutMs: 2_000 }), 'ran');
  });

  it('gives up on a live lock after the timeout', async () => {
    const file = path.join(dir, 'z.json');
    await fs.writeFile(`${file}.lock`, '1');
    await assert.rejects(withFileLock(file, async () => 'ran', { staleMs: 60_000, timeoutMs: 100 }), /lock/);
  });

  it('replaces a file atomically', async () => {
    const file = path.join(dir, 'a.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    assert.equal(await fs.readFile(file, 'utf8'), 'two');
    assert.deepEqual(await fs.readdir(dir), ['a.json']);
  });
});

describe('chat history store: ids are checked by the store itself', () => {
  let root: string;
  let dir: string;
  let store: HistoryStore;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'hearth-history-ids-'));
    dir = path.join(root, 'a', 'history');
    await fs.mkdir(dir, { recursive: true });
    store = new HistoryStore(dir);
    // Files outside the history folder that hostile ids would reach (c-/../../../victim.json is root/victim.json).
    await fs.writeFile(path.join(root, 'victim.json'), 'keep me');
    await fs.writeFile(path.join(root, 'evil.json'), JSON.stringify(conversation('outside', 'secret')));
  });
  afterEach(async () => {
    store.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  const HOSTILE: unknown[] = [
    '/../../../victim',
    '/../../../evil',
    '../../x',
    '../../../victim',
    '..',
    '.',
    '',
    '/etc/passwd',
    'C:\\Windows\\win.ini',
    'a/b',
    'a\\b',
    'c0000000000000000\u0000',
    '\u0000',
    'c'.repeat(10_000),
    'c' + '0'.repeat(16), // one digit short
    'c' + '0'.repeat(18), // one digit long
    'C' + '0'.repeat(17), // upper case
    'm' + '0'.repeat(17), // a message id, not a conversation id
    'c' + '0'.repeat(16) + '.',
    'c' + '0'.repeat(16) + '-',
    'c' + '0'.repeat(16) + 'A',
    'c' + '0'.repeat(16) + '\u00e9',
    ' c' + '0'.repeat(17),
    'nothere',
    undefined,
    null,
    42,
  ];

  for (const id of HOSTILE) {
    it(`refuses ${typeof id === 'string' && id.length > 40 ? `${JSON.stringify(id.slice(0, 20))}… (${id.length} characters)` : JSON.stringify(id) ?? String(id)} in load, save and delete`, async () => {
      const bad = id as string;
      assert.throws(() => store.fileOf(bad), InvalidConversationIdError);
      await assert.rejects(store.load(bad), InvalidConversationIdError);
      await assert.rejects(store.delete(bad), InvalidConversationIdError);
      await assert.rejects(store.save({ ...conversation('x', 'y'), id: bad }), InvalidConversationIdError);
      // Nothing outside the folder was read, written or removed.
      assert.deepEqual((await fs.readdir(root)).sort(), ['a', 'evil.json', 'victim.json']);
      assert.equal(await fs.readFile(path.join(root, 'victim.json'), 'utf8'), 'keep me');
      assert.deepEqual(await fs.readdir(dir), []);
    });
  }

  it('accepts exactly what newId makes, and lists only such files', async () => {
    for (let i = 0; i < 100; i++) assert.ok(isConversationId(newId('c')));
    const saved = (await store.save(conversation('mine', 'hi'))).conversation;
    // A file whose name is not a conversation id (copied in by hand, or left by a hostile tool) is not listed or loaded.
    await fs.writeFile(path.join(dir, 'c-notanid.json'), JSON.stringify({ ...conversation('stray', 'x'), id: 'notanid' }));
    assert.deepEqual((await store.list()).map((s) => s.id), [saved.id]);
    assert.equal((await store.load(saved.id))?.title, 'mine');
    await store.delete(saved.id);
    assert.equal(await store.load(saved.id), undefined);
  });
});
