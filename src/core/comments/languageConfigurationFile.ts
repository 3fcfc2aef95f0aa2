// Reads a language-configuration file (the JSON-with-comments file that an extension contributes for each
// language): the comment markers and the auto-closing quotes. Ships in the comments lazy bundle
// (src/lazy/comments.ts) with its JSONC parser: activation does not read these files.
import { parse, type ParseError } from 'jsonc-parser';
import type { ConfiguredComments } from './languageConfiguration';

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
