// The chat renderer against XSS payloads in model output, and the incremental (streaming) renderer
// against the full render.
import * as assert from 'node:assert/strict';
import { IncrementalMarkdown } from '../../../src/webview/render/incremental';
import { fenceLanguage, isSafeLink, MarkdownRenderer } from '../../../src/webview/render/markdown';
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

describe('chat renderer: incremental streaming', () => {
  const renderer = new MarkdownRenderer();
  const SAMPLE = [
    '# Title\n\nSome text with **bold** and a [link](https://x.y).\n\n',
    '- one\n- two\n  - nested\n\n1. first\n2. second\n\n',
    '```ts\nconst a: number = 1;\n\nfunction f() {\n  return a;\n}\n```\n\n',
    '> quoted\n> lines\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n',
    'Setext heading\n===\n\nA paragraph\nthat continues.\n\n---\n\nEnd `code`.\n',
  ].join('');

  function streamed(text: string, chunkSize: number): string {
    const inc = new IncrementalMarkdown(renderer);
    let committed = '';
    let tail = '';
    for (let i = chunkSize; i < text.length + chunkSize; i += chunkSize) {
      const update = inc.update(text.slice(0, i));
      if (update.reset) committed = '';
      committed += update.committed;
      tail = update.tail;
    }
    return committed + tail;
  }

  for (const size of [1, 3, 7, 16, 50]) {
    it(`matches the full render when fed ${size} characters at a time`, () => {
      assert.equal(streamed(SAMPLE, size), renderer.render(SAMPLE));
    });
  }

  it('re-renders only the last block: committed text grows and is never re-parsed', () => {
    const inc = new IncrementalMarkdown(renderer);
    inc.update('para one\n\npara two\n\npara');
    const before = inc.committedLength;
    assert.ok(before >= 'para one\n\npara two\n\n'.length);
    const update = inc.update('para one\n\npara two\n\npara three');
    assert.equal(update.committed, '');
    assert.equal(update.tail, '<p>para three</p>\n');
  });

  it('starts over when the text is replaced rather than extended', () => {
    const inc = new IncrementalMarkdown(renderer);
    inc.update('first\n\nsecond\n\nthird');
    const update = inc.update('other text');
    assert.equal(update.reset, true);
    assert.equal(update.tail, '<p>other text</p>\n');
  });

  it('normalizes Windows line ends', () => {
    const inc = new IncrementalMarkdown(renderer);
    const u = inc.update('a\r\n\r\nb');
    assert.equal(u.committed + u.tail, renderer.render('a\n\nb'));
  });
});
