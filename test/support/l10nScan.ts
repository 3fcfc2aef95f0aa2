// Finds every string the extension passes to vscode.l10n.t(), so a test can check that each one has
// a Simplified Chinese translation. Only literal first arguments are allowed (the lint rule below
// enforces that), which keeps this scan exact.
import * as fs from 'node:fs';
import * as path from 'node:path';

const CALL = /l10n\.t\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`((?:[^`\\$]|\\.)*)`)/g;

function unescape(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, c: string) => {
    if (c.startsWith('u') && c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[c] ?? c;
  });
}

export function listSourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
}

/** Every l10n.t() key in the files, with where it was found. */
export function scanL10nKeys(files: string[]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(CALL)) {
      const key = unescape(m[1] ?? m[2] ?? m[3] ?? '');
      if (!keys.has(key)) keys.set(key, `${file}:${text.slice(0, m.index).split('\n').length}`);
    }
  }
  return keys;
}

/** Calls whose first argument is not a plain literal (they cannot be translated by the bundle). */
export function findDynamicL10nCalls(files: string[]): string[] {
  const bad: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/l10n\.t\(\s*([^'"`\s])/g)) {
      bad.push(`${file}:${text.slice(0, m.index).split('\n').length}`);
    }
    for (const m of text.matchAll(/l10n\.t\(\s*`[^`]*\$\{/g)) {
      bad.push(`${file}:${text.slice(0, m.index).split('\n').length}`);
    }
  }
  return bad;
}

// `node out/test/support/l10nScan.js` prints the keys still missing from the Chinese bundle.
if (require.main === module) {
  const root = path.resolve(__dirname, '..', '..', '..');
  const bundle = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  const missing: Record<string, string> = {};
  for (const [key] of scanL10nKeys(listSourceFiles(path.join(root, 'src')))) if (!(key in bundle)) missing[key] = '';
  console.log(JSON.stringify(missing, null, 2));
}
