// Places where inline completion stays quiet: minified files and very long lines (a prompt of one
// 200 kB line helps nobody and costs seconds), and text that looks binary.

import type { CursorContext, LineSource } from '../prompts/cursorContext';

export type SkipReason = 'longLine' | 'minified' | 'binary';

const MINIFIED_NAME = /\.min\.(js|mjs|cjs|css)$|\.bundle\.js$|-bundle\.js$/i;

/** Checks the cursor's line and its neighbours only: O(their length), whatever the document size. */
export function skipForLines(source: LineSource, line: number, maxLineChars: number, path = ''): SkipReason | undefined {
  if (MINIFIED_NAME.test(path)) return 'minified';
  if (source.lineAt(line).length > maxLineChars) return 'longLine';
  for (const neighbour of [line - 1, line + 1]) {
    if (neighbour >= 0 && neighbour < source.lineCount && source.lineAt(neighbour).length > maxLineChars) return 'minified';
  }
  return undefined;
}

/** NUL or many control characters in the text around the cursor: not something to write into. */
export function looksBinary(ctx: CursorContext): boolean {
  const parts = [ctx.prefixLines, ctx.linePrefix, ctx.lineSuffix, ctx.suffixLines];
  let control = 0;
  let total = 0;
  for (const part of parts) {
    total += part.length;
    for (let i = 0; i < part.length; i++) {
      const code = part.charCodeAt(i);
      if (code === 0) return true;
      // Control characters, and U+FFFD where bytes were not valid UTF-8.
      if ((code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) || code === 0xfffd) control++;
    }
  }
  return total > 0 && control / total > 0.01;
}
