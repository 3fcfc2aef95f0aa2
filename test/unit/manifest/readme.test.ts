// README.md's Commands and Settings tables are generated from package.json by scripts/readme-tables.mjs;
// this runs its drift check inside `npm test` and checks the renderer on entries other branches may add.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

interface Manifest {
  contributes: Record<string, unknown>;
}
type Nls = Record<string, string>;
interface ReadmeTables {
  readProject(root?: string): { readme: string; manifest: Manifest; nls: Nls };
  drift(readme: string, manifest: Manifest, nls: Nls): string[];
  updateReadme(readme: string, manifest: Manifest, nls: Nls): string;
  renderCommandsTable(manifest: Manifest, nls: Nls): string;
  renderSettingsTable(manifest: Manifest, nls: Nls): string;
  keyLabel(key: string): string;
}

const root = path.resolve(__dirname, '..', '..', '..', '..');

describe('README tables generated from package.json', () => {
  let tables: ReadmeTables;
  let project: { readme: string; manifest: Manifest; nls: Nls };

  before(async () => {
    tables = (await import(pathToFileURL(path.join(root, 'scripts', 'readme-tables.mjs')).href)) as ReadmeTables;
    project = tables.readProject(root);
  });

  const clone = (m: Manifest): Manifest => JSON.parse(JSON.stringify(m)) as Manifest;
  const settingsOf = (m: Manifest): Record<string, Record<string, unknown>> =>
    (m.contributes.configuration as { properties: Record<string, Record<string, unknown>> }).properties;

  it('README.md matches package.json (run `npm run readme` after changing commands or settings)', () => {
    assert.deepEqual(tables.drift(project.readme, project.manifest, project.nls), []);
  });

  it('names the setting and the command that drifted', () => {
    const changed = clone(project.manifest);
    settingsOf(changed)['hearth.example.added'] = { type: 'boolean', default: false, description: 'An added setting' };
    (changed.contributes.commands as { command: string; title: string }[]).push({ command: 'hearth.example.run', title: 'Run the Example' });
    const problems = tables.drift(project.readme, changed, project.nls).join('\n');
    assert.match(problems, /settings table differs[\s\S]*\+ \| `hearth\.example\.added` \| boolean \| `false` \|/);
    assert.match(problems, /commands table differs[\s\S]*\+ \| Run the Example \| `hearth\.example\.run` \|/);
  });

  it('notices a removed setting and an edited description', () => {
    const changed = clone(project.manifest);
    delete settingsOf(changed)['hearth.translate.preview'];
    const nls = { ...project.nls, 'config.host': 'A different description.' };
    const problems = tables.drift(project.readme, changed, nls).join('\n');
    assert.match(problems, /- \| `hearth\.translate\.preview`/);
    assert.match(problems, /\+ \| `hearth\.host` .*A different description\./);
  });

  it('shows every screenshot in media/screenshots/, each with a description, and links no missing image', () => {
    const images = [...project.readme.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)].map((m) => ({ alt: m[1], file: m[2] }));
    for (const image of images) {
      assert.ok(fs.existsSync(path.join(root, image.file)), `${image.file} exists`);
      assert.ok(image.alt.length > 20, `${image.file} has alt text that describes it`);
    }
    const shots = fs.readdirSync(path.join(root, 'media', 'screenshots')).filter((f) => f.endsWith('.png'));
    const unused = shots.filter((f) => !images.some((i) => i.file === `media/screenshots/${f}`));
    assert.deepEqual(unused, [], 'screenshots the README does not show');
  });

  it('fails clearly when the markers are missing', () => {
    assert.throws(() => tables.updateReadme('# No tables here\n', project.manifest, project.nls), /generated:commands:start/);
  });

  it('renders object, enum, deprecated and multi-line settings as one readable row each', () => {
    const manifest: Manifest = {
      contributes: {
        configuration: [
          {
            properties: {
              'x.mode': { type: 'string', enum: ['a', 'b'], enumDescriptions: ['%x.a%', 'The | b one'], default: 'a', markdownDescription: '%x.mode%' },
              'x.map': { type: 'object', default: { '*': true }, properties: { one: { type: 'string' } }, additionalProperties: true, description: 'A map\nover two lines.' },
              'x.old': { type: ['string', 'null'], default: null, scope: 'application', deprecationMessage: 'Use `#x.mode#` instead.', description: 'Old.' },
              'x.list': { type: 'array', items: { type: 'string' }, default: [] },
            },
          },
        ],
      },
    };
    const rows = tables.renderSettingsTable(manifest, { 'x.a': 'The a one', 'x.mode': 'Pick with `#x.map#`.' }).split('\n');
    assert.equal(rows.length, 6);
    assert.equal(rows[2], '| `x.mode` | `a`, `b` | `a` | window | Pick with `x.map`. Values: `a`: The a one; `b`: The \\| b one. |');
    assert.equal(rows[3], '| `x.map` | object | `{"*":true}` | window | A map over two lines. Keys: `one`, and others. |');
    assert.equal(rows[4], '| `x.old` | string or null | `null` | application | **Deprecated**: Use `x.mode` instead. Old. |');
    assert.equal(rows[5], '| `x.list` | array of string | `[]` | window |  |');
  });

  it('shows a command link (which works only inside VS Code) as its text', () => {
    const manifest: Manifest = { contributes: { configuration: { properties: { 'x.model': { type: 'string', default: '', markdownDescription: '%x.model%' } } } } };
    const rows = tables.renderSettingsTable(manifest, { 'x.model': 'Empty: automatic. [Choose a model](command:x.use?%5B%22chat%22%5D) or [read on](https://example.com).' }).split('\n');
    assert.equal(rows[2], '| `x.model` | string | empty | window | Empty: automatic. Choose a model or [read on](https://example.com). |');
  });

  it('shows keys per platform, and where each command appears', () => {
    const manifest: Manifest = {
      contributes: {
        commands: [
          { command: 'x.one', title: '%x.one%', category: 'X' },
          { command: 'x.two', title: 'Two' },
          { command: 'x.three', title: 'Three' },
        ],
        submenus: [{ id: 'x.menu', label: 'X Menu' }],
        menus: {
          'editor/context': [{ submenu: 'x.menu', group: 'x' }],
          'x.menu': [{ command: 'x.one' }],
          commandPalette: [{ command: 'x.two', when: 'false' }, { command: 'x.three', when: 'false' }],
          'view/title': [{ command: 'x.two', when: 'view == x.view' }],
        },
        views: { x: [{ id: 'x.view', name: 'Things' }] },
        keybindings: [{ command: 'x.one', key: 'ctrl+shift+alt+enter', mac: 'cmd+shift+alt+enter', when: 'editorTextFocus' }],
      },
    };
    const rows = tables.renderCommandsTable(manifest, { 'x.one': 'One | First' }).split('\n');
    assert.equal(rows[2], '| X: One \\| First | `x.one` | `Ctrl+Shift+Alt+Enter` (macOS `Cmd+Shift+Alt+Enter`) | Command Palette, editor context menu › X Menu |');
    assert.equal(rows[3], '| Two | `x.two` |  | Things view title bar |');
    assert.match(rows[4], /^\| Three \| `x\.three` \| {2}\| internal/);
    assert.equal(tables.keyLabel('alt+\\'), 'Alt+\\');
    assert.equal(tables.keyLabel('ctrl+k ctrl+h'), 'Ctrl+K Ctrl+H');
  });
});
