// Bundles the extension (Node, CommonJS: the main bundle and the lazily loaded ones) and the chat webview
// (browser), or transpiles the tests.
//   node esbuild.mjs               development build with source maps
//   node esbuild.mjs --production  minified build, as shipped in the .vsix
//   node esbuild.mjs --watch       rebuild on change
//   node esbuild.mjs --tests       transpile src/ and test/ file by file into out/ for mocha
// Type checking is separate: `npm run typecheck` (tsc --noEmit).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const rootDir = path.dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const tests = args.has('--tests');
/** False when a test imports this file for nodeBundles(): then nothing is built here. */
const runAsScript = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);

/**
 * `import * as vscode from 'vscode'` in each of ~65 modules would make esbuild copy the whole API
 * object once per module at load time (its CommonJS interop). Routing every import through one
 * re-exporting module copies it once: a third less load time and 2 MB less heap at activation.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' });
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/** The `ollama` client imports a fetch polyfill for old browsers; Node 20 has fetch, so it is left out. */
const noFetchPolyfill = {
  name: 'no-fetch-polyfill',
  setup(build) {
    build.onResolve({ filter: /^whatwg-fetch$/ }, () => ({ path: 'whatwg-fetch', namespace: 'empty' }));
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: '', loader: 'js' }));
  },
};

/**
 * The extension's Node bundles: the main one (dist/extension.js, loaded at activation) and one per entry in
 * src/lazy/ (dist/lazy/<name>.js): command-only features that src/platform/lazy.ts loads at their first
 * use. esbuild splits code only for ES modules, and VS Code loads CommonJS, so each lazy bundle carries
 * its own copy of the small shared modules it uses. Exported for the bundle-size test, which builds these
 * same options in memory; paths are relative to this file's directory.
 * @returns {{ extension: esbuild.BuildOptions, lazy: esbuild.BuildOptions }}
 */
export function nodeBundles({ production }) {
  /** @type {esbuild.BuildOptions} */
  const extension = {
    absWorkingDir: rootDir,
    plugins: [vscodeOnce, noFetchPolyfill],
    entryPoints: ['src/extension.ts'],
    bundle: true,
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // Prefer packages' ES module builds: jsonc-parser's UMD build loads its parts with a require() that a
    // bundle cannot follow.
    mainFields: ['module', 'main'],
    sourcemap: !production,
    minify: production,
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  };
  const lazyDir = path.join(rootDir, 'src', 'lazy');
  const lazyEntries = fs.existsSync(lazyDir)
    ? fs.readdirSync(lazyDir).filter((f) => f.endsWith('.ts')).map((f) => `src/lazy/${f}`)
    : [];
  return { extension, lazy: { ...extension, entryPoints: lazyEntries, outfile: undefined, outdir: 'dist/lazy' } };
}

const { extension, lazy } = nodeBundles({ production });
const lazyEntries = lazy.entryPoints;

const webviewEntries = fs.existsSync('src/webview')
  ? fs.readdirSync('src/webview').filter((f) => /^main.*\.ts$/.test(f)).map((f) => path.join('src/webview', f))
  : [];

/** @type {esbuild.BuildOptions} */
const webview = {
  entryPoints: webviewEntries,
  bundle: true,
  outdir: 'dist/webview',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  sourcemap: !production,
  minify: production,
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
  loader: { '.css': 'css', '.ttf': 'file' },
  assetNames: '[name]',
};

function listTs(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
}

/** Tests run from out/, file by file, so that mocha and the VS Code test host can load each one. */
const testBuild = {
  entryPoints: [...listTs('src'), ...listTs('test')],
  outdir: 'out',
  outbase: '.',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
};

function report(result, label) {
  for (const [file, info] of Object.entries(result.metafile?.outputs ?? {})) {
    if (file.endsWith('.map')) continue;
    console.log(`${label.padEnd(10)} ${file.padEnd(34)} ${(info.bytes / 1024).toFixed(1).padStart(8)} KB`);
  }
}

/**
 * The licenses of the packages bundled into dist/ (their code ships inside our files, so their notices
 * must ship too): written to dist/THIRD_PARTY_NOTICES.txt from each package's own LICENSE file.
 */
function writeNotices(results) {
  const packages = new Map();
  for (const result of results) {
    for (const input of Object.keys(result.metafile?.inputs ?? {})) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (m && !packages.has(m[1])) packages.set(m[1], path.join('node_modules', m[1]));
    }
  }
  const sections = [...packages].sort(([a], [b]) => a.localeCompare(b)).map(([name, dir]) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licenseFile = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = licenseFile ? fs.readFileSync(path.join(dir, licenseFile), 'utf8').trim() : `License: ${manifest.license ?? 'see the package'}`;
    return `${name}@${manifest.version} (${manifest.license ?? '?'})\n${'-'.repeat(60)}\n${text}\n`;
  });
  fs.writeFileSync('dist/THIRD_PARTY_NOTICES.txt', `Hearth bundles the following packages.\n\n${sections.join('\n')}`);
}

if (!runAsScript) {
  // Imported (by a test): only the exports are wanted.
} else if (tests) {
  fs.rmSync('out', { recursive: true, force: true });
  await esbuild.build(testBuild);
  // Fixtures and JSON that tests read at run time sit next to the compiled files.
  for (const dir of ['test/fixtures']) {
    if (fs.existsSync(dir)) fs.cpSync(dir, path.join('out', dir), { recursive: true });
  }
} else if (watch) {
  const contexts = [await esbuild.context(extension)];
  if (lazyEntries.length) contexts.push(await esbuild.context(lazy));
  if (webviewEntries.length) contexts.push(await esbuild.context(webview));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching src/ for changes…');
} else {
  fs.rmSync('dist', { recursive: true, force: true });
  const results = [await esbuild.build(extension)];
  report(results[0], 'extension');
  if (lazyEntries.length) {
    results.push(await esbuild.build(lazy));
    report(results.at(-1), 'lazy');
  }
  if (webviewEntries.length) {
    results.push(await esbuild.build(webview));
    report(results.at(-1), 'webview');
  }
  writeNotices(results);
}
