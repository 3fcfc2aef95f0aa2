import * as assert from 'node:assert/strict';
import { DeltaBatcher, type Delta, type Timers } from '../../../src/core/chat/batcher';
import { conversationToMarkdown, exportFileName, type ExportLabels } from '../../../src/core/chat/export';
import { emptyConversation } from '../../../src/core/chat/historyStore';
import { cleanTitle, clip, deriveTitle } from '../../../src/core/chat/title';

describe('chat titles', () => {
  it('takes the first line of words from the first message', () => {
    assert.equal(deriveTitle('How do I **reverse** a list in Python?\nMore details…', ''), 'How do I reverse a list in Python?');
    assert.equal(deriveTitle('```ts\nconst a = 1\n```\nWhat does `a` hold?', ''), 'What does a hold?');
    assert.equal(deriveTitle('# Heading\ntext', ''), 'Heading');
  });

  it('clips long titles at a word boundary, counting CJK characters as two columns', () => {
    const long = deriveTitle('Please explain the difference between processes and threads in operating systems', '');
    assert.ok(long.endsWith('…'));
    assert.ok(long.length <= 48);
    assert.ok(!/\s…$/.test(long));
    const zh = deriveTitle('请详细解释一下操作系统中进程和线程之间的区别以及它们各自的优缺点和使用场景', '');
    assert.ok(zh.endsWith('…'));
    assert.ok([...zh].length <= 25, zh);
  });

  it('falls back to the attachment label when the message has no words', () => {
    assert.equal(deriveTitle('', 'sample.ts:1-10'), 'sample.ts:1-10');
    assert.equal(deriveTitle('   ', ''), '…');
  });

  it('cleans titles the user types', () => {
    assert.equal(cleanTitle('  two\nlines  '), 'two lines');
    assert.equal(cleanTitle('   '), undefined);
    assert.equal([...cleanTitle('x'.repeat(500))!].length, 200);
    assert.equal(clip('short'), 'short');
  });
});

