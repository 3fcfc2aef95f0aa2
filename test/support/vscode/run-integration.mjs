// Runs the mocha integration suite (out/test/integration/index.js) inside a real VS Code: code-server's
// VS Code 1.100.3 server with a Node extension host, its web workbench driven by headless Chromium
// (playwright-core). Works offline; the exit code is the mocha result.
//
//   node esbuild.mjs && node esbuild.mjs --tests && node test/support/vscode/run-integration.mjs
//
// Exit codes: 0 all passed, 1 test failures (or no test ran), 2 overall timeout, 3 setup error,
//             4 E2E_VSIX could not be installed, 130/143 interrupted.
//
// Environment (all optional):
//   E2E_GREP=<regexp>        only run tests whose full title matches (mocha grep); E2E_INVERT=1 inverts it
//   E2E_TIMEOUT_MS=900000    overall timeout of the run (a watchdog for hangs: each test has its own timeout)
//   E2E_WORKSPACE=<dir>      folder to open (default: a fresh copy of test/fixtures/workspace)
//   E2E_VSIX=<file.vsix>     install this packaged extension offline and test it instead of the repo
//   E2E_DEV_PATH=<dir>       extension folder under test (default: the repo root)
//   E2E_TESTS_PATH=<file>    mocha entry loaded by the extension host (default: out/test/integration/index.js)
//   E2E_SETTINGS=<json>      extra user settings merged over the defaults below
//   E2E_TRUST=untrusted      Workspace Trust on, the workspace untrusted (Restricted Mode) with hostile
//                            .vscode/settings.json, and only the suites in out/test/integration/untrusted/
//   E2E_SCREENSHOT_DIR=<dir> where screenshots go (default: .vscode-test/out)
//   E2E_RESULTS_FILE=<file>  results JSON written by the suite (default: <screenshot dir>/results.json)
//   E2E_KEEP_OUTPUT=1        don't empty the output dir first, and keep the temp dir (user data, logs, workspace)
//   E2E_SERVER_LOG=info      code-server/VS Code server log level (trace, debug, info, warn, error)
//   E2E_VERBOSE=1            also print the workbench's start-up log (always in <out>/browser-console.log)
//   E2E_HEADED=1             show the browser (needs a display)
//   CHROME_PATH=<file>       browser binary (default: /usr/bin/chromium)
//   CODE_SERVER_DIR=<dir>    an existing code-server package dir (…/node_modules/code-server) instead of
//                            installing one into .vscode-test/
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import {
  checkBuilt, DEFAULT_OUT_DIR, DEFAULT_TESTS_PATH, extraSettingsFromEnv, isTrue, prepareWorkspace, readResults,
  ROOT as root, trustProfile, UNTRUSTED_USER_SETTINGS, verdict, writeUserSettings,
} from './common.mjs';
import { ensureCodeServer, isCodeServerDir, SetupError } from './setup-code-server.mjs';

const t0 = Date.now();
const secs = (t = t0) => `${((Date.now() - t) / 1000).toFixed(1)}s`;
const log = (...a) => console.log(`[e2e +${secs()}]`, ...a);
const env = process.env;
const EXIT = { pass: 0, fail: 1, timeout: 2, setup: 3, vsix: 4 };
const SCREENSHOT_MARK = '[e2e-screenshot]';
const DOM_MARK = '[e2e-dom]';
const KEYS_MARK = '[e2e-keys]';
const TESTS_START_MARK = '[e2e-tests-start]';
// Workbench info lines that would interleave with the test output (they stay in browser-console.log).
const WORKBENCH_NOISE = /^(Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|Creating a socket|Resolv(ing|ed) connection token)/;

function setupError(msg) {
  console.error(`\n[e2e] ${msg}\n`);
  process.exit(EXIT.setup);
}

