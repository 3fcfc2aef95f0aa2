// What the engine is asked, and how one request relates to an earlier one: the characters the user typed
// since a suggestion's anchor, and the cache keys. Everything here reads only a bounded slice around the
// cursor, never the whole prefix window, so that it stays cheap on every keystroke.

import type { CommentSyntax } from '../comments/types';
import type { CompletionModel, Trigger } from '../prompts/completionPrompt';
import { suffixText, type CursorContext } from '../prompts/cursorContext';
import { fingerprint } from './hash';

export interface CompletionRequest {
  /** The document (its URI). */
  documentId: string;
  /** The cursor's offset in the document, counting each line break as one character. */
  offset: number;
  ctx: CursorContext;
  languageId: string;
  /** Workspace-relative path for the header comment; '' for untitled documents. */
  path: string;
  model: CompletionModel;
  trigger: Trigger;
  /** Clock time at which the editor asked (before the document was read), to measure the overhead. */
  startedAt?: number;
  /**
   * Clock time of the edit (the key) this call follows, when the editor saw it: the editor asks only after
   * its own debounce, so waiting from the key instead of from the call does not wait that part twice.
   */
  keyAt?: number;
  /** The language's comment syntax (from installed extensions); default: the built-in table. */
  comments?: CommentSyntax;
}

/** Where a suggestion was asked for, with enough text around it to recognise the same place later. */
export interface Anchor {
  documentId: string;
  offset: number;
  scope: string;
  before: string;
  after: string;
}

/** Characters of context compared when deciding that a request continues from an anchor. */
const CONTEXT_CHARS = 160;
/** Typed-ahead is only checked this far from the anchor. */
const MAX_TYPED = 4_000;

function scopeOf(req: CompletionRequest): string {
  return `${req.model.name}\u0001${req.trigger}\u0001${req.languageId}\u0001${req.path}`;
}

/** The last `n` characters before the cursor (fewer at the start of the window). */
export function textBefore(ctx: CursorContext, n: number): string {
  if (n <= ctx.linePrefix.length) return ctx.linePrefix.slice(ctx.linePrefix.length - n);
  const fromLines = n - ctx.linePrefix.length;
  return ctx.prefixLines.slice(Math.max(0, ctx.prefixLines.length - fromLines)) + ctx.linePrefix;
}

/** The first `n` characters after the cursor. */
export function textAfter(ctx: CursorContext, n: number): string {
  if (!ctx.hasLinesBelow || ctx.lineSuffix.length >= n) return ctx.lineSuffix.slice(0, n);
  return `${ctx.lineSuffix}\n${ctx.suffixLines.slice(0, n)}`.slice(0, n);
}

export function anchorOf(req: CompletionRequest): Anchor {
  return {
    documentId: req.documentId,
    offset: req.offset,
    scope: scopeOf(req),
    before: textBefore(req.ctx, CONTEXT_CHARS),
    after: textAfter(req.ctx, CONTEXT_CHARS),
  };
}

/**
 * The text typed between `anchor` and `req`'s cursor when `req` is the same place with only that text
 * inserted; undefined otherwise.
 */
export function typedSince(anchor: Anchor, req: CompletionRequest): string | undefined {
  if (req.documentId !== anchor.documentId) return undefined;
  const typed = req.offset - anchor.offset;
  if (typed < 0 || typed > MAX_TYPED) return undefined;
  if (scopeOf(req) !== anchor.scope) return undefined;
  if (textAfter(req.ctx, CONTEXT_CHARS) !== anchor.after) return undefined;
  const tail = textBefore(req.ctx, typed + anchor.before.length);
  if (tail.length < typed) return undefined;
  const before = tail.slice(0, tail.length - typed);
  // The window may start closer to the cursor than it did: compare what both have.
  if (!(before.length <= anchor.before.length ? anchor.before.endsWith(before) : before.endsWith(anchor.before))) return undefined;
  return tail.slice(tail.length - typed);
}

/** Cache keys: a fingerprint of the context without the cursor's line, plus that line's text before the cursor. */
export class CacheKeys {
  private readonly base: string;

  constructor(req: CompletionRequest) {
    this.base = `${scopeOf(req)}\u0001${fingerprint(req.ctx.prefixLines)}\u0001${fingerprint(suffixText(req.ctx))}\u0001`;
  }

  /** The key for the cursor's line up to `linePrefix`. */
  key(linePrefix: string): string {
    return this.base + linePrefix;
  }
}
