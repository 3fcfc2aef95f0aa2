// The chat renderer against XSS payloads in model output, and the incremental (streaming) renderer
// against the full render, and the bounds on what rendering model output may cost.
import * as assert from 'node:assert/strict';
import { renderDocument } from '../../../src/webview/render/document';
import { IncrementalMarkdown, type RenderOp } from '../../../src/webview/render/incremental';
import { DEFAULT_LIMITS, type RenderLimits } from '../../../src/webview/render/limits';
import { fenceLanguage, isSafeLink, MarkdownRenderer } from '../../../src/webview/render/markdown';
import { chunkText, opsToHtml } from '../../../src/webview/render/plain';
import { findUnsafeMarkup } from '../../../src/webview/render/safety';

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" onerror="alert(1)"/>',
  '<svg onload=alert(1)><circle r=1></svg>',
  '<iframe src="https://evil.example"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>">',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<a href="javascript:alert(1)">click</a>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<style>body{display:none}</style>',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<base href="https://evil.example/">',
  '<form action="https://evil.example"><button>go</button></form>',
  '<details open ontoggle=alert(1)>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](javascript&colon;alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](&#x6A;avascript:alert(1))',
  '[click](%6A%61%76%61script:alert(1))',
  '[click]( javascript:alert(1))',
  '[click](java\tscript:alert(1))',
  '[click](<javascript:alert(1)>)',
  '<javascript:alert(1)>',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](data:text/html,<script>alert(1)</script>)',
  '![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![img](javascript:alert(1))',
  '![img](https://evil.example/track.png)',
  '[file](file:///etc/passwd)',
  '[cmd](command:workbench.action.terminal.new)',
  '[vs](vscode://ms-vscode.remote/x)',
  '[rel](../../secret)',
  '[x](https://ok.example" onmouseover="alert(1))',
  '[x](https://ok.example "title\\" onmouseover=\\"alert(1)")',
  '<https://ok.example/"onmouseover="alert(1)>',
  '[x][ref]\n\n[ref]: javascript:alert(1)',
  '```"><script>alert(1)</script>\ncode\n```',
  '```js onload=alert(1)\nlet a = 1;\n```',
  '`<script>alert(1)</script>`',
  '    <script>alert(1)</script>',
  '> <img src=x onerror=alert(1)>',
  '- <svg/onload=alert(1)>',
  '| a | b |\n|---|---|\n| <script>x</script> | <img src=x onerror=y> |',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<!-- <script>alert(1)</script> -->',
  '<scr<script>ipt>alert(1)</script>',
];