// ---- options and preflight ------------------------------------------------------------------------
const devPath = path.resolve(env.E2E_DEV_PATH || root);
const testsPath = path.resolve(env.E2E_TESTS_PATH || DEFAULT_TESTS_PATH);
const vsix = env.E2E_VSIX ? path.resolve(env.E2E_VSIX) : undefined;
const chromePath = env.CHROME_PATH || '/usr/bin/chromium';
const overallTimeoutMs = Number(env.E2E_TIMEOUT_MS || 900_000);
const keep = isTrue(env.E2E_KEEP_OUTPUT);
const verbose = isTrue(env.E2E_VERBOSE);
const outDir = path.resolve(env.E2E_SCREENSHOT_DIR || DEFAULT_OUT_DIR);
const resultsFile = path.resolve(env.E2E_RESULTS_FILE || path.join(outDir, 'results.json'));

const notBuilt = checkBuilt({ testsPath, devPath, vsix });
if (notBuilt) { setupError(notBuilt); }
if (!fs.existsSync(chromePath)) {
  setupError(`no browser at ${chromePath}: apt-get install -y chromium (or set CHROME_PATH)`);
}
if (!Number.isFinite(overallTimeoutMs) || overallTimeoutMs <= 0) { setupError(`E2E_TIMEOUT_MS must be a positive number of ms`); }
let extraSettings;
let trust;
try {
  trust = trustProfile(env);
  extraSettings = { ...(trust === 'untrusted' ? UNTRUSTED_USER_SETTINGS : {}), ...extraSettingsFromEnv(env) };
} catch (e) { setupError(e.message); }

let codeServerDir;
try {
  codeServerDir = env.CODE_SERVER_DIR ? path.resolve(env.CODE_SERVER_DIR) : await ensureCodeServer(root);
} catch (e) {
  setupError(e instanceof SetupError ? e.message : e.stack);
}
if (!isCodeServerDir(codeServerDir)) {
  setupError(`${codeServerDir} is not a code-server package directory (no out/node/entry.js); check CODE_SERVER_DIR`);
}
const { chromium } = await import('playwright-core');
const tSetup = Date.now();

// ---- temp state: everything VS Code and Chromium write goes here, and is deleted at the end ----------
// A short path under os.tmpdir(): unix socket paths inside it must stay < 108 chars.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-e2e-'));
const dirs = {
  userData: path.join(tmp, 'user-data'), extensions: path.join(tmp, 'extensions'),
  home: path.join(tmp, 'home'), tmp: path.join(tmp, 'tmp'), config: path.join(tmp, 'config'),
  data: path.join(tmp, 'data'), cache: path.join(tmp, 'cache'), noDev: path.join(tmp, 'no-dev-extension'),
};
for (const d of Object.values(dirs)) { fs.mkdirSync(d, { recursive: true }); }
if (!keep) { fs.rmSync(outDir, { recursive: true, force: true }); }
fs.mkdirSync(outDir, { recursive: true });
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.rmSync(resultsFile, { force: true });

let workspace;
try { workspace = prepareWorkspace(tmp, env); } catch (e) { fs.rmSync(tmp, { recursive: true, force: true }); setupError(e.message); }
writeUserSettings(dirs.userData, extraSettings);

const sandboxEnv = {
  HOME: dirs.home, TMPDIR: dirs.tmp,
  XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, XDG_CACHE_HOME: dirs.cache,
};
const entry = path.join(codeServerDir, 'out', 'node', 'entry.js');
const commonArgs = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
const serverEnv = {
  ...env, ...sandboxEnv,
  EXTENSIONS_GALLERY: '{}',        // no marketplace (open-vsx.org): the server makes no network calls
  // Read by the suite in the extension host (test/integration/index.ts and helpers.ts):
  E2E_SCREENSHOT_DIR: outDir, E2E_SCREENSHOTS: '1', E2E_RESULTS_FILE: resultsFile,
  E2E_GREP: env.E2E_GREP ?? '', E2E_INVERT: env.E2E_INVERT ?? '',
  E2E_TRUST: trust === 'untrusted' ? 'untrusted' : '', // which suites index.js loads
  // Where the extension under test must be loaded from (the smoke test checks it).
  E2E_EXTENSION_DIR: vsix ? dirs.extensions : devPath,
};
// Started from a VS Code terminal, VSCODE_IPC_HOOK_CLI & co. would make code-server talk to that instance.
for (const k of Object.keys(serverEnv)) { if (k.startsWith('VSCODE_')) { delete serverEnv[k]; } }

