// Activation as VS Code itself reports it: the integration harness (code-server's VS Code with a Node
// extension host, driven by headless Chromium) is started with a probe instead of the test suite
// (../vscode/activationProbe.ts), which reads the "Extension Activation Stats" VS Code keeps for Hearth.
// Each repetition is a fresh VS Code (new user data, cold extension host), about 8 s each.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { distribution, fmt, fmtDist } from '../stats';
import type { Report } from '../report';
import type { BenchContext } from '../context';
import type { VscodeActivation } from '../vscode/activationProbe';

const SECTION = 'Startup & size';
const NAME = 'activation as VS Code reports it (load code + activate)';

function runHarness(root: string, outFile: string, scratch: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'test', 'support', 'vscode', 'run-integration.mjs')], {
      cwd: root,
      env: {
        ...process.env,
        E2E_TESTS_PATH: path.join(root, 'out', 'test', 'bench', 'vscode', 'activationProbe.js'),
        E2E_SCREENSHOT_DIR: scratch,
        E2E_TIMEOUT_MS: '120000',
        HEARTH_BENCH_ACTIVATION_FILE: outFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

export async function vscodeActivation(ctx: BenchContext, report: Report): Promise<void> {
  const runs = ctx.quick ? 3 : 7;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-vscode-'));
  const samples: VscodeActivation[] = [];
  const failures: string[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const outFile = path.join(scratch, `activation-${i}.json`);
      const { code, output } = await runHarness(ctx.root, outFile, path.join(scratch, `out-${i}`));
      const written = fs.existsSync(outFile) ? (JSON.parse(fs.readFileSync(outFile, 'utf8')) as VscodeActivation | { error: string }) : undefined;
      if (code === 0 && written && !('error' in written)) {
        samples.push(written);
      } else {
        const why = written && 'error' in written ? written.error : output.trim().split('\n').slice(-3).join(' / ');
        failures.push(`run ${i + 1}: exit ${code}: ${why}`);
        // A harness that cannot start (no code-server, no browser) will not start on the next try either.
        if (!written) break;
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  if (samples.length === 0) {
    report.add({ section: SECTION, name: NAME, value: `not measured: ${failures[0] ?? 'no run'}`, target: '≤ 50 ms p50', detail: { failures } });
    return;
  }
  const total = distribution(samples.map((s) => s.loadCodeMs + s.callActivateMs + s.finishActivateMs));
  const part = (pick: (s: VscodeActivation) => number): string => fmt(distribution(samples.map(pick)).p50, 0);
  report.add({
    section: SECTION,
    name: NAME,
    value: `${fmtDist(total, 'ms', 0)}; p50 parts: load code ${part((s) => s.loadCodeMs)}, call activate ${part((s) => s.callActivateMs)}, finish activate ${part((s) => s.finishActivateMs)} ms (VS Code ${samples[0].vscodeVersion}, fresh window each run)`,
    measured: total.p50,
    target: '≤ 50 ms p50',
    met: total.p50 <= 50,
    detail: { total, samples, failures },
  });
}
