// Runs the same integration suite in desktop VS Code (Electron) through @vscode/test-electron, for
// machines that can download VS Code. Not part of `npm test`: offline, use run-integration.mjs.
//
//   npm run test:desktop
//
// Exit codes: 0 all passed, 1 test failures, 2 overall timeout, 3 setup error (no download, no display),
//             4 E2E_VSIX could not be installed.
// Environment: E2E_GREP, E2E_INVERT, E2E_TIMEOUT_MS, E2E_WORKSPACE, E2E_VSIX, E2E_DEV_PATH, E2E_TESTS_PATH,
//   E2E_SETTINGS, E2E_RESULTS_FILE, E2E_KEEP_OUTPUT as in run-integration.mjs, plus
//   E2E_VSCODE_VERSION=1.100.3     VS Code to download ('stable' for the latest; engines.vscode is ^1.100.0)
//   E2E_DOWNLOAD_TIMEOUT_MS=600000 give up on the download after this long
// Screenshots are not supported here: helpers.screenshot() resolves to undefined.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkBuilt, DEFAULT_OUT_DIR, DEFAULT_TESTS_PATH, extraSettingsFromEnv, isTrue, prepareWorkspace, readResults,
  ROOT as root, verdict, writeUserSettings,
} from './common.mjs';

const env = process.env;
const t0 = Date.now();
const log = (...a) => console.log(`[desktop +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const EXIT = { pass: 0, fail: 1, timeout: 2, setup: 3, vsix: 4 };
const UPDATE_HOST = 'update.code.visualstudio.com';

function setupError(msg) {
  console.error(`\n[desktop] ${msg}\n`);
  process.exit(EXIT.setup);
}

// ---- options and preflight --------------------------------------------------------------------------
const version = env.E2E_VSCODE_VERSION || '1.100.3';
const devPath = path.resolve(env.E2E_DEV_PATH || root);
const testsPath = path.resolve(env.E2E_TESTS_PATH || DEFAULT_TESTS_PATH);
const vsix = env.E2E_VSIX ? path.resolve(env.E2E_VSIX) : undefined;
const overallTimeoutMs = Number(env.E2E_TIMEOUT_MS || 900_000);
const downloadTimeoutMs = Number(env.E2E_DOWNLOAD_TIMEOUT_MS || 600_000);
const keep = isTrue(env.E2E_KEEP_OUTPUT);
const outDir = path.resolve(env.E2E_SCREENSHOT_DIR || DEFAULT_OUT_DIR);
const resultsFile = path.resolve(env.E2E_RESULTS_FILE || path.join(outDir, 'results.json'));
const cachePath = path.join(root, '.vscode-test');

const notBuilt = checkBuilt({ testsPath, devPath, vsix });
if (notBuilt) { setupError(notBuilt); }
let extraSettings;
try { extraSettings = extraSettingsFromEnv(env); } catch (e) { setupError(e.message); }

const { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } = await import('@vscode/test-electron');

/** Fails fast when the VS Code update server can't be reached (no internet), instead of retrying for minutes. */
function probeUpdateServer(timeoutMs = 10_000) {
  return new Promise((resolve) => {
    const req = https.request({ host: UPDATE_HOST, path: '/api/releases/stable', method: 'HEAD', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode && res.statusCode < 500 ? undefined : `HTTP ${res.statusCode}`);
    });
    req.on('timeout', () => { req.destroy(); resolve(`no answer within ${timeoutMs / 1000}s`); });
    req.on('error', (e) => resolve(e.code || e.message));
    req.end();
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000}s`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

// ---- 1. download VS Code (cached in .vscode-test/vscode-<platform>-<version>) --------------------------
const cached = fs.existsSync(cachePath) && fs.readdirSync(cachePath, { withFileTypes: true }).some((d) => d.isDirectory() && d.name.startsWith('vscode-') && d.name.endsWith(`-${version}`)
  && fs.existsSync(path.join(cachePath, d.name, 'is-complete')));
if (!cached) {
  const problem = await probeUpdateServer();
  if (problem) {
    setupError(`cannot download VS Code ${version}: ${UPDATE_HOST} is unreachable (${problem}).\n`
      + '  Desktop tests need internet access once (then .vscode-test/ caches the download).\n'
      + '  Offline, run `npm run test:integration` (code-server + headless Chromium) instead.');
  }
}
let vscodeExecutablePath;
try {
  log(cached ? `using the cached VS Code ${version}` : `downloading VS Code ${version} into ${cachePath}`);
  vscodeExecutablePath = await withTimeout(downloadAndUnzipVSCode({ version, cachePath, timeout: 15_000 }), downloadTimeoutMs, 'the VS Code download');
} catch (e) {
  setupError(`could not download VS Code ${version}: ${e.message}\n  Offline, run \`npm run test:integration\` instead.`);
}

// ---- a display: Electron needs one; re-run under xvfb-run when there is none (the download is cached now)
if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
  if (env.E2E_UNDER_XVFB) { setupError('xvfb-run did not provide a DISPLAY'); }
  const xvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).stdout.trim();
  if (!xvfb) {
    setupError('desktop VS Code needs a display: no $DISPLAY and no xvfb-run (apt-get install -y xvfb), '
      + 'or use `npm run test:integration` (code-server + headless Chromium)');
  }
  log('no $DISPLAY: re-running under xvfb-run');
  const r = spawnSync(xvfb, ['-a', process.execPath, fileURLToPath(import.meta.url)], {
    stdio: 'inherit', env: { ...env, E2E_UNDER_XVFB: '1' },
  });
  process.exit(r.status ?? EXIT.setup);
}

