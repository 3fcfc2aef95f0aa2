// Writes a text (a summary) as a comment in a language's syntax, wrapped to a width: line comments when the
// language has them, else one block comment. The result ends with a line break, ready to insert at the
// start of a line.
import { displayWidth } from '../text/width';
import { wrapText } from '../text/wrap';
import type { CommentSyntax } from './types';

export interface RenderOptions {
  /** Indentation of the line the comment goes above. */
  indent: string;
  /** Total width in columns, indentation included. */
  width: number;
  eol: string;
}

const LIST_LEAD = /^(\s*(?:[-*+•]|\d+[.)])\s+|\s+)/;

/** Wraps each line of `text` to `width`, continuing list items under their text. */
function wrapLines(text: string, width: number): string[] {
  const out: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed === '') {
      out.push('');
      continue;
    }
    const lead = LIST_LEAD.exec(trimmed)?.[0] ?? '';
    const leadWidth = displayWidth(lead);
    const hanging = ' '.repeat(leadWidth);
    const wrapped = wrapText(trimmed.slice(lead.length), Math.max(20, width - leadWidth));
    wrapped.forEach((w, i) => out.push((i === 0 ? lead : hanging) + w));
  }
  while (out[0] === '') out.shift();
  while (out[out.length - 1] === '') out.pop();
  return out;
}

/** The comment text, or undefined when the syntax has no comment marker at all. */
export function renderAsComment(text: string, syntax: CommentSyntax, opts: RenderOptions): string | undefined {
  const { indent, eol } = opts;
  const line = syntax.lineComments[0];
  if (line) {
    const lines = wrapLines(text, opts.width - displayWidth(indent) - line.length - 1);
    return lines.map((l) => (l === '' ? `${indent}${line}` : `${indent}${line} ${l}`)).join(eol) + eol;
  }
  const block = syntax.blockComments[0];
  if (!block) return undefined;
  // The closer must not appear inside (`*/` in a summary of C code would end the comment early).
  const safe = text.split(block.close).join(block.close.split('').join(' '));
  if (block.open === '/*') {
    const lines = wrapLines(safe, opts.width - displayWidth(indent) - 3);
    const body = lines.map((l) => (l === '' ? `${indent} *` : `${indent} * ${l}`));
    return [`${indent}/*`, ...body, `${indent} */`].join(eol) + eol;
  }
  const lines = wrapLines(safe, opts.width - displayWidth(indent));
  return [`${indent}${block.open}`, ...lines.map((l) => (l === '' ? '' : `${indent}${l}`)), `${indent}${block.close}`].join(eol) + eol;
}
