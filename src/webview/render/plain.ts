// Plain text of model output (an oversized block, the rest of a too long answer) as HTML. Text is split
// into chunk elements of a few KB, styled `content-visibility: auto`, so that the browser lays out only
// the chunks on screen: a megabyte of text costs little more than the part the user sees.
import { escapeHtml } from './markdown';
import type { MarkdownRenderer } from './markdown';
import { CODE_BLOCK_CLOSE } from './markdown';
import type { RenderOp } from './incremental';

export type PlainKind = 'text' | 'code' | 'rest';

/**
 * Splits `text`, appended to a chunk already holding `filled` characters, into pieces: the first one
 * continues that chunk (it may be empty), each next one starts a new chunk of at most `size`. A cut is
 * made after a line end when one is near, and never inside a surrogate pair.
 */
export function chunkText(filled: number, text: string, size: number): string[] {
  const pieces: string[] = [];
  let room = Math.max(0, size - filled);
  let at = 0;
  while (text.length - at > room) {
    let cut = at + room;
    if (room > 1) {
      const half = at + (room >> 1);
      const nl = text.slice(half, cut).lastIndexOf('\n');
      if (nl >= 0) cut = half + nl + 1;
      else {
        const c = text.charCodeAt(cut - 1);
        if (c >= 0xd800 && c <= 0xdbff) cut--;
      }
    }
    pieces.push(text.slice(at, cut));
    at = cut;
    room = size;
  }
  pieces.push(text.slice(at));
  return pieces;
}

/** The element a chunk goes in: block-level spans inside a code block's <code>, divs elsewhere. */
export function chunkTag(kind: PlainKind): 'span' | 'div' {
  return kind === 'code' ? 'span' : 'div';
}

export function restNoteHtml(renderer: MarkdownRenderer): string {
  const labels = renderer.renderLabels;
  const copy = escapeHtml(labels.copyAnswer);
  return (
    `<div class="md-rest-note"><span class="codicon codicon-info" aria-hidden="true"></span><span>${escapeHtml(labels.plainRest)}</span>` +
    `<button type="button" class="icon-button md-rest-copy" data-action="copy-answer" title="${copy}" aria-label="${copy}"><span class="codicon codicon-copy" aria-hidden="true"></span></button></div>`
  );
}

/** Opening and closing HTML of a plain segment; the chunks go between them. */
export function plainShell(kind: PlainKind, renderer: MarkdownRenderer, lang = ''): { open: string; close: string } {
  if (kind === 'code') return { open: renderer.codeBlockOpen(lang), close: `${CODE_BLOCK_CLOSE}\n` };
  if (kind === 'rest') return { open: `<div class="md-rest">${restNoteHtml(renderer)}<div class="md-rest-body">`, close: '</div></div>\n' };
  return { open: '<div class="md-plain">', close: '</div>\n' };
}

export const PART_OPEN = '<div class="md-part">';

/**
 * Serializes the operations of IncrementalMarkdown (a finished answer rendered in one go), grouping
 * Markdown into parts of about `partSize` characters of HTML like the streaming view does (none when
 * partSize is 0).
 */
export function opsToHtml(ops: RenderOp[], renderer: MarkdownRenderer, chunkSize: number, partSize: number): string {
  const out: string[] = [];
  let open: { kind: PlainKind; close: string; filled: number; started: boolean } | undefined;
  let part = -1; // HTML characters in the open part, -1 when none is open
  const closePart = (): void => {
    if (part >= 0) out.push('</div>\n');
    part = -1;
  };
  const closeOpen = (): void => {
    if (!open) return;
    if (open.started) out.push(`</${chunkTag(open.kind)}>`);
    out.push(open.close);
    open = undefined;
  };
  for (const op of ops) {
    if (op.op === 'html') {
      closeOpen();
      if (part >= partSize) closePart();
      if (part < 0 && partSize > 0) {
        out.push(PART_OPEN);
        part = 0;
      }
      out.push(op.html);
      if (part >= 0) part += op.html.length;
    } else if (op.op === 'open') {
      closePart();
      closeOpen();
      const shell = plainShell(op.kind, renderer, op.lang);
      out.push(shell.open);
      open = { kind: op.kind, close: shell.close, filled: 0, started: false };
    } else if (op.op === 'text' && open) {
      const tag = chunkTag(open.kind);
      chunkText(open.filled, op.text, chunkSize).forEach((piece, i) => {
        if (!open) return;
        if (i > 0 || !open.started) {
          if (open.started) out.push(`</${tag}>`);
          out.push(`<${tag} class="md-chunk">`);
          open.started = true;
          open.filled = 0;
        }
        out.push(escapeHtml(piece));
        open.filled += piece.length;
      });
    } else if (op.op === 'close') closeOpen();
  }
  closeOpen();
  closePart();
  return out.join('');
}