// ---- 2. temp state and options -------------------------------------------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-desktop-'));
const userData = path.join(tmp, 'user-data');
const extensionsDir = path.join(tmp, 'extensions');
const noDev = path.join(tmp, 'no-dev-extension');
for (const d of [userData, extensionsDir, noDev]) { fs.mkdirSync(d, { recursive: true }); }
if (!keep) { fs.rmSync(outDir, { recursive: true, force: true }); }
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.rmSync(resultsFile, { force: true });
writeUserSettings(userData, extraSettings);
let workspace;
try { workspace = prepareWorkspace(tmp, env); } catch (e) { setupError(e.message); }

function cleanup() {
  if (keep) { log(`kept temp state in ${tmp}`); } else { fs.rmSync(tmp, { recursive: true, force: true }); }
}

/** Stops VS Code if it is still running (runTests has no timeout of its own). */
function killChildren() {
  const r = spawnSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  for (const pid of (r.stdout || '').split(/\s+/).filter(Boolean).map(Number)) {
    if (pid !== r.pid) { try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ } }
  }
}

if (vsix) {
  const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
  log(`installing ${vsix}`);
  const r = spawnSync(cli, [...cliArgs, '--user-data-dir', userData, '--extensions-dir', extensionsDir, '--install-extension', vsix],
    { encoding: 'utf8', timeout: 120_000 });
  log(`install-extension: ${`${r.stdout ?? ''}${r.stderr ?? ''}`.trim()}`);
  if (r.status !== 0) { cleanup(); process.exit(EXIT.vsix); }
}

const timer = setTimeout(() => {
  log(`overall timeout after ${overallTimeoutMs} ms (E2E_TIMEOUT_MS)`);
  killChildren();
  cleanup();
  process.exit(EXIT.timeout);
}, overallTimeoutMs);
timer.unref();

// ---- 3. run ------------------------------------------------------------------------------------------
let code;
const tRun = Date.now();
try {
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: vsix ? noDev : devPath,
    extensionTestsPath: testsPath,
    extensionTestsEnv: {
      E2E_GREP: env.E2E_GREP ?? '', E2E_INVERT: env.E2E_INVERT ?? '', E2E_RESULTS_FILE: resultsFile,
      E2E_EXTENSION_DIR: vsix ? extensionsDir : devPath,
      E2E_SCREENSHOTS: '', // no browser to take them
    },
    launchArgs: [
      workspace,
      '--user-data-dir', userData, '--extensions-dir', extensionsDir,
      '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
      '--disable-gpu', '--no-sandbox', // --no-sandbox: Electron refuses to start as root without it
    ],
  });
} catch (e) {
  code = EXIT.fail;
  log(`VS Code exited: ${e.message}`);
}
clearTimeout(timer);
const results = readResults(resultsFile);
if (code === 0 && (!results || results.tests === 0)) {
  log(results ? 'no test ran: failing the run' : `the suite wrote no results file (${resultsFile}): failing the run`);
  code = EXIT.fail;
}
console.log(`[desktop] ${code === 0 ? 'PASS' : 'FAIL'} (exit ${code}): ${verdict(results)}; VS Code ${version}, tests+startup ${((Date.now() - tRun) / 1000).toFixed(1)}s, total ${((Date.now() - t0) / 1000).toFixed(1)}s`);
cleanup();
process.exit(code);
