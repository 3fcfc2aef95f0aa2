// What activation loads stays small: the main bundle keeps within its budget and leaves the command-only
// features to the lazy bundles (dist/lazy/*.js), each of which loads and runs with the main bundle's services.
import * as assert from 'node:assert/strict';
import type * as esbuildTypes from 'esbuild';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFakeVscode, fakeExtensionContext, installFakeVscode } from '../../support/fakeVscode';

const root = path.resolve(__dirname, '..', '..', '..', '..');

/** The benchmark target (issue 8): the minified bundle that activation loads. */
const MAIN_BUNDLE_BUDGET = 250 * 1024;

/** Implementation modules of the lazily loaded features: never in the main bundle. */
const LAZY_ONLY = [
  /^src\/lazy\//,
  /^src\/core\/(translate|summarize)\//,
  /^src\/features\/(translate|summarize)\//,
  /^src\/features\/models\/commands\//,
  /^src\/features\/models\/showDocument\.ts$/,
  /^src\/features\/models\/modelfileProblems\.ts$/,
  /^src\/core\/models\/modelfile\.ts$/,
  /^src\/features\/connection\/sections\.ts$/,
  /^src\/features\/inline\/reportSection\.ts$/,
  /^src\/features\/chat\/(session|turn|codeActions|links|models|config|strings|attachments)\.ts$/,
  /^src\/core\/chat\/(historyStore|context|export|viewModel|batcher|title)\.ts$/,
  /^src\/core\/models\/(create|localFiles|updates)\.ts$/,
  /^src\/core\/text\/chunking\.ts$/,
  /^src\/core\/prompts\/(translate|summarize)\.ts$/,
  /^src\/features\/customisation\/(reset|prompts)\.ts$/,
  /^src\/core\/prompts\/(template|languages|chatSystem)\.ts$/,
  /^src\/(features|core)\/walkthrough\/samples\.ts$/,
  /^src\/(features|core)\/draft\//,
  /^src\/core\/prompts\/draftPrompt\.ts$/,
  /^src\/platform\/stallNotice\.ts$/,
  // The OpenAI-compatible adapter and client: loaded when an endpoint of that kind is first used.
  /^src\/core\/openai\//,
  // Endpoints (issue 15): the credential commands, the CA-file transport, the words for setting mistakes.
  /^src\/features\/endpoints\/commands\.ts$/,
  /^src\/core\/endpoints\/caFetch\.ts$/,
  /^src\/platform\/endpoints\/problems\.ts$/,
  // The workspace index's engine: chunker, lexical index, vectors, file format, walk and .gitignore rules.
  /^src\/core\/workspaceIndex\//,
  /^src\/core\/indexing\/(indexer|walk|excludes|embedBatches)\.ts$/,
  /^src\/features\/workspaceIndex\/(source|storage)\.ts$/,
  // The index service (watchers, scheduler, opt-in prompt, retrieval) and its status item: loaded when
  // indexing is on in a trusted workspace, or an index command or the first @workspace question needs them.
  /^src\/features\/workspaceIndex\/(service|statusItem|gitHead)\.ts$/,
  /^src\/core\/indexing\/scheduler\.ts$/,
  /node_modules\/(minisearch|ignore)\//,
  // Reading installed extensions' language-configuration files, with its JSONC parser (src/lazy/comments.ts).
  /^src\/core\/comments\/languageConfigurationFile\.ts$/,
  /node_modules\/jsonc-parser\//,
  // The container route of the daemon (src/lazy/container.ts): container mode, or a Start that runs a container.
  /^src\/core\/daemon\/containerStart\.ts$/,
  // The words for a failed Start of Ollama (src/lazy/daemonMessages.ts).
  /^src\/features\/daemon\/startFailures\.ts$/,
  // The daemon's section of the connection report (src/lazy/connection.ts) and the check of the GPU Ollama
  // found in Hearth's container (src/lazy/container.ts).
  /^src\/features\/daemon\/(reportSection|containerGpu)\.ts$/,
  // Show Ollama Logs, Install Ollama and the status bar's Ollama menu (src/lazy/daemonCommands.ts).
  /^src\/features\/daemon\/commandActions\.ts$/,
];
/** The thin registration (commands, CodeLens, context keys) of those features, which stays eager. */
const EAGER_REGISTRATION = new Set([
  'src/features/translate/index.ts',
  'src/features/translate/translationDocs.ts',
  'src/features/summarize/index.ts',
  'src/features/summarize/registry.ts',
]);
// The workspace index's front (src/features/workspaceIndex/index.ts: availability while off, untrusted or
// without a folder, the settings watch, the command registrations) stays eager; its files match no LAZY_ONLY rule.
/** The main bundle's machinery: a lazy bundle uses the instances passed in, never its own copy. */
const MAIN_ONLY = [
  /^src\/extension\.ts$/,
  // The connection report's sections are pure report code (src/lazy/connection.ts); the rest of the
  // connection feature registers the commands and stays in the main bundle.
  /^src\/features\/connection\/(?!sections\.ts$)/,
  /^src\/platform\/lazy\.ts$/,
  /^src\/core\/ollama\/(gateway|transport)\.ts$/,
  /node_modules\/ollama\//,
  /^src\/core\/completion\//,
  // The daemon's machinery. A lazy bundle may copy its setting names (constants), its pure helpers (clock, env,
  // install guidance) and the container route (src/lazy/container.ts), whose instance the supervisor keeps.
  /^src\/core\/daemon\/(?!(settings|clock|env|install|container|containerRunner|containerStart)\.ts$)/,
  // All of inline completion but its section of the connection report (src/lazy/connection.ts).
  /^src\/features\/inline\/(?!reportSection\.ts$)/,
  // All of the daemon feature but the words for a failed Start (src/lazy/daemonMessages.ts), the longer
  // command implementations (src/lazy/daemonCommands.ts), its report section and the container's GPU check.
  /^src\/features\/daemon\/(?!(startFailures|commandActions|reportSection|containerGpu)\.ts$)/,
  // The chat's view provider, commands and editor tracker; the session and the store are in src/lazy/chat.ts.
  /^src\/features\/chat\/(index|provider|html|editorTracker)\.ts$/,
  /^src\/features\/models\/(resolver|state|tree|view|pulls)\.ts$/,
];

