// Is the cursor inside a comment, and what has the user written in it so far? Prose mode needs only that.
// The answer comes from the comment scanner and the syntax table that Translate Comments uses
// (src/core/comments/), run over the text before the cursor: strings, raw strings, template literals,
// regular expressions, here-documents and nested block comments are read the same way in both features.
//
// The scanner reads the window from its first character, so a window that begins inside a block comment
// or a string can be misread; the window is what the completion prompt holds anyway.
import { scanComments } from '../comments/scanner';
import { builtinCommentSyntax } from '../comments/table';
import type { CommentKind, CommentSyntax } from '../comments/types';

export interface CommentAtCursor {
  kind: CommentKind;
  /** The marker that opened the comment (`//`, `#`, `/*`, `"""`…). */
  marker: string;
  /** What the user wrote in the comment before the cursor, marker excluded. */
  text: string;
  /** Where the comment starts in the text that was scanned. */
  start: number;
}

/** The comment syntax Hearth knows for a language without asking VS Code: the built-in table. */
export function commentSyntaxFor(languageId: string): CommentSyntax | undefined {
  return builtinCommentSyntax(languageId);
}

/** Languages whose `<script>` and `<style>` elements hold code in another syntax. */
const MARKUP_WITH_EMBEDDED = new Set(['html', 'vue', 'svelte']);
const EMBEDDED_TAG = /<(\/?)(script|style)\b([^>]*)>/gi;

/**
 * In HTML, Vue and Svelte files, the `<script>` or `<style>` element the text ends in, if any: where its code
 * starts, and that code's syntax (TypeScript for `lang="ts"`, else JavaScript; SCSS or Less, else CSS).
 */
function embeddedRegion(text: string, languageId: string): { offset: number; syntax: CommentSyntax } | undefined {
  if (!MARKUP_WITH_EMBEDDED.has(languageId)) return undefined;
  let last: RegExpExecArray | undefined;
  for (const match of text.matchAll(EMBEDDED_TAG)) last = match;
  if (!last || last[1] === '/') return undefined;
  const tag = (last[2] ?? '').toLowerCase();
  const lang = /\blang\s*=\s*["']?(\w+)/i.exec(last[3] ?? '')?.[1]?.toLowerCase();
  const embedded = tag === 'script' ? (lang === 'ts' || lang === 'tsx' ? 'typescript' : 'javascript') : lang === 'scss' || lang === 'less' ? lang : 'css';
  const syntax = builtinCommentSyntax(embedded);
  return syntax ? { offset: last.index + last[0].length, syntax } : undefined;
}

/**
 * The comment the cursor is in, given the text before the cursor. `syntax` is the language's comment syntax
 * (from installed extensions' language configurations, see CommentSyntaxProvider); the built-in table's by
 * default. Undefined outside comments, and for languages without comments.
 */
export function commentAt(textBeforeCursor: string, languageId: string, syntax: CommentSyntax | undefined = builtinCommentSyntax(languageId)): CommentAtCursor | undefined {
  const region = embeddedRegion(textBeforeCursor, languageId);
  const offset = region?.offset ?? 0;
  const used = region?.syntax ?? syntax;
  if (!used) return undefined;
  const text = offset > 0 ? textBeforeCursor.slice(offset) : textBeforeCursor;
  const last = scanComments(text, used).at(-1);
  if (!last) return undefined;
  // A line comment runs to the end of its line: the cursor is in it when nothing follows it. A block
  // comment or docstring the cursor is in has no closing marker before the cursor.
  const inside = last.kind === 'line' ? last.end === text.length : !last.terminated;
  if (!inside) return undefined;
  return { kind: last.kind, marker: last.open, text: text.slice(last.start + last.open.length), start: offset + last.start };
}
