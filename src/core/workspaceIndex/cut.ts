// Cuts a range of lines into pieces no larger than a budget, along the structure the line model describes:
// first the units at the range's own level (top-level declarations), then, for a unit that is too large,
// the units one level down (a class's members, a function's statements), then paragraphs, and only as the
// last resort a plain cut by lines. Tiny neighbours are merged afterwards so no chunk is a lone `import`.
import { rangeTokens, type LineModel } from './lines';

export interface Range {
  start: number;
  /** Inclusive. */
  end: number;
}

export interface SizeLimits {
  /** Estimated tokens a chunk may take (the embedding model's input must hold it). */
  maxTokens: number;
  /** Chunks smaller than this are merged with a neighbour when the two fit together. */
  minTokens: number;
}

export const DEFAULT_SIZE_LIMITS: SizeLimits = { maxTokens: 400, minTokens: 48 };

/**
 * Units at `level` within [start, end]: a new unit begins on a line at that level where one may begin, after a
 * blank line or after a deeper line (the end of the previous block). Comments and decorators directly above a
 * declaration therefore stay with it.
 */
export function unitsAt(m: LineModel, start: number, end: number, level: number): Range[] {
  const out: Range[] = [];
  let from = start;
  for (let i = start + 1; i <= end; i++) {
    if (!m.canStart[i] || m.level[i] !== level) continue;
    if (m.blank[i - 1] || (m.level[i - 1] ?? 0) > level) {
      out.push({ start: from, end: i - 1 });
      from = i;
    }
  }
  out.push({ start: from, end });
  return out;
}

/** Paragraphs: a new piece after each run of blank lines. */
function paragraphs(m: LineModel, start: number, end: number): Range[] {
  const out: Range[] = [];
  let from = start;
  for (let i = start + 1; i <= end; i++) {
    if (m.blank[i - 1] && !m.blank[i]) {
      out.push({ start: from, end: i - 1 });
      from = i;
    }
  }
  out.push({ start: from, end });
  return out;
}

/** Lines packed greedily up to the budget (one over-long line stays alone). */
function byLines(m: LineModel, start: number, end: number, max: number, out: Range[]): void {
  let from = start;
  for (let i = start + 1; i <= end; i++) {
    if (rangeTokens(m, from, i) > max) {
      out.push({ start: from, end: i - 1 });
      from = i;
    }
  }
  out.push({ start: from, end });
}

/** Adjacent ranges joined greedily while together they fit (paragraphs of prose read best in fuller chunks). */
export function pack(m: LineModel, ranges: Range[], max: number): Range[] {
  const out: Range[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && rangeTokens(m, last.start, r.end) <= max) last.end = r.end;
    else out.push({ ...r });
  }
  return out;
}

function childLevel(m: LineModel, start: number, end: number, level: number): number | undefined {
  let child: number | undefined;
  for (let i = start + 1; i <= end; i++) {
    const l = m.level[i] ?? 0;
    if (m.canStart[i] && l > level && (child === undefined || l < child)) child = l;
  }
  return child;
}

function cutInto(m: LineModel, start: number, end: number, level: number, limits: SizeLimits, out: Range[]): void {
  if (rangeTokens(m, start, end) <= limits.maxTokens) {
    out.push({ start, end });
    return;
  }
  // The first line's own level counts too (a range that starts with a top-level declaration).
  let child = childLevel(m, start - 1, end, level);
  while (child !== undefined) {
    const units = unitsAt(m, start, end, child);
    if (units.length > 1) {
      for (const u of units) cutInto(m, u.start, u.end, child, limits, out);
      return;
    }
    child = childLevel(m, start, end, child);
  }
  const paras = paragraphs(m, start, end);
  if (paras.length > 1) {
    for (const p of pack(m, paras, limits.maxTokens)) {
      if (rangeTokens(m, p.start, p.end) <= limits.maxTokens) out.push(p);
      else byLines(m, p.start, p.end, limits.maxTokens, out);
    }
    return;
  }
  byLines(m, start, end, limits.maxTokens, out);
}

/** Adjacent pieces merged while one of the two is tiny and together they fit. */
export function mergeTiny(m: LineModel, pieces: Range[], limits: SizeLimits): Range[] {
  const out: Range[] = [];
  let acc: Range | undefined;
  for (const p of pieces) {
    if (!acc) {
      acc = { ...p };
      continue;
    }
    const a = rangeTokens(m, acc.start, acc.end);
    const b = rangeTokens(m, p.start, p.end);
    if ((a < limits.minTokens || b < limits.minTokens) && a + b <= limits.maxTokens) acc.end = p.end;
    else {
      out.push(acc);
      acc = { ...p };
    }
  }
  if (acc) out.push(acc);
  return out;
}

/** [start, end] cut into pieces within the limits, contiguous and in order. */
export function cutRange(m: LineModel, start: number, end: number, limits: SizeLimits): Range[] {
  const out: Range[] = [];
  cutInto(m, start, end, -1, limits, out);
  return out;
}
