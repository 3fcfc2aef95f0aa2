// From a document to the list of texts to translate: scan the comments, group `//` lines into paragraphs,
// split each comment into frame and segments, and keep only the prose that is not already in the target
// language. Each kept text gets an id; the counts of what was left alone go into the stats for the message.
import { groupCommentsSliced, type CommentGroup } from '../comments/groups';
import { scanComments, scanCommentsSliced } from '../comments/scanner';
import type { CommentSyntax, ScannedComment } from '../comments/types';
import type { Language } from '../prompts/languages';
import { displayWidth } from '../text/width';
import { SLICE_MS, Yielder } from '../util/yielder';
import { parseFrame, type CommentFrame } from './frame';
import { languageRuns } from './mixed';
import { hasProse, isDirective, isLegalNotice } from './prose';
import { segmentBody, type Segment } from './segments';

export interface TranslationItem {
  id: string;
  text: string;
  /** Index into CommentPlan.units. */
  unit: number;
  /** Index into the unit's segments. */
  segment: number;
}

export interface CommentUnit {
  frame: CommentFrame;
  segments: Segment[];
  /** Item id per segment index (only segments that are translated). */
  itemIds: Map<number, string>;
  /** With `rewrap`: wrap translated paragraphs to this many columns; undefined keeps them on one line. */
  wrapWidth: number | undefined;
  /**
   * Re-wrap translated paragraphs to the width (the comment may gain or lose lines). Off (the default):
   * each paragraph keeps its number of lines, so the lines below keep their numbers and diffs and blame line up.
   */
  rewrap: boolean;
}

export interface CommentStats {
  /** Comments in the range. */
  comments: number;
  /** Comments with something to translate. */
  toTranslate: number;
  /** Comments (or paragraphs) already in the target language. */
  alreadyInTarget: number;
  /** Directives, commented-out code, legal notices and comments without words: left as they are. */
  leftAsIs: number;
  /** Block comments that never close: left as they are. */
  unterminated: number;
}

export interface CommentPlan {
  units: CommentUnit[];
  items: TranslationItem[];
  stats: CommentStats;
  eol: string;
}

export interface PlanOptions {
  target: Language;
  /** Only comments that overlap [start, end); the whole text when omitted. */
  range?: { start: number; end: number };
  /** Minimum width for re-wrapped paragraphs. */
  minWrapWidth?: number;
  /** hearth.translate.rewrap: re-wrap translated paragraphs instead of keeping each comment's number of lines. */
  rewrap?: boolean;
}

function documentEol(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

function maxWidth(frame: CommentFrame): number {
  return Math.max(...frame.lines.map((l) => l.column + displayWidth(l.text.trimEnd())));
}

function isShebang(text: string, group: CommentGroup): boolean {
  return group.start === 0 && text.startsWith('#!');
}

export function planCommentTranslation(text: string, syntax: CommentSyntax, options: PlanOptions): CommentPlan {
  const steps = planSteps(text, syntax, options, scanComments(text, syntax));
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same plan in slices: the event loop gets a turn during the scan (at line starts) and between groups
 * of comments (50 000 comments took seconds in one piece).
 */
export async function planCommentTranslationAsync(text: string, syntax: CommentSyntax, options: PlanOptions, signal?: AbortSignal): Promise<CommentPlan> {
  const yielder = new Yielder(signal);
  const scan = scanCommentsSliced(text, syntax, SLICE_MS);
  let scanned = scan.next();
  while (!scanned.done) {
    await yielder.tick();
    scanned = scan.next();
  }
  const steps = planSteps(text, syntax, options, scanned.value);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await yielder.tick();
  }
}

/** Plans the comments, pausing (a bare `yield`) before each group so that a caller can slice the work. */
function* planSteps(text: string, syntax: CommentSyntax, options: PlanOptions, comments: readonly ScannedComment[]): Generator<void, CommentPlan> {
  const eol = documentEol(text);
  const range = options.range;
  const all = yield* groupCommentsSliced(text, comments);
  const groups = range ? all.filter((g) => g.end > range.start && g.start < range.end) : all;
  const stats: CommentStats = { comments: groups.length, toTranslate: 0, alreadyInTarget: 0, leftAsIs: 0, unterminated: 0 };
  const units: CommentUnit[] = [];
  const items: TranslationItem[] = [];
  for (const group of groups) {
    yield;
    if (group.comments.some((c) => !c.terminated)) {
      stats.unterminated++;
      continue;
    }
    const raw = text.slice(group.start, group.end);
    if (isShebang(text, group) || isLegalNotice(raw)) {
      stats.leftAsIs++;
      continue;
    }
    const nested = syntax.blockComments.some((b) => b.nested && b.open === group.comments[0]?.open);
    const frame = parseFrame(text, group, eol, nested);
    if (frame.lines.length === 1 && isDirective(frame.lines[0]?.text ?? '')) {
      stats.leftAsIs++;
      continue;
    }
    const unitIndex = units.length;
    const itemIds = new Map<number, string>();
    const segments: Segment[] = [];
    let inTarget = 0;
    for (const segment of segmentBody(frame.lines)) {
      if (segment.kind !== 'text' || !hasProse(segment.text)) {
        segments.push(segment);
        continue;
      }
      // A paragraph mixing languages becomes runs of lines: only the foreign ones are translated.
      for (const run of languageRuns(segment, frame.lines, options.target)) {
        const s = segments.push(run.segment) - 1;
        if (!run.foreign || !hasProse(run.segment.text)) {
          inTarget++;
          continue;
        }
        const id = `c${items.length + 1}`;
        itemIds.set(s, id);
        items.push({ id, text: run.segment.text, unit: unitIndex, segment: s });
      }
    }
    if (itemIds.size === 0) {
      if (inTarget > 0) stats.alreadyInTarget++;
      else stats.leftAsIs++;
      continue;
    }
    stats.toTranslate++;
    const multiLine = frame.lines.length > 1 && !frame.trailing;
    const wrapWidth = multiLine ? Math.max(maxWidth(frame), options.minWrapWidth ?? 40) : undefined;
    units.push({ frame, segments, itemIds, wrapWidth, rewrap: options.rewrap === true });
  }
  return { units, items, stats, eol };
}
