// Renders README.md's Commands and Settings tables from package.json (titles and descriptions from
// package.nls.json), between marker comments:
//   <!-- generated:commands:start --> … <!-- generated:commands:end -->
//   <!-- generated:settings:start --> … <!-- generated:settings:end -->
//
//   node scripts/readme-tables.mjs          rewrite the tables in README.md (npm run readme)
//   node scripts/readme-tables.mjs --check  exit 1 and name what drifted when README.md is out of date
//
// The renderer is importable (a unit test runs the check inside `npm test`). Plain Node, no dependencies.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Text of a %key% (or the text itself), from the English manifest strings. */
export function localize(value, nls) {
  if (typeof value !== 'string') return '';
  const m = /^%([^%]+)%$/.exec(value);
  if (!m) return value;
  const text = nls[m[1]];
  return typeof text === 'string' ? text : value;
}

/**
 * One table cell: one line, pipes escaped, VS Code's `#setting.id#` links shown as the id, and command links
 * (`[Choose a model](command:…)`, which only work inside VS Code) shown as their text.
 */
export function cell(text) {
  return String(text)
    .replace(/\[([^\]]+)\]\(command:[^)\s]*\)/g, '$1')
    .replace(/`#([\w.-]+)#`/g, '`$1`')
    .replace(/#([a-z][\w-]*(?:\.[\w-]+)+)#/gi, '`$1`')
    .replace(/\s*\r?\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

/** `a` in backticks, safe when the text itself contains backticks. */
function code(text) {
  const s = String(text);
  const fence = s.includes('`') ? '``' : '`';
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

const KEY_NAMES = { ctrl: 'Ctrl', shift: 'Shift', alt: 'Alt', cmd: 'Cmd', meta: 'Meta', win: 'Win', enter: 'Enter', escape: 'Escape', tab: 'Tab', space: 'Space' };

/** `ctrl+shift+alt+enter` → `Ctrl+Shift+Alt+Enter`; chords keep their space. */
export function keyLabel(key) {
  return key
    .split(/\s+/)
    .map((part) =>
      part
        .split(/\+(?!$)/)
        .map((p) => KEY_NAMES[p.toLowerCase()] ?? (p.length === 1 ? p.toUpperCase() : p[0].toUpperCase() + p.slice(1)))
        .join('+'),
    )
    .join(' ');
}

function viewNames(manifest, nls) {
  const names = new Map();
  for (const views of Object.values(manifest.contributes?.views ?? {})) {
    for (const view of views) names.set(view.id, localize(view.name, nls));
  }
  return names;
}

/** Where a menu entry shows, in words. */
function placeOf(menuId, entry, manifest, nls) {
  const views = viewNames(manifest, nls);
  const view = /\bview\s*==\s*'?([\w.-]+)'?/.exec(entry.when ?? '')?.[1];
  const viewName = view ? views.get(view) ?? view : undefined;
  const submenu = (manifest.contributes?.submenus ?? []).find((s) => s.id === menuId);
  if (submenu) {
    const parent = Object.entries(manifest.contributes?.menus ?? {}).find(([, items]) => items.some((i) => i.submenu === menuId))?.[0];
    const parentName = parent ? placeOf(parent, {}, manifest, nls) : 'a menu';
    return `${parentName} › ${localize(submenu.label, nls)}`;
  }
  switch (menuId) {
    case 'editor/context':
      return 'editor context menu';
    case 'editor/title':
      return 'editor title bar';
    case 'editor/title/context':
      return 'editor tab context menu';
    case 'explorer/context':
      return 'Explorer context menu';
    case 'view/title':
      return viewName ? `${viewName} view title bar` : 'view title bar';
    case 'view/item/context':
      return viewName ? `${viewName} view items` : 'view items';
    default:
      return menuId;
  }
}

function isHidden(when) {
  return typeof when === 'string' && when.trim() === 'false';
}

/** The Commands table: every contributed command, its id, default key and where it shows. */
export function renderCommandsTable(manifest, nls) {
  const contributes = manifest.contributes ?? {};
  const menus = contributes.menus ?? {};
  const palette = new Map((menus.commandPalette ?? []).map((e) => [e.command, e]));
  const rows = ['| Command | ID | Keybinding | Where |', '| --- | --- | --- | --- |'];
  for (const command of contributes.commands ?? []) {
    const id = command.command;
    const title = localize(command.title, nls);
    const category = localize(command.category, nls);
    const name = category ? `${category}: ${title}` : title;

    const places = [];
    if (!isHidden(palette.get(id)?.when)) places.push('Command Palette');
    for (const [menuId, items] of Object.entries(menus)) {
      if (menuId === 'commandPalette') continue;
      for (const item of items) {
        if (item.command !== id || isHidden(item.when)) continue;
        const place = placeOf(menuId, item, manifest, nls);
        if (!places.includes(place)) places.push(place);
      }
    }
    const keys = [];
    for (const binding of contributes.keybindings ?? []) {
      if (binding.command !== id) continue;
      let label = code(keyLabel(binding.key));
      for (const [platform, name] of [['mac', 'macOS'], ['linux', 'Linux'], ['win', 'Windows']]) {
        if (binding[platform] && binding[platform] !== binding.key) label += ` (${name} ${code(keyLabel(binding[platform]))})`;
      }
      if (!keys.includes(label)) keys.push(label);
    }
    const where = places.length > 0 ? places.join(', ') : keys.length > 0 ? 'keybinding only' : 'internal: run by Hearth\'s own buttons or other features';
    rows.push(`| ${cell(name)} | ${code(id)} | ${keys.length > 0 ? cell(keys.join(', ')) : ''} | ${cell(where)} |`);
  }
  return rows.join('\n');
}

function typeOf(prop) {
  const types = Array.isArray(prop.type) ? prop.type : prop.type ? [prop.type] : [];
  let text = types.length > 0 ? types.join(' or ') : 'any';
  if (Array.isArray(prop.enum)) text = prop.enum.map((v) => code(JSON.stringify(v).replace(/^"(.*)"$/, '$1'))).join(', ');
  const min = prop.minimum;
  const max = prop.maximum;
  if (min !== undefined && max !== undefined) text += `, ${min}–${max}`;
  else if (min !== undefined) text += `, ≥ ${min}`;
  else if (max !== undefined) text += `, ≤ ${max}`;
  if (prop.type === 'array' && prop.items?.type) text = `array of ${[].concat(prop.items.type).join(' or ')}`;
  return text;
}

function defaultOf(prop) {
  if (!('default' in prop)) return '';
  const value = prop.default;
  if (value === '') return 'empty';
  if (typeof value === 'string') return code(value);
  return code(JSON.stringify(value));
}

function descriptionOf(prop, nls) {
  let text = localize(prop.markdownDescription ?? prop.description ?? '', nls);
  const enumTexts = prop.markdownEnumDescriptions ?? prop.enumDescriptions;
  if (Array.isArray(prop.enum) && Array.isArray(enumTexts)) {
    const parts = prop.enum.map((v, i) => (enumTexts[i] ? `${code(String(v))}: ${localize(enumTexts[i], nls).replace(/[.\s]+$/, '')}` : undefined)).filter(Boolean);
    if (parts.length > 0) text += `${text && !/[.:]$/.test(text.trim()) ? '.' : ''} Values: ${parts.join('; ')}.`;
  }
  if (prop.type === 'object' && prop.properties && Object.keys(prop.properties).length > 0) {
    text += ` Keys: ${Object.keys(prop.properties).map(code).join(', ')}${prop.additionalProperties ? ', and others' : ''}.`;
  }
  const deprecation = prop.markdownDeprecationMessage ?? prop.deprecationMessage;
  if (deprecation !== undefined || prop.deprecated === true) {
    const why = localize(deprecation ?? '', nls);
    text = `**Deprecated**${why ? `: ${why.replace(/[.\s]+$/, '')}` : ''}. ${text}`;
  }
  return text;
}

/** Every configuration block (package.json allows one object or an array of them). */
function settingsOf(manifest) {
  const configuration = manifest.contributes?.configuration;
  const blocks = Array.isArray(configuration) ? configuration : configuration ? [configuration] : [];
  return blocks.flatMap((block) => Object.entries(block.properties ?? {}));
}

/** The Settings table: id, type, default, scope and description of every setting. */
export function renderSettingsTable(manifest, nls) {
  const rows = ['| Setting | Type | Default | Scope | Description |', '| --- | --- | --- | --- | --- |'];
  for (const [id, prop] of settingsOf(manifest)) {
    rows.push(`| ${code(id)} | ${cell(typeOf(prop))} | ${cell(defaultOf(prop))} | ${prop.scope ?? 'window'} | ${cell(descriptionOf(prop, nls))} |`);
  }
  return rows.join('\n');
}

const NOTE = '<!-- Generated from package.json by `npm run readme`; edit package.json and package.nls.json instead. -->';

export const TABLES = {
  commands: renderCommandsTable,
  settings: renderSettingsTable,
};

function markers(name) {
  return { start: `<!-- generated:${name}:start -->`, end: `<!-- generated:${name}:end -->` };
}

/** README text with every generated table replaced by a fresh rendering. Throws when markers are missing. */
export function updateReadme(readme, manifest, nls) {
  let text = readme;
  for (const [name, render] of Object.entries(TABLES)) {
    const { start, end } = markers(name);
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} markers`);
    text = `${text.slice(0, from + start.length)}\n${NOTE}\n\n${render(manifest, nls)}\n\n${text.slice(to)}`;
  }
  return text;
}

/** What drifted: for each table that differs, its name and the rows only in README or only in package.json. */
export function drift(readme, manifest, nls) {
  const expected = updateReadme(readme, manifest, nls);
  if (expected === readme) return [];
  const problems = [];
  for (const name of Object.keys(TABLES)) {
    const { start, end } = markers(name);
    const section = (t) => t.slice(t.indexOf(start), t.indexOf(end)).split('\n');
    const have = section(readme);
    const want = section(expected);
    const stale = have.filter((l) => !want.includes(l));
    const missing = want.filter((l) => !have.includes(l));
    if (stale.length === 0 && missing.length === 0) {
      if (have.join('\n') !== want.join('\n')) problems.push(`${name} table: rows are in a different order than in package.json`);
      continue;
    }
    problems.push([`${name} table differs from package.json:`, ...stale.map((l) => `  - ${l}`), ...missing.map((l) => `  + ${l}`)].join('\n'));
  }
  return problems;
}

export function readProject(root = ROOT) {
  const read = (file) => fs.readFileSync(path.join(root, file), 'utf8');
  return { readme: read('README.md'), manifest: JSON.parse(read('package.json')), nls: JSON.parse(read('package.nls.json')) };
}

function main() {
  const { readme, manifest, nls } = readProject();
  if (process.argv.includes('--check')) {
    const problems = drift(readme, manifest, nls);
    if (problems.length > 0) {
      console.error(`README.md is out of date with package.json (run \`npm run readme\`):\n${problems.join('\n')}`);
      process.exit(1);
    }
    console.log('README.md tables match package.json.');
    return;
  }
  const next = updateReadme(readme, manifest, nls);
  if (next === readme) console.log('README.md tables are up to date.');
  else {
    fs.writeFileSync(path.join(ROOT, 'README.md'), next);
    console.log('README.md tables rewritten from package.json.');
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