let server;
let browser;
let page;
let finishing = false;
const timings = { serverUp: undefined, testsStart: undefined };

async function finish(code, why, logs) {
  if (finishing) { return; }
  finishing = true;
  setTimeout(() => { log('cleanup hung: exiting anyway'); process.exit(code); }, 20_000).unref();
  log(`finishing with exit code ${code}${why ? ` (${why})` : ''}`);
  if (code === EXIT.timeout && page) {
    await page.screenshot({ path: path.join(outDir, 'timeout.png'), timeout: 5000 }).then(
      () => log(`screenshot of the hung workbench: ${path.join(outDir, 'timeout.png')}`), () => {});
  }
  if (Array.isArray(logs)) { saveLogs(path.join(outDir, 'logs', 'window'), logs); }
  try { await browser?.close(); } catch { /* already gone */ }
  await stopServer();
  copyIfExists(path.join(dirs.userData, 'logs'), path.join(outDir, 'logs', 'server'));

  const results = readResults(resultsFile);
  if (code === EXIT.pass && results && results.tests === 0) {
    log(`no test ran${env.E2E_GREP ? ` (E2E_GREP=${env.E2E_GREP} matched nothing?)` : ''}: failing the run`);
    code = EXIT.fail;
  }
  if (code === EXIT.pass && !results && !env.E2E_TESTS_PATH) { // a custom E2E_TESTS_PATH may not write one
    log(`the suite wrote no results file (${resultsFile}): failing the run`);
    code = EXIT.fail;
  }
  const now = Date.now();
  const fmt = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)}s`);
  const parts = [
    tSetup - t0 > 1000 ? `setup ${fmt(tSetup - t0)}` : undefined,
    `server up ${fmt(timings.serverUp && timings.serverUp - tSetup)}`,
    `workbench ready ${fmt(timings.testsStart && timings.testsStart - tSetup)}`,
    `tests ${fmt(timings.testsStart && now - timings.testsStart)}`,
    `total ${fmt(now - t0)}`,
  ].filter(Boolean);
  console.log(`[e2e] ${code === 0 ? 'PASS' : 'FAIL'} (exit ${code}): ${verdict(results)}; ${parts.join(', ')}; output in ${path.relative(process.cwd(), outDir) || outDir}`);

  if (keep) { console.log(`[e2e] kept temp state in ${tmp}`); } else { fs.rmSync(tmp, { recursive: true, force: true }); }
  process.exit(code);
}

async function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) { return; }
  const gone = new Promise((r) => server.once('exit', r));
  try { process.kill(-server.pid, 'SIGTERM'); } catch { return; }
  // Process group: server + extension host + pty host + file watcher.
  await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
  try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ }
}

function saveLogs(dir, logs) {
  for (const { relativePath, contents } of logs) {
    if (typeof relativePath !== 'string' || relativePath.includes('..')) { continue; }
    const file = path.join(dir, relativePath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
  }
}

function copyIfExists(from, to) {
  try { if (fs.existsSync(from)) { fs.cpSync(from, to, { recursive: true }); } } catch (e) { log(`could not copy ${from}: ${e.message}`); }
}

// Never leave a server process group or the temp dir behind, whatever ends this process
// (e.g. output piped into `head`, which makes writes fail with EPIPE).
for (const stream of [process.stdout, process.stderr]) { stream.on('error', () => { /* reader went away */ }); }
process.on('exit', () => {
  if (server?.pid && server.exitCode === null && server.signalCode === null) {
    try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ }
  }
  if (!keep) { fs.rmSync(tmp, { recursive: true, force: true }); }
});
process.on('uncaughtException', (e) => { finish(EXIT.setup, `internal error: ${e?.stack || e}`); });
process.on('unhandledRejection', (e) => { finish(EXIT.setup, `internal error: ${e?.stack || e}`); });

setTimeout(() => finish(EXIT.timeout, `overall timeout after ${overallTimeoutMs} ms (E2E_TIMEOUT_MS)`), overallTimeoutMs).unref();
process.on('SIGINT', () => finish(130, 'SIGINT'));
process.on('SIGTERM', () => finish(143, 'SIGTERM'));

try {
  // ---- optional: the packaged extension --------------------------------------------------------
  if (vsix) {
    log(`installing ${vsix}`);
    const r = spawnSync(process.execPath, [entry, ...commonArgs, '--install-extension', vsix], {
      env: serverEnv, encoding: 'utf8', timeout: 120_000,
    });
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    log(`install-extension: ${out}`);
    if (r.status !== 0 || !/successfully installed/i.test(out)) {
      console.error(`[e2e] could not install ${vsix} (exit ${r.status ?? r.signal})`);
      fs.rmSync(tmp, { recursive: true, force: true });
      process.exit(EXIT.vsix);
    }
  }

  // ---- 1. the VS Code server ---------------------------------------------------------------------
  // code-server rejects --extensionDevelopmentPath/--extensionTestsPath; those go in the page URL below.
  // Port 0: the OS picks a free port and code-server prints it, so there is no race for the port.
  const serverArgs = [
    entry, ...commonArgs,
    '--auth', 'none', '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry', '--disable-update-check',
    // Without this flag code-server leaves Workspace Trust to the setting (on in the untrusted profile).
    ...(trust === 'untrusted' ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override', '--ignore-last-opened',
    '--log', env.E2E_SERVER_LOG || 'info',
  ];
  server = spawn(process.execPath, serverArgs, {
    detached: true, // own process group, so the whole tree can be stopped at once
    env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const serverLog = fs.createWriteStream(path.join(outDir, 'server.log'));
  server.stdout.pipe(serverLog);
  server.stderr.pipe(serverLog);
  const port = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`code-server did not start listening within 60 s, see ${outDir}/server.log`)), 60_000);
    server.stdout.on('data', (d) => {
      buf += d;
      const m = /HTTP server listening on https?:\/\/[^\s:]+:(\d+)/.exec(buf);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    server.on('exit', (c, s) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited early (${c ?? s}), see ${outDir}/server.log`));
    });
  });
  server.on('exit', (c, s) => { if (!finishing) { finish(EXIT.setup, `code-server exited during the run (${c ?? s}), see server.log`); } });
  timings.serverUp = Date.now();
  log(`code-server listening on 127.0.0.1:${port} (${codeServerDir})`);

  // ---- 2. the browser: opening the workbench starts the remote Node extension host --------------
  browser = await chromium.launch({
    executablePath: chromePath,
    headless: !isTrue(env.E2E_HEADED),
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, // finish() closes it, after the summary
    env: { ...env, ...sandboxEnv },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--no-default-browser-check',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage', '--disable-features=Translate,MediaRouter,OptimizationHints',
      '--lang=en-US',
      // Hermetic: the browser may reach only the local server; any other host fails at once.
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1, locale: 'en-US' });
  page = await context.newPage();
  const consoleLog = fs.createWriteStream(path.join(outDir, 'browser-console.log'));
  page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => log('pageerror:', e.message));
  // Anything that tries to leave the machine is blocked by --host-resolver-rules; record it.
  page.on('request', (r) => {
    const u = r.url();
    if (/^(https?|wss?):/.test(u) && !/^(https?|wss?):\/\/(127\.0\.0\.1|localhost)[:/]/.test(u)) {
      consoleLog.write(`[blocked-network] ${r.method()} ${u}\n`);
    }
  });
  page.on('response', (r) => { if (r.status() >= 400) { consoleLog.write(`[http ${r.status()}] ${r.url()}\n`); } });
  page.on('crash', () => finish(EXIT.setup, 'the browser page crashed'));

  // VS Code's automation hooks (the same ones its own browser integration tests use).
  // Workbench start-up chatter (info/trace) only goes to browser-console.log; warnings, errors and
  // everything once the suite has started (its console output arrives here) are printed.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    if (line.includes(SCREENSHOT_MARK)) { takeScreenshot(line); }
    if (line.includes(DOM_MARK)) { queryDom(line); }
    if (line.includes(KEYS_MARK)) { pressKeys(line); }
    if (!timings.testsStart && line.includes(TESTS_START_MARK)) { timings.testsStart = Date.now(); }
    if (verbose || type === 'warn' || type === 'error' || (timings.testsStart && !WORKBENCH_NOISE.test(line))) {
      (type === 'error' ? console.error : console.log)(line);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    // Called after the suite's run() settles: 0 = resolved, 1 = rejected or failed to load.
    finish(code === 0 ? EXIT.pass : EXIT.fail, `extension host exited with ${code}`, logs);
  });

  const authority = `127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [
    // With E2E_VSIX the installed extension is under test; the development path then only needs to exist.
    ['extensionDevelopmentPath', remote(vsix ? dirs.noDev : devPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  const url = `http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log(`opening the workbench on ${workspace}${trust === 'untrusted' ? ' (Workspace Trust on, folder untrusted)' : ''}`);
  await page.goto(url);
} catch (e) {
  log('setup failed:', e?.stack || e);
  await finish(EXIT.setup, 'setup failure');
}

