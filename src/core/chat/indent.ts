// Code inserted at an indented cursor keeps its shape: every line after the first gets the cursor
// line's indentation, as if the block had been typed there.

/** `code` with `indent` added to each line after the first (blank lines stay empty). */
export function indentAfterFirstLine(code: string, indent: string): string {
  if (!indent) return code;
  return code
    .split('\n')
    .map((line, i) => (i === 0 || line.trim() === '' ? line : indent + line))
    .join('\n');
}

/** The indentation the cursor sits in: the line's text before the cursor, when it is only white space. */
export function indentAtCursor(lineText: string, character: number): string {
  const before = lineText.slice(0, character);
  return /^[ \t]*$/.test(before) ? before : '';
}

/** Code blocks from models end with a newline that the fence needed but the editor does not. */
export function trimFinalNewline(code: string): string {
  return code.endsWith('\n') ? code.slice(0, -1) : code;
}
