// `npm start` (scripts/start.mjs): its decisions, without starting anything. Desktop VS Code when `code`
// is on PATH, else code-server; `npm ci` only when the dependencies are missing; a profile of its own.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

type Plan =
  | { install: boolean; build: true; via: 'desktop'; command: string; args: string[] }
  | { install: boolean; build: true; via: 'code-server'; userData: string; extensions: string };
interface StartScript {
  planStart(facts: { root: string; folder: string; dependenciesInstalled: boolean; code: string | undefined; web: boolean }): Plan;
  findExecutable(name: string, env: Record<string, string | undefined>, platform: string, isFile: (file: string) => boolean): string | undefined;
  webUrl(port: number, root: string, folder: string): string;
  defaultOllamaUrl(env: Record<string, string | undefined>): string;
}

const repo = path.resolve(__dirname, '..', '..', '..', '..');
const root = '/home/me/hearth';
const facts = { root, folder: root, dependenciesInstalled: true, code: undefined, web: false };

describe('npm start: the plan', () => {
  let start: StartScript;
  before(async () => {
    start = (await import(pathToFileURL(path.join(repo, 'scripts', 'start.mjs')).href)) as StartScript;
  });

  it('opens desktop VS Code when `code` is on PATH, with the working tree as the development extension', () => {
    const plan = start.planStart({ ...facts, code: '/usr/bin/code' });
    assert.equal(plan.via, 'desktop');
    if (plan.via !== 'desktop') return;
    assert.equal(plan.command, '/usr/bin/code');
    assert.ok(plan.args.includes(`--extensionDevelopmentPath=${root}`), plan.args.join(' '));
    assert.equal(plan.args.at(-1), root, 'the folder opened');
  });

  it('starts code-server when `code` is not on PATH, or when asked to (--web)', () => {
    assert.equal(start.planStart(facts).via, 'code-server');
    assert.equal(start.planStart({ ...facts, code: '/usr/bin/code', web: true }).via, 'code-server');
  });

  it('uses a profile of its own under .vscode-test/, never the user\'s', () => {
    const profile = path.join(root, '.vscode-test', 'start');
    const desktop = start.planStart({ ...facts, code: '/usr/bin/code' });
    assert.ok(desktop.via === 'desktop');
    assert.ok(desktop.args.includes(`--user-data-dir=${path.join(profile, 'user-data')}`), desktop.args.join(' '));
    assert.ok(desktop.args.includes(`--extensions-dir=${path.join(profile, 'extensions')}`), desktop.args.join(' '));
    const web = start.planStart(facts);
    assert.ok(web.via === 'code-server');
    assert.equal(web.userData, path.join(profile, 'user-data'));
    assert.equal(web.extensions, path.join(profile, 'extensions'));
  });

  it('runs npm ci only when the dependencies are missing, and always builds', () => {
    assert.equal(start.planStart(facts).install, false);
    assert.equal(start.planStart({ ...facts, dependenciesInstalled: false }).install, true);
    assert.equal(start.planStart({ ...facts, code: 'code', dependenciesInstalled: false }).install, true);
    assert.equal(start.planStart(facts).build, true);
  });

  it('finds `code` on PATH, as code.cmd on Windows, and not when it is absent', () => {
    const files = new Set(['/opt/vscode/bin/code', 'C:\\VS Code\\bin\\code.cmd']);
    const isFile = (f: string): boolean => files.has(f);
    assert.equal(start.findExecutable('code', { PATH: '/usr/bin:/opt/vscode/bin' }, 'linux', isFile), '/opt/vscode/bin/code');
    assert.equal(start.findExecutable('code', { PATH: '/usr/bin:/bin' }, 'linux', isFile), undefined);
    assert.equal(start.findExecutable('code', {}, 'linux', isFile), undefined);
    assert.equal(start.findExecutable('code', { Path: 'C:\\Windows;C:\\VS Code\\bin', PATHEXT: '.EXE;.CMD' }, 'win32', isFile), 'C:\\VS Code\\bin\\code.cmd');
  });

  it('prints an address on loopback that loads the working tree into code-server', () => {
    const url = new URL(start.webUrl(8123, root, '/home/me/project'));
    assert.equal(url.host, '127.0.0.1:8123');
    assert.equal(url.searchParams.get('folder'), '/home/me/project');
    assert.deepEqual(JSON.parse(url.searchParams.get('payload') ?? ''), [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:8123${root}`]]);
  });

  it('looks for Ollama where Hearth will: OLLAMA_HOST as the ollama CLI reads it, else 127.0.0.1:11434', () => {
    assert.equal(start.defaultOllamaUrl({}), 'http://127.0.0.1:11434');
    assert.equal(start.defaultOllamaUrl({ OLLAMA_HOST: '0.0.0.0' }), 'http://127.0.0.1:11434');
    assert.equal(start.defaultOllamaUrl({ OLLAMA_HOST: ':11500' }), 'http://127.0.0.1:11500');
    assert.equal(start.defaultOllamaUrl({ OLLAMA_HOST: 'http://gpu-box:8080' }), 'http://gpu-box:8080');
  });
});
