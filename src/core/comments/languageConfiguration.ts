// Comment syntax from a language-configuration file (the JSON-with-comments file that an extension
// contributes for each language) merged with the built-in table. The file names the comment markers; only
// the table knows string rules, so for an unknown language the strings are inferred from its
// auto-closing quote pairs. The file itself is read by languageConfigurationFile.ts (lazy: it carries a JSONC parser).
import { builtinCommentSyntax } from './table';
import type { BlockCommentSyntax, CommentSyntax, StringSyntax } from './types';

/** What a language-configuration file says about comments and quotes. */
export interface ConfiguredComments {
  lineComments: string[];
  blockComments: Array<[open: string, close: string]>;
  /** Characters that auto-close themselves (", ', `): the language's string quotes. */
  quotes: string[];
}

function inferredStrings(quotes: readonly string[]): StringSyntax[] {
  const list = quotes.length > 0 ? quotes : ['"'];
  return list.map((q) => ({ open: q, close: q, escape: 'backslash', multiline: q === '`' }));
}

/**
 * The syntax Hearth uses for a language: the configuration's markers plus the table's, the table's string
 * rules (or strings inferred from the configuration), undefined when neither knows a comment marker.
 * A configured block comment that the table knows as a string delimiter (Python's `"""`) is a string:
 * docstrings are found by their position instead.
 */
export function resolveCommentSyntax(languageId: string, configured: ConfiguredComments | undefined): CommentSyntax | undefined {
  const builtin = builtinCommentSyntax(languageId);
  const strings = builtin?.strings ?? inferredStrings(configured?.quotes ?? []);
  const stringOpeners = new Set(strings.map((s) => s.open));
  const lineComments = [...new Set([...(configured?.lineComments ?? []), ...(builtin?.lineComments ?? [])])].filter((m) => !stringOpeners.has(m));
  const blockComments: BlockCommentSyntax[] = [...(builtin?.blockComments ?? [])];
  for (const [open, close] of configured?.blockComments ?? []) {
    if (stringOpeners.has(open)) continue;
    if (!blockComments.some((b) => b.open === open && b.close === close)) blockComments.push({ open, close });
  }
  if (lineComments.length === 0 && blockComments.length === 0) return undefined;
  const syntax: CommentSyntax = { lineComments, blockComments, strings };
  if (builtin?.lineCommentBoundary !== undefined) syntax.lineCommentBoundary = builtin.lineCommentBoundary;
  if (builtin?.specials) syntax.specials = builtin.specials;
  if (builtin?.readOnly) syntax.readOnly = true;
  if (builtin?.embedded) syntax.embedded = builtin.embedded;
  return syntax;
}
