// Shared by run-integration.mjs (code-server + Chromium) and run-desktop.mjs (@vscode/test-electron).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FIXTURE_WORKSPACE = path.join(ROOT, 'test', 'fixtures', 'workspace');
/** Copied over the workspace in the untrusted profile: a `.vscode/settings.json` with hostile values. */
export const FIXTURE_UNTRUSTED = path.join(ROOT, 'test', 'fixtures', 'untrusted-workspace');
export const DEFAULT_TESTS_PATH = path.join(ROOT, 'out', 'test', 'integration', 'index.js');
export const DEFAULT_OUT_DIR = path.join(ROOT, '.vscode-test', 'out');

export const isTrue = (v) => /^(1|true|yes|on)$/i.test(v ?? '');

/** User settings for a quiet, deterministic workbench that makes no network calls of its own. */
export const DEFAULT_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden', // no chat view on first start
  'chat.commandCenter.enabled': false,                        // no Copilot entry in the title bar
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'typescript.disableAutomaticTypeAcquisition': true, // would run npm against the registry
  'json.schemaDownload.enable': false,
  'npm.fetchOnlinePackageInfo': false,
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * Machine-scoped settings among those: a remote window (code-server is one) reads them from the machine
 * settings of the server (<user-data>/Machine/settings.json), never from user settings, so they are written
 * there too. Without this, walkthroughs would still open on install (VS Code's and Hearth's first-run one).
 */
export const MACHINE_SCOPED_DEFAULTS = ['workbench.welcomePage.walkthroughs.openOnInstall'];

/**
 * E2E_TRUST: '' (default) runs with Workspace Trust off, like most users' CI; 'untrusted' turns it on and
 * opens a workspace that nobody trusted (Restricted Mode), with no start-up prompt to answer. Throws on
 * other values.
 */
export function trustProfile(env = process.env) {
  const value = env.E2E_TRUST ?? '';
  if (value !== '' && value !== 'untrusted') throw new Error(`E2E_TRUST must be empty or "untrusted" (is ${JSON.stringify(value)})`);
  return value === 'untrusted' ? 'untrusted' : 'trusted';
}

/** User settings of the untrusted profile, over DEFAULT_USER_SETTINGS. */
export const UNTRUSTED_USER_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never', // no modal to answer: the folder simply stays untrusted
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': false,
};

/** Parses E2E_SETTINGS (a JSON object merged over the defaults). Throws with a readable message. */
export function extraSettingsFromEnv(env = process.env) {
  if (!env.E2E_SETTINGS) return {};
  let parsed;
  try { parsed = JSON.parse(env.E2E_SETTINGS); } catch (e) { throw new Error(`E2E_SETTINGS is not JSON: ${e.message}`); }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('E2E_SETTINGS must be a JSON object');
  return parsed;
}

export function writeUserSettings(userDataDir, extra = {}) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const settings = { ...DEFAULT_USER_SETTINGS, ...extra };
  fs.writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
  const machine = path.join(userDataDir, 'Machine', 'settings.json');
  fs.mkdirSync(path.dirname(machine), { recursive: true });
  const machineSettings = Object.fromEntries(MACHINE_SCOPED_DEFAULTS.map((k) => [k, settings[k]]));
  fs.writeFileSync(machine, `${JSON.stringify(machineSettings, null, 2)}\n`);
  return file;
}

/**
 * The folder to open: E2E_WORKSPACE as is, or else a fresh copy of test/fixtures/workspace inside `tmp`
 * so tests can create and edit files without touching the repository (in the untrusted profile with
 * test/fixtures/untrusted-workspace copied over it).
 */
export function prepareWorkspace(tmp, env = process.env) {
  const untrusted = trustProfile(env) === 'untrusted';
  if (env.E2E_WORKSPACE) {
    const ws = path.resolve(env.E2E_WORKSPACE);
    if (!fs.statSync(ws, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`E2E_WORKSPACE is not a directory: ${ws}`);
    return ws;
  }
  const ws = path.join(tmp, 'workspace');
  fs.cpSync(FIXTURE_WORKSPACE, ws, { recursive: true });
  if (untrusted) fs.cpSync(FIXTURE_UNTRUSTED, ws, { recursive: true });
  return ws;
}

/** Checks that the test entry and the extension's main file were built; returns an error message or undefined. */
export function checkBuilt({ testsPath, devPath, vsix }) {
  if (!fs.existsSync(testsPath)) return `no test entry at ${testsPath}: run \`node esbuild.mjs --tests\` first (or set E2E_TESTS_PATH)`;
  if (vsix) return fs.existsSync(vsix) ? undefined : `E2E_VSIX: no such file ${vsix}`;
  let manifest;
  try { manifest = JSON.parse(fs.readFileSync(path.join(devPath, 'package.json'), 'utf8')); } catch (e) {
    return `no extension manifest at ${devPath}/package.json (${e.message}); set E2E_DEV_PATH`;
  }
  if (manifest.main) {
    const main = path.resolve(devPath, manifest.main.endsWith('.js') ? manifest.main : `${manifest.main}.js`);
    if (!fs.existsSync(main)) return `the extension's main ${path.relative(ROOT, main)} does not exist: run \`node esbuild.mjs\` first`;
  }
  return undefined;
}

export function readResults(file) {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return undefined; }
}

export function verdict(results) {
  if (!results) return 'no results';
  return `${results.passes} passed, ${results.failures} failed${results.pending ? `, ${results.pending} pending` : ''}`;
}