describe('Markdown export', () => {
  const labels: ExportLabels = {
    user: 'You', assistant: 'Hearth', model: (m) => `Model: ${m}`, exported: (d) => `Exported ${d}`,
    systemPrompt: 'System prompt', thinking: 'Thinking', stopped: 'Stopped', failed: (r) => `Failed: ${r}`,
  };

  it('writes every message with attachments, thinking and status', () => {
    const c = emptyConversation(0);
    c.title = 'Lists';
    c.model = 'llama3.2:3b';
    c.systemPrompt = 'Be brief.';
    c.messages = [
      { id: 'm1', role: 'user', content: 'Why?', createdAt: 1, attachments: [{ id: 'a', kind: 'selection', label: 'a.py:1', language: 'python', content: 'x = [1]\n```' }] },
      { id: 'm2', role: 'assistant', content: 'Because.', createdAt: 2, model: 'llama3.2:3b', thinking: 'hmm', status: 'stopped' },
      { id: 'm3', role: 'user', content: 'And?', createdAt: 3 },
      { id: 'm4', role: 'assistant', content: '', createdAt: 4, status: 'error', error: 'lost' },
    ];
    const md = conversationToMarkdown(c, labels, new Date('2025-01-02T03:04:00Z'));
    assert.match(md, /^# Lists\n\n\*Exported 2025-01-02 03:04 · Model: llama3\.2:3b\*/);
    assert.match(md, /\*\*System prompt\*\*\n\n> Be brief\./);
    assert.match(md, /## You\n\n\*a\.py:1\*\n\n````python\nx = \[1\]\n```\n````/);
    assert.match(md, /## Hearth \(llama3\.2:3b\)\n\n<details><summary>Thinking<\/summary>\n\n> hmm/);
    assert.match(md, /Because\.\n\n\*Stopped\*/);
    assert.match(md, /\*Failed: lost\*\n$/);
  });

  it('makes a safe file name from the title', () => {
    assert.equal(exportFileName('a/b: c?'), 'a b c.md');
    assert.equal(exportFileName('...'), 'chat.md');
    assert.equal(exportFileName('关于列表'), '关于列表.md');
  });

  it('makes a clean file name: nothing Windows or macOS refuse, no hidden file, bounded, from the title', () => {
    // What the default name of the save dialog must never be.
    // eslint-disable-next-line no-control-regex -- control characters are what it checks for
    const unsafe = /[\\/:*?"<>|\u0000-\u001f\u007f]|^[. ]|[. ]\.md$/;
    const titles = [
      '.env values?',
      '..\\..\\etc/passwd',
      'What does `a<b>` | c do?*',
      'Tabs\tand\nnew lines\r\n',
      'ends with dots...',
      ' leading space',
      'CON',
      'nul.txt',
      'com1',
      'Why is this slow…',
      'abc\u202eexe.md',
      'zero\u200bwidth',
      '😀'.repeat(100),
      '长'.repeat(200),
      'a'.repeat(79) + ' b',
      '',
      '\u0000\u0001',
    ];
    for (const title of titles) {
      const name = exportFileName(title);
      assert.ok(name.endsWith('.md'), name);
      assert.doesNotMatch(name, unsafe, `${JSON.stringify(title)} → ${JSON.stringify(name)}`);
      assert.ok([...name].length <= 83, `${name} is bounded`);
      assert.ok(Buffer.byteLength(name) <= 255, `${name} fits 255 bytes`);
      assert.doesNotMatch(name.slice(0, -3), /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i, `${name} is no device name`);
    }
    assert.equal(exportFileName('.env values?'), 'env values.md');
    assert.equal(exportFileName('ends with dots...'), 'ends with dots.md');
    assert.equal(exportFileName('Why is this slow…'), 'Why is this slow.md');
    assert.equal(exportFileName('CON'), 'CON_.md');
    assert.equal(exportFileName('nul.txt'), 'nul_.txt.md');
    assert.equal(exportFileName('abc\u202eexe.md'), 'abc exe.md.md');
    assert.equal(exportFileName('a'.repeat(79) + ' b'), `${'a'.repeat(79)}.md`);
    assert.equal(exportFileName('😀'.repeat(100)), `${'😀'.repeat(60)}.md`, 'cut between characters, not inside one, within 240 bytes');
    assert.equal(exportFileName('长'.repeat(200)), `${'长'.repeat(80)}.md`);
    assert.equal(exportFileName('\u0000\u0001'), 'chat.md');
  });
});

describe('delta batcher', () => {
  function fakeTimers(): Timers & { advance(ms: number): void } {
    let now = 0;
    let queue: { at: number; fn: () => void; id: number }[] = [];
    let next = 1;
    return {
      now: () => now,
      setTimeout: (fn, ms) => { const id = next++; queue.push({ at: now + ms, fn, id }); return id; },
      clearTimeout: (id) => { queue = queue.filter((t) => t.id !== id); },
      advance(ms) {
        now += ms;
        const due = queue.filter((t) => t.at <= now);
        queue = queue.filter((t) => t.at > now);
        due.forEach((t) => t.fn());
      },
    };
  }

  it('sends the first token at once, then at most one batch per interval, losing nothing', () => {
    const timers = fakeTimers();
    const out: Delta[] = [];
    const b = new DeltaBatcher((d) => out.push(d), 33, timers);
    b.push('a');
    assert.equal(out.length, 1);
    for (let i = 0; i < 100; i++) {
      b.push('x', i === 50 ? 't' : '');
      timers.advance(1);
    }
    b.flush();
    assert.ok(out.length <= 1 + Math.ceil(100 / 33) + 1, `${out.length} batches`);
    assert.equal(out.map((d) => d.text).join(''), `a${'x'.repeat(100)}`);
    assert.equal(out.map((d) => d.thinking).join(''), 't');
  });

  it('drops nothing on flush and nothing after dispose', () => {
    const timers = fakeTimers();
    const out: Delta[] = [];
    const b = new DeltaBatcher((d) => out.push(d), 33, timers);
    b.push('a');
    b.push('b');
    b.flush();
    assert.deepEqual(out.map((d) => d.text), ['a', 'b']);
    b.push('c');
    b.dispose();
    timers.advance(100);
    assert.equal(out.length, 2);
  });
});
