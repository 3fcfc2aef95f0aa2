// What inline completion computes on every keystroke before it may send anything, on a 400-line window
// before the cursor (more than the default prompt budget holds): "is the cursor in a comment?" (the
// comment scanner shared with Translate Comments) and the token estimate of the prompt.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { commentAt } from '../../../src/core/prompts/comments';
import { estimateTokens } from '../../../src/core/text/tokens';
import { distribution, fmtDist } from '../stats';
import type { Report } from '../report';
import type { BenchContext } from '../context';

/** The first 400 lines of a file (repeated when shorter), then the text typed on the cursor's line. */
function window(file: string, typed: string): string {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out: string[] = [];
  while (out.length < 400) out.push(...lines);
  return `${out.slice(0, 400).join('\n')}\n${typed}`;
}

function timings(fn: () => unknown, runs: number): number[] {
  for (let i = 0; i < 200; i++) fn(); // warm up the JIT, as a typing session does
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

export async function keystroke(ctx: BenchContext, report: Report): Promise<void> {
  const section = 'Keystroke';
  const runs = ctx.quick ? 500 : 3000;
  const cases: Array<[string, string, string]> = [
    ['TypeScript, cursor in code', window(path.join(ctx.root, 'src/core/completion/engine.ts'), '  const next = '), 'typescript'],
    ['TypeScript, cursor in a line comment', window(path.join(ctx.root, 'src/core/completion/engine.ts'), '  // then ask the model for '), 'typescript'],
    ['Python (comment-dense), cursor in a comment', window(path.join(ctx.root, 'test/fixtures/comments/sample.py.fixture'), '    # explain why '), 'python'],
  ];
  for (const [name, text, language] of cases) {
    const d = distribution(timings(() => commentAt(text, language), runs));
    report.add({ section, name: `comment at cursor: ${name} (${text.length} chars)`, value: fmtDist(d), measured: d.p50, target: 'p50 < 1 ms', met: d.p50 < 1, detail: d });
  }
  const text = cases[0]![1];
  const d = distribution(timings(() => estimateTokens(text), runs));
  report.add({ section, name: `estimateTokens (${text.length} chars)`, value: fmtDist(d, 'ms', 3), measured: d.p50, detail: d });
  await Promise.resolve();
}
