// Turns what the model wrote into what the editor shows. Runs on every chunk of a stream (so it must be
// cheap) and reports when the suggestion is complete, so that the engine can close the request early
// instead of letting the model generate tokens nobody will see.

import type { CompletionMode } from '../prompts/completionPrompt';
import { ALL_SPECIAL_TOKENS } from '../prompts/fimTemplates';
import { CHAT_TURN_TOKENS } from '../prompts/templateStops';
import { indentWidth } from '../text/indent';

export interface PostContext {
  linePrefix: string;
  lineSuffix: string;
  /** The whole lines after the cursor's line ('' when none). */
  suffixLines: string;
  mode: CompletionMode;
  multiline: boolean;
  maxLines: number;
}

export interface Processed {
  text: string;
  /** A rule cut the text: more tokens cannot change the suggestion, so the request can stop. */
  complete: boolean;
}

const OPENERS = '([{';
const CLOSERS = ')]}';
const BLOCK_OPENER = /([{[(:]|=>|\bdo|\bthen|\bbegin)\s*$/;
const CLOSER_LINE = /^\s*([)\]}]+[;,)]*|end|fi|done|esac|endif|endfunction)\s*$/;
const SENTENCE_END = /[.!?…]+["'”’)\]]*(?=\s)|[。！？]+[”’」』）]*/;

/** Removes `<think>…</think>` blocks; an unterminated one hides everything from its start. */
export function stripThinking(text: string): string {
  let out = text.replace(/<think>[\s\S]*?<\/think>\s*/g, '');
  const open = out.indexOf('<think>');
  if (open >= 0) out = out.slice(0, open);
  // A partial opening tag at the very end (`<thi`) is not text yet.
  const partial = /<\/?t?h?i?n?k?$/.exec(out);
  if (partial && partial[0].length > 1) out = out.slice(0, partial.index);
  return out;
}

const CUT_TOKENS: readonly string[] = [...new Set([...ALL_SPECIAL_TOKENS, ...CHAT_TURN_TOKENS])];

function cutAtSpecialToken(text: string): { text: string; cut: boolean } {
  let at = -1;
  for (const token of CUT_TOKENS) {
    const i = text.indexOf(token);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  return at < 0 ? { text, cut: false } : { text: text.slice(0, at), cut: true };
}


/** Calls `visit` with each bracket outside quoted strings (a string ends at its quote or the line); stops when it returns true. */
function eachBracket(text: string, visit: (ch: string, at: number) => boolean | void): void {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote || ch === '\n') quote = '';
    } else if (ch === '"' || ch === "'" || ch === '`') {
      quote = ch;
    } else if ((OPENERS.includes(ch) || CLOSERS.includes(ch)) && visit(ch, i)) {
      return;
    }
  }
}

/** Openers minus closers in `text` (a rough but cheap count). */
function bracketBalance(text: string): number {
  let depth = 0;
  eachBracket(text, (ch) => {
    depth += OPENERS.includes(ch) ? 1 : -1;
  });
  return depth;
}

/** Index of the first closing bracket that closes something opened before the suggestion, or -1. */
function firstUnbalancedCloser(text: string, startDepth: number): number {
  let depth = startDepth;
  let found = -1;
  eachBracket(text, (ch, at) => {
    if (OPENERS.includes(ch)) depth++;
    else if (depth <= 0) found = at;
    else depth--;
    return found >= 0;
  });
  return found;
}

function firstNonEmptyLine(text: string): string | undefined {
  for (const line of text.split('\n')) if (line.trim() !== '') return line;
  return undefined;
}

/** Single line: the first line that has content (a leading line break is kept: the suggestion starts below). */
function cutToOneLine(text: string): { text: string; cut: boolean } {
  const content = text.search(/\S/);
  if (content < 0) return { text, cut: false };
  const end = text.indexOf('\n', content);
  return end < 0 ? { text, cut: false } : { text: text.slice(0, end), cut: true };
}

function cutProse(text: string, ctx: PostContext, final: boolean): { text: string; cut: boolean } {
  let out = text;
  let cut = false;
  const paragraph = out.indexOf('\n\n');
  if (paragraph >= 0) {
    out = out.slice(0, paragraph);
    cut = true;
  }
  if (!ctx.multiline) {
    const line = cutToOneLine(out);
    out = line.text;
    cut ||= line.cut;
    // At the end of the stream the text's end counts as whitespace after a full stop.
    const end = SENTENCE_END.exec(final ? `${out} ` : out);
    if (end) {
      const stop = Math.min(end.index + end[0].length, out.length);
      cut ||= stop < out.length;
      out = out.slice(0, stop);
    }
  }
  return { text: out, cut };
}

