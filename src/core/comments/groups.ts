// Consecutive line comments that form one text (a paragraph written as `//` lines) are one group, so that a
// translation can re-flow the whole paragraph instead of translating each line on its own.
import type { CommentKind, ScannedComment } from './types';

export interface CommentGroup {
  kind: CommentKind;
  /** One comment, or several line comments on consecutive lines. */
  comments: ScannedComment[];
  start: number;
  end: number;
}

/** The marker as written: `//` extended to `///` or `//!`, `#` to `##`, `--` to `---`. */
export function writtenMarker(text: string, comment: ScannedComment): string {
  if (comment.kind !== 'line') return comment.open;
  const last = comment.open[comment.open.length - 1] ?? '';
  let end = comment.start + comment.open.length;
  while (end < comment.end && text[end] === last) end++;
  if (text[end] === '!' && end < comment.end) end++;
  return text.slice(comment.start, end);
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Whether `next` continues `prev`: both alone on their lines, on consecutive lines, same column and marker. */
function continues(text: string, prev: ScannedComment, next: ScannedComment): boolean {
  if (prev.kind !== 'line' || next.kind !== 'line' || !prev.ownLine || !next.ownLine) return false;
  if (!/^\r?\n[ \t]*$/.test(text.slice(prev.end, next.start))) return false;
  return column(text, prev.start) === column(text, next.start) && writtenMarker(text, prev) === writtenMarker(text, next);
}

export function groupComments(text: string, comments: readonly ScannedComment[]): CommentGroup[] {
  const steps = groupCommentsSliced(text, comments);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** groupComments with a pause (a bare `yield`) every 1024 comments, for callers that slice long work. */
export function* groupCommentsSliced(text: string, comments: readonly ScannedComment[]): Generator<void, CommentGroup[]> {
  const groups: CommentGroup[] = [];
  let n = 0;
  for (const comment of comments) {
    if (++n % 1024 === 0) yield;
    const last = groups[groups.length - 1];
    const lastComment = last?.comments[last.comments.length - 1];
    if (last && lastComment && continues(text, lastComment, comment)) {
      last.comments.push(comment);
      last.end = comment.end;
    } else {
      groups.push({ kind: comment.kind, comments: [comment], start: comment.start, end: comment.end });
    }
  }
  return groups;
}