describe('chat renderer: model output is never HTML', () => {
  const renderer = new MarkdownRenderer();

  for (const payload of PAYLOADS) {
    it(`renders safely: ${JSON.stringify(payload).slice(0, 70)}`, () => {
      for (const streaming of [false, true]) {
        const html = renderer.render(payload, { streaming });
        assert.deepEqual(findUnsafeMarkup(html), [], html);
        assert.ok(!/<(script|iframe|img|svg|object|embed|style|link|meta|base|form|math|details)\b/i.test(html), html);
        assert.ok(!/<[^>]*\son\w+\s*=/i.test(html), html);
      }
    });
  }

  it('keeps the raw HTML visible as text', () => {
    const html = renderer.render('Use <script>alert(1)</script> carefully');
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('makes http(s) links and anchors clickable, and nothing else', () => {
    const html = renderer.render('[a](https://example.com/x?y=1) [b](http://e.org) [c](#section) [d](mailto:x@y.z) https://auto.example/path');
    assert.match(html, /<a href="https:\/\/example\.com\/x\?y=1"/);
    assert.match(html, /<a href="http:\/\/e\.org"/);
    assert.match(html, /<a href="#section"/);
    assert.match(html, /<a href="https:\/\/auto\.example\/path"/);
    assert.ok(!html.includes('href="mailto'));
    assert.deepEqual(findUnsafeMarkup(html), []);
  });

  it('shows images as links (never loads them)', () => {
    const html = renderer.render('![diagram](https://example.com/d.png)');
    assert.ok(!html.includes('<img'));
    assert.match(html, /<a href="https:\/\/example\.com\/d\.png" class="external-link image-link"/);
  });

  it('accepts only http(s) and # links', () => {
    for (const ok of ['https://a.b', 'http://a.b/c', '#x']) assert.ok(isSafeLink(ok), ok);
    for (const bad of ['javascript:x', 'data:text/html,x', 'file:///x', 'vscode://x', 'command:x', '//evil.example', 'java\u0000script:x', 'https\n://x']) assert.ok(!isSafeLink(bad), bad);
  });

  it('highlights known languages and adds the code actions', () => {
    const html = renderer.render('```python\ndef f(x):\n    return x\n```');
    assert.match(html, /<div class="code-block" data-lang="python">/);
    assert.match(html, /<span class="hljs-keyword">def<\/span>/);
    for (const action of ['copy', 'insert', 'replace', 'newFile']) assert.match(html, new RegExp(`data-action="${action}"`));
    assert.deepEqual(findUnsafeMarkup(html), []);
  });

  it('shows unknown languages plain and escaped', () => {
    const html = renderer.render('```brainfun\n<b>not bold</b>\n```');
    assert.match(html, /&lt;b&gt;not bold&lt;\/b&gt;/);
    assert.equal(fenceLanguage('"><script>'), '');
    assert.equal(fenceLanguage('TypeScript title="x"'), 'typescript');
  });

  it('renders a huge code block without highlighting it, and a 100 000-character answer', () => {
    const code = 'let x = 1;\n'.repeat(10_000);
    const html = renderer.render(`\`\`\`js\n${code}\`\`\``);
    assert.ok(!html.includes('hljs-keyword'), 'a block over the limit stays plain');
    assert.ok(html.includes('let x = 1;'));
    const answer = Array.from({ length: 1500 }, (_, i) => `Paragraph ${i} with **bold** and \`code\` and a [link](https://e.x/${i}).`).join('\n\n');
    assert.ok(answer.length > 100_000);
    const big = renderer.render(answer);
    assert.equal((big.match(/<p>/g) ?? []).length, 1500);
    assert.deepEqual(findUnsafeMarkup(big), []);
  });

  it('the audit itself catches what it must', () => {
    assert.notDeepEqual(findUnsafeMarkup('<img src=x onerror=alert(1)>'), []);
    assert.notDeepEqual(findUnsafeMarkup('<a href="javascript:alert(1)">x</a>'), []);
    assert.notDeepEqual(findUnsafeMarkup('<a href="&#106;avascript:x">x</a>'), []);
    assert.notDeepEqual(findUnsafeMarkup('<p style="x">y</p>'), []);
    assert.notDeepEqual(findUnsafeMarkup('<p onclick=\'x\'>y</p>'), []);
    assert.deepEqual(findUnsafeMarkup('<p>&lt;script&gt;</p>'), []);
  });
});

/** Feeds `text` to an IncrementalMarkdown `chunkSize` characters at a time, then ends the stream. */
function streamed(renderer: MarkdownRenderer, text: string, chunkSize: number, limits: RenderLimits = DEFAULT_LIMITS): { html: string; ops: RenderOp[]; tails: string[] } {
  const inc = new IncrementalMarkdown(renderer, limits);
  let ops: RenderOp[] = [];
  const tails: string[] = [];
  for (let i = 0; i < text.length; i += chunkSize) {
    inc.append(text.slice(i, i + chunkSize));
    const update = inc.update();
    if (update.reset) ops = [];
    ops.push(...update.ops);
    tails.push(update.tail);
  }
  const end = inc.update({ final: true });
  ops.push(...end.ops);
  assert.equal(end.tail, '', 'the final update leaves no growing block');
  return { html: opsToHtml(ops, renderer, limits.plainChunkChars, 0), ops, tails };
}

/** The plain text of the segments the operations open, in order. */
function plainTexts(ops: RenderOp[]): { kind: string; lang?: string; text: string }[] {
  const out: { kind: string; lang?: string; text: string }[] = [];
  for (const op of ops) {
    if (op.op === 'open') out.push({ kind: op.kind, lang: op.lang, text: '' });
    else if (op.op === 'text') out[out.length - 1].text += op.text;
  }
  return out;
}

describe('chat renderer: incremental streaming', () => {
  const renderer = new MarkdownRenderer();
  const SAMPLE = [
    '# Title\n\nSome text with **bold** and a [link](https://x.y).\n\n',
    '- one\n- two\n  - nested\n\n1. first\n2. second\n\n',
    '```ts\nconst a: number = 1;\n\nfunction f() {\n  return a;\n}\n```\n\n',
    '> quoted\n> lines\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n',
    'Setext heading\n===\n\nA paragraph\nthat continues.\n\n---\n\nEnd `code`.\n',
  ].join('');

  for (const size of [1, 3, 7, 16, 50]) {
    it(`matches the full render when fed ${size} characters at a time`, () => {
      assert.equal(streamed(renderer, SAMPLE, size).html, renderer.render(SAMPLE));
    });
  }

  it('re-renders only the last block: committed text grows and is never re-parsed', () => {
    const inc = new IncrementalMarkdown(renderer);
    inc.append('para one\n\npara two\n\npara');
    inc.update();
    const before = inc.committedLength;
    assert.ok(before >= 'para one\n\npara two\n\n'.length);
    inc.append(' three');
    const update = inc.update();
    assert.deepEqual(update.ops, []);
    assert.equal(update.tail, '<p>para three</p>\n');
  });

  it('commits the last block when the stream ends, even when it is the only one', () => {
    const inc = new IncrementalMarkdown(renderer);
    inc.append('just one paragraph');
    assert.equal(inc.update().tail, '<p>just one paragraph</p>\n');
    const end = inc.update({ final: true });
    assert.deepEqual(end.ops, [{ op: 'html', html: '<p>just one paragraph</p>\n' }]);
    assert.equal(end.tail, '');
    assert.equal(inc.committedLength, 'just one paragraph'.length);
  });

  it('starts over when the text is replaced rather than extended', () => {
    const inc = new IncrementalMarkdown(renderer);
    inc.append('first\n\nsecond\n\nthird');
    inc.update();
    inc.reset('other text');
    const update = inc.update();
    assert.equal(update.reset, true);
    assert.equal(update.tail, '<p>other text</p>\n');
  });

  it('normalizes Windows line ends, also when \\r and \\n arrive in different chunks', () => {
    assert.equal(streamed(renderer, 'a\r\n\r\nb\r\nc', 1).html, renderer.render('a\n\nb\nc'));
    assert.equal(streamed(renderer, 'a\r\n\r\nb', 2).html, renderer.render('a\n\nb'));
  });
});

describe('chat renderer: bounded cost whatever the model sends', () => {
  const renderer = new MarkdownRenderer();

  /** A renderer that records the size of every text it parses. */
  function counting(): { renderer: MarkdownRenderer; parsed: number[] } {
    const r = new MarkdownRenderer();
    const parsed: number[] = [];
    const parse = r.parse.bind(r);
    r.parse = (source: string) => {
      parsed.push(source.length);
      return parse(source);
    };
    return { renderer: r, parsed };
  }

  it('never parses more than one block-sized window at a time, however large the growing block', () => {
    const { renderer: r, parsed } = counting();
    const text = 'word '.repeat(100_000); // one 500 KB paragraph
    const inc = new IncrementalMarkdown(r);
    for (let i = 0; i < text.length; i += 10_000) {
      inc.append(text.slice(i, i + 10_000));
      inc.update();
    }
    inc.update({ final: true });
    assert.ok(parsed.length > 0);
    assert.ok(Math.max(...parsed) <= DEFAULT_LIMITS.blockMaxChars, `largest parse: ${Math.max(...parsed)}`);
    // Once the block is known to be oversized it is not parsed again at all.
    assert.ok(parsed.length <= 2, `parses: ${parsed.length}`);
  });

  it('streams an oversized block as plain text, appending only what is new, then resumes Markdown', () => {
    const big = 'line of **text**\n'.repeat(1000); // 17 KB paragraph
    const text = `# Before\n\n${big}\nAfter **bold**\n`;
    const { ops, html, tails } = streamed(renderer, text, 500);
    const plain = plainTexts(ops);
    assert.equal(plain.length, 1);
    assert.equal(plain[0].kind, 'text');
    assert.equal(plain[0].text, big.slice(0, -1), 'the block, as written, once');
    assert.match(html, /^<h1>Before<\/h1>\n<div class="md-plain"><div class="md-chunk">line of \*\*text\*\*\n/);
    assert.match(html, /<p>After <strong>bold<\/strong><\/p>\n$/);
    assert.ok(tails.every((t) => t.length < DEFAULT_LIMITS.blockMaxChars * 2), 'the growing block stays small');
    assert.deepEqual(findUnsafeMarkup(html), []);
  });

  it('keeps an indented continuation and a blank line inside a plain block', () => {
    const item = '- item with a long line of text that goes on\n\n  continued after a blank line\n';
    const text = item.repeat(200) + '\nNext paragraph\n';
    const plain = plainTexts(streamed(renderer, text, 333).ops);
    assert.equal(plain.length, 1);
    assert.equal(plain[0].text, item.repeat(200).slice(0, -1));
  });

  it('streams an oversized code fence into a code block without its fence lines', () => {
    const code = 'let x = 1;\n'.repeat(2000);
    const text = `Intro\n\n\`\`\`js\n${code}\`\`\`\n\nOutro\n`;
    const { ops, html } = streamed(renderer, text, 700);
    const plain = plainTexts(ops);
    assert.deepEqual(plain.map((p) => [p.kind, p.lang]), [['code', 'js']]);
    assert.equal(plain[0].text, code);
    assert.match(html, /<div class="code-block" data-lang="js">.*<pre><code class="hljs language-js"><span class="md-chunk">let x = 1;\n/s);
    assert.match(html, /<p>Outro<\/p>\n$/);
    assert.ok(!html.includes('```'));
    assert.deepEqual(findUnsafeMarkup(html), []);
  });

  it('a table growing past the line limit goes plain while it streams', () => {
    const table = '| a | b |\n|---|---|\n' + '| 1 | 2 |\n'.repeat(DEFAULT_LIMITS.blockMaxLines + 50);
    const { ops, tails } = streamed(renderer, table, 100);
    assert.equal(plainTexts(ops)[0]?.kind, 'text');
    assert.ok(tails.every((t) => (t.match(/<tr>/g) ?? []).length <= DEFAULT_LIMITS.blockMaxLines + 1));
  });

  it('renders only the first markdownMaxChars as Markdown, the rest as plain text with a note and a Copy button', () => {
    const para = (i: number): string => `Paragraph ${i} with **bold** <b>and</b> [a link](https://e.x/${i}).\n\n`;
    let text = '';
    for (let i = 0; text.length < 1_000_000; i++) text += para(i);
    for (const html of [streamed(renderer, text, 50_000).html, renderDocument(renderer, text)]) {
      const paragraphs = (html.match(/<p>/g) ?? []).length;
      assert.ok(paragraphs > 100 && paragraphs * para(0).length < DEFAULT_LIMITS.markdownMaxChars + DEFAULT_LIMITS.upgradeMaxChars, `paragraphs as Markdown: ${paragraphs}`);
      assert.equal((html.match(/class="md-rest"/g) ?? []).length, 1);
      assert.ok(html.includes('This answer is very long: the rest is shown as plain text.'));
      assert.match(html, /<button type="button" class="icon-button md-rest-copy" data-action="copy-answer"/);
      assert.ok(html.includes('Paragraph 9999 with **bold** &lt;b&gt;and&lt;/b&gt; [a link](https://e.x/9999).'), 'the rest is there, as text');
      assert.deepEqual(findUnsafeMarkup(html), []);
    }
  });

  it('past the cap, fenced code still becomes a code block (plain), with the text around it plain', () => {
    const code = 'print("a line of code")\n'.repeat(3000);
    const prose = Array.from({ length: 1200 }, (_, i) => `Paragraph ${i} says something **useful** about \`item_${i}\`.`).join('\n\n');
    const text = `${prose}\n\n\`\`\`python\n${code}\`\`\`\n\nAfter the code.\n`;
    for (const [html, ops] of [[renderDocument(renderer, text), undefined], [streamed(renderer, text, 3000).html, streamed(renderer, text, 3000).ops]] as const) {
      assert.ok(html.includes('class="md-rest"'));
      const blocks = html.match(/<div class="code-block" data-lang="python">/g) ?? [];
      assert.equal(blocks.length, 1, 'one code block');
      assert.ok(!html.includes('```python'), 'the fence lines are not shown');
      assert.match(html, /<div class="md-plain"><div class="md-chunk">\nAfter the code\.\n<\/div><\/div>\n$/);
      if (ops) assert.equal(plainTexts(ops).find((p) => p.kind === 'code')?.text, code);
    }
  });

  it('past the cap, gives at most restCodeBlocks fences a code block', () => {
    const text = 'Intro.\n\n' + 'Text\n\n```js\nlet a = 1;\n```\n\n'.repeat(40_000);
    const html = renderDocument(renderer, text);
    const rest = html.slice(html.indexOf('class="md-rest"'));
    assert.equal((rest.match(/class="code-block"/g) ?? []).length, DEFAULT_LIMITS.restCodeBlocks);
    assert.ok(rest.includes('```js\nlet a = 1;\n```'), 'later fences are plain text');
  });

  it('never waits on a long partial line (it would be scanned again each frame)', () => {
    const inc = new IncrementalMarkdown(renderer);
    inc.append('```\n' + 'code\n'.repeat(DEFAULT_LIMITS.blockMaxChars));
    assert.equal(plainTexts(inc.update().ops)[0]?.kind, 'code');
    inc.append('`'.repeat(300)); // could still become a closing fence, but not a sensible one
    assert.deepEqual(inc.update().ops, [{ op: 'text', text: '`'.repeat(300) }], 'shown at once as code');
    inc.append('``');
    assert.deepEqual(inc.update().ops, [{ op: 'text', text: '``' }]);
  });

  it('renders a finished answer under the cap in full (reference links defined later resolve)', () => {
    const text = 'See [the docs][d].\n\n[d]: https://docs.example/x\n';
    assert.equal(renderDocument(renderer, text), renderer.render(text));
    assert.match(renderDocument(renderer, text), /<a href="https:\/\/docs\.example\/x"/);
  });

  it('stops at the frame budget and finishes in later updates, with the same result', () => {
    const text = Array.from({ length: 1500 }, (_, i) => `## Heading ${i}\n\nText ${i}.\n\n`).join('');
    assert.ok(text.length > DEFAULT_LIMITS.fullRenderMaxChars && text.length < DEFAULT_LIMITS.markdownMaxChars);
    const unparted = (html: string): string => html.replace(/<div class="md-part">/g, '').replace(/<\/div>\n/g, '');
    let clock = 0;
    const now = (): number => (clock += 1);
    const limits = { ...DEFAULT_LIMITS, blockMaxChars: 512 };
    const inc = new IncrementalMarkdown(renderer, limits);
    inc.append(text);
    const ops: RenderOp[] = [];
    let updates = 0;
    for (;;) {
      const update = inc.update({ budgetMs: 6, now });
      updates++;
      ops.push(...update.ops);
      if (!update.more) break;
      assert.equal(update.tail, '', 'no growing block is shown while committed blocks are still being rendered');
    }
    ops.push(...inc.update({ final: true }).ops);
    assert.ok(updates > 3, `updates: ${updates}`);
    assert.equal(opsToHtml(ops, renderer, limits.plainChunkChars, 0), unparted(renderDocument(renderer, text, limits)));
    assert.equal(unparted(renderDocument(renderer, text, limits)), renderer.render(text));
  });

  it('groups committed Markdown of a long answer into parts (laid out only when visible)', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `Paragraph ${i}.\n\n`).join('');
    const html = renderDocument(renderer, text);
    const parts = (html.match(/<div class="md-part">/g) ?? []).length;
    assert.ok(parts > 3 && parts < 20, `parts: ${parts}`);
    assert.ok(html.startsWith('<div class="md-part"><p>Paragraph 0.</p>'));
  });

  it('shows a megabyte of plain text that arrives at once over several updates', () => {
    for (const text of ['word '.repeat(200_000), 'ab\n'.repeat(300_000), '```\n' + 'x = 1\n'.repeat(150_000)]) {
      const inc = new IncrementalMarkdown(renderer);
      inc.append(text);
      let shown = '';
      let updates = 0;
      for (;;) {
        const update = inc.update({ maxTextChars: DEFAULT_LIMITS.frameTextChars });
        updates++;
        const piece = update.ops.flatMap((op) => (op.op === 'text' ? [op.text] : [])).join('');
        assert.ok(piece.length <= 2 * DEFAULT_LIMITS.frameTextChars, `one update showed ${piece.length}`);
        shown += piece;
        if (!update.more) break;
      }
      shown += inc.update({ final: true }).ops.flatMap((op) => (op.op === 'text' ? [op.text] : [])).join('');
      assert.ok(updates > 20, `updates: ${updates}`);
      assert.equal(shown.length, text.startsWith('```') ? text.length - 4 : text.length - (text.endsWith('\n') ? 1 : 0), 'everything, once');
    }
  });

  it('bounds the link-label scan: thousands of unclosed [ or ![ are text, at linear cost', () => {
    for (const unit of ['[', '![', '[a', '![a](']) {
      const r = new MarkdownRenderer();
      const source = unit.repeat(20_000);
      let steps = 0;
      const skip = r.md.inline.skipToken.bind(r.md.inline);
      r.md.inline.skipToken = (state) => {
        if (++steps > 50 * source.length) throw new Error(`quadratic: ${unit}`);
        skip(state);
      };
      const html = r.render(source);
      assert.ok(html.startsWith('<p>'), unit);
      assert.ok(html.length >= source.length, unit);
    }
    assert.match(renderer.render('[ok](https://ok.example) and [[x]](https://y.example)'), /<a href="https:\/\/ok\.example"/);
  });

  it('model output in plain segments stays text', () => {
    const filler = 'x '.repeat(40_000);
    for (const payload of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))', '```"><script>x</script>\ny\n```']) {
      for (const text of [`${filler}\n\n${payload}\n\n${filler}`, `${filler}${payload}`, `\`\`\`${payload}\n${filler}\n\`\`\``]) {
        for (const html of [renderDocument(renderer, text), streamed(renderer, text, 4096).html]) {
          assert.deepEqual(findUnsafeMarkup(html), [], payload);
          assert.ok(!/<(script|img)\b/i.test(html), payload);
          assert.ok(!/<[^>]*\son\w+\s*=/i.test(html), payload);
        }
      }
    }
  });
});

