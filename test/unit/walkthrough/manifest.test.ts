// The walkthrough as package.json contributes it: every step completes on the context key of its
// milestone, its media and samples exist and ship, its commands exist, and the model sizes its text quotes
// are the recommendation data's (the text is static; this is what keeps it true).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RECOMMENDATIONS } from '../../../src/core/models/catalogue';
import { formatBytes } from '../../../src/core/text/format';
import { contextKeyOf, MILESTONES } from '../../../src/core/walkthrough/progress';
import { SAMPLE_KINDS, sampleFile, sampleKindOf, sampleLanguage } from '../../../src/core/walkthrough/samples';
import { WALKTHROUGH_ID, WALKTHROUGH_STEPS } from '../../../src/features/walkthrough/ids';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as T;

interface Step {
  id: string;
  title: string;
  description: string;
  media: { svg?: string; image?: string; altText?: string };
  completionEvents: string[];
}
interface Manifest {
  contributes: { walkthroughs: { id: string; title: string; description: string; steps: Step[] }[]; commands: { command: string }[] };
}

const manifest = readJson<Manifest>('package.json');
const nls = { en: readJson<Record<string, string>>('package.nls.json'), 'zh-cn': readJson<Record<string, string>>('package.nls.zh-cn.json') };
const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === WALKTHROUGH_ID);
const steps = walkthrough?.steps ?? [];
function keyOf(value: string): string {
  const key = /^%(.+)%$/.exec(value)?.[1];
  assert.ok(key, `${value} is a %key%`);
  return key;
}

describe('walkthrough manifest', () => {
  it('contributes the walkthrough with one step per milestone, in order, each completing on its context key', () => {
    assert.ok(walkthrough, `contributes.walkthroughs has ${WALKTHROUGH_ID}`);
    assert.deepEqual(steps.map((s) => s.id), [...WALKTHROUGH_STEPS]);
    steps.forEach((step, i) => assert.deepEqual(step.completionEvents, [`onContext:${contextKeyOf(MILESTONES[i])}`], step.id));
  });

  it('has every text in English and Chinese, the Chinese actually Chinese', () => {
    const keys = [walkthrough!.title, walkthrough!.description, ...steps.flatMap((s) => [s.title, s.description, s.media.altText ?? ''])].map(keyOf);
    for (const key of keys) {
      assert.ok(nls.en[key], `package.nls.json has ${key}`);
      assert.ok(/[\u4e00-\u9fff]/.test(nls['zh-cn'][key] ?? ''), `package.nls.zh-cn.json has ${key} in Chinese`);
    }
  });

  it('uses small, theme-aware SVG media that ship in the .vsix', () => {
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!media\/walkthrough\/\*\.svg$/m);
    assert.match(ignore, /^!media\/walkthrough\/samples\/\*$/m);
    for (const step of steps) {
      const file = step.media.svg;
      assert.ok(file && /^media\/walkthrough\/[\w-]+\.svg$/.test(file), `${step.id}: an SVG under media/walkthrough/`);
      const svg = fs.readFileSync(path.join(root, file), 'utf8');
      assert.ok(svg.length < 8_000, `${file} is small (${svg.length} bytes)`);
      assert.ok(svg.includes('var(--vscode-'), `${file} takes its colours from the theme`);
      assert.ok(!/#[0-9a-f]{3,6}"/i.test(svg.replace(/var\(--vscode-[\w-]+, #[0-9a-f]{3,6}\)/gi, '')), `${file}: every colour is a theme variable (hex only as a fallback)`);
    }
  });

  it('links only to commands Hearth contributes or VS Code has, with valid JSON arguments', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const lang of ['en', 'zh-cn'] as const) {
      for (const step of steps) {
        const text = nls[lang][keyOf(step.description)] ?? '';
        const links = [...text.matchAll(/\]\(command:([\w.]+)(?:\?([^)]*))?\)/g)];
        assert.ok(links.length > 0, `${lang} ${step.id} has a button`);
        for (const [, command, query] of links) {
          assert.ok(contributed.has(command), `${lang} ${step.id}: ${command} is contributed`);
          if (query) assert.ok(Array.isArray(JSON.parse(decodeURIComponent(query))), `${lang} ${step.id}: ${query} is a JSON array`);
        }
      }
    }
  });

  it('quotes each recommended model with its size from the recommendation data, in both languages', () => {
    const models = steps.find((s) => s.id === 'models');
    assert.ok(models);
    const preferred = ['completion', 'chat'].map((f) => RECOMMENDATIONS.find((r) => r.preferred && r.features.includes(f as 'chat')));
    for (const lang of ['en', 'zh-cn'] as const) {
      const text: string = nls[lang][keyOf(models.description)] ?? '';
      for (const rec of preferred) {
        assert.ok(rec);
        assert.ok(text.includes(`**${rec.name}**`), `${lang}: names ${rec.name}`);
        assert.ok(text.includes(`%22${rec.name.replace(':', '%3A')}%22`), `${lang}: a button pulls ${rec.name}`);
      }
      // Every "name (size)" or "name（size）" in the text: the size is the data's.
      const quoted: RegExpMatchArray[] = [...text.matchAll(/\*{0,2}([\w.-]+:[\w.-]+)\*{0,2}\s?[(（]([\d.]+ [KMG]B)[)）]/g)];
      assert.ok(quoted.length >= 2, `${lang}: sizes quoted`);
      for (const [, name, size] of quoted) {
        const rec: (typeof RECOMMENDATIONS)[number] | undefined = RECOMMENDATIONS.find((r) => r.name === name);
        assert.ok(rec, `${lang}: ${name} is a recommended model`);
        assert.equal(size, formatBytes(rec.downloadBytes), `${lang}: the size of ${name}`);
      }
    }
  });

  it('ships every sample the walkthrough opens, in both languages', () => {
    for (const language of ['en', 'zh-cn'] as const) {
      for (const kind of SAMPLE_KINDS) {
        const { file } = sampleFile(kind, language);
        const text = fs.readFileSync(path.join(root, 'media', 'walkthrough', 'samples', file), 'utf8');
        assert.ok(text.trim().length > 100, file);
        const chinese = /[\u4e00-\u9fff]/.test(text.replace(/"Hearth: [^"]*"/g, ''));
        // Drafting and summaries in the user's language; the comments to translate in the other one.
        const wantChinese = kind === 'translate' ? language === 'en' : language === 'zh-cn';
        assert.equal(chinese, wantChinese, `${language} ${kind}: ${file}`);
      }
    }
  });

  it('picks the samples by VS Code\'s display language and reads the command argument', () => {
    assert.equal(sampleLanguage('en'), 'en');
    assert.equal(sampleLanguage('de'), 'en', 'other languages get the English samples');
    assert.equal(sampleLanguage('zh-cn'), 'zh-cn');
    assert.equal(sampleLanguage('zh-TW'), 'zh-cn');
    assert.deepEqual(sampleFile('translate', 'en'), { file: 'translate.zh-cn.py', languageId: 'python' });
    assert.deepEqual(sampleFile('translate', 'zh-cn'), { file: 'translate.en.py', languageId: 'python' });
    assert.equal(sampleKindOf('draft'), 'draft');
    assert.equal(sampleKindOf({ kind: 'summarize' }), 'summarize');
    for (const bad of [undefined, null, 'drafts', 3, { kind: 'nope' }, ['draft']]) assert.equal(sampleKindOf(bad), undefined, JSON.stringify(bad));
  });

  it('offers Get Started in the palette under Hearth, and hides the sample command that needs an argument', () => {
    const json = manifest as unknown as { contributes: { commands: { command: string; category?: string; title: string }[]; menus: { commandPalette: { command: string; when: string }[] } } };
    const open = json.contributes.commands.find((c) => c.command === 'hearth.openWalkthrough');
    assert.equal(open?.category, 'Hearth');
    assert.equal(nls.en[keyOf(open.title)], 'Get Started');
    assert.ok(nls['zh-cn'][keyOf(open.title)]);
    assert.deepEqual(json.contributes.menus.commandPalette.find((m) => m.command === 'hearth.walkthrough.openSample')?.when, 'false');
  });
});

