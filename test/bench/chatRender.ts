// Measures the chat renderer while streaming: 4 000 tokens of a realistic answer (prose, lists, code in
// several languages, a table) at 100 and at 1 000 tokens per second, in headless Chromium, with the
// view's stylesheet so that layout is included. Reports render cost per token, renders per second and
// the webview bundle size. Figures, not pass/fail.
//   node esbuild.mjs --production && node esbuild.mjs --tests && node out/test/bench/chatRender.js [rates…]
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { tokenize } from '../support/standin/tokens';
import type { PageResult } from './chatRenderPage';

const ROOT = path.resolve(__dirname, '..', '..', '..');

export const SECTION = [
  '## Reading a file line by line',
  '',
  'There are **three** common ways to do this, and the right one depends on the size of the file and on whether you need the lines all at once. Here is the `readline` approach, which streams:',
  '',
  '```typescript',
  "import { createReadStream } from 'node:fs';",
  "import { createInterface } from 'node:readline';",
  '',
  'export async function countLines(file: string): Promise<number> {',
  '  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });',
  '  let count = 0;',
  '  for await (const _line of lines) count++;',
  '  return count;',
  '}',
  '```',
  '',
  'In Python the file object is already an iterator:',
  '',
  '```python',
  'def count_lines(path: str) -> int:',
  '    with open(path, encoding="utf-8") as f:',
  '        return sum(1 for _ in f)',
  '```',
  '',
  '| approach | memory | speed |',
  '|---|---|---|',
  '| `readFile` + `split` | whole file | fast for small files |',
  '| `readline` | one line | good |',
  '| streams + manual split | one chunk | fastest |',
  '',
  '1. Prefer streaming for files over a few megabytes.',
  '2. Mind the encoding: *UTF-8* is the default, but not always right.',
  '   - Windows tools may write UTF-16.',
  '3. See [the Node.js docs](https://nodejs.org/api/readline.html) for details.',
  '',
  '> Note: `crlfDelay: Infinity` treats `\\r\\n` as a single line break.',
  '',
].join('\n');

function answerTokens(count: number): string[] {
  const tokens: string[] = [];
  while (tokens.length < count) tokens.push(...tokenize(SECTION));
  return tokens.slice(0, count);
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface ChatRenderFigures {
  tokensPerSecond: number;
  tokens: number;
  chars: number;
  renders: number;
  rendersPerSecond: number;
  renderMsTotal: number;
  renderUsPerToken: number;
  renderMsP50: number;
  renderMsP95: number;
  renderMsMax: number;
  finalRenderMs: number;
  /** Share of the stream's wall time spent rendering. */
  busyShare: number;
}

export async function bundleSizes(): Promise<Record<string, { bytes: number; gzip: number }>> {
  const dir = path.join(ROOT, 'dist', 'webview');
  const out: Record<string, { bytes: number; gzip: number }> = {};
  for (const name of fs.readdirSync(dir).filter((f) => !f.endsWith('.map'))) {
    const data = fs.readFileSync(path.join(dir, name));
    out[name] = { bytes: data.length, gzip: zlib.gzipSync(data).length };
  }
  return out;
}

/** Headless Chromium with the chat's stylesheet and the renderer page (chatRenderPage.ts) loaded. */
export async function withRenderPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const bundle = await esbuild.build({
    entryPoints: [path.join(ROOT, 'test', 'bench', 'chatRenderPage.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'warning',
  });
  const css = fs.readFileSync(path.join(ROOT, 'dist', 'webview', 'main.css'), 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    await page.setContent('<!DOCTYPE html><html><body class="vscode-dark"><div class="scroller"><div id="answer" class="markdown"></div></div></body></html>');
    await page.addStyleTag({ content: css });
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    return await fn(page);
  } finally {
    await browser.close();
  }
}

export async function measureChatRender(rates: number[] = [100, 1000], tokens = 4000): Promise<ChatRenderFigures[]> {
  return withRenderPage(async (page) => {
    const stream = answerTokens(tokens);
    const figures: ChatRenderFigures[] = [];
    for (const rate of rates) {
      const r = await page.evaluate(([t, p]) => (window as unknown as { runChatBench(t: string[], p: number): Promise<PageResult> }).runChatBench(t, p), [stream, rate] as const);
      figures.push({
        tokensPerSecond: rate,
        tokens: r.tokens,
        chars: r.chars,
        renders: r.renders,
        rendersPerSecond: r.renders / (r.streamMs / 1000),
        renderMsTotal: r.renderMs,
        renderUsPerToken: (r.renderMs * 1000) / r.tokens,
        renderMsP50: percentile(r.durations, 50),
        renderMsP95: percentile(r.durations, 95),
        renderMsMax: r.maxRenderMs,
        finalRenderMs: r.finishMs,
        busyShare: r.renderMs / r.streamMs,
      });
    }
    return figures;
  });
}

if (require.main === module) {
  void (async () => {
    const rates = process.argv.slice(2).map(Number).filter((n) => n > 0);
    const figures = await measureChatRender(rates.length ? rates : [100, 1000]);
    const f = (n: number, d = 2): string => n.toFixed(d);
    console.log('tokens/s | renders | renders/s | render µs/token | render ms p50 / p95 / max | final render ms | time rendering');
    for (const x of figures) {
      console.log(`${x.tokensPerSecond} | ${x.renders} | ${f(x.rendersPerSecond, 1)} | ${f(x.renderUsPerToken, 1)} | ${f(x.renderMsP50)} / ${f(x.renderMsP95)} / ${f(x.renderMsMax)} | ${f(x.finalRenderMs)} | ${f(x.busyShare * 100, 1)}%`);
    }
    for (const [name, size] of Object.entries(await bundleSizes())) console.log(`${name}: ${(size.bytes / 1024).toFixed(1)} KB (${(size.gzip / 1024).toFixed(1)} KB gzip)`);
    console.log(JSON.stringify(figures));
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
