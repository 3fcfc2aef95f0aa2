// Markdown's structure for the chunker: sections start at ATX headings (`#` … `######`) outside fenced code,
// and a fenced block is never cut (its lines are marked as inside, like a string in code).
import type { LineModel } from './lines';
import type { Range } from './cut';

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^\s{0,3}#{1,6}(\s|$)/;

/** Marks fenced lines in the model (no unit starts there, their blank lines do not count) and returns the sections. */
export function markdownSections(m: LineModel): Range[] {
  const sections: Range[] = [];
  let fence: string | undefined;
  let from = 0;
  for (let i = 0; i < m.lines.length; i++) {
    const line = m.lines[i] ?? '';
    if (fence !== undefined) {
      m.canStart[i] = false;
      m.blank[i] = false;
      const close = FENCE.exec(line);
      if (close?.[1]?.[0] === fence[0] && (close[1]?.length ?? 0) >= fence.length) fence = undefined;
      continue;
    }
    const open = FENCE.exec(line);
    if (open) {
      fence = open[1];
      continue;
    }
    if (HEADING.test(line) && i > from) {
      sections.push({ start: from, end: i - 1 });
      from = i;
    }
  }
  sections.push({ start: from, end: m.lines.length - 1 });
  return sections;
}