describe('walkthrough: the keys it names', () => {
  const keys = readJson<{ contributes: { keybindings: { key: string; mac?: string }[] } }>('package.json').contributes.keybindings;
  const normalise = (key: string): string => key.toLowerCase().replace(/⌘/g, 'cmd+').replace(/⇧/g, 'shift+').replace(/⌥/g, 'alt+').split('+').sort().join('+');
  const bound = new Set(keys.flatMap((k) => [k.key, k.mac ?? k.key]).map(normalise));
  const texts = [
    ...Object.entries(nls.en).filter(([k]) => k.startsWith('walkthrough.')).map(([, v]) => v),
    ...Object.entries(nls['zh-cn']).filter(([k]) => k.startsWith('walkthrough.')).map(([, v]) => v),
    ...fs.readdirSync(path.join(root, 'media', 'walkthrough', 'samples')).map((f) => fs.readFileSync(path.join(root, 'media', 'walkthrough', 'samples', f), 'utf8')),
  ];

  it('names only keys Hearth binds, so a changed keybinding cannot leave the text behind', () => {
    const named = texts.flatMap((t) => [...t.matchAll(/(?:(?:Ctrl|Shift|Alt|Cmd)\+)+(?:Enter|\\|[A-Z])\b|[⌘⇧⌥]+Enter/g)].map((m) => m[0]));
    assert.ok(named.length > 0, 'the texts name the Draft Here key');
    const unknown = named.filter((k) => !bound.has(normalise(k)));
    assert.deepEqual([...new Set(unknown)], []);
  });
});
