// Installs a pinned code-server (= VS Code 1.100.3 server + web workbench) from the npm registry into
// <repo>/.vscode-test/code-server-<version>/ the first time it is needed, fully offline apart from the npm
// registry. code-server's install scripts would fetch two things from GitHub/nodejs.org; both are supplied
// locally here (ripgrep from /usr/bin/rg, node-gyp headers from the running Node's prefix).
//
//   node test/support/vscode/setup-code-server.mjs     install if needed, print the package dir
//
// Later calls return at once: a marker file (.install-ok) records a finished install for this Node ABI.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3'; // VS Code 1.100.3; the last code-server whose engines field is Node 20
const RIPGREP_PKG_VERSION = '1.15.11';        // @vscode/ripgrep pinned by code-server 4.100.3's shrinkwrap
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
const LOCK_WAIT_MS = 15 * 60_000;

const tag = '[setup-code-server]';
const say = (msg) => console.log(`${tag} ${msg}`);

export class SetupError extends Error {}

/** Directory of the code-server npm package inside an install root (what CODE_SERVER_DIR points at). */
export function codeServerPackageDir(base) {
  return path.join(base, 'node_modules', 'code-server');
}

/** True if `dir` looks like a usable code-server package directory. */
export function isCodeServerDir(dir) {
  return fs.existsSync(path.join(dir, 'out', 'node', 'entry.js'))
    && fs.existsSync(path.join(dir, 'lib', 'vscode', 'out', 'server-main.js'));
}

/**
 * Makes sure code-server is installed under <root>/.vscode-test and returns its package directory.
 * Throws SetupError with an actionable message when a prerequisite is missing or the install fails.
 */
export async function ensureCodeServer(root) {
  const base = path.join(root, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
  const pkgDir = codeServerPackageDir(base);
  if (installOk(base)) { return pkgDir; }

  fs.mkdirSync(path.dirname(base), { recursive: true });
  const release = await lock(`${base}.lock`);
  try {
    if (installOk(base)) { return pkgDir; } // another process finished it while we waited
    await install(base, pkgDir);
    return pkgDir;
  } finally {
    release();
  }
}

function markerFile(base) { return path.join(base, '.install-ok'); }

function installOk(base) {
  try {
    const m = JSON.parse(fs.readFileSync(markerFile(base), 'utf8'));
    // Native modules (node-pty, spdlog, kerberos, ...) are built for one Node ABI.
    if (m.modules !== process.versions.modules) {
      say(`existing install was built for Node ABI ${m.modules} (node ${m.node}); rebuilding for ${process.version}`);
      return false;
    }
    return isCodeServerDir(codeServerPackageDir(base));
  } catch {
    return false;
  }
}

function preflight() {
  const problems = [];
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    problems.push(`only linux-x64 is scripted (this is ${process.platform}-${process.arch}); set CODE_SERVER_DIR to an existing install`);
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) {
    problems.push(`code-server ${CODE_SERVER_VERSION} needs Node 20 (found ${process.version}); its install script refuses other majors`);
  }
  const apt = 'apt-get install -y';
  for (const [file, hint] of [
    ['/usr/include/gssapi/gssapi.h', `${apt} libkrb5-dev   (headers for the kerberos native module)`],
    ['/usr/bin/make', `${apt} build-essential   (native modules are compiled from source offline)`],
    ['/usr/bin/g++', `${apt} build-essential   (native modules are compiled from source offline)`],
    ['/usr/bin/python3', `${apt} python3   (node-gyp)`],
    ['/usr/bin/tar', `${apt} tar`],
    ['/usr/bin/rg', `${apt} ripgrep   (VS Code search / workspace.findFiles need a real rg; GitHub is unreachable)`],
  ]) {
    if (!fs.existsSync(file)) { problems.push(`missing ${file}: ${hint}`); }
  }
  if (problems.length) {
    throw new SetupError(`cannot install code-server ${CODE_SERVER_VERSION}:\n  - ${problems.join('\n  - ')}`);
  }
}

