// Divides the body lines of a comment into segments: text to translate (a paragraph, a list item, the
// description of an `@param` tag) with the part that stays (the tag and parameter name, the list marker,
// `TODO:`), and lines kept as they are (blank lines, code, directives, section keywords like `Args:`).
import { joinLines } from '../text/wrap';
import { displayWidth } from '../text/width';
import type { BodyLine } from './frame';
import { hasProse, isDirective, looksLikeCode } from './prose';

export type Segment =
  | { kind: 'keep'; from: number; to: number }
  | {
      kind: 'text';
      /** Body lines [from, to). */
      from: number;
      to: number;
      /** Kept before the text on the first line (`@param {T} name `, `- `, `TODO: `, indentation). */
      lead: string;
      /** Kept after the text on the last line (`</param>`). */
      trail: string;
      /** Indentation of continuation lines. */
      hang: string;
      /** The prose, its lines joined. */
      text: string;
    };

type TextSegment = Extract<Segment, { kind: 'text' }>;
type LeadKind = 'tag' | 'list' | 'item' | 'plain';

/** Tags followed by a name before their description. */
const NAMED_TAGS = new Set(['param', 'arg', 'argument', 'property', 'prop', 'tparam', 'template', 'typeparam', 'typeParam', 'field', 'member', 'key', 'var', 'ivar', 'cvar', 'type']);
/** Tags that may name an exception class before their description. */
const EXCEPTION_TAGS = new Set(['throws', 'throw', 'exception', 'raises', 'raise', 'except']);
/** Tags whose words are names, types or references, not prose: the whole line stays. */
const NAME_ONLY_TAGS = new Set([
  'module', 'name', 'namespace', 'class', 'constructor', 'memberof', 'memberOf', 'typedef', 'callback', 'alias', 'augments', 'extends',
  'implements', 'since', 'version', 'author', 'license', 'requires', 'fires', 'event', 'listens', 'mixes', 'mixin', 'lends', 'borrows',
  'kind', 'access', 'package', 'private', 'protected', 'public', 'readonly', 'static', 'override', 'abstract', 'async', 'generator',
  'inheritdoc', 'inheritDoc', 'internal', 'hidden', 'ignore', 'virtual', 'see', 'link', 'tutorial', 'copyright', 'exports', 'external',
  'function', 'func', 'method', 'member', 'constant', 'const', 'global', 'instance', 'inner', 'enum', 'interface', 'type', 'import',
  'jsx', 'flow', 'ts-check', 'ts-nocheck', 'vitest-environment', 'jest-environment', 'Override', 'FunctionalInterface', 'SuppressWarnings',
]);
const SECTION = /^\s*(?:Args|Arguments|Parameters|Params|Returns|Return|Yields|Yield|Raises|Raise|Exceptions|Attributes|Examples?|Notes?|Todo|Warnings?|See Also|References|Keyword Args|Keyword Arguments|Other Parameters|Methods|Receives|Warns)\s*:?\s*$/;
const ARG_SECTIONS = /^\s*(?:Args|Arguments|Parameters|Params|Attributes|Keyword Args|Keyword Arguments|Other Parameters|Raises|Raise|Exceptions|Returns|Return|Yields|Yield)\s*:?\s*$/;
const NUMPY_UNDERLINE = /^\s*-{3,}\s*$/;
const NUMPY_ITEM = /^\s*[\w*.]+\s+:\s+\S/;
const ARG_ITEM = /^(\s*[\w*.]+(?:\s*\([^)]*\))?\s*:\s+)(?=\S)/;
const LIST = /^(\s*(?:[-*+•]|\d{1,3}[.)])\s+)(?=\S)/;
const MARKER = /^(\s*(?:TODO|FIXME|XXX|HACK|NOTE|BUG|OPTIMIZE|REVIEW|SAFETY|WARNING|WARN|DEPRECATED|PERF|IMPORTANT)\b(?:\([^)]*\))?:?\s*)(?=\S)/;
const HEADING = /^(\s*#{1,6}\s+)(?=\S)/;
const XML_WRAPPED = /^(\s*<(\w+)(?:\s[^>]*)?>)(.*?)(<\/\2>)\s*$/;
const FENCE = /^\s*(```|~~~)/;

function indentWidth(line: string): number {
  return displayWidth(/^[ \t]*/.exec(line)?.[0] ?? '');
}

/** `@param {Type} name - ` and the like; undefined for a line that is not a tag line. */
function tagLead(line: string): string | undefined {
  const m = /^(\s*)([@\\])([A-Za-z][\w-]*)/.exec(line);
  if (!m) return undefined;
  if (NAME_ONLY_TAGS.has(m[3] ?? '')) return line;
  let pos = m[0].length;
  const ws = (): boolean => {
    const s = /^\s+/.exec(line.slice(pos));
    if (s) pos += s[0].length;
    return s !== null;
  };
  const save = pos;
  let typed = false;
  if (ws() && line[pos] === '{') {
    typed = true;
    let depth = 0;
    for (; pos < line.length; pos++) {
      if (line[pos] === '{') depth++;
      else if (line[pos] === '}' && --depth === 0) {
        pos++;
        break;
      }
    }
  } else {
    pos = save;
  }
  if (EXCEPTION_TAGS.has(m[3] ?? '') && !typed) {
    const name = /^\s+[A-Z][\w.]*(?=\s|$)/.exec(line.slice(pos));
    if (name) pos += name[0].length;
  }
  if (NAMED_TAGS.has(m[3] ?? '')) {
    const before = pos;
    if (ws()) {
      const name = /^(?:\[[^\]]*\]|[\w$.*'"=-]+)/.exec(line.slice(pos));
      if (name) pos += name[0].length;
      else pos = before;
    }
  }
  const dash = /^\s+[-–:](?=\s)/.exec(line.slice(pos));
  if (dash) pos += dash[0].length;
  const space = /^\s+/.exec(line.slice(pos));
  if (space) pos += space[0].length;
  return line.slice(0, pos);
}

export function segmentBody(lines: readonly BodyLine[]): Segment[] {
  const segments: Segment[] = [];
  const texts = lines.map((l) => l.text);
  const nonBlank = texts.filter((t) => t.trim() !== '');
  const baseIndent = nonBlank.length > 0 ? Math.min(...nonBlank.map(indentWidth)) : 0;
  let current: (TextSegment & { leadKind: LeadKind; lines: string[] }) | undefined;
  let inFence = false;
  let inArgs = false;

  const keep = (i: number): void => {
    const last = segments[segments.length - 1];
    if (last && last.kind === 'keep' && last.to === i && current === undefined) last.to = i + 1;
    else segments.push({ kind: 'keep', from: i, to: i + 1 });
  };
  const close = (): void => {
    if (!current) return;
    const { leadKind: _k, lines: parts, ...segment } = current;
    segment.text = joinLines(parts);
    segments.push(segment);
    current = undefined;
  };
  const open = (i: number, lead: string, rest: string, leadKind: LeadKind, trail = ''): void => {
    close();
    const hang = leadKind === 'list' ? ' '.repeat(displayWidth(lead)) : (/^[ \t]*/.exec(lead)?.[0] ?? '');
    current = { kind: 'text', from: i, to: i + 1, lead, trail, hang, text: '', leadKind, lines: [rest] };
  };

  texts.forEach((text, i) => {
    const trimmed = text.trim();
    if (inFence) {
      close();
      keep(i);
      if (FENCE.test(text)) inFence = false;
      return;
    }
    if (trimmed === '') {
      close();
      inArgs = false;
      keep(i);
      return;
    }
    if (FENCE.test(text)) {
      close();
      inFence = true;
      keep(i);
      return;
    }
    const indent = indentWidth(text);
    const continuesList = current && current.leadKind !== 'plain' && indent > indentWidth(current.lead);
    const indentedCode = indent >= baseIndent + 4 && !inArgs && !continuesList && !(current?.leadKind === 'tag' || current?.leadKind === 'item');
    if (indentedCode || looksLikeCode(text) || isDirective(trimmed) || !/\p{L}/u.test(text) || NUMPY_UNDERLINE.test(text)) {
      close();
      keep(i);
      return;
    }
    if (SECTION.test(text)) {
      close();
      inArgs = ARG_SECTIONS.test(text);
      keep(i);
      return;
    }
    if (inArgs && NUMPY_ITEM.test(text) && !ARG_ITEM.test(text)) {
      close();
      keep(i);
      return;
    }
    const xml = XML_WRAPPED.exec(text);
    if (xml && hasProse(xml[3] ?? '')) {
      open(i, xml[1] ?? '', xml[3] ?? '', 'tag', xml[4] ?? '');
      close();
      return;
    }
    const tag = tagLead(text);
    if (tag !== undefined) {
      if (text.slice(tag.length).trim() === '') {
        close();
        keep(i);
      } else {
        open(i, tag, text.slice(tag.length), 'tag');
      }
      return;
    }
    const lead = (inArgs ? ARG_ITEM.exec(text)?.[1] : undefined) ?? LIST.exec(text)?.[1] ?? MARKER.exec(text)?.[1] ?? HEADING.exec(text)?.[1];
    if (lead !== undefined) {
      open(i, lead, text.slice(lead.length), inArgs && ARG_ITEM.test(text) ? 'item' : LIST.test(text) ? 'list' : 'plain');
      return;
    }
    const continues =
      current !== undefined &&
      current.to === i &&
      (current.leadKind === 'plain' ? indent === indentWidth(current.lead) || (current.lines.length > 1 && indent === indentWidth(current.hang)) : true);
    if (current && continues) {
      if (current.lines.length === 1) current.hang = /^[ \t]*/.exec(text)?.[0] ?? current.hang;
      current.lines.push(text);
      current.to = i + 1;
      return;
    }
    const leading = /^[ \t]*/.exec(text)?.[0] ?? '';
    open(i, leading, text.slice(leading.length), 'plain');
  });
  close();
  return segments;
}
