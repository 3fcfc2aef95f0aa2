// Startup and size: bundle and .vsix sizes, and the time and heap of loading the bundle and running
// activate() in a fresh Node process with a minimal `vscode`.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { distribution, fmt, fmtDist } from '../stats';
import type { Report } from '../report';
import type { BenchContext } from '../context';

function sizeOf(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size : NaN;
}

function dirSize(dir: string, filter: (f: string) => boolean): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true }).map(String).filter(filter).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
}

export async function startup(ctx: BenchContext, report: Report): Promise<void> {
  const section = 'Startup & size';
  const extensionBytes = sizeOf(path.join(ctx.root, 'dist', 'extension.js'));
  report.add({ section, name: 'extension bundle (minified)', value: `${fmt(extensionBytes / 1024, 1)} KB`, measured: extensionBytes, target: '≤ 250 KB', met: extensionBytes <= 250 * 1024 });
  const lazyBytes = dirSize(path.join(ctx.root, 'dist', 'lazy'), (f) => f.endsWith('.js'));
  report.add({ section, name: 'lazy bundles (loaded at first use)', value: lazyBytes ? `${fmt(lazyBytes / 1024, 1)} KB` : 'none', measured: lazyBytes });
  const webviewBytes = dirSize(path.join(ctx.root, 'dist', 'webview'), (f) => /\.(js|css)$/.test(f));
  report.add({ section, name: 'webview bundle (js + css)', value: webviewBytes ? `${fmt(webviewBytes / 1024, 1)} KB` : 'none yet', measured: webviewBytes });

  const vsix = path.join(ctx.root, '.vscode-test', 'bench', 'hearth.vsix');
  fs.mkdirSync(path.dirname(vsix), { recursive: true });
  execFileSync(process.execPath, [path.join(ctx.root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: ctx.root, stdio: 'ignore' });
  const vsixBytes = sizeOf(vsix);
  report.add({ section, name: '.vsix', value: `${fmt(vsixBytes / 1024, 1)} KB`, measured: vsixBytes, target: '≤ 1 MB', met: vsixBytes <= 1024 * 1024 });

  const runs = ctx.quick ? 7 : 21;
  const samples: { loadMs: number; activateMs: number; totalMs: number; heapBytes: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, ['--expose-gc', path.join(ctx.root, 'out', 'test', 'bench', 'activateChild.js')], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`activation child failed: ${child.stderr}`);
    samples.push(JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}'));
  }
  const total = distribution(samples.map((s) => s.totalMs));
  report.add({ section, name: 'load bundle + activate()', value: fmtDist(total), measured: total.p50, target: '≤ 50 ms p50', met: total.p50 <= 50, detail: { load: distribution(samples.map((s) => s.loadMs)), activate: distribution(samples.map((s) => s.activateMs)), total } });
  const heap = distribution(samples.map((s) => s.heapBytes / 1024 / 1024));
  report.add({ section, name: 'heap after activation', value: `p50 ${fmt(heap.p50)} MB`, measured: heap.p50, detail: heap });
}
