import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findDynamicL10nCalls, listSourceFiles, scanL10nKeys } from '../../support/l10nScan';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

function manifestKeys(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^%([^%]+)%$/.exec(value);
    if (m) found.add(m[1]);
  } else if (Array.isArray(value)) {
    value.forEach((v) => manifestKeys(v, found));
  } else if (value && typeof value === 'object') {
    Object.values(value).forEach((v) => manifestKeys(v, found));
  }
  return found;
}

/** Names, placeholders and symbols only ("Hearth", "Ollama {0}", "{0} · {1}"): the same in every language. */
function untranslatable(text: string): boolean {
  const rest = text
    .replace(/\{\d+\}/g, '')
    .replace(/`[^`]*`/g, '')
    .replace(/\b(Hearth|Ollama|Modelfile|GPU|CPU)\b/g, '');
  return !/\p{L}/u.test(rest);
}

describe('localization: English and Simplified Chinese ship together', () => {
  const nls = readJson('package.nls.json');
  const nlsZh = readJson('package.nls.zh-cn.json');
  const bundleZh = readJson('l10n/bundle.l10n.zh-cn.json') as Record<string, string>;
  const files = listSourceFiles(path.join(root, 'src'));

  it('has an English and a Chinese entry for every %key% in package.json', () => {
    for (const key of manifestKeys(readJson('package.json'))) {
      assert.ok(typeof nls[key] === 'string' && nls[key] !== '', `package.nls.json has ${key}`);
      assert.ok(typeof nlsZh[key] === 'string' && nlsZh[key] !== '', `package.nls.zh-cn.json has ${key}`);
    }
  });

  it('has no Chinese manifest entry without an English one, and no English one without a Chinese one', () => {
    for (const key of Object.keys(nlsZh)) assert.ok(key in nls, `${key} exists in package.nls.json`);
    for (const key of Object.keys(nls)) assert.ok(typeof nlsZh[key] === 'string' && nlsZh[key].trim() !== '', `${key} is translated in package.nls.zh-cn.json`);
  });

  it('translates rather than copies: no Chinese string is empty or the English text, except names and symbols', () => {
    const copied: string[] = [];
    const check = (where: string, english: string, chinese: unknown): void => {
      if (typeof chinese !== 'string' || chinese.trim() === '') copied.push(`${where}: empty`);
      else if (chinese === english && !untranslatable(english)) copied.push(`${where}: ${JSON.stringify(chinese)} is the English text`);
    };
    for (const [key, english] of Object.entries(nls)) check(`package.nls.zh-cn.json ${key}`, String(english), nlsZh[key]);
    for (const [english, chinese] of Object.entries(bundleZh)) check('l10n/bundle.l10n.zh-cn.json', english, chinese);
    assert.deepEqual(copied, []);
    assert.ok(!untranslatable('Hearth is ready'), 'the check can fail');
  });

  it('translates every vscode.l10n.t() string into Chinese', () => {
    const keys = scanL10nKeys(files);
    assert.ok(keys.size > 10, 'the scan finds the strings');
    const missing = [...keys].filter(([key]) => !bundleZh[key]).map(([key, where]) => `${where}: ${JSON.stringify(key)}`);
    assert.deepEqual(missing, [], 'missing from l10n/bundle.l10n.zh-cn.json (run `node out/test/support/l10nScan.js` to list them)');
  });

  it('keeps the same {0} placeholders in each translation', () => {
    for (const [key, zh] of Object.entries(bundleZh)) {
      const placeholders = (s: string): string => (s.match(/\{\d+\}/g) ?? []).sort().join(',');
      assert.equal(placeholders(zh), placeholders(key), `placeholders of ${JSON.stringify(key)}`);
    }
  });

  it('passes only literal strings to l10n.t (so they can be translated)', () => {
    assert.deepEqual(findDynamicL10nCalls(files), []);
  });
});
