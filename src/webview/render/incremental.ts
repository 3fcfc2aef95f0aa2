// Incremental, bounded rendering of a streamed Markdown answer. Pure (no DOM): it turns text as it
// arrives into operations (append this HTML, open a plain-text segment, append text to it, close it)
// and the HTML of the block still growing; the view applies them (stream.ts) or serializes them
// (document.ts). What it guarantees, whatever the model sends (limits.ts has the figures):
//  - committed text is never parsed again: a top-level block followed by another one is finished,
//    rendered once and left alone; only the last block is re-rendered while it grows;
//  - a block too large to re-render each frame (or too large to parse at all) is shown as plain text,
//    appended as it arrives, until it ends (a closing fence; for other blocks a blank line followed by
//    an unindented line) and Markdown resumes after it;
//  - past markdownMaxChars of Markdown, the rest of the answer is plain text (fenced code found by a
//    line scan still becomes a code block, plain, with its actions);
//  - each update stops after its time budget and says there is more to do.
import type Token from 'markdown-it/lib/token.mjs';
import { DEFAULT_LIMITS, type RenderLimits } from './limits';
import { fenceLanguage, type MarkdownRenderer } from './markdown';

export type RenderOp =
  /** Finished Markdown: append once. */
  | { op: 'html'; html: string }
  /** Start a plain segment: an oversized block ('text'), an oversized fence ('code'), or the rest of a too long answer ('rest'). */
  | { op: 'open'; kind: 'text' | 'code' | 'rest'; lang?: string }
  /** Text to append to the open plain segment, as is (the view escapes it). */
  | { op: 'text'; text: string }
  | { op: 'close' };

export interface IncrementalUpdate {
  /** The text was replaced rather than extended: the container must be cleared first. */
  reset: boolean;
  ops: RenderOp[];
  /** HTML of the last, still growing block (replaces the previous tail; '' when there is none). */
  tail: string;
  /** The time budget ran out with text left to render: update again in the next frame. */
  more: boolean;
}

export interface UpdateOptions {
  /** Stop after this many milliseconds (checked between steps). Unlimited when absent. */
  budgetMs?: number;
  /** Stop once this much committed HTML was produced (checked between steps). Unlimited when absent. */
  maxHtmlChars?: number;
  /** Stop once this much plain text was produced (checked between steps). Unlimited when absent. */
  maxTextChars?: number;
  /** The stream ended: render everything, commit the last block. */
  final?: boolean;
  now?: () => number;
}

interface PlainBlock {
  /** 'rest': past the Markdown cap; it ends only where a fence opens. */
  kind: 'text' | 'code' | 'rest';
  /** For code: the opening fence (its character and length decide which line closes it). */
  fence: string;
  /** Offset in `pending` up to which lines were examined. */
  scanned: number;
  /** The line at `scanned` was partly emitted already: it is content, whatever it turns out to be. */
  midLine: boolean;
  /** text: a blank line was seen since the last content line (the next unindented line ends the block). */
  sawBlank: boolean;
}

type Step = 'progress' | 'idle';

export function normalizeSource(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})([^\n]*)\n/;

/**
 * A partial line longer than this is content: it is not waited for to see whether it opens or closes
 * a fence (waiting would scan it again each frame).
 */
const LONGEST_FENCE_LINE = 256;

/** The fence that `text` starts with (its first line, complete), if any. */
function openingFence(text: string): { marker: string; lang: string; length: number } | undefined {
  const m = FENCE_OPEN.exec(text.slice(0, LONGEST_FENCE_LINE + 1));
  if (!m || (m[1][0] === '`' && m[2].includes('`'))) return undefined;
  return { marker: m[1], lang: fenceLanguage(m[2]), length: m[0].length };
}

