// A minimal `vscode` module for running the bundled extension's activate() in plain Node: the
// activation test (no network call, nothing heavy) and the startup benchmark use it.
//
// The few things activation really depends on are implemented (events, disposables, configuration
// defaults from package.json, l10n formatting, Uri); everything else is an inert, chainable stub, so
// a feature that registers one more command or view does not need this file to change.
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';

type Stub = ((...args: unknown[]) => unknown) & Record<PropertyKey, unknown>;

/** A value that can be called, constructed, awaited-through and read at any depth without throwing. */
function stub(name: string): Stub {
  const target = function () {} as unknown as Stub;
  // Properties the code under test sets (item.text = …) read back as set; functions' own `name` and
  // `length` are read-only, so assignments never reach the target.
  const assigned = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    set(_t, prop, value) {
      assigned.set(prop, value);
      return true;
    },
    defineProperty(_t, prop, descriptor) {
      assigned.set(prop, descriptor.value);
      return true;
    },
    get(_t, prop) {
      if (assigned.has(prop)) return assigned.get(prop);
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === 'then') return undefined; // not a thenable: `await stub` gives the stub itself
      if (prop === 'dispose') return () => undefined;
      if (prop === Symbol.iterator) return function* () {};
      return stub(`${name}.${String(prop)}`);
    },
    apply() {
      return stub(`${name}()`);
    },
    construct(_t, _args, newTarget) {
      // Subclasses (class X extends vscode.TreeItem) keep their own prototype.
      return newTarget === target ? stub(`new ${name}`) : Object.create((newTarget as { prototype: object }).prototype);
    },
  });
}

class Disposable {
  constructor(private readonly fn: () => void = () => {}) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.fn();
  }
}

class EventEmitter<T> {
  private listeners = new Set<(e: T) => void>();
  event = (listener: (e: T) => void): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(e: T): void {
    this.listeners.forEach((l) => l(e));
  }
  dispose(): void {
    this.listeners.clear();
  }
}

const noEvent = (): Disposable => new Disposable();

function configuration(defaults: Record<string, unknown>): (section?: string) => unknown {
  return (section?: string) => {
    const full = (key: string): string => (section ? `${section}.${key}` : key);
    return {
      get: (key: string, fallback?: unknown) => defaults[full(key)] ?? fallback,
      has: (key: string) => full(key) in defaults,
      inspect: (key: string) => ({ key: full(key), defaultValue: defaults[full(key)] }),
      update: async () => undefined,
    };
  };
}

