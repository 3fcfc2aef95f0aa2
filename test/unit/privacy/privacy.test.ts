// "Local by default, provably": the shipped code is checked for every address it contains and for
// every way a browser page could reach the network. A new URL or network API in the bundles fails
// this test until someone decides, here, why it is safe.
import * as assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..', '..');

/** Every address the extension bundle may contain, and why it is not a network peer of Hearth. */
const ALLOWED_URLS: Record<string, string> = {
  'http://127.0.0.1:11434': 'the default Ollama host (loopback)',
  'http://127.0.0.1': 'loopback, part of host parsing',
  'http://127.0.0.1:': 'loopback, part of host parsing',
  'https://ollama.com/download': 'opened in the user\'s browser by Install Ollama, never fetched by Hearth',
  'https://ollama.com/download/linux': 'as above',
  'https://ollama.com/download/mac': 'as above',
  'https://ollama.com/download/windows': 'as above',
  'https://ollama.com/install.sh': 'typed into a terminal for the user to run after a confirmation, never run by Hearth',
  'https://ollama.com/api/web_search': 'inside the ollama client library; Hearth never calls webSearch (checked below)',
  'https://ollama.com/api/web_fetch': 'inside the ollama client library; Hearth never calls webFetch (checked below)',
  'https://github.com/highlightjs/highlight.js/wiki/security': 'text of a highlight.js console warning',
  'https://github.com/highlightjs/highlight.js/issues/2277': 'text of a highlight.js console warning',
  'https://ollama.team.example': 'an example address in the Add Endpoint prompt and the messages; never contacted',
  'http://gpu-box:8000.': 'as above (the sentence\'s full stop is read as part of it)',
};

async function productionBundle(entry: string, platform: 'node' | 'browser'): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    write: false,
    minify: true,
    platform,
    format: platform === 'node' ? 'cjs' : 'iife',
    external: ['vscode'],
    mainFields: ['module', 'main'],
    loader: { '.css': 'empty', '.ttf': 'empty' },
    logLevel: 'silent',
    legalComments: 'none',
  });
  return result.outputFiles.map((f) => f.text).join('\n');
}

function urls(code: string): string[] {
  return [...new Set(code.match(/https?:\/\/[a-zA-Z0-9[][a-zA-Z0-9._:/%?=&#-]*/g) ?? [])];
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true })
    .map((f) => path.join(root, dir, String(f)))
    .filter((f) => f.endsWith('.ts'));
}

describe('privacy: local by default, provably', function () {
  this.timeout(60_000);

  it('the extension bundles (main and lazily loaded) contain no address but the allowed ones', async () => {
    const lazyEntries = fs.readdirSync(path.join(root, 'src', 'lazy')).filter((f) => f.endsWith('.ts')).map((f) => path.join('src', 'lazy', f));
    assert.ok(lazyEntries.length > 0);
    for (const entry of ['src/extension.ts', ...lazyEntries]) {
      const unknown = urls(await productionBundle(entry, 'node')).filter((u) => !(u in ALLOWED_URLS));
      assert.deepEqual(unknown, [], `${entry}: decide in ALLOWED_URLS why each new address is not a network peer`);
    }
  });

  it('the webview bundle contains no address and no network API', async () => {
    const webviews = fs.readdirSync(path.join(root, 'src', 'webview')).filter((f) => /^main.*\.ts$/.test(f));
    assert.ok(webviews.length > 0);
    for (const entry of webviews) {
      const code = await productionBundle(path.join('src', 'webview', entry), 'browser');
      const unknown = urls(code).filter((u) => !(u in ALLOWED_URLS));
      assert.deepEqual(unknown, [], `${entry}: addresses in the webview`);
      for (const api of ['fetch(', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'sendBeacon', 'importScripts']) {
        assert.ok(!code.includes(api), `${entry} uses ${api}`);
      }
    }
  });

  it('Hearth never uses the cloud features of the ollama client, nor any telemetry', () => {
    for (const file of sourceFiles('src')) {
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!/\.web(Search|Fetch)\(/.test(text), `${file} calls webSearch/webFetch`);
      assert.ok(!/createTelemetryLogger|extension-telemetry|applicationinsights/i.test(text), `${file} uses telemetry`);
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(manifest.dependencies ?? {})) assert.ok(!/telemetry|analytics|sentry/i.test(dep), `dependency ${dep}`);
  });

  it('only the gateway opens HTTP connections', () => {
    const outside = sourceFiles('src')
      .filter((f) => !f.includes(`${path.sep}core${path.sep}ollama${path.sep}`))
      // The transport under the gateways when hearth.tls.caFile is set (node:https with the extra CA).
      .filter((f) => !f.endsWith(path.join('core', 'endpoints', 'caFetch.ts')))
      .filter((f) => {
        // A method that happens to be called fetch (an interface member, `this.options.fetch(…)`) is not the global one.
        const code = fs.readFileSync(f, 'utf8').replace(/^\s*(readonly\s+)?fetch\(.*$/gm, '');
        return /(?<![.\w])fetch\(|globalThis\.fetch|from 'node:(http|https|net|tls|dgram)'|require\('(http|https|net)'\)|from 'ollama/.test(code);
      });
    assert.deepEqual(outside.map((f) => path.relative(root, f)), []);
  });
});