// ---- screenshots on request --------------------------------------------------------------------
// A test logs `[e2e-screenshot] /abs/file.png` optionally followed by JSON options:
//   {"selector": ".part.sidebar"}              the first element matching a CSS selector of the workbench page
//   {"clip": {"x":0,"y":0,"width":400,"height":300}}   a rectangle of the page; with "selector", a rectangle
//                                              relative to that element's top-left corner, cut to the element
//   {"union": [".a", ".b"], "padding": 8}      the smallest rectangle around the first match of each selector
//   {"fullPage": true}
// and, done before the capture:
//   {"viewport": {"width": 1000, "height": 700}}   resize the page (it stays so), then let the workbench lay out
//   {"hover": ".statusbar-item"}               move the mouse over an element (e.g. for its tooltip); the mouse
//   {"waitFor": ".workbench-hover"}            moves away after the capture; waitFor: wait until this is visible
// The file is written under a temporary name and renamed, so a waiting test never reads half a PNG.
// On failure <file>.error is written with the reason, so the test can fail at once.
async function unionClip(selectors, padding = 0) {
  const boxes = [];
  for (const s of selectors) {
    const box = await page.locator(s).first().boundingBox({ timeout: 10_000 });
    if (!box) { throw new Error(`union: ${s} is not visible`); }
    boxes.push(box);
  }
  const viewport = page.viewportSize();
  const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - padding);
  const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - padding);
  const right = Math.min(viewport.width, Math.max(...boxes.map((b) => b.x + b.width)) + padding);
  const bottom = Math.min(viewport.height, Math.max(...boxes.map((b) => b.y + b.height)) + padding);
  return { x, y, width: right - x, height: bottom - y };
}

