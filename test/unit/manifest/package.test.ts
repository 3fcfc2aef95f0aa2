// What `npm run package` puts in the .vsix, and the Marketplace fields of package.json. The file list
// comes from vsce itself (`vsce ls`, the same rules as packaging), so a change to .vscodeignore that
// ships sources, tests, source maps or the README's screenshots fails here.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown> & {
  icon: string;
  categories: string[];
  keywords: string[];
  galleryBanner?: { color?: string; theme?: string };
  repository?: { url?: string };
  bugs?: { url?: string };
  homepage?: string;
};

/** Files the extension needs at run time, or the Marketplace shows; anything else must stay out. */
const SHIPPED = [
  /^dist\/extension\.js$/,
  /^dist\/lazy\/[\w-]+\.js$/,
  /^dist\/webview\/[\w-]+\.(js|css|ttf)$/,
  /^dist\/THIRD_PARTY_NOTICES\.txt$/,
  /^media\/(icon\.png|hearth\.svg|hearth-chat\.svg)$/,
  /^media\/walkthrough\/([\w-]+\.svg|samples\/[\w.-]+)$/,
  /^syntaxes\/[\w.-]+\.json$/,
  /^l10n\/bundle\.l10n\.[\w-]+\.json$/,
  /^package(\.nls(\.[\w-]+)?)?\.json$/,
  /^(README|CHANGELOG)\.md$/,
  /^LICENSE$/,
];

function pngSize(file: string): { width: number; height: number } {
  const data = fs.readFileSync(file);
  assert.equal(data.toString('ascii', 1, 4), 'PNG', `${file} is a PNG`);
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('package: the .vsix and the Marketplace fields', () => {
  it('packages only what runs or what the Marketplace shows, and everything that is needed', function () {
    this.timeout(30_000);
    const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const run = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, `vsce ls failed: ${run.stderr}`);
    const files = run.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const unexpected = files.filter((f) => !SHIPPED.some((re) => re.test(f)));
    assert.deepEqual(unexpected, [], 'files in the .vsix that the extension does not need');
    const required = ['package.json', 'package.nls.json', 'package.nls.zh-cn.json', 'l10n/bundle.l10n.zh-cn.json', 'dist/extension.js', 'media/icon.png', 'README.md', 'LICENSE', 'CHANGELOG.md'];
    if (fs.existsSync(path.join(root, 'dist', 'extension.js'))) {
      assert.deepEqual(required.filter((f) => !files.includes(f)), [], 'files the .vsix must hold');
    }
    // Every asset the manifest names ships (views, grammars, snippets, language configurations).
    const named = JSON.stringify(manifest.contributes).match(/"\.?\/?(?:media|syntaxes)\/[^"]+"/g) ?? [];
    for (const ref of named) {
      const file = ref.replace(/^"\.?\/?|"$/g, '');
      assert.ok(files.includes(file), `${file}, named in package.json, is in the .vsix`);
    }
  });

  it('has the Marketplace fields: icon, banner, categories, keywords, links', () => {
    const icon = pngSize(path.join(root, manifest.icon));
    assert.ok(icon.width >= 128 && icon.width === icon.height, `icon is square and at least 128 px (is ${icon.width}×${icon.height})`);
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme ?? ''));
    assert.ok(manifest.categories.includes('AI'));
    assert.ok(manifest.keywords.length > 0 && manifest.keywords.length <= 30, 'the Marketplace takes at most 30 keywords');
    for (const url of [manifest.repository?.url, manifest.bugs?.url, manifest.homepage]) assert.match(url ?? '', /^https:\/\//);
    assert.match(String(manifest.description), /^%[\w.]+%$/, 'the description is localized');
  });
});
