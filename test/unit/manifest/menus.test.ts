// The manifest's commands, menus and keybindings hang together: every command is titled in English and
// Chinese and registered in the code, every menu and key names a real command, every `when` clause uses
// context keys that VS Code or Hearth actually set, and editor commands only show where they can work.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findCollisions, keyFor, type ContributedBinding, type Platform } from '../../support/keybindings';
import { listSourceFiles } from '../../support/l10nScan';
import { contextKeys } from '../../support/whenClause';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as T;

interface Command {
  command: string;
  title?: string;
  category?: string;
  enablement?: string;
}
interface MenuItem {
  command?: string;
  submenu?: string;
  when?: string;
  group?: string;
}
interface Manifest {
  contributes: {
    commands: Command[];
    submenus?: { id: string; label: string }[];
    menus: Record<string, MenuItem[]>;
    keybindings: ContributedBinding[];
    configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[];
    viewsWelcome?: { when?: string }[];
    views?: Record<string, { id: string; when?: string }[]>;
  };
}

/**
 * Context keys that VS Code itself sets, as used by Hearth's clauses. A key that is neither here nor set
 * by Hearth (setContext) is a typo or a leftover, and its clause would never be true.
 */
const VSCODE_KEYS = new Set([
  'true',
  'false',
  'editorFocus',
  'editorTextFocus',
  'textInputFocus',
  'editorIsOpen',
  'editorReadonly',
  'editorHasSelection',
  'editorLangId',
  'resourceLangId',
  'resourceScheme',
  'resourcePath',
  'resourceFilename',
  'resourceExtname',
  'explorerResourceIsFolder',
  'view',
  'viewItem',
  'focusedView',
  'isWorkspaceTrusted',
  'workspaceFolderCount',
  'isLinux',
  'isMac',
  'isWindows',
  'isWeb',
  'remoteName',
]);

/** Commands that act on the active editor: hidden from the palette when no editor is open. */
const EDITOR_COMMANDS = [
  'hearth.draftHere',
  'hearth.completion.trigger',
  'hearth.completion.toggleLanguage',
  'hearth.summarize',
  'hearth.summarizeFile',
  'hearth.translate.comments',
  'hearth.translate.commentsTo',
  'hearth.translate.selection',
  'hearth.chat.askAboutSelection',
];
/** Commands that change the editor's text: hidden in read-only editors. */
const WRITING_COMMANDS = ['hearth.draftHere', 'hearth.completion.trigger', 'hearth.translate.comments', 'hearth.translate.commentsTo'];

const manifest = readJson<Manifest>('package.json');
const nls = readJson<Record<string, string>>('package.nls.json');
const nlsZh = readJson<Record<string, string>>('package.nls.zh-cn.json');
const { commands, menus, keybindings } = manifest.contributes;
const commandIds = new Set(commands.map((c) => c.command));
const submenuIds = new Set((manifest.contributes.submenus ?? []).map((s) => s.id));
const settingIds = new Set(
  [manifest.contributes.configuration].flat().flatMap((block) => Object.keys(block.properties)),
);
const sources = listSourceFiles(path.join(root, 'src')).map((f) => fs.readFileSync(f, 'utf8'));

/** Context keys Hearth sets: literal setContext keys, or the string constant a setContext call names. */
function keysSetInSource(): Set<string> {
  const constants = new Map<string, string>();
  for (const text of sources) {
    for (const m of text.matchAll(/\b([A-Z][A-Z0-9_]*)\s*=\s*'([^']+)'/g)) constants.set(m[1], m[2]);
  }
  const keys = new Set<string>();
  for (const text of sources) {
    for (const m of text.matchAll(/'setContext',\s*(?:'([^']+)'|([A-Za-z_][\w.]*)(\()?)/g)) {
      // A key computed by a function (the walkthrough's progress keys) is checked where it is defined
      // (test/unit/walkthrough); those keys appear in completion events, not in `when` clauses.
      if (m[3]) continue;
      const key = m[1] ?? constants.get(m[2] ?? '');
      assert.ok(key, `setContext with ${m[2]}: cannot find the value of that constant`);
      keys.add(key);
    }
  }
  return keys;
}