async function elementClip(selector, clip) {
  const box = await page.locator(selector).first().boundingBox({ timeout: 10_000 });
  if (!box) { throw new Error(`${selector} is not visible`); }
  const x = box.x + Math.max(0, clip.x ?? 0);
  const y = box.y + Math.max(0, clip.y ?? 0);
  const width = Math.min(clip.width ?? box.width, box.x + box.width - x);
  const height = Math.min(clip.height ?? box.height, box.y + box.height - y);
  return { x, y, width, height };
}

async function takeScreenshot(line) {
  const m = /\[e2e-screenshot\] (\S+?\.png)(?:\s+(\{.*\}))?\s*$/.exec(line);
  if (!m) { log(`malformed screenshot request: ${line}`); return; }
  const file = path.isAbsolute(m[1]) ? m[1] : path.join(outDir, m[1]);
  const part = `${file}.part.png`;
  let hovered = false;
  try {
    const opts = m[2] ? JSON.parse(m[2]) : {};
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (opts.viewport) {
      await page.setViewportSize({ width: opts.viewport.width, height: opts.viewport.height });
      await page.waitForTimeout(500); // the workbench lays out on the resize event
    }
    if (opts.hover) {
      hovered = true;
      await page.locator(opts.hover).first().hover({ timeout: 10_000 });
    }
    if (opts.waitFor) { await page.locator(opts.waitFor).first().waitFor({ state: 'visible', timeout: 10_000 }); }
    if (opts.union) {
      await page.screenshot({ path: part, clip: await unionClip(opts.union, opts.padding), timeout: 10_000 });
    } else if (opts.selector && opts.clip) {
      await page.screenshot({ path: part, clip: await elementClip(opts.selector, opts.clip), timeout: 10_000 });
    } else if (opts.selector) {
      await page.locator(opts.selector).first().screenshot({ path: part, timeout: 10_000 });
    } else {
      await page.screenshot({ path: part, clip: opts.clip, fullPage: !!opts.fullPage, timeout: 10_000 });
    }
    fs.renameSync(part, file);
    log(`screenshot ${path.relative(process.cwd(), file)}`);
  } catch (e) {
    fs.rmSync(part, { force: true });
    fs.writeFileSync(`${file}.error`, String(e?.message || e));
    log(`screenshot ${file} failed: ${e?.message || e}`);
  } finally {
    // Off the element, onto the right edge (a scroll bar, which has no tooltip of its own), so the tooltip
    // does not linger into later captures.
    if (hovered) {
      const { width, height } = page.viewportSize();
      await page.mouse.move(width - 3, Math.round(height * 0.4)).catch(() => {});
    }
  }
}

