// Small, generic helpers for integration tests that run inside the VS Code extension host.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'hearth-dev.hearth';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface WaitOptions {
  /** give up after this long (default 10 s) */
  timeoutMs?: number;
  /** poll interval (default 50 ms) */
  intervalMs?: number;
  /** what we were waiting for, for the error message */
  message?: string;
}

/**
 * Polls `predicate` until it returns a truthy value (which is returned) or the timeout passes.
 * Exceptions thrown by the predicate count as "not yet"; the last one is reported on timeout.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 50, message }: WaitOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  let lastError: unknown;
  for (;;) {
    try {
      last = await predicate();
      lastError = undefined;
      if (last) return last as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError !== undefined
        ? `last error: ${(lastError as Error)?.message ?? String(lastError)}`
        : `last value: ${describe(last)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${message ?? 'condition'} (${why})`);
    }
    await sleep(intervalMs);
  }
}

function describe(value: unknown): string {
  try { return JSON.stringify(value) ?? String(value); } catch { return String(value); }
}

/** Resolves with the first value `event` fires that passes `filter`; rejects after `timeoutMs`. */
export function nextEvent<T>(event: vscode.Event<T>, filter: (e: T) => boolean = () => true, timeoutMs = 10_000, message = 'event'): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${message}`)); }, timeoutMs);
    const sub = event((e) => {
      if (!filter(e)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e);
    });
  });
}

// ---- screenshots ---------------------------------------------------------------------------------

export interface ScreenshotOptions {
  /** CSS selector of one element of the workbench page, e.g. '.part.sidebar' or '.part.editor' */
  selector?: string;
  /** a rectangle of the page in CSS pixels; with `selector`, relative to that element and cut to it */
  clip?: { x: number; y: number; width: number; height: number };
  /** the smallest rectangle around the first match of each selector, widened by `padding` pixels */
  union?: string[];
  padding?: number;
  fullPage?: boolean;
  /** resize the page first (it stays so for later screenshots) */
  viewport?: { width: number; height: number };
  /** move the mouse over this element first (to show its tooltip); it moves away after the capture */
  hover?: string;
  /** wait until this element is visible before the capture, e.g. '.workbench-hover' */
  waitFor?: string;
  timeoutMs?: number;
}

/** True when the runner can take screenshots (run-integration.mjs; not desktop VS Code). */
export function canScreenshot(): boolean {
  return process.env.E2E_SCREENSHOTS === '1' && !!process.env.E2E_SCREENSHOT_DIR;
}

/**
 * Asks the runner for a screenshot of the workbench and waits until the file is written.
 * `name` is a file name (".png" is added) relative to E2E_SCREENSHOT_DIR, or an absolute path.
 * Returns the file, or undefined where screenshots are not supported (desktop runs).
 */
export async function screenshot(name: string, options: ScreenshotOptions = {}): Promise<string | undefined> {
  if (!canScreenshot()) return undefined;
  const withExt = name.endsWith('.png') ? name : `${name}.png`;
  const file = path.resolve(process.env.E2E_SCREENSHOT_DIR as string, withExt);
  if (/\s/.test(file)) throw new Error(`screenshot path must not contain spaces: ${file}`);
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.error`, { force: true });
  const { timeoutMs = 20_000, ...request } = options;
  const json = Object.keys(request).length ? ` ${JSON.stringify(request)}` : '';
  console.log(`[e2e-screenshot] ${file}${json}`);
  await waitFor(() => {
    if (fs.existsSync(`${file}.error`)) throw new Error(fs.readFileSync(`${file}.error`, 'utf8'));
    return fs.existsSync(file);
  }, { timeoutMs, intervalMs: 100, message: `screenshot ${file}` }).catch((err: Error) => {
    throw new Error(`screenshot ${withExt} failed: ${err.message}`);
  });
  return file;
}

// ---- the workbench's DOM -------------------------------------------------------------------------------

/** One element of the workbench page matched by queryDom(). */
export interface DomElement {
  text: string;
  classes: string[];
  visible: boolean;
  attributes: Record<string, string | null>;
}

let domQueries = 0;

/**
 * What the workbench page shows for a CSS selector (run-integration.mjs answers; state that only the
 * workbench's DOM holds, such as checked walkthrough steps). Undefined where the runner cannot (desktop runs).
 */
export async function queryDom(selector: string, attributes: string[] = [], timeoutMs = 10_000, options: { frames?: boolean } = {}): Promise<DomElement[] | undefined> {
  if (!canScreenshot()) return undefined;
  const file = path.resolve(process.env.E2E_SCREENSHOT_DIR as string, 'dom', `query-${process.pid}-${++domQueries}.json`);
  fs.rmSync(file, { force: true });
  // `frames`: look inside every frame too (webviews such as the Markdown preview are nested iframes).
  console.log(`[e2e-dom] ${file} ${JSON.stringify({ selector, attributes, ...(options.frames ? { frames: true } : {}) })}`);
  await waitFor(() => {
    if (fs.existsSync(`${file}.error`)) throw new Error(fs.readFileSync(`${file}.error`, 'utf8'));
    return fs.existsSync(file);
  }, { timeoutMs, intervalMs: 50, message: `the DOM query ${selector}` });
  return JSON.parse(fs.readFileSync(file, 'utf8')) as DomElement[];
}

