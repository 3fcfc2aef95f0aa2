// Splits a comment into its frame (markers, the leading `*` of continuation lines, indentation) and its body
// lines, so that only the words change when it is translated. Putting an unchanged frame and body together
// again gives back the comment byte for byte.
import { writtenMarker, type CommentGroup } from '../comments/groups';
import { displayWidth } from '../text/width';

export interface BodyLine {
  /** The line break before this line ('' for the first line). */
  sep: string;
  /** The frame before the text on this line ('' for the first line: `head` holds it). */
  prefix: string;
  text: string;
  /** Display column where `text` starts. */
  column: number;
}

export interface CommentFrame {
  start: number;
  end: number;
  head: string;
  lines: BodyLine[];
  tail: string;
  /** Line break for new lines. */
  eol: string;
  /** Frame for new lines: indentation, marker or `*`, space. */
  linePrefix: string;
  /** The comment shares its line with code: it stays on one line. */
  trailing: boolean;
  /** Markers a translation must not contain: the closer (and the opener of a nesting block comment). */
  forbidden: string[];
}

export function assembleFrame(frame: Pick<CommentFrame, 'head' | 'lines' | 'tail'>): string {
  let out = frame.head;
  frame.lines.forEach((line, i) => {
    out += i === 0 ? line.text : line.sep + line.prefix + line.text;
  });
  return out + frame.tail;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** A group of `//` lines: each line's indentation and marker are its prefix. */
function lineCommentFrame(text: string, group: CommentGroup): CommentFrame {
  const first = group.comments[0];
  if (!first) throw new Error('empty comment group');
  const marker = writtenMarker(text, first);
  const markerEnd = (c: { start: number; end: number }): number => {
    const after = c.start + marker.length;
    return text[after] === ' ' && after < c.end ? after + 1 : after;
  };
  const firstLineStart = lineStartOf(text, first.start);
  const startColumn = displayWidth(text.slice(firstLineStart, first.start));
  const headEnd = markerEnd(first);
  const head = text.slice(first.start, headEnd);
  const lines: BodyLine[] = [{ sep: '', prefix: '', text: text.slice(headEnd, first.end), column: startColumn + displayWidth(head) }];
  let eol = '\n';
  for (let i = 1; i < group.comments.length; i++) {
    const prev = group.comments[i - 1] as { end: number };
    const c = group.comments[i] as { start: number; end: number };
    const lineStart = lineStartOf(text, c.start);
    const sep = text.slice(prev.end, lineStart);
    if (i === 1) eol = sep;
    const bodyStart = markerEnd(c);
    const prefix = text.slice(lineStart, bodyStart);
    lines.push({ sep, prefix, text: text.slice(bodyStart, c.end), column: displayWidth(prefix) });
  }
  const indent = text.slice(firstLineStart, first.start);
  const linePrefix = lines[1]?.prefix ?? `${first.ownLine ? indent : ' '.repeat(startColumn)}${head}`;
  return { start: group.start, end: group.end, head, lines, tail: '', eol, linePrefix, trailing: !first.ownLine, forbidden: [] };
}

const STAR_LINE = /^[ \t]*\*(?!\/)[ \t]?/;

/** A block comment or docstring: opener, body lines (with a `*` column or an indentation), closer. */
function blockCommentFrame(text: string, group: CommentGroup, defaultEol: string, nested: boolean): CommentFrame {
  const c = group.comments[0];
  if (!c) throw new Error('empty comment group');
  const forbidden = [c.close, ...(nested ? [c.open] : [])].filter((m) => m !== '');
  const raw = text.slice(c.start, c.end);
  const closeLength = c.terminated ? c.close.length : 0;
  const bodyEnd = raw.length - closeLength;
  let openLength = c.open.length;
  if (c.open === '/*') while (openLength < bodyEnd && (raw[openLength] === '*' || raw[openLength] === '!')) openLength++;
  const inner = raw.slice(openLength, bodyEnd);
  const close = raw.slice(bodyEnd);
  const lineStart = lineStartOf(text, c.start);
  const startColumn = displayWidth(text.slice(lineStart, c.start));
  const opener = raw.slice(0, openLength);
  const parts = inner.split(/(\r?\n)/);
  const rawLines = parts.filter((_, i) => i % 2 === 0);
  const seps = parts.filter((_, i) => i % 2 === 1);
  const eol = seps[0] ?? defaultEol;

  if (rawLines.length === 1) {
    const only = rawLines[0] ?? '';
    const lead = /^\s*/.exec(only)?.[0] ?? '';
    const body = only.slice(lead.length).trimEnd();
    const trail = only.slice(lead.length + body.length);
    const head = opener + lead;
    return {
      start: c.start,
      end: c.end,
      head,
      lines: [{ sep: '', prefix: '', text: body, column: startColumn + displayWidth(head) }],
      tail: trail + close,
      eol,
      linePrefix: ' '.repeat(startColumn + displayWidth(head)),
      trailing: !c.ownLine,
      forbidden,
    };
  }

  const lastIndex = rawLines.length - 1;
  const firstRest = rawLines[0] ?? '';
  const lastRaw = rawLines[lastIndex] ?? '';
  const firstInline = firstRest.trim() !== '';
  const closerAlone = /^[ \t]*\**[ \t]*$/.test(lastRaw);
  const bodyFrom = firstInline ? 0 : 1;
  const bodyTo = closerAlone ? lastIndex - 1 : lastIndex;
  const middle = rawLines.slice(Math.max(1, bodyFrom), bodyTo + 1).filter((l) => l.trim() !== '');
  const starStyle = middle.length > 0 ? middle.every((l) => STAR_LINE.test(l)) : /^[ \t]*\*/.test(lastRaw) && closerAlone;
  const commonIndent = middle.length > 0 ? Math.min(...middle.map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0)) : 0;
  const prefixOf = (line: string): string => {
    if (line.trim() === '' || (starStyle && /^[ \t]*\*[ \t]*$/.test(line))) return line;
    if (starStyle) return STAR_LINE.exec(line)?.[0] ?? '';
    return line.slice(0, Math.min(commonIndent, /^[ \t]*/.exec(line)?.[0].length ?? 0));
  };

  let head = opener;
  const lines: BodyLine[] = [];
  if (firstInline) {
    const lead = /^[ \t]*/.exec(firstRest)?.[0] ?? '';
    head += lead;
  } else {
    head += firstRest;
  }
  for (let i = bodyFrom; i <= bodyTo; i++) {
    const line = rawLines[i] ?? '';
    if (i === 0) {
      lines.push({ sep: '', prefix: '', text: line.slice(head.length - opener.length), column: startColumn + displayWidth(head) });
      continue;
    }
    const prefix = prefixOf(line);
    if (lines.length === 0) {
      // The body starts on the line after the opener: that line break and prefix belong to the head.
      head += (seps[i - 1] ?? eol) + prefix;
      lines.push({ sep: '', prefix: '', text: line.slice(prefix.length), column: displayWidth(prefix) });
    } else {
      lines.push({ sep: seps[i - 1] ?? eol, prefix, text: line.slice(prefix.length), column: displayWidth(prefix) });
    }
  }
  let tail: string;
  if (closerAlone) {
    tail = (seps[lastIndex - 1] ?? eol) + lastRaw + close;
  } else {
    const last = lines[lines.length - 1];
    const trimmed = last ? last.text.trimEnd() : '';
    tail = (last ? last.text.slice(trimmed.length) : '') + close;
    if (last) last.text = trimmed;
  }
  if (lines.length === 0) {
    // Nothing but blank lines inside: keep it all in the head.
    head = raw.slice(0, raw.length - tail.length);
    lines.push({ sep: '', prefix: '', text: '', column: 0 });
  }
  const sample = lines.slice(1).find((l) => l.text.trim() !== '')?.prefix;
  const closerIndent = /^[ \t]*/.exec(lastRaw)?.[0] ?? '';
  const linePrefix = sample ?? (starStyle ? `${closerIndent}* ` : closerAlone ? closerIndent || ' '.repeat(startColumn) : ' '.repeat(lines[0]?.column ?? 0));
  return { start: c.start, end: c.end, head, lines, tail, eol, linePrefix, trailing: !c.ownLine, forbidden };
}

/** `nested`: the language's block comments nest, so an opener inside would need its own closer. */
export function parseFrame(text: string, group: CommentGroup, defaultEol = '\n', nested = false): CommentFrame {
  return group.kind === 'line' ? lineCommentFrame(text, group) : blockCommentFrame(text, group, defaultEol, nested);
}
