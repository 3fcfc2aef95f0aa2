// Is the cursor inside a comment, and what has the user written in it so far? Prose mode needs only that.
// A small state machine over the text before the cursor with a minimal table of comment and string syntax
// for common languages. It is kept behind `commentAt` so that the full comment scanner (src/core/comments/)
// can replace it without touching the callers.

export interface CommentSyntax {
  line: readonly string[];
  block: readonly (readonly [open: string, close: string])[];
  /** Quote characters that open a string on one line (a newline ends them). */
  quotes: readonly string[];
  /** Delimiters of strings that may span lines (template literals, triple quotes). */
  longStrings: readonly string[];
}

const C_LIKE: CommentSyntax = { line: ['//'], block: [['/*', '*/']], quotes: ['"', "'"], longStrings: [] };
const JS_LIKE: CommentSyntax = { ...C_LIKE, longStrings: ['`'] };
const HASH: CommentSyntax = { line: ['#'], block: [], quotes: ['"', "'"], longStrings: [] };
const DASHES: CommentSyntax = { line: ['--'], block: [], quotes: ['"', "'"], longStrings: [] };
const HTML: CommentSyntax = { line: [], block: [['<!--', '-->']], quotes: [], longStrings: [] };
const PERCENT: CommentSyntax = { line: ['%'], block: [], quotes: [], longStrings: [] };
const SEMICOLON: CommentSyntax = { line: [';'], block: [], quotes: ['"'], longStrings: [] };

const TABLE: Record<string, CommentSyntax> = {
  c: C_LIKE, cpp: C_LIKE, csharp: C_LIKE, java: C_LIKE, go: { ...C_LIKE, longStrings: ['`'] }, rust: { ...C_LIKE, quotes: ['"'] },
  swift: C_LIKE, kotlin: C_LIKE, scala: C_LIKE, dart: C_LIKE, groovy: C_LIKE, 'objective-c': C_LIKE, 'objective-cpp': C_LIKE,
  cuda: C_LIKE, 'cuda-cpp': C_LIKE, hlsl: C_LIKE, glsl: C_LIKE, shaderlab: C_LIKE, proto: C_LIKE, zig: { ...C_LIKE, block: [] },
  jsonc: C_LIKE, json5: C_LIKE,
  javascript: JS_LIKE, javascriptreact: JS_LIKE, typescript: JS_LIKE, typescriptreact: JS_LIKE, vue: JS_LIKE, svelte: JS_LIKE,
  php: { ...C_LIKE, line: ['//', '#'] },
  css: { ...C_LIKE, line: [] }, scss: C_LIKE, less: C_LIKE,
  python: { ...HASH, longStrings: ['"""', "'''"] }, shellscript: HASH, ruby: HASH, perl: HASH, r: HASH, yaml: HASH, toml: HASH,
  makefile: HASH, dockerfile: HASH, cmake: HASH, coffeescript: HASH, elixir: HASH, nim: HASH, gdscript: HASH, properties: HASH,
  powershell: { ...HASH, block: [['<#', '#>']] }, julia: { ...HASH, block: [['#=', '=#']] }, ini: { ...HASH, line: [';', '#'] },
  sql: { ...DASHES, quotes: ["'", '"'], block: [['/*', '*/']] }, lua: { ...DASHES, block: [['--[[', ']]']] },
  haskell: { ...DASHES, block: [['{-', '-}']] }, elm: { ...DASHES, block: [['{-', '-}']] }, ada: DASHES,
  html: HTML, xml: HTML, markdown: HTML, svg: HTML,
  latex: PERCENT, tex: PERCENT, bibtex: PERCENT, matlab: { ...PERCENT, quotes: ["'", '"'] }, erlang: { ...PERCENT, quotes: ['"'] },
  clojure: SEMICOLON, lisp: SEMICOLON, scheme: SEMICOLON, racket: SEMICOLON,
  vb: { line: ["'"], block: [], quotes: ['"'], longStrings: [] }, fortran: { line: ['!'], block: [], quotes: ['"', "'"], longStrings: [] },
  vim: { line: ['"'], block: [], quotes: ["'"], longStrings: [] }, bat: { line: ['REM ', 'rem ', '::'], block: [], quotes: [], longStrings: [] },
};

export function commentSyntaxFor(languageId: string): CommentSyntax | undefined {
  return TABLE[languageId];
}

export interface CommentAtCursor {
  kind: 'line' | 'block';
  /** The marker that opened the comment (`//`, `#`, `/*`…). */
  marker: string;
  /** What the user wrote in the comment before the cursor, marker excluded. */
  text: string;
  /** Where the comment starts in the text that was scanned. */
  start: number;
}

function startsWithAt(text: string, at: number, token: string): boolean {
  return text.startsWith(token, at);
}

/**
 * The comment the cursor is in, given the text before the cursor (the caller's window: scanning starts at
 * its first character, so a window that begins inside a block comment or string can be misread).
 */
export function commentAt(textBeforeCursor: string, languageId: string): CommentAtCursor | undefined {
  const syntax = TABLE[languageId];
  if (!syntax) return undefined;
  const text = textBeforeCursor;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const long = syntax.longStrings.find((d) => startsWithAt(text, i, d));
    if (long) {
      const end = text.indexOf(long, i + long.length);
      if (end < 0) return undefined;
      i = end + long.length;
      continue;
    }
    if (syntax.quotes.includes(ch)) {
      i = skipQuoted(text, i, ch);
      continue;
    }
    const block = syntax.block.find(([open]) => startsWithAt(text, i, open));
    if (block) {
      const end = text.indexOf(block[1], i + block[0].length);
      if (end < 0) return { kind: 'block', marker: block[0], text: text.slice(i + block[0].length), start: i };
      i = end + block[1].length;
      continue;
    }
    const line = syntax.line.find((marker) => startsWithAt(text, i, marker));
    if (line) {
      const end = text.indexOf('\n', i);
      if (end < 0) return { kind: 'line', marker: line, text: text.slice(i + line.length), start: i };
      i = end + 1;
      continue;
    }
    i++;
  }
  return undefined;
}

/** Index after the closing quote, or after the end of the line when the string is not closed on it. */
function skipQuoted(text: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') i += 2;
    else if (ch === quote) return i + 1;
    else if (ch === '\n') return i;
    else i++;
  }
  return i;
}