describe('chat renderer: plain text chunks', () => {
  it('splits after a line end when one is near, never inside a surrogate pair, and loses nothing', () => {
    const text = ('abc\n'.repeat(10) + '😀'.repeat(20)).repeat(5);
    const pieces = chunkText(3, text, 16);
    assert.equal(pieces.join(''), text);
    assert.ok(pieces[0].length <= 13);
    for (const piece of pieces.slice(1)) {
      assert.ok(piece.length <= 16 && piece.length > 0);
      assert.ok(!/^[\udc00-\udfff]/.test(piece), 'no piece starts with half a pair');
    }
    assert.ok(pieces.some((p) => p.endsWith('\n')));
    assert.deepEqual(chunkText(16, 'xy', 16), ['', 'xy']);
    assert.deepEqual(chunkText(0, '', 16), ['']);
  });
});

describe('chat renderer: aligned tables', () => {
  it('aligns cells with classes, never with a style attribute', () => {
    const renderer = new MarkdownRenderer();
    const html = renderer.render('| l | c | r | n |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |');
    assert.ok(!html.includes('style'), html);
    assert.match(html, /<th class="hearth-align-left">l<\/th>/);
    assert.match(html, /<th class="hearth-align-center">c<\/th>/);
    assert.match(html, /<td class="hearth-align-right">3<\/td>/);
    assert.match(html, /<td>4<\/td>/);
    assert.deepEqual(findUnsafeMarkup(html), []);
  });
});
