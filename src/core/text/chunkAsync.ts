// splitIntoChunks for texts of any size without blocking: a long text is cut into sections (SECTION_CHARS
// at least, about four chunks) at a blank line (else a line end), each section is split on its own, and the event loop
// gets a turn between sections. One section costs a few milliseconds, where splitting 50 MB at once took
// nine seconds (and two 50-million-entry prefix arrays). The only difference from splitIntoChunks is a
// cut at each section's end, which is always at a paragraph or line boundary when the text has one.
import { throwIfAborted } from '../util/abort';
import { Yielder } from '../util/yielder';
import { splitIntoChunks, type Chunk, type ChunkKind } from './chunking';
import { ASCII_CHARS_PER_TOKEN } from './tokens';

/** Characters of the first section (the next ones follow the time the one before took). */
export const SECTION_CHARS = 32 * 1024;
/** The smallest section, however slow the machine. */
const MIN_SECTION_CHARS = 8 * 1024;
/** Time one section's split should take. */
const SECTION_MS = 20;
/** Sections hold about this many chunks, so that the cut at a section's end costs little fill. */
const CHUNKS_PER_SECTION = 4;

/** The end of the section that starts at `start`: after a blank line or a line break in its second half. */
export function sectionEnd(text: string, start: number, size = SECTION_CHARS): number {
  const limit = start + size;
  if (limit >= text.length) return text.length;
  const half = start + Math.floor(size / 2);
  const blank = text.lastIndexOf('\n\n', limit - 2);
  if (blank >= half) return blank + 2;
  const newline = text.lastIndexOf('\n', limit - 1);
  if (newline >= half) return newline + 1;
  // One very long line: cut inside it, never between the halves of a surrogate pair.
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

function countNewlines(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export interface ChunkAsyncOptions {
  signal?: AbortSignal;
  /** Called after each section with the share of the text done (0–1). */
  onProgress?(done: number): void;
  /** Section size (tests use small ones). */
  sectionChars?: number;
  /** The yielder to share with the caller's own loop (and to count yields in tests). */
  yielder?: Yielder;
}

/** Splits `text` into chunks whose token estimate is at most `maxTokens`, yielding between sections. */
export async function splitIntoChunksAsync(text: string, maxTokens: number, kind: ChunkKind, opts: ChunkAsyncOptions = {}): Promise<Chunk[]> {
  throwIfAborted(opts.signal);
  // Sections of about four chunks, smaller when the machine is slow (busy): each one's split should take
  // about SECTION_MS, measured on the one before.
  const largest = opts.sectionChars ?? Math.max(SECTION_CHARS, maxTokens * ASCII_CHARS_PER_TOKEN * CHUNKS_PER_SECTION);
  let size = opts.sectionChars ?? SECTION_CHARS;
  if (text.length <= size) return splitIntoChunks(text, maxTokens, kind);
  const yielder = opts.yielder ?? new Yielder(opts.signal);
  const chunks: Chunk[] = [];
  let start = 0;
  let line = 0;
  while (start < text.length) {
    const end = sectionEnd(text, start, size);
    const began = performance.now();
    for (const c of splitIntoChunks(text.slice(start, end), maxTokens, kind)) {
      chunks.push({ text: c.text, start: c.start + start, end: c.end + start, startLine: c.startLine + line, endLine: c.endLine + line });
    }
    if (opts.sectionChars === undefined) {
      const ms = Math.max(0.5, performance.now() - began);
      size = Math.min(largest, Math.max(MIN_SECTION_CHARS, Math.round(((end - start) * SECTION_MS) / ms)));
    }
    line += countNewlines(text, start, end);
    start = end;
    opts.onProgress?.(start / text.length);
    await yielder.tick();
  }
  return chunks;
}
