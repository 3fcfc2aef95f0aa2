// Memory: heap growth over 1 000 completions with distinct contexts (caches must stay bounded), measured
// in fresh Node processes with --expose-gc (../memoryChild.ts) against a stand-in in this process.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { StandinOllama } from '../../support/standin';
import { distribution, fmt } from '../stats';
import type { Report } from '../report';
import type { BenchContext } from '../context';

interface ChildResult {
  before: number;
  after: number;
  checkpoints: { completions: number; heapBytes: number }[];
  requests: number;
  calls: number;
}

function runChild(root: string, url: string, completions: number, mode: 'engine' | 'gateway'): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    // --no-flush-bytecode: V8 otherwise drops the bytecode of functions unused for a while, which shows as
    // a heap that shrinks over the run and hides growth.
    const child = spawn(process.execPath, ['--expose-gc', '--no-flush-bytecode', path.join(root, 'out', 'test', 'bench', 'memoryChild.js'), url, String(completions), mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`memory child failed (${code}): ${err.trim()}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildResult);
    });
  });
}

export async function memory(ctx: BenchContext, report: Report): Promise<void> {
  const section = 'Memory';
  const standin = await StandinOllama.start({ reply: () => 'x + 1);' });
  try {
    const runs = ctx.quick ? 1 : 3;
    const completions = 1000;
    const results: ChildResult[] = [];
    const baseline: ChildResult[] = [];
    for (let i = 0; i < runs; i++) {
      results.push(await runChild(ctx.root, standin.url, completions, 'engine'));
      baseline.push(await runChild(ctx.root, standin.url, completions, 'gateway'));
      standin.resetRecord();
    }
    const mb = (bytes: number): number => bytes / 1024 / 1024;
    const spread = (d: ReturnType<typeof distribution>): string => (runs > 1 ? `min ${fmt(d.min)} / median ${fmt(d.p50)} / max ${fmt(d.max)}` : fmt(d.p50));
    const growth = distribution(results.map((r) => mb(r.after - r.before)));
    const bareGrowth = distribution(baseline.map((r) => mb(r.after - r.before)));
    // The second half shows whether growth goes on (a leak) or has stopped (bounded caches).
    const secondHalf = distribution(results.map((r) => mb(r.after - (r.checkpoints.find((c) => c.completions === completions / 2)?.heapBytes ?? r.before))));
    const curve = results[0].checkpoints.map((c) => `${c.completions}: ${fmt(mb(c.heapBytes - results[0].before), 2)}`).join(', ');
    report.add({
      section,
      name: `heap growth over ${completions} completions (distinct contexts, after GC)`,
      value: `${spread(growth)} MB (heap ${fmt(mb(results[0].before), 1)} → ${fmt(mb(results[0].after), 1)} MB; by quarter: ${curve} MB; second half ${fmt(secondHalf.p50)} MB); the same requests through the gateway alone: ${spread(bareGrowth)} MB`,
      measured: growth.p50,
      target: '≤ 2 MB',
      met: growth.max <= 2,
      detail: { growthMB: growth, secondHalfMB: secondHalf, gatewayAloneMB: bareGrowth, results, baseline },
    });
  } finally {
    await standin.close();
  }
}
