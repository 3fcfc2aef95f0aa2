// One file's text → its chunks, each with path, 1-based line range, text and content hash.
import { contentHash } from './hash';
import { chunkStrategy } from './languages';
import { lineModel, type LineModel } from './lines';
import { cutRange, DEFAULT_SIZE_LIMITS, mergeTiny, pack, type Range, type SizeLimits } from './cut';
import { markdownSections } from './markdown';
import type { Chunk } from './types';

function model(path: string, text: string): { m: LineModel; sections: Range[]; prose: boolean } {
  const strategy = chunkStrategy(path);
  if (strategy.kind === 'brace' || strategy.kind === 'indent') {
    const m = lineModel(text, strategy.kind, strategy.syntax);
    return { m, sections: [{ start: 0, end: m.lines.length - 1 }], prose: false };
  }
  const m = lineModel(text, 'flat');
  if (strategy.kind === 'markdown') return { m, sections: markdownSections(m), prose: true };
  return { m, sections: [{ start: 0, end: m.lines.length - 1 }], prose: true };
}

export function chunkFile(path: string, text: string, limits: SizeLimits = DEFAULT_SIZE_LIMITS): Chunk[] {
  const { m, sections, prose } = model(path, text);
  // Code keeps one declaration per chunk; prose packs paragraphs up to the limit, within its section.
  const cut = (s: Range): Range[] => (prose ? pack(m, cutRange(m, s.start, s.end, limits), limits.maxTokens) : cutRange(m, s.start, s.end, limits));
  const pieces = mergeTiny(m, sections.flatMap(cut), limits);
  const chunks: Chunk[] = [];
  for (const p of pieces) {
    let { start, end } = p;
    // Blank lines at the edges carry nothing; a piece of only blank lines is no chunk.
    while (start <= end && (m.lines[start] ?? '').trim() === '') start++;
    while (end >= start && (m.lines[end] ?? '').trim() === '') end--;
    if (start > end) continue;
    const chunkText = m.lines.slice(start, end + 1).join('\n');
    chunks.push({ path, startLine: start + 1, endLine: end + 1, text: chunkText, hash: contentHash(chunkText) });
  }
  return chunks;
}