interface NodeBundles {
  extension: esbuildTypes.BuildOptions;
  lazy: esbuildTypes.BuildOptions;
}

/** The production builds of esbuild.mjs, in memory. */
async function productionBuilds(): Promise<{ main: esbuildTypes.Metafile['outputs'][string]; lazy: Record<string, esbuildTypes.Metafile['outputs'][string]> }> {
  const config = (await import(pathToFileURL(path.join(root, 'esbuild.mjs')).href)) as { nodeBundles(o: { production: boolean }): NodeBundles };
  const options = config.nodeBundles({ production: true });
  const main = await esbuild.build({ ...options.extension, write: false, logLevel: 'silent' });
  const lazy = await esbuild.build({ ...options.lazy, write: false, logLevel: 'silent' });
  assert.ok(main.metafile && lazy.metafile, 'esbuild.mjs asks for metafiles');
  const mainOutputs = Object.entries(main.metafile.outputs).filter(([f]) => f.endsWith('.js'));
  assert.equal(mainOutputs.length, 1);
  return { main: mainOutputs[0][1], lazy: Object.fromEntries(Object.entries(lazy.metafile.outputs).filter(([f]) => f.endsWith('.js'))) };
}

function lazyNames(): string[] {
  return fs.readdirSync(path.join(root, 'src', 'lazy')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
}

describe('bundles: what activation loads', function () {
  this.timeout(60_000);
  let builds: Awaited<ReturnType<typeof productionBuilds>>;

  before(async () => {
    builds = await productionBuilds();
  });

  it(`keeps the main bundle within ${MAIN_BUNDLE_BUDGET / 1024} KB minified`, () => {
    assert.ok(builds.main.bytes <= MAIN_BUNDLE_BUDGET, `dist/extension.js is ${(builds.main.bytes / 1024).toFixed(1)} KB minified`);
  });

  it('leaves the command-only features out of the main bundle', () => {
    const inputs = Object.keys(builds.main.inputs);
    const misplaced = inputs.filter((f) => LAZY_ONLY.some((p) => p.test(f)) && !EAGER_REGISTRATION.has(f));
    assert.deepEqual(misplaced, [], 'a value import pulled a lazy feature into the main bundle (import it as a type, or call it through the lazy bundle)');
    // The registrations are there: the check above is not vacuous.
    for (const f of EAGER_REGISTRATION) assert.ok(inputs.includes(f), `${f} is in the main bundle`);
  });

  it('builds one lazy bundle per entry, none with the main bundle\'s machinery', () => {
    assert.deepEqual(Object.keys(builds.lazy).sort(), lazyNames().map((n) => `dist/lazy/${n}.js`).sort());
    for (const [file, output] of Object.entries(builds.lazy)) {
      const inputs = Object.keys(output.inputs);
      assert.deepEqual(inputs.filter((f) => MAIN_ONLY.some((p) => p.test(f))), [], `${file} carries its own copy of main-bundle machinery`);
      assert.ok(inputs.some((f) => LAZY_ONLY.some((p) => p.test(f))), `${file} holds a lazy feature`);
    }
  });

  it('loads each lazy bundle by a name that exists', () => {
    const used = new Set<string>();
    for (const f of fs.readdirSync(path.join(root, 'src'), { recursive: true }).map(String).filter((f) => f.endsWith('.ts'))) {
      for (const m of fs.readFileSync(path.join(root, 'src', f), 'utf8').matchAll(/lazyBundle<[^>]*>\('([^']+)'\)/g)) used.add(m[1]);
    }
    assert.deepEqual([...used].sort(), lazyNames().sort(), 'every lazy bundle is used, and every name used has an entry in src/lazy/');
  });
});

describe('bundles: the lazy bundles load', function () {
  this.timeout(30_000);
  const dist = path.join(root, 'dist');

  it('each one requires cleanly with the fake vscode and exports its commands', () => {
    const restore = installFakeVscode(createFakeVscode(root));
    try {
      for (const name of lazyNames()) {
        const file = path.join(dist, 'lazy', `${name}.js`);
        assert.ok(fs.existsSync(file), `${file} exists (npm run test:unit builds it first)`);
        delete require.cache[file];
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy bundles are CommonJS, loaded as the extension loads them
        const exports = require(file) as Record<string, unknown>;
        const names = Object.keys(exports);
        assert.ok(names.length > 0, `${name} exports nothing`);
        for (const key of names) assert.equal(typeof exports[key], 'function', `${name}.${key}`);
      }
    } finally {
      restore();
    }
  });

  it('the main bundle loads them from its own directory when a command runs', async () => {
    const fake = createFakeVscode(root);
    const restore = installFakeVscode(fake);
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-lazy-'));
    const bundle = path.join(dist, 'extension.js');
    const lazyFiles = lazyNames().map((n) => path.join(dist, 'lazy', `${n}.js`));
    try {
      for (const f of [bundle, ...lazyFiles]) delete require.cache[f];
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is CommonJS and must load after the fake vscode is installed
      const extension = require(bundle) as { activate(ctx: unknown): unknown; deactivate(): unknown };
      const context = fakeExtensionContext(root, storage) as { subscriptions: { dispose(): unknown }[] };
      await extension.activate(context);
      assert.deepEqual(lazyFiles.filter((f) => require.cache[f]), [], 'activation loaded a lazy bundle');
      // No editor is open in the fake: each command answers from its lazy implementation without a request.
      const run = (id: string): unknown => {
        const handler = fake.registered.handlers.get(id);
        assert.ok(handler, `${id} is registered`);
        return handler();
      };
      assert.deepEqual(await run('hearth.summarize'), { status: 'noDocument' });
      assert.ok(require.cache[path.join(dist, 'lazy', 'summarize.js')], 'Summarize loaded its bundle');
      assert.equal(((await run('hearth.translate.selection')) as { status: string }).status, 'noEditor');
      assert.ok(require.cache[path.join(dist, 'lazy', 'translate.js')], 'Translate Selection loaded its bundle');
      await extension.deactivate();
      context.subscriptions.forEach((d) => d.dispose());
    } finally {
      restore();
      fs.rmSync(storage, { recursive: true, force: true });
    }
  });
});
