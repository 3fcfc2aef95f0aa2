// The mocha runner that VS Code's extension host loads through extensionTestsPath
// (out/test/integration/index.js). It must export run(): VS Code waits for the promise and exits the
// extension host with 0 when it resolves and 1 when it rejects; the runner turns that into its exit code.
//
// Environment (set by test/support/vscode/run-integration.mjs or run-desktop.mjs):
//   E2E_GREP          mocha grep over full test titles (a regular expression); E2E_INVERT=1 inverts it
//   E2E_RESULTS_FILE  where to write the results JSON
//   E2E_TRUST         'untrusted': only the suites in untrusted/ (the workspace is in Restricted Mode); else all others
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

interface FailedTest {
  title: string;
  fullTitle: string;
  file?: string;
  error: string;
}

export interface Results {
  passes: number;
  failures: number;
  pending: number;
  /** tests that finished (passed or failed); hook failures count as failures but not as tests */
  tests: number;
  durationMs: number;
  grep?: string;
  failed: FailedTest[];
  vscode: string;
  appHost: string;
  uiKind: string;
  node: string;
}

/**
 * Suites that need the profile as a new user has it (nothing done yet), so they run before all others: the
 * first-run walkthrough, whose steps VS Code checks the first time their context keys become true.
 */
const FIRST_RUN_SUITES = ['walkthrough.test.js'];

/** Suites that need Workspace Trust on and the workspace untrusted; the runner's E2E_TRUST=untrusted profile. */
const UNTRUSTED_DIR = 'untrusted';

/**
 * Every *.test.js below this directory for this profile, sorted so the order is stable (the first-run
 * suites first).
 */
function testFiles(dir: string): string[] {
  const rank = (f: string): number => (FIRST_RUN_SUITES.includes(f) ? 0 : 1);
  const untrusted = process.env.E2E_TRUST === 'untrusted';
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => f.split(path.sep)[0] === UNTRUSTED_DIR === untrusted)
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((f) => path.join(dir, f));
}

function writeResults(results: Results): void {
  const file = process.env.E2E_RESULTS_FILE;
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

export function run(): Promise<void> {
  const grep = process.env.E2E_GREP || undefined;
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: 60_000,
    slow: 5_000,
    grep,
    invert: grep !== undefined && /^(1|true)$/i.test(process.env.E2E_INVERT ?? ''),
  });
  const files = testFiles(__dirname);
  for (const f of files) mocha.addFile(f);

  const started = Date.now();
  const results: Results = {
    passes: 0, failures: 0, pending: 0, tests: 0, durationMs: 0, grep, failed: [],
    vscode: vscode.version, appHost: vscode.env.appHost, uiKind: vscode.UIKind[vscode.env.uiKind], node: process.version,
  };
  console.log(`[e2e-tests-start] ${files.length} test files, VS Code ${vscode.version} (${vscode.env.appHost}, ${results.uiKind}), Node ${process.version}${grep ? `, grep /${grep}/` : ''}`);

  const finish = (): void => {
    results.durationMs = Date.now() - started;
    writeResults(results);
    const failedList = results.failed.map((f) => `\n  - ${f.fullTitle}`).join('');
    console.log(`[e2e-summary] ${results.passes} passing, ${results.failures} failing, ${results.pending} pending in ${(results.durationMs / 1000).toFixed(1)}s${failedList}`);
  };

  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        finish();
        if (failures > 0) reject(new Error(`${failures} test${failures === 1 ? '' : 's'} failed`));
        else resolve();
      });
      runner.on('pass', () => { results.passes++; results.tests++; });
      runner.on('pending', () => { results.pending++; });
      runner.on('fail', (test, err: unknown) => {
        results.failures++;
        if (test.type === 'test') results.tests++;
        const e = err as { stack?: string; message?: string } | undefined;
        results.failed.push({
          title: test.title,
          fullTitle: test.fullTitle(),
          file: test.file && path.relative(__dirname, test.file),
          error: String(e?.message ?? err),
        });
      });
    } catch (err) {
      // A test module that throws while loading ends up here.
      results.failures++;
      results.failed.push({ title: 'loading the test files', fullTitle: 'loading the test files', error: String((err as Error)?.stack ?? err) });
      finish();
      reject(err);
    }
  });
}
