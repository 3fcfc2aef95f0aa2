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

/**
 * The comment the cursor is in, given the text before the cursor. `syntax` is the language's comment syntax
 * (from installed extensions' language configurations, see CommentSyntaxProvider); the built-in table's by
 * default. Undefined outside comments, and for languages without comments.
 */
export function commentAt(textBeforeCursor: string, languageId: string, syntax: CommentSyntax | undefined = builtinCommentSyntax(languageId)): CommentAtCursor | undefined {
  if (!syntax) return undefined;
  // In HTML, Vue and Svelte the scanner reads a <script> or <style> the text ends in with that code's syntax.
  const text = textBeforeCursor;
  const last = scanComments(text, syntax).at(-1);
  if (!last) return undefined;
  // A line comment runs to the end of its line: the cursor is in it when nothing follows it. A block
  // comment or docstring the cursor is in has no closing marker before the cursor.
  const inside = last.kind === 'line' ? last.end === text.length : !last.terminated;
  if (!inside) return undefined;
  return { kind: last.kind, marker: last.open, text: text.slice(last.start + last.open.length), start: last.start };
}