/** A partial line that may still become an opening fence. */
function mayBeginFence(partial: string): boolean {
  return /^ {0,3}(?:`{3,}|~{3,}|`*$|~*$)/.test(partial);
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

function startsIndented(line: string): boolean {
  return line.startsWith(' ') || line.startsWith('\t');
}

function isClosingFence(line: string, fence: string): boolean {
  const m = /^ {0,3}(`+|~+)[ \t]*$/.exec(line);
  return !!m && m[1][0] === fence[0] && m[1].length >= fence.length;
}

/** A partial line that may still become a closing fence (so it is not shown yet). */
function mayBecomeFence(partial: string): boolean {
  return /^ {0,3}(?:`*|~*)[ \t]*$/.test(partial);
}

function countLines(text: string, from: number): number {
  let n = 1;
  for (let i = text.indexOf('\n', from); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Offset of the start of line `line` in `text` (text.length when it has fewer lines). */
function lineOffset(text: string, line: number): number {
  let at = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return at;
}

/** Index and first line of each top-level block in the token stream. */
function blockStarts(tokens: Token[]): { index: number; line: number }[] {
  const out: { index: number; line: number }[] = [];
  tokens.forEach((t, index) => {
    if (t.level === 0 && t.nesting !== -1 && t.map) out.push({ index, line: t.map[0] });
  });
  return out;
}

function emitted(ops: RenderOp[], kind: 'html' | 'text'): number {
  let n = 0;
  for (const op of ops) {
    if (op.op === 'html' && kind === 'html') n += op.html.length;
    else if (op.op === 'text' && kind === 'text') n += op.text.length;
  }
  return n;
}

export class IncrementalMarkdown {
  /** Text received and not rendered for good yet (the growing block, a backlog, a held-back line end). */
  private pending = '';
  /** A trailing '\r' waits for the next chunk: it may be half of a '\r\n'. */
  private heldCR = false;
  private committedChars = 0;
  private markdownChars = 0;
  private plain: PlainBlock | undefined;
  private rest = false;
  /** Code blocks opened past the cap. */
  private restCode = 0;
  private resetPending = false;

  constructor(
    private readonly renderer: MarkdownRenderer,
    private readonly limits: RenderLimits = DEFAULT_LIMITS,
  ) {}

  /** Characters of the (normalized) source rendered for good. */
  get committedLength(): number {
    return this.committedChars;
  }

  /** The answer went past markdownMaxChars: the rest is plain text. */
  get capped(): boolean {
    return this.rest;
  }

  append(chunk: string): void {
    if (!chunk) return;
    let text = (this.heldCR ? '\r' : '') + chunk;
    this.heldCR = text.endsWith('\r');
    if (this.heldCR) text = text.slice(0, -1);
    this.pending += normalizeSource(text);
  }

  /** Starts over with `text` (a new message, or the text was replaced rather than extended). */
  reset(text = ''): void {
    this.pending = '';
    this.heldCR = false;
    this.committedChars = 0;
    this.markdownChars = 0;
    this.plain = undefined;
    this.rest = false;
    this.restCode = 0;
    this.resetPending = true;
    this.append(text);
  }

  /** Renders what it can of the pending text: operations to apply, and the growing block's HTML. */
  update(options: UpdateOptions = {}): IncrementalUpdate {
    const final = !!options.final;
    if (final && this.heldCR) {
      this.heldCR = false;
      this.pending += '\n';
    }
    const now = options.now ?? (() => performance.now());
    const deadline = options.budgetMs === undefined ? Number.POSITIVE_INFINITY : now() + options.budgetMs;
    const ops: RenderOp[] = [];
    const out = { tail: '' };
    const maxHtml = options.maxHtmlChars ?? Number.POSITIVE_INFINITY;
    const maxText = options.maxTextChars ?? Number.POSITIVE_INFINITY;
    let more = false;
    for (;;) {
      out.tail = '';
      if (this.step(ops, out, final) === 'idle') break;
      if (!final && (now() >= deadline || emitted(ops, 'html') >= maxHtml || emitted(ops, 'text') >= maxText)) {
        more = true;
        out.tail = '';
        break;
      }
    }
    const reset = this.resetPending;
    this.resetPending = false;
    return { reset, ops, tail: out.tail, more };
  }

  private consume(chars: number): void {
    this.pending = this.pending.slice(chars);
    this.committedChars += chars;
  }

  private step(ops: RenderOp[], out: { tail: string }, final: boolean): Step {
    if (this.plain) return this.stepPlain(this.plain, ops, final);
    if (!this.pending) return 'idle';
    if (this.rest) {
      // Past the cap, text is plain, but fenced code (found by a line scan, not a parse) stays a code block.
      if (this.restFence(this.pending)) {
        this.restCode++;
        return this.openPlain(0, ops);
      }
      ops.push({ op: 'open', kind: 'text' });
      this.plain = { kind: 'rest', fence: '', scanned: 0, midLine: false, sawBlank: false };
      return 'progress';
    }
    if (this.markdownChars >= this.limits.markdownMaxChars) {
      this.rest = true;
      ops.push({ op: 'open', kind: 'rest' });
      this.plain = { kind: 'rest', fence: '', scanned: 0, midLine: false, sawBlank: false };
      return 'progress';
    }
    const limit = this.limits.blockMaxChars;
    const window = this.pending.length > limit ? this.pending.slice(0, limit) : this.pending;
    const truncated = this.pending.length > limit;
    const tokens = this.renderer.parse(window);
    const starts = blockStarts(tokens);
    const last = starts[starts.length - 1];
    const cut = starts.length > 1 ? lineOffset(window, last.line) : 0;
    if (cut > 0) {
      // Every block but the last is followed by another one: finished. (Reference definitions apply
      // within what one parse sees; the final render of an answer under the cap sees them all.)
      ops.push({ op: 'html', html: this.renderer.renderTokens(tokens.slice(0, last.index)) });
      this.markdownChars += cut;
      this.consume(cut);
      return 'progress';
    }
    if (starts.length === 0) {
      // Blank lines and reference definitions only: nothing to show. Drop the complete lines of a full window.
      if (final) {
        this.consume(this.pending.length);
        return 'idle';
      }
      if (!truncated) return 'idle';
      const cut = window.lastIndexOf('\n') + 1;
      if (cut > 0) {
        this.consume(cut);
        return 'progress';
      }
      return this.openPlain(0, ops);
    }
    const begin = lineOffset(window, starts[0].line);
    if (truncated) return this.openPlain(begin, ops);
    if (final) {
      ops.push({ op: 'html', html: this.renderer.renderTokens(tokens) });
      this.markdownChars += window.length;
      this.consume(window.length);
      return 'idle';
    }
    if (countLines(window, begin) > this.limits.blockMaxLines) return this.openPlain(begin, ops);
    out.tail = this.renderer.renderTokens(tokens, { streaming: true });
    return 'idle';
  }

  /** Past the cap: a fence that opens a code block (there is room for one more). */
  private restFence(text: string): boolean {
    return this.restCode < this.limits.restCodeBlocks && openingFence(text) !== undefined;
  }

  /** The block starting at `begin` in pending is too large for Markdown: it goes on as plain text. */
  private openPlain(begin: number, ops: RenderOp[]): Step {
    this.consume(begin);
    const fence = openingFence(this.pending);
    if (fence) {
      ops.push({ op: 'open', kind: 'code', lang: fence.lang });
      this.consume(fence.length);
      this.plain = { kind: 'code', fence: fence.marker, scanned: 0, midLine: false, sawBlank: false };
    } else {
      ops.push({ op: 'open', kind: 'text' });
      this.plain = { kind: 'text', fence: '', scanned: 0, midLine: false, sawBlank: false };
    }
    return 'progress';
  }

  /**
   * Emits the plain block's text as far as it is known to belong to the block, line by line from where
   * the last call stopped (so each character is examined once), and closes the block at its end.
   */
  private stepPlain(plain: PlainBlock, ops: RenderOp[], final: boolean): Step {
    // One step examines at most frameTextChars of new text (cut after a line end when there is one):
    // a megabyte that arrived at once is shown over several frames.
    let text = this.pending;
    let truncated = false;
    const limit = this.limits.frameTextChars;
    if (!final && text.length > plain.scanned + limit) {
      let end = plain.scanned + limit;
      const c = text.charCodeAt(end - 1);
      if (c >= 0xd800 && c <= 0xdbff) end--;
      const nl = text.lastIndexOf('\n', end - 1);
      text = text.slice(0, nl >= plain.scanned ? nl + 1 : end);
      truncated = true;
    }
    let emit = 0;
    let endAt = -1; // where the block ends (the rest of pending is Markdown again)
    for (;;) {
      const lineStart = plain.scanned;
      if (lineStart >= text.length) break;
      const nl = text.indexOf('\n', lineStart);
      const complete = nl >= 0;
      const lineEnd = complete ? nl : text.length;
      if (plain.kind === 'code') {
        if (plain.midLine) {
          emit = complete ? nl + 1 : lineEnd;
        } else if ((complete || final) && isClosingFence(text.slice(lineStart, lineEnd), plain.fence)) {
          endAt = complete ? nl + 1 : lineEnd;
          break;
        } else if (complete) {
          emit = nl + 1;
        } else if (final || lineEnd - lineStart > LONGEST_FENCE_LINE || !mayBecomeFence(text.slice(lineStart, lineEnd))) {
          emit = lineEnd;
        } else break;
      } else if (plain.kind === 'rest') {
        if (plain.midLine) {
          emit = complete ? nl + 1 : lineEnd;
        } else if (complete && this.restFence(text.slice(lineStart, nl + 1))) {
          endAt = lineStart;
          break;
        } else if (complete) {
          emit = nl + 1;
        } else if (final || lineEnd - lineStart > LONGEST_FENCE_LINE || this.restCode >= this.limits.restCodeBlocks || !mayBeginFence(text.slice(lineStart, lineEnd))) {
          emit = lineEnd;
        } else break;
      } else {
        const line = text.slice(lineStart, lineEnd);
        if (plain.midLine || (!complete && lineEnd - lineStart > LONGEST_FENCE_LINE)) {
          emit = lineEnd;
          plain.sawBlank = false;
        } else if (isBlank(line)) {
          if (!complete) break;
          plain.sawBlank = true;
        } else if (plain.sawBlank && !startsIndented(line)) {
          endAt = lineStart;
          break;
        } else {
          emit = lineEnd;
          plain.sawBlank = false;
        }
      }
      if (!complete) {
        plain.midLine = true;
        plain.scanned = lineEnd;
        break;
      }
      plain.midLine = false;
      plain.scanned = nl + 1;
    }
    if (emit > 0) ops.push({ op: 'text', text: text.slice(0, emit) });
    if (endAt >= 0 || final) {
      ops.push({ op: 'close' });
      this.plain = undefined;
      this.consume(endAt >= 0 ? endAt : text.length);
      return endAt >= 0 ? 'progress' : 'idle';
    }
    this.consume(emit);
    plain.scanned -= emit;
    return truncated ? 'progress' : 'idle';
  }
}