/** Block rules on complete lines: max lines, unbalanced closer, dedent below the start. */
function cutBlock(text: string, ctx: PostContext, final: boolean): { text: string; cut: boolean } {
  const lines = text.split('\n');
  const completeLines = final ? lines.length : lines.length - 1;
  const hasContent = ctx.linePrefix.trim() !== '';
  const baseIndent = indentWidth(ctx.linePrefix);
  const opensBlock = hasContent && BLOCK_OPENER.test(ctx.linePrefix);
  const nextBelow = firstNonEmptyLine(ctx.suffixLines)?.trim();

  const unbalanced = firstUnbalancedCloser(text, Math.max(0, bracketBalance(ctx.linePrefix)));
  const unbalancedLine = unbalanced < 0 ? -1 : text.slice(0, unbalanced).split('\n').length - 1;

  let kept = 0;
  let nonEmpty = 0;
  for (let i = 0; i < completeLines; i++) {
    const line = lines[i];
    if (i === unbalancedLine) {
      // A closer that ends the surrounding block: keep it only when nothing below closes that block yet
      // and it sits on a line of its own at or below the starting indentation.
      const closesHere = i > 0 && CLOSER_LINE.test(line) && indentWidth(line) <= baseIndent && line.trim() !== nextBelow;
      const head = text.slice(0, unbalanced).split('\n')[i] ?? '';
      if (closesHere) return { text: [...lines.slice(0, i), line].join('\n'), cut: true };
      const before = [...lines.slice(0, i), head].join('\n');
      return { text: head.trim() === '' ? lines.slice(0, i).join('\n') : before, cut: true };
    }
    if (i > 0 && line.trim() !== '') {
      const indent = indentWidth(line);
      const dedented = opensBlock ? indent <= baseIndent : indent < baseIndent;
      if (dedented) {
        const closer = CLOSER_LINE.test(line) && line.trim() !== nextBelow;
        return { text: lines.slice(0, closer ? i + 1 : i).join('\n'), cut: true };
      }
    }
    if (line.trim() !== '') nonEmpty++;
    kept = i + 1;
    if (nonEmpty >= ctx.maxLines && i > 0) return { text: lines.slice(0, kept).join('\n'), cut: true };
  }
  return { text, cut: false };
}

/** Drops the end of a one-line suggestion that repeats what already follows the cursor on its line. */
function dropSuffixOverlap(text: string, lineSuffix: string): string {
  const rest = lineSuffix.trimEnd();
  if (!rest || text.includes('\n')) return text;
  for (let k = Math.min(text.length, rest.length); k > 0; k--) {
    const overlap = rest.slice(0, k);
    if (!text.endsWith(overlap)) continue;
    const kept = text.slice(0, text.length - k);
    // Short overlaps (`)`, `"`) only when the suggestion opened nothing that they would close.
    if (k >= 4 || /\w/.test(overlap) || firstUnbalancedCloser(text, 0) >= 0 || oddQuotes(text)) return kept;
    return text;
  }
  return text;
}

function oddQuotes(text: string): boolean {
  return ['"', "'", '`'].some((q) => text.split(q).length % 2 === 0);
}

/** Drops a suggestion, or its tail, that only repeats the lines right below the cursor. */
function dropRepeatOfBelow(text: string, ctx: PostContext): string {
  const below = ctx.suffixLines.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (below.length === 0) return text;
  const lines = text.split('\n');
  if (lines.length === 1) {
    const only = text.trim();
    return ctx.lineSuffix.trim() === '' && only !== '' && only === below[0] ? '' : text;
  }
  for (let start = 0; start < lines.length; start++) {
    const rest = lines.slice(start).map((l) => l.trim()).filter((l) => l !== '');
    if (rest.length === 0 || rest.length > below.length) continue;
    if (!rest.every((l, i) => l === below[i])) continue;
    if (!rest.some((l) => l.replace(/\W/g, '').length >= 2) && start > 0) continue;
    return start === 0 || lines.slice(0, start).every((l) => l.trim() === '') ? '' : lines.slice(0, start).join('\n');
  }
  return text;
}

function trimTrailingWhitespace(text: string): string {
  return text.replace(/[ \t]+$/gm, '').trimEnd();
}

/**
 * `raw` is everything the model has produced so far; `final` says the stream ended, so the last line is
 * complete too.
 */
export function postprocess(raw: string, ctx: PostContext, final: boolean): Processed {
  let text = stripThinking(raw.replace(/\r\n/g, '\n'));
  const special = cutAtSpecialToken(text);
  text = special.text;
  let complete = special.cut;
  const isFinal = final || complete;

  if (ctx.mode !== 'code') {
    const prose = cutProse(text, ctx, isFinal);
    text = prose.text;
    complete ||= prose.cut;
  } else if (!ctx.multiline) {
    const line = cutToOneLine(text);
    text = line.text;
    complete ||= line.cut;
  } else {
    const block = cutBlock(text, ctx, isFinal);
    text = block.text;
    complete ||= block.cut;
  }

  if (!complete && !final) {
    // Mid-stream: show nothing yet, the result is decided at the end (or when a rule cuts).
    return { text: trimTrailingWhitespace(text), complete: false };
  }
  text = dropSuffixOverlap(trimTrailingWhitespace(text), ctx.lineSuffix);
  text = dropRepeatOfBelow(text, ctx);
  if (text.trim() === '') text = '';
  return { text, complete: true };
}