async function install(base, pkgDir) {
  preflight();
  const t0 = Date.now();
  const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)}s`;
  say(`first use: installing code-server@${CODE_SERVER_VERSION} (VS Code 1.100.3) into ${path.relative(process.cwd(), base) || base}`);
  say('this builds native modules from source and takes about 1.5 min on 2 cores; later runs skip it');

  fs.rmSync(base, { recursive: true, force: true });
  const tmp = path.join(base, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });

  // (1) @vscode/ripgrep's postinstall downloads rg from GitHub (5 retries, then exit 1). It looks in
  //     $TMPDIR/vscode-ripgrep-cache-<ver>/<asset> first, so seed that with Debian's rg (13.0.0, the
  //     version VS Code 1.100 bundles). A stub would install but break workspace.findFiles.
  const rgVersion = spawnSync('/usr/bin/rg', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '?';
  const seed = path.join(tmp, 'rg-seed');
  fs.mkdirSync(seed);
  fs.copyFileSync('/usr/bin/rg', path.join(seed, 'rg'));
  fs.chmodSync(path.join(seed, 'rg'), 0o755);
  const cache = path.join(tmp, `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  fs.mkdirSync(cache);
  const tar = spawnSync('tar', ['czf', path.join(cache, RIPGREP_ASSET), '-C', seed, 'rg'], { encoding: 'utf8' });
  if (tar.status !== 0) { throw new SetupError(`tar failed: ${tar.error?.message ?? tar.stderr}`); }
  say(`seeded the @vscode/ripgrep download cache with /usr/bin/rg (${rgVersion})`);

  // (2) node-gyp must not fetch Node headers from nodejs.org: point it at the running Node's own headers.
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_yes: 'true',          // node-pty's postinstall runs `npx node-gyp ...`; ~/.npmrc may say yes=false
    npm_config_unsafe_perm: 'true',  // code-server's postinstall.sh refuses to run as root without it
    // npm >= 11.19 warns about (and a future npm blocks) dependency install scripts not allowed explicitly;
    // the nested `npm install` in code-server/lib/vscode has no allowScripts of its own.
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false',
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  };
  if (fs.existsSync(path.join(prefix, 'include', 'node', 'node.h'))) {
    env.npm_config_nodedir = prefix;
    say(`node-gyp will use the local Node headers in ${prefix}/include/node`);
  } else if (!process.env.npm_config_nodedir) {
    say(`WARNING: no Node headers under ${prefix}/include/node: node-gyp will try nodejs.org (set npm_config_nodedir)`);
  }

  fs.writeFileSync(path.join(base, 'package.json'), `${JSON.stringify({
    name: 'hearth-code-server-install',
    private: true,
    description: 'generated by test/support/vscode/setup-code-server.mjs',
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    allowScripts: { 'code-server': true, argon2: true },
  }, null, 2)}\n`);

  // Use the npm that runs us (npm_execpath under `npm run`), else the one on PATH.
  const npmCli = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath) ? process.env.npm_execpath : null;
  const [cmd, args] = npmCli ? [process.execPath, [npmCli]] : ['npm', []];
  const logFile = path.join(base, 'install.log');
  say(`npm install code-server@${CODE_SERVER_VERSION} (log: ${logFile})`);
  const t1 = Date.now();
  const code = await runLogged(cmd, [...args, 'install', '--no-audit', '--no-fund', '--loglevel=warn'], base, env, logFile, t1);
  if (code !== 0) {
    throw new SetupError(`npm install failed (exit ${code}) after ${secs(t1)}; last lines of ${logFile}:\n${tail(logFile, 30)}`);
  }
  say(`npm install finished in ${secs(t1)}`);

  const expected = [
    ['out/node/entry.js', 'code-server itself'],
    ['lib/vscode/out/server-main.js', 'the VS Code server'],
    ['lib/vscode/node_modules/@vscode/spdlog', 'the nested VS Code install (postinstall)'],
    ['lib/vscode/node_modules/node-pty/build/Release/pty.node', 'node-pty native build'],
    ['lib/vscode/node_modules/@vscode/ripgrep/bin/rg', 'ripgrep'],
  ];
  const missing = expected.filter(([p]) => !fs.existsSync(path.join(pkgDir, p)));
  if (missing.length) {
    throw new SetupError(`install incomplete, missing:\n${missing.map(([p, what]) => `  - ${p} (${what})`).join('\n')}\nsee ${logFile}:\n${tail(logFile, 30)}`);
  }

  fs.rmSync(tmp, { recursive: true, force: true });
  const seconds = (Date.now() - t0) / 1000;
  fs.writeFileSync(markerFile(base), `${JSON.stringify({
    version: CODE_SERVER_VERSION, node: process.version, modules: process.versions.modules,
    installedAt: new Date().toISOString(), seconds,
  }, null, 2)}\n`);
  say(`done: code-server ${CODE_SERVER_VERSION} ready in ${seconds.toFixed(1)}s (${duMb(base)})`);
}

/** Runs a command with output to a log file, printing a heartbeat so CI logs don't look stuck. */
function runLogged(cmd, args, cwd, env, logFile, t1) {
  return new Promise((resolve) => {
    const out = fs.openSync(logFile, 'w');
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
    const beat = setInterval(() => say(`  ... still installing (${((Date.now() - t1) / 1000).toFixed(0)}s)`), 20_000);
    child.on('error', (e) => { fs.appendFileSync(logFile, `\nspawn error: ${e.message}\n`); });
    child.on('close', (code, signal) => { clearInterval(beat); fs.closeSync(out); resolve(code ?? (signal ? 128 : 1)); });
  });
}

function tail(file, n) {
  try { return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).map((l) => `    ${l}`).join('\n'); } catch { return '    (no log)'; }
}

function duMb(dir) {
  const r = spawnSync('du', ['-sm', dir], { encoding: 'utf8' });
  return r.status === 0 ? `${r.stdout.split('\t')[0]} MB` : 'size unknown';
}

/** A directory lock so two test runs from the same checkout don't install at the same time. */
async function lock(dir) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
      const release = () => fs.rmSync(dir, { recursive: true, force: true });
      process.once('exit', release);
      return release;
    } catch (e) {
      if (e.code !== 'EEXIST') { throw e; }
    }
    let owner = NaN;
    try { owner = Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8')); } catch { /* being written or removed */ }
    if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
      say(`removing stale install lock of dead process ${owner}`);
      fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (!announced) { say(`another process (${owner}) is installing code-server; waiting for it`); announced = true; }
    if (Date.now() > deadline) { throw new SetupError(`timed out waiting for the install lock ${dir}; remove it if stale`); }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  try {
    console.log(await ensureCodeServer(root));
  } catch (e) {
    console.error(`\n${tag} ${e instanceof SetupError ? e.message : e.stack}\n`);
    process.exit(1);
  }
}
