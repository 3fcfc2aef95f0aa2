// Comment syntax from a language-configuration file (the JSON-with-comments file that an extension
// contributes for each language) merged with the built-in table. The file names the comment markers; only
// the table knows string rules, so for an unknown language the strings are inferred from its
// auto-closing quote pairs.
import { parse, type ParseError } from 'jsonc-parser';
import { builtinCommentSyntax } from './table';
import type { BlockCommentSyntax, CommentSyntax, StringSyntax } from './types';

/** What a language-configuration file says about comments and quotes. */
export interface ConfiguredComments {
  lineComments: string[];
  blockComments: Array<[open: string, close: string]>;
  /** Characters that auto-close themselves (", ', `): the language's string quotes. */
  quotes: string[];
}

const QUOTES = new Set(['"', "'", '`']);

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `lineComment` is a string, or `{ comment, noIndent }` in newer configurations. */
function lineCommentOf(value: unknown): string | undefined {
  if (typeof value === 'string') return asString(value);
  if (value && typeof value === 'object') return asString((value as { comment?: unknown }).comment);
  return undefined;
}

function pairOf(value: unknown): [string, string] | undefined {
  if (Array.isArray(value) && value.length === 2) {
    const [open, close] = [asString(value[0]), asString(value[1])];
    return open && close ? [open, close] : undefined;
  }
  if (value && typeof value === 'object') {
    const v = value as { open?: unknown; close?: unknown };
    const [open, close] = [asString(v.open), asString(v.close)];
    return open && close ? [open, close] : undefined;
  }
  return undefined;
}

/** Reads a language-configuration file; undefined when it is not an object at all. */
export function parseLanguageConfiguration(text: string): ConfiguredComments | undefined {
  const errors: ParseError[] = [];
  const json: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const config = json as { comments?: { lineComment?: unknown; blockComment?: unknown }; autoClosingPairs?: unknown };
  const line = lineCommentOf(config.comments?.lineComment);
  const block = pairOf(config.comments?.blockComment);
  const quotes = new Set<string>();
  if (Array.isArray(config.autoClosingPairs)) {
    for (const entry of config.autoClosingPairs) {
      const pair = pairOf(entry);
      if (pair && pair[0] === pair[1] && QUOTES.has(pair[0])) quotes.add(pair[0]);
    }
  }
  return { lineComments: line ? [line] : [], blockComments: block ? [block] : [], quotes: [...quotes] };
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