/** Every `when` in the manifest, with where it is. */
function allClauses(): [where: string, when: string][] {
  const clauses: [string, string][] = [];
  for (const [menu, items] of Object.entries(menus)) {
    for (const item of items) if (item.when) clauses.push([`menus.${menu} ${item.command ?? item.submenu}`, item.when]);
  }
  for (const b of keybindings) if (b.when) clauses.push([`keybinding ${b.command}`, b.when]);
  for (const c of commands) if (c.enablement) clauses.push([`enablement of ${c.command}`, c.enablement]);
  for (const w of manifest.contributes.viewsWelcome ?? []) if (w.when) clauses.push(['viewsWelcome', w.when]);
  for (const views of Object.values(manifest.contributes.views ?? {})) for (const v of views) if (v.when) clauses.push([`view ${v.id}`, v.when]);
  return clauses;
}

function paletteWhen(id: string): string | undefined {
  return menus.commandPalette?.find((e) => e.command === id)?.when;
}

describe('manifest: commands, menus and keybindings', () => {
  it('titles every command with a category, in English and Chinese', () => {
    for (const c of commands) {
      assert.ok(c.category, `${c.command} has a category`);
      const key = /^%([^%]+)%$/.exec(c.title ?? '')?.[1];
      assert.ok(key, `${c.command} has a localized %title%`);
      assert.ok(nls[key]?.trim(), `${c.command}: package.nls.json has ${key}`);
      assert.ok(nlsZh[key]?.trim(), `${c.command}: package.nls.zh-cn.json has ${key}`);
    }
  });

  it('registers every contributed command in the code', () => {
    const all = sources.join('\n');
    const missing = [...commandIds].filter((id) => !all.includes(`'${id}'`));
    assert.deepEqual(missing, [], 'contributed commands whose id appears nowhere in src/');
  });

  it('names only contributed commands and declared submenus in menus and keybindings', () => {
    for (const [menu, items] of Object.entries(menus)) {
      for (const item of items) {
        if (item.submenu) assert.ok(submenuIds.has(item.submenu), `menus.${menu}: submenu ${item.submenu} is declared`);
        else assert.ok(item.command && commandIds.has(item.command), `menus.${menu}: ${item.command} is a contributed command`);
      }
    }
    for (const b of keybindings) assert.ok(commandIds.has(b.command), `keybinding ${b.key}: ${b.command} is a contributed command`);
    for (const id of Object.keys(menus)) {
      if (!id.includes('/') && id !== 'commandPalette') assert.ok(submenuIds.has(id), `menus.${id} belongs to a declared submenu`);
    }
  });

  it('places every submenu somewhere and labels it in both languages', () => {
    for (const s of manifest.contributes.submenus ?? []) {
      const used = Object.values(menus).some((items) => items.some((i) => i.submenu === s.id));
      assert.ok(used, `submenu ${s.id} appears in a menu`);
      assert.ok((menus[s.id] ?? []).length > 0, `submenu ${s.id} has entries`);
      const key = /^%([^%]+)%$/.exec(s.label)?.[1];
      assert.ok(key && nls[key] && nlsZh[key], `submenu ${s.id} has a localized label`);
    }
  });

  it('uses only context keys that VS Code or Hearth set', () => {
    const ours = keysSetInSource();
    assert.ok(ours.has('hearth.drafting'), 'the scan finds the setContext calls');
    const unknown: string[] = [];
    for (const [where, when] of allClauses()) {
      for (const key of contextKeys(when)) {
        if (VSCODE_KEYS.has(key) || ours.has(key)) continue;
        if (key.startsWith('config.') && settingIds.has(key.slice('config.'.length))) continue;
        unknown.push(`${where}: ${key} (in "${when}")`);
      }
    }
    assert.deepEqual(unknown, []);
  });

  it('links only to real Hearth commands from localized texts (welcome views, walkthroughs), in both languages', () => {
    const all = sources.join('\n');
    for (const [file, strings] of [['package.nls.json', nls], ['package.nls.zh-cn.json', nlsZh]] as const) {
      for (const [key, text] of Object.entries(strings)) {
        for (const m of text.matchAll(/\(command:(?:toSide:)?(hearth\.[\w.-]+)/g)) {
          assert.ok(commandIds.has(m[1]) || all.includes(`'${m[1]}'`), `${file} ${key} links to ${m[1]}, which is neither contributed nor registered`);
        }
      }
    }
  });

  it('gives every keybinding a when clause', () => {
    for (const b of keybindings) assert.ok(b.when?.trim(), `keybinding ${b.key} for ${b.command} has a when clause`);
  });

  it('has no two Hearth keybindings on the same key at the same time, on any platform', () => {
    for (const platform of ['linux', 'mac', 'win'] as Platform[]) {
      const bindings = keybindings.map((b) => ({ command: b.command, key: keyFor(b, platform), when: b.when }));
      for (const [i, b] of bindings.entries()) {
        const clashes = findCollisions([b], bindings.slice(i + 1));
        assert.deepEqual(clashes.map((c) => `${c.theirs.command} when ${c.together[0]}`), [], `${platform}: ${b.command} (${b.key})`);
      }
    }
  });

  it('shows editor commands in the palette only when an editor is open, and writing ones only when it is writable', () => {
    for (const id of EDITOR_COMMANDS) {
      const when = paletteWhen(id) ?? '';
      assert.ok(/\beditor(IsOpen|HasSelection|TextFocus)\b/.test(when), `${id} is hidden from the palette without an editor (when: "${when}")`);
    }
    for (const id of WRITING_COMMANDS) {
      assert.match(paletteWhen(id) ?? '', /!editorReadonly/, `${id} is hidden from the palette in read-only editors`);
    }
  });

  it('offers the editor actions in the editor context menu, each only where it works', () => {
    const entries = new Map<string, string>();
    const collect = (menu: string): void => {
      for (const item of menus[menu] ?? []) {
        if (item.submenu) collect(item.submenu);
        else if (item.command) entries.set(item.command, item.when ?? '');
      }
    };
    collect('editor/context');
    for (const id of ['hearth.draftHere', 'hearth.summarize', 'hearth.translate.comments', 'hearth.translate.selection', 'hearth.chat.askAboutSelection']) {
      assert.ok(entries.has(id), `${id} is in the editor context menu`);
    }
    for (const id of WRITING_COMMANDS) if (entries.has(id)) assert.match(entries.get(id) ?? '', /!editorReadonly/, `${id} in a read-only editor`);
    assert.match(entries.get('hearth.chat.askAboutSelection') ?? '', /editorHasSelection/);
    assert.match(entries.get('hearth.translate.comments') ?? '', /editorLangId != plaintext/, 'plain text has no comments');
  });

  it('labels Summarize by what it summarizes: the selection, or the file', () => {
    const entries = (menu: string): { command?: string; when?: string }[] =>
      (menus[menu] ?? []).flatMap((item) => (item.submenu ? entries(item.submenu) : [item]));
    const editor = entries('editor/context');
    assert.match(editor.find((e) => e.command === 'hearth.summarize')?.when ?? '', /(^|&& )editorHasSelection\b/);
    assert.match(editor.find((e) => e.command === 'hearth.summarizeFile')?.when ?? '', /!editorHasSelection\b/);
    const explorer = entries('explorer/context').map((e) => e.command);
    assert.ok(explorer.includes('hearth.summarizeFile') && !explorer.includes('hearth.summarize'), 'a file from the Explorer is summarized whole');
    assert.match(paletteWhen('hearth.summarize') ?? '', /editorHasSelection/);
    assert.equal(nls['command.summarize'], 'Summarize Selection');
    assert.equal(nls['command.summarizeFile'], 'Summarize File');
    assert.ok(nlsZh['command.summarizeFile'], 'in Chinese too');
  });

  it('hides commands that need arguments from the palette', () => {
    for (const id of ['hearth.chat.openWith', 'hearth.models.cancelPull', 'hearth.summary.copy', 'hearth.translation.replace']) {
      assert.equal(paletteWhen(id), 'false', `${id} is not in the palette`);
    }
  });
});