function apiExportNames(extensionRoot: string): string[] {
  const dts = fs.readFileSync(path.join(extensionRoot, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  const names = new Set<string>();
  for (const m of dts.matchAll(/^(?:\t| {4})export (?:namespace|class|enum|const|function|let) (\w+)/gm)) names.add(m[1]);
  return [...names];
}

export interface FakeVscode {
  /** Records of what the extension registered, for assertions: command ids and their handlers. */
  registered: { commands: string[]; handlers: Map<string, (...args: unknown[]) => unknown> };
  module: Record<string, unknown>;
}

/** Builds the fake module from the extension's package.json (for setting defaults). */
export function createFakeVscode(extensionRoot: string): FakeVscode {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionRoot, 'package.json'), 'utf8')) as {
    contributes?: { configuration?: { properties?: Record<string, { default?: unknown }> } };
  };
  const defaults: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(manifest.contributes?.configuration?.properties ?? {})) defaults[key] = prop.default;
  const registered = { commands: [] as string[], handlers: new Map<string, (...args: unknown[]) => unknown>() };
  const registerCommand = (id: string, handler: (...args: unknown[]) => unknown): Disposable => {
    registered.commands.push(id);
    registered.handlers.set(id, handler);
    return new Disposable();
  };
  const base = stub('vscode');
  const explicit: Record<string, unknown> = {
    Disposable,
    EventEmitter,
    version: '1.100.3',
    l10n: { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)])), bundle: undefined },
    Uri: {
      file: (p: string) => ({ scheme: 'file', fsPath: p, path: p, toString: () => `file://${p}` }),
      joinPath: (u: { fsPath: string }, ...parts: string[]) => ({ scheme: 'file', fsPath: path.join(u.fsPath, ...parts), toString: () => `file://${path.join(u.fsPath, ...parts)}` }),
      from: (c: { scheme: string; path: string }) => ({ ...c, toString: () => `${c.scheme}:${c.path}` }),
      parse: (s: string) => ({ toString: () => s }),
    },
    workspace: new Proxy(
      { getConfiguration: configuration(defaults), onDidChangeConfiguration: noEvent, onDidChangeTextDocument: noEvent, onDidCloseTextDocument: noEvent, onDidOpenTextDocument: noEvent, textDocuments: [], workspaceFolders: [] },
      { get: (t, p) => (p in t ? t[p as keyof typeof t] : stub(`workspace.${String(p)}`)) },
    ),
    commands: new Proxy(
      { registerCommand, registerTextEditorCommand: registerCommand, getCommands: async () => registered.commands },
      { get: (t, p) => (p in t ? t[p as keyof typeof t] : stub(`commands.${String(p)}`)) },
    ),
    // Nothing is on screen at activation: views report themselves hidden, so nothing refreshes for them.
    window: new Proxy(
      {
        createTreeView: () => Object.assign(stub('treeView'), { visible: false }),
        state: { focused: false, active: false },
        activeTextEditor: undefined,
        visibleTextEditors: [],
      },
      { get: (t, p) => (p in t ? t[p as keyof typeof t] : stub(`window.${String(p)}`)) },
    ),
    env: { language: 'en', uiKind: 1, appName: 'Fake', remoteName: undefined, openExternal: async () => true, clipboard: { readText: async () => '', writeText: async () => undefined } },
  };
  // Bundlers copy a CommonJS module's own property names (esbuild's __toESM), so every name the real
  // API exports must exist as an own property: take them from @types/vscode.
  for (const name of apiExportNames(extensionRoot)) if (!(name in explicit)) explicit[name] = (base as Record<PropertyKey, unknown>)[name];
  const module = new Proxy(explicit, { get: (t, p) => (p in t ? t[p as string] : (base as Record<PropertyKey, unknown>)[p]) });
  return { registered, module };
}

/** Makes `require('vscode')` return `fake` for code loaded after this call. Returns an undo function. */
export function installFakeVscode(fake: FakeVscode): () => void {
  const mod = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const original = mod._load;
  mod._load = function (request: string, parent: unknown, isMain: boolean) {
    if (request === 'vscode') return fake.module;
    return original.call(this, request, parent, isMain);
  };
  return () => {
    mod._load = original;
  };
}

/** A minimal ExtensionContext for activate(). */
export function fakeExtensionContext(extensionRoot: string, storageDir: string): Record<string, unknown> {
  const memento = (): Record<string, unknown> => {
    const values = new Map<string, unknown>();
    return { get: (k: string, d?: unknown) => (values.has(k) ? values.get(k) : d), update: async (k: string, v: unknown) => void values.set(k, v), keys: () => [...values.keys()], setKeysForSync: () => undefined };
  };
  const uri = (p: string) => ({ scheme: 'file', fsPath: p, path: p, toString: () => `file://${p}` });
  return {
    subscriptions: [] as { dispose(): unknown }[],
    extensionPath: extensionRoot,
    extension: { id: 'hearth-dev.hearth', extensionUri: uri(extensionRoot), extensionPath: extensionRoot },
    extensionUri: uri(extensionRoot),
    globalStorageUri: uri(path.join(storageDir, 'global')),
    storageUri: uri(path.join(storageDir, 'workspace')),
    logUri: uri(path.join(storageDir, 'log')),
    globalState: memento(),
    workspaceState: memento(),
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: noEvent },
    extensionMode: 3,
    asAbsolutePath: (p: string) => path.join(extensionRoot, p),
    environmentVariableCollection: stub('environmentVariableCollection'),
  };
}
