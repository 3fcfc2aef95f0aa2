// `npm run bench [-- --quick] [-- --only=section,section]`: measures what users feel, writes
// test/bench/results.json and prints a Markdown table. Not part of `npm test`: these are figures, not
// pass/fail checks, and the machine is shared and noisy (distributions and ratios, never one timing).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Report, type Figure } from './report';
import type { BenchContext } from './context';
import { chat } from './sections/chat';
import { completion } from './sections/completion';
import { gateway } from './sections/gateway';
import { hugeInput } from './sections/hugeInput';
import { keystroke } from './sections/keystroke';
import { longInput } from './sections/longInput';
import { memory } from './sections/memory';
import { openai } from './sections/openai';
import { overhead } from './sections/overhead';
import { pathological } from './sections/pathological';
import { startup } from './sections/startup';
import { vscodeActivation } from './sections/vscodeActivation';
import { workspaceIndex } from './sections/workspaceIndex';

const SECTIONS: Record<string, (ctx: BenchContext, report: Report) => Promise<void>> = {
  startup,
  vscode: vscodeActivation,
  gateway,
  openai,
  completion,
  overhead,
  memory,
  long: longInput,
  huge: hugeInput,
  chat,
  pathological,
  keystroke,
  index: workspaceIndex,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const root = path.resolve(__dirname, '..', '..', '..');
  const ctx: BenchContext = { root, quick };
  const report = new Report();
  const started = Date.now();
  for (const [name, run] of Object.entries(SECTIONS)) {
    if (only && !only.includes(name)) continue;
    console.log(`\n# ${name}`);
    const t = Date.now();
    try {
      await run(ctx, report);
    } catch (err) {
      report.add({ section: name, name: 'error', value: String(err instanceof Error ? err.stack : err), met: false });
    }
    console.log(`  (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
  // With --only, the other sections' figures of the last full run are kept.
  const out = path.join(root, 'test', 'bench', 'results.json');
  const ran = new Set(report.figures.map((f) => f.section));
  const kept = only && fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as { figures?: Figure[] }).figures?.filter((f) => !ran.has(f.section)) ?? [] : [];
  const results = {
    when: new Date().toISOString(),
    quick,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg() },
    durationSeconds: (Date.now() - started) / 1000,
    figures: [...kept, ...report.figures],
  };
  fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  console.log(`\n${report.markdown()}\n\nwritten to ${path.relative(root, out)} in ${results.durationSeconds.toFixed(0)} s`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
