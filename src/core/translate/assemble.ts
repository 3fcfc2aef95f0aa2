// Puts translated text back into its comment: the frame and every kept line stay byte for byte, each
// translated paragraph keeps its lead (`@param x `, `- `, `TODO: `) and, by default, its number of lines
// (the translation spread over them, so the lines below keep their numbers); with hearth.translate.rewrap
// it is re-wrapped to about the width the comment had instead, with the comment's own prefix on new lines.
import { distributeText, joinLines, wrapText } from '../text/wrap';
import { displayWidth } from '../text/width';
import { assembleFrame, type BodyLine } from './frame';
import type { Segment } from './segments';
import type { CommentPlan, CommentUnit } from './units';

/** Narrowest text column a re-wrapped line gets, however deep the comment is indented. */
const MIN_TEXT_COLUMNS = 20;

/** A translation on one line: line breaks the model added become spaces (none between CJK characters). */
export function flatten(translation: string): string {
  return joinLines(translation.replace(/\r\n?/g, '\n').split('\n'));
}

/** Models sometimes repeat the comment marker (`// 计算…`); the frame already has it. */
export function dropEchoedMarker(translation: string, source: string, head: string): string {
  const marker = head.trim();
  if (marker === '' || source.trimStart().startsWith(marker)) return translation;
  const trimmed = translation.trimStart();
  return trimmed.startsWith(marker) ? trimmed.slice(marker.length).trimStart() : translation;
}

/** A closing marker inside a translation would end the comment early: its characters are spaced out. */
export function defuse(text: string, markers: readonly string[]): string {
  let out = text;
  for (const marker of markers) out = out.split(marker).join([...marker].join(' '));
  return out;
}

/** The comment with the given translations; undefined when none of them changes it. */
export function assembleUnit(unit: CommentUnit, translations: ReadonlyMap<string, string>): string | undefined {
  const { frame } = unit;
  const out: BodyLine[] = [];
  let changed = false;
  unit.segments.forEach((segment, s) => {
    const id = unit.itemIds.get(s);
    const translation = id === undefined ? undefined : translations.get(id);
    if (segment.kind === 'keep' || translation === undefined) {
      out.push(...frame.lines.slice(segment.from, segment.to));
      return;
    }
    const first = frame.lines[segment.from] as BodyLine;
    const text = defuse(flatten(dropEchoedMarker(translation, segment.text, frame.head)), frame.forbidden);
    if (!unit.rewrap) {
      out.push(...keepLines(frame.lines.slice(segment.from, segment.to), segment, text));
      changed = true;
      return;
    }
    const pieces =
      unit.wrapWidth === undefined
        ? [text]
        : wrapText(
            text,
            Math.max(MIN_TEXT_COLUMNS, unit.wrapWidth - displayWidth(frame.linePrefix) - displayWidth(segment.hang)),
            Math.max(MIN_TEXT_COLUMNS, unit.wrapWidth - first.column - displayWidth(segment.lead)),
          );
    pieces.forEach((piece, p) => {
      const body = (p === 0 ? segment.lead : segment.hang) + piece + (p === pieces.length - 1 ? segment.trail : '');
      out.push(p === 0 ? { ...first, text: body } : { sep: frame.eol, prefix: frame.linePrefix, text: body, column: displayWidth(frame.linePrefix) });
    });
    changed = true;
  });
  if (!changed) return undefined;
  // The first body line carries no prefix of its own (the head holds it).
  if (out[0]) out[0] = { ...out[0], sep: '', prefix: '' };
  return assembleFrame({ head: frame.head, lines: out, tail: frame.tail });
}

/**
 * The translation of a paragraph on the lines it had, one for one: each line keeps its own line break and
 * frame (`#`, ` * `, indentation) and gets a share of the text about as wide as its original text.
 */
function keepLines(original: readonly BodyLine[], segment: Extract<Segment, { kind: 'text' }>, text: string): BodyLine[] {
  const shares = original.map((line, i) => displayWidth((i === 0 ? line.text.slice(segment.lead.length) : line.text).trim()));
  const pieces = distributeText(text, original.length, shares);
  return original.map((line, p) => {
    const piece = pieces[p] ?? '';
    const last = p === original.length - 1;
    // Only when the translation had fewer places to break than there are lines: no trailing spaces.
    if (piece === '' && p > 0 && !(last && segment.trail)) return { ...line, prefix: line.prefix.trimEnd(), text: '' };
    return { ...line, text: (p === 0 ? segment.lead : segment.hang) + piece + (last ? segment.trail : '') };
  });
}

export interface Replacement {
  start: number;
  end: number;
  text: string;
  /** The text it replaces, to check before applying. */
  original: string;
}

/** One replacement per changed comment, in document order. */
export function buildReplacements(source: string, plan: CommentPlan, translations: ReadonlyMap<string, string>): Replacement[] {
  const replacements: Replacement[] = [];
  for (const unit of plan.units) {
    const text = assembleUnit(unit, translations);
    if (text === undefined) continue;
    const original = source.slice(unit.frame.start, unit.frame.end);
    if (text !== original) replacements.push({ start: unit.frame.start, end: unit.frame.end, text, original });
  }
  return replacements;
}

/** The text with the replacements applied (for tests and previews). */
export function applyReplacements(source: string, replacements: readonly Replacement[]): string {
  let out = '';
  let at = 0;
  for (const r of [...replacements].sort((a, b) => a.start - b.start)) {
    out += source.slice(at, r.start) + r.text;
    at = r.end;
  }
  return out + source.slice(at);
}
