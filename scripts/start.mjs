// `npm start`: a VS Code with Hearth loaded from this working tree, talking to the local Ollama.
//
//   npm start                 installs the dependencies if node_modules is missing, builds, then opens
//                             desktop VS Code (`code` on PATH) or, without it, starts code-server and
//                             prints the address to open in a browser
//   npm start -- --web        code-server even where `code` is on PATH (e.g. over SSH)
//   npm start -- <folder>     opens <folder> instead of this repository
//
// Either way VS Code runs with its own profile under .vscode-test/start/ (user data and extensions), so
// your own VS Code profile, settings and extensions are neither read nor changed. Hearth then finds
// Ollama as it would anywhere: OLLAMA_HOST, else 127.0.0.1:11434 (set `hearth.host` in that window to
// change it). No stand-in is involved: this is the real thing.
//
// The decisions are pure functions (planStart, findExecutable, webUrl) so that a unit test can check
// them without starting anything.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tag = '[start]';
const say = (msg) => console.log(`${tag} ${msg}`);

/**
 * Where `name` is on PATH, or undefined. Pure apart from `isFile`, which the caller supplies.
 * On Windows the PATHEXT extensions are tried (`code` is `code.cmd` there).
 * @param {string} name
 * @param {{ PATH?: string, Path?: string, PATHEXT?: string }} env
 * @param {'win32' | string} platform
 * @param {(file: string) => boolean} isFile
 * @returns {string | undefined}
 */