/** One step of pressKeys(): a key chord in Playwright's notation (`Control+Shift+Alt+Enter`), or text to type. */
export type KeyStep = { press: string } | { type: string };

let keyRequests = 0;

/**
 * Presses real keys in the workbench page (run-integration.mjs answers): they reach whatever has the focus
 * and go through VS Code's keybinding resolution like a user's. False where the runner cannot (desktop runs).
 */
export async function pressKeys(steps: KeyStep[], timeoutMs = 10_000): Promise<boolean> {
  if (!canScreenshot()) return false;
  const file = path.resolve(process.env.E2E_SCREENSHOT_DIR as string, 'keys', `keys-${process.pid}-${++keyRequests}.done`);
  fs.rmSync(file, { force: true });
  console.log(`[e2e-keys] ${file} ${JSON.stringify({ steps })}`);
  await waitFor(() => {
    if (fs.existsSync(`${file}.error`)) throw new Error(fs.readFileSync(`${file}.error`, 'utf8'));
    return fs.existsSync(file);
  }, { timeoutMs, intervalMs: 25, message: `the keys ${JSON.stringify(steps)}` });
  return true;
}

// ---- extension, workspace, editors -------------------------------------------------------------------

/** The extension under test, activated. Returns its exports. */
export async function activateExtension<T = unknown>(): Promise<T> {
  const ext = vscode.extensions.getExtension<T>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder;
}

/** A URI inside the test workspace (a throw-away copy of test/fixtures/workspace). */
export function workspaceUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...segments);
}

/** Opens a file of the test workspace in an editor. */
export async function openWorkspaceFile(relativePath: string, options?: vscode.TextDocumentShowOptions): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(...relativePath.split('/')));
  return vscode.window.showTextDocument(doc, options);
}

/** Opens an untitled document with `content` in `language` and shows it in an editor. */
export async function openDoc(content: string, language = 'plaintext', options?: vscode.TextDocumentShowOptions): Promise<vscode.TextEditor> {
  // VS Code gives a new untitled document the name of one just closed (Untitled-3). On a loaded machine the
  // extension host may not have dropped the old document yet, and the name then resolves to the old text:
  // a test would work on the previous test's document. Open another one until the text is ours.
  for (let attempt = 1; ; attempt++) {
    const doc = await vscode.workspace.openTextDocument({ content, language });
    if (doc.getText() === content || attempt === 5) return vscode.window.showTextDocument(doc, options);
    console.log(`[e2e] openDoc: ${doc.uri.toString()} still held the previous document's text; opening another`);
    await sleep(200);
  }
}

/** Writes a file into the test workspace (creating folders) and returns its URI. */
/** Opens `content` and puts the cursor at (line, character) with the keyboard focus in the editor. */
export async function openAt(content: string, language: string, line: number, character: number): Promise<vscode.TextEditor> {
  const editor = await openDoc(content, language);
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  setCursor(editor, line, character);
  return editor;
}

export async function writeWorkspaceFile(relativePath: string, content: string): Promise<vscode.Uri> {
  const uri = workspaceUri(...relativePath.split('/'));
  await vscode.workspace.fs.writeFile(uri, Buffer.from(content, 'utf8'));
  return uri;
}

/** Moves the cursor (and selection) to a position and reveals it. */
export function setCursor(editor: vscode.TextEditor, line: number, character: number): void {
  const pos = new vscode.Position(line, character);
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos));
}

/** Closes every editor without save prompts: dirty documents (untitled too) are reverted first. */
export async function closeAllEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await waitFor(() => vscode.window.tabGroups.all.every((g) => g.tabs.length === 0), { timeoutMs: 5_000, message: 'all editors to close' });
}

// ---- settings ----------------------------------------------------------------------------------------

function split(key: string): [section: string, leaf: string] {
  const i = key.lastIndexOf('.');
  return i < 0 ? ['', key] : [key.slice(0, i), key.slice(i + 1)];
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Sets a setting (default: user/Global settings; in code-server, machine-scoped settings such as
 * `hearth.host` go to the remote machine settings) and waits until the change is visible to extensions
 * through onDidChangeConfiguration. `undefined` removes it.
 */
export async function setSetting(key: string, value: unknown, target = vscode.ConfigurationTarget.Global): Promise<void> {
  const [section, leaf] = split(key);
  const config = vscode.workspace.getConfiguration(section);
  const inspected = config.inspect(leaf);
  const current = target === vscode.ConfigurationTarget.Global ? inspected?.globalValue
    : target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.workspaceFolderValue;
  if (sameValue(current, value)) return; // no change, so no event would fire
  const changed = nextEvent(vscode.workspace.onDidChangeConfiguration, (e) => e.affectsConfiguration(key), 10_000, `a configuration change of ${key}`);
  await config.update(leaf, value, target);
  await changed;
}

/** Removes the given settings from user (Global) and workspace settings. */
export async function resetSettings(keys: readonly string[]): Promise<void> {
  for (const key of keys) {
    await setSetting(key, undefined, vscode.ConfigurationTarget.Global);
    const [section, leaf] = split(key);
    if (vscode.workspace.getConfiguration(section).inspect(leaf)?.workspaceValue !== undefined) {
      await setSetting(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
  }
}
