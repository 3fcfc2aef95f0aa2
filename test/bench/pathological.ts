// Hostile answers: what a model (or a server pretending to be one) may send, a megabyte each, streamed
// into the chat's real renderer and stylesheet in headless Chromium as the chat receives them. Reports
// per-frame main-thread time (p95, max), the longest stall between two frames, the final render and a
// render from scratch (a saved conversation opened again). Figures, not pass/fail.
//   node esbuild.mjs --production && node esbuild.mjs --tests && node out/test/bench/pathological.js [shape…]
import { percentile, SECTION, withRenderPage } from './chatRender';
import type { PathologicalResult } from './chatRenderPage';

export const SIZE = 1_000_000;

function fill(unit: string, size = SIZE): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

function lines(make: (i: number) => string, size = SIZE): string {
  const out: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const line = make(i);
    out.push(line);
    length += line.length;
  }
  return out.join('');
}

/** The shapes: those the review found freezing the view, and more of the same kind. */
export const SHAPES: Record<string, () => string> = {
  'short lines': () => fill('ab\n'),
  'table, 20 000+ rows': () => '| a | b | c |\n|---|:-:|--:|\n' + lines((i) => `| ${i} | x | y |\n`),
  'table, 100 000+ columns': () => {
    const columns = Math.floor(SIZE / 2 / 4);
    return `|${' c |'.repeat(columns)}\n|${'---|'.repeat(columns)}\n`;
  },
  'unclosed [': () => fill('['),
  'unclosed ![': () => fill('!['),
  '<': () => fill('<'),
  'links': () => lines((i) => `[link ${i}](https://example.com/${i}) `),
  'code fence': () => '```typescript\n' + lines((i) => `const value${i}: number = ${i} * 2; // comment\n`),
  'nested lists': () => lines((i) => `${'  '.repeat(i % 50)}- item ${i}\n`),
  'nested quotes': () => lines((i) => `${'> '.repeat(1 + (i % 40))}quote ${i}\n`),
  'one paragraph, no newline': () => fill('word '),
  'emphasis markers': () => fill('*_'),
  'HTML-like text': () => fill('<div class="x" onclick="alert(1)"><span>text</span></div>\n'),
  'headings': () => lines((i) => `# Heading ${i}\n`),
  'inline code span': () => '`' + fill('code ', SIZE - 2) + '`',
  'mixed CJK': () => lines((i) => `第${i}段：中文和 English 混合，**粗体**、\`代码\`、[链接](https://example.com/${i})。\n\n`),
  'paragraphs (Markdown cap)': () => lines((i) => `Paragraph ${i} with **bold**, *italic*, \`code\` and a [link](https://e.x/${i}).\n\n`),
  'realistic answer': () => lines(() => SECTION + '\n'),
  // Smaller ones, where the end of the stream renders more as Markdown (limits.ts).
  'table of 60 KB': () => '| a | b | c |\n|---|:-:|--:|\n' + lines((i) => `| ${i} | x | y |\n`, 60_000),
  'table of 30 KB': () => '| a | b | c |\n|---|:-:|--:|\n' + lines((i) => `| ${i} | x | y |\n`, 30_000),
  'code fences of 15 KB': () => lines((i) => '```python\n' + lines((j) => `def f${i}_${j}(x):\n    return x * ${j}  # comment\n`, 15_000) + '```\n\nSome text.\n\n', SIZE / 4),
};

export interface PathologicalFigures extends Omit<PathologicalResult, 'durations'> {
  shape: string;
  frameMsP50: number;
  frameMsP95: number;
  frameMsMax: number;
}

/**
 * A delta every 33 ms (the extension's DeltaBatcher) of `chunkChars` characters: 8 KB is ~250 KB/s, far
 * above what a model generates (100 tokens/s is under 1 KB/s), so a megabyte takes about 4 s.
 */
export async function measurePathological(names: string[] = Object.keys(SHAPES), chunkChars = 8_192, intervalMs = 33): Promise<PathologicalFigures[]> {
  return withRenderPage(async (page) => {
    const figures: PathologicalFigures[] = [];
    for (const shape of names) {
      const text = SHAPES[shape]();
      const r = await page.evaluate(([t, c, i]) => (window as unknown as { runPathological(t: string, c: number, i: number): Promise<PathologicalResult> }).runPathological(t, c, i), [text, chunkChars, intervalMs] as const);
      const { durations, ...rest } = r;
      figures.push({ shape, ...rest, frameMsP50: percentile(durations, 50), frameMsP95: percentile(durations, 95), frameMsMax: Math.max(0, ...durations) });
    }
    return figures;
  });
}

if (require.main === module) {
  void (async () => {
    const names = process.argv.slice(2).filter((n) => n in SHAPES);
    const figures = await measurePathological(names.length ? names : undefined);
    console.log('shape | chars | renders | frame ms p50 / p95 / max | longest gap ms | drain ms | final ms | upgrades, max ms | reload ms | plain segments | capped | unsafe');
    for (const x of figures) {
      console.log(`${x.shape} | ${x.chars} | ${x.renders} | ${x.frameMsP50.toFixed(2)} / ${x.frameMsP95.toFixed(2)} / ${x.frameMsMax.toFixed(2)} | ${x.maxFrameGapMs.toFixed(1)} | ${x.drainMs.toFixed(0)} | ${x.finishMs.toFixed(1)} | ${x.upgrades}, ${x.maxUpgradeMs.toFixed(1)} | ${x.reloadMs.toFixed(1)} | ${x.plainSegments} | ${x.capped} | ${x.unsafe.length}`);
    }
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