export function findExecutable(name, env, platform, isFile) {
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : ':').filter((d) => d !== '');
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e !== '') : [''];
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = join(dir, name + ext.toLowerCase());
      if (isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * What `npm start` does, in order.
 * @param {{
 *   root: string,
 *   folder: string,
 *   dependenciesInstalled: boolean,
 *   code: string | undefined,
 *   web: boolean,
 * }} facts
 * @returns {{ install: boolean, build: true, via: 'desktop', command: string, args: string[] }
 *         | { install: boolean, build: true, via: 'code-server', userData: string, extensions: string }}
 */
export function planStart({ root, folder, dependenciesInstalled, code, web }) {
  const profile = path.join(root, '.vscode-test', 'start');
  const userData = path.join(profile, 'user-data');
  const extensions = path.join(profile, 'extensions');
  const common = { install: !dependenciesInstalled, build: /** @type {const} */ (true) };
  if (code && !web) {
    return {
      ...common,
      via: 'desktop',
      command: code,
      args: [`--extensionDevelopmentPath=${root}`, `--user-data-dir=${userData}`, `--extensions-dir=${extensions}`, '--new-window', folder],
    };
  }
  return { ...common, via: 'code-server', userData, extensions };
}

/**
 * The address that opens code-server's workbench on `folder` with the extension loaded from `root`
 * (code-server takes the development path in the page's payload, not on its command line).
 * @param {number} port
 * @param {string} root
 * @param {string} folder
 */
export function webUrl(port, root, folder) {
  const authority = `127.0.0.1:${port}`;
  const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${root}`]];
  return `http://${authority}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * The Ollama address Hearth uses when `hearth.host` is empty: OLLAMA_HOST read as the `ollama` CLI reads
 * it (no scheme: http on port 11434; 0.0.0.0 reached through loopback), else 127.0.0.1:11434.
 * @param {{ OLLAMA_HOST?: string }} env
 */
export function defaultOllamaUrl(env) {
  const fallback = 'http://127.0.0.1:11434';
  let value = (env.OLLAMA_HOST ?? '').trim();
  if (!value) return fallback;
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  if (!hasScheme && value.startsWith(':')) value = `127.0.0.1${value}`;
  try {
    const url = new URL(hasScheme ? value : `http://${value}`);
    if (!hasScheme && !url.port) url.port = '11434';
    if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
    return url.origin;
  } catch {
    return fallback;
  }
}

function parseArgs(argv) {
  const web = argv.includes('--web');
  const rest = argv.filter((a) => a !== '--web');
  const folder = rest[0] ? path.resolve(rest[0]) : ROOT;
  return { web, folder };
}

function run(command, args) {
  // Windows runs npm and code through their .cmd shims, which need a shell (and quoted arguments).
  const win = process.platform === 'win32';
  const quoted = win ? args.map((a) => (/[\s"]/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a)) : args;
  const r = spawnSync(command, quoted, { cwd: ROOT, stdio: 'inherit', shell: win });
  if (r.status !== 0) {
    console.error(`${tag} ${command} ${args.join(' ')} failed (${r.status ?? r.signal ?? r.error?.message})`);
    process.exit(1);
  }
}

/** One line about Ollama, so that a newcomer knows before the window opens. Never fails the start. */
async function reportOllama() {
  const url = defaultOllamaUrl(process.env);
  try {
    const res = await fetch(`${url}/api/version`, { signal: AbortSignal.timeout(1_500) });
    const body = /** @type {{ version?: string }} */ (await res.json());
    say(`Ollama ${body.version ?? ''} answers at ${url}.`);
  } catch {
    say(`Ollama does not answer at ${url} yet: start it (\`ollama serve\`), or let Hearth's Get Started walkthrough help.`);
  }
}

async function startCodeServer(plan, folder) {
  const { ensureCodeServer, SetupError } = await import(pathToFileURL(path.join(ROOT, 'test', 'support', 'vscode', 'setup-code-server.mjs')).href);
  let dir;
  try {
    dir = process.env.CODE_SERVER_DIR ? path.resolve(process.env.CODE_SERVER_DIR) : await ensureCodeServer(ROOT);
  } catch (err) {
    if (!(err instanceof SetupError)) throw err;
    throw new Error(`${err.message}\nWith desktop VS Code, put its \`code\` command on PATH (Command Palette: "Shell Command: Install 'code' command in PATH") and run npm start again.`);
  }
  fs.mkdirSync(plan.userData, { recursive: true });
  const port = Number(process.env.PORT ?? 0); // 0: the OS picks a free port, code-server prints it
  const server = spawn(process.execPath, [
    path.join(dir, 'out', 'node', 'entry.js'),
    '--user-data-dir', plan.userData, '--extensions-dir', plan.extensions,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, // this machine only: no password needed
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
  ], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () => server.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let buffered = '';
  let announced = false;
  server.stdout.on('data', (chunk) => {
    const text = String(chunk);
    if (announced) return void process.stdout.write(text);
    buffered += text;
    const m = /HTTP server listening on https?:\/\/[^\s:]+:(\d+)/.exec(buffered);
    if (!m) return;
    announced = true;
    say(`code-server (VS Code 1.100) is running. Open this address in a browser:\n\n  ${webUrl(Number(m[1]), ROOT, folder)}\n`);
    say('Ctrl+C stops it.');
  });
  server.on('exit', (code, signal) => {
    if (!announced) console.error(`${tag} code-server exited before it listened (${code ?? signal}):\n${buffered}`);
    process.exit(announced || code === 0 ? 0 : 1);
  });
}

async function main() {
  const { web, folder } = parseArgs(process.argv.slice(2));
  const code = findExecutable('code', process.env, process.platform, (f) => {
    try {
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  });
  const plan = planStart({ root: ROOT, folder, dependenciesInstalled: fs.existsSync(path.join(ROOT, 'node_modules', '.package-lock.json')), code, web });
  if (plan.install) {
    say('node_modules is missing: npm ci');
    run('npm', ['ci']);
  }
  say('building dist/ (node esbuild.mjs)');
  run(process.execPath, ['esbuild.mjs']);
  await reportOllama();
  if (plan.via === 'desktop') {
    say(`opening VS Code with Hearth from ${ROOT}, in its own profile (.vscode-test/start/)`);
    run(plan.command, plan.args);
    return;
  }
  if (!code) say('`code` is not on PATH: starting code-server instead (installed into .vscode-test/ from the npm registry the first time).');
  await startCodeServer(plan, folder);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(`${tag} ${err?.message ?? err}`);
    process.exit(1);
  });
}