// ---- DOM queries on request ----------------------------------------------------------------------
// A test logs `[e2e-dom] /abs/file.json {"selector": ".getting-started-step", "attributes": ["data-step-id"]}`
// and gets, in that file, what the workbench page shows: one entry per match of the CSS selector, with its
// visible text, its classes and the attributes asked for (for state that only the workbench's DOM holds,
// such as which walkthrough steps are checked). Written under a temporary name and renamed, like screenshots;
// on failure <file>.error holds the reason.
async function queryDom(line) {
  const m = /\[e2e-dom\] (\S+?\.json)\s+(\{.*\})\s*$/.exec(line);
  if (!m) { log(`malformed DOM request: ${line}`); return; }
  const file = m[1];
  const part = `${file}.part`;
  try {
    const { selector, attributes = [], frames = false } = JSON.parse(m[2]);
    if (typeof selector !== 'string' || !Array.isArray(attributes)) { throw new Error('selector must be a string, attributes an array'); }
    // `frames`: every frame of the page too (webviews, such as the Markdown preview, live in nested iframes).
    const found = [];
    for (const frame of frames ? page.frames() : [page.mainFrame()]) {
      const matches = await frame.locator(selector).evaluateAll((elements, names) => elements.map((e) => ({
        text: (e.textContent ?? '').replace(/\s+/g, ' ').trim(),
        classes: [...e.classList],
        visible: !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length),
        attributes: Object.fromEntries(names.map((n) => [n, e.getAttribute(n)])),
      })), attributes).catch(() => []); // a frame that went away meanwhile
      found.push(...matches);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(part, JSON.stringify(found));
    fs.renameSync(part, file);
  } catch (e) {
    fs.rmSync(part, { force: true });
    fs.writeFileSync(`${file}.error`, String(e?.message || e));
    log(`DOM query ${file} failed: ${e?.message || e}`);
  }
}

// ---- real key presses on request -------------------------------------------------------------------
// A test logs `[e2e-keys] /abs/file.done {"steps": [{"press": "Control+Shift+Alt+Enter"}, {"type": "hello"}]}`
// and the keys go to whatever has the focus in the workbench page, through VS Code's own keybinding
// resolution, exactly as a user's would. The file is written once every step is done; on failure
// <file>.error holds the reason. Steps run one after another, in the order the requests arrive.
let keyQueue = Promise.resolve();
function pressKeys(line) {
  keyQueue = keyQueue.then(() => runKeys(line));
}
async function runKeys(line) {
  const m = /\[e2e-keys\] (\S+?\.done)\s+(\{.*\})\s*$/.exec(line);
  if (!m) { log(`malformed key request: ${line}`); return; }
  const file = m[1];
  try {
    const { steps } = JSON.parse(m[2]);
    if (!Array.isArray(steps)) { throw new Error('steps must be an array'); }
    for (const step of steps) {
      if (typeof step.press === 'string') await page.keyboard.press(step.press);
      else if (typeof step.type === 'string') await page.keyboard.type(step.type, { delay: 20 });
      else throw new Error(`a step needs "press" or "type": ${JSON.stringify(step)}`);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'done');
  } catch (e) {
    fs.writeFileSync(`${file}.error`, String(e?.message || e));
    log(`key request ${file} failed: ${e?.message || e}`);
  }
}
