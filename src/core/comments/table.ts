// The built-in comment syntax of common languages, keyed by VS Code language id. It is the fallback when no
// installed extension describes a language, and the only source of string rules (language-configuration
// files describe comments but not strings, and without strings `"http://x"` would look like a comment).
// Translate Comments, Summarize's "Insert as Comment" and inline completion's comment detection all read it.
import type { BlockCommentSyntax, CommentSyntax, EmbeddedElement, StringSyntax } from './types';

const dq: StringSyntax = { open: '"', close: '"', escape: 'backslash', multiline: false };
const sq: StringSyntax = { open: "'", close: "'", escape: 'backslash', multiline: false };
const C_BLOCK: BlockCommentSyntax = { open: '/*', close: '*/' };
const C_BLOCK_NESTED: BlockCommentSyntax = { open: '/*', close: '*/', nested: true };
const HTML_BLOCK: BlockCommentSyntax = { open: '<!--', close: '-->' };

function template(interpolationOpen: string): StringSyntax {
  return { open: '`', close: '`', escape: 'backslash', multiline: true, interpolation: { open: interpolationOpen, close: '}' } };
}

/** A one-line string whose `${…}` (or other) interpolation holds code, quotes included. */
function interpolated(quote: string, open = '${', close: '}' | ')' = '}'): StringSyntax {
  return { open: quote, close: quote, escape: 'backslash', multiline: false, interpolation: { open, close } };
}

const C_LIKE: CommentSyntax = { lineComments: ['//'], blockComments: [C_BLOCK], strings: [dq, sq] };
const HASH: CommentSyntax = { lineComments: ['#'], blockComments: [], strings: [dq, sq] };

const JAVASCRIPT: CommentSyntax = {
  lineComments: ['//'],
  blockComments: [C_BLOCK],
  strings: [dq, sq, template('${')],
  specials: ['jsRegex'],
};

const PYTHON: CommentSyntax = {
  lineComments: ['#'],
  blockComments: [],
  strings: [
    { open: '"""', close: '"""', escape: 'backslash', multiline: true, docstring: true },
    { open: "'''", close: "'''", escape: 'backslash', multiline: true, docstring: true },
    dq,
    sq,
  ],
};

const SHELL: CommentSyntax = {
  lineComments: ['#'],
  blockComments: [],
  strings: [
    { open: '"', close: '"', escape: 'backslash', multiline: true, interpolation: { open: '$(', close: ')' } },
    { open: "'", close: "'", escape: 'none', multiline: true },
  ],
  lineCommentBoundary: ';&|()',
  specials: ['shellHeredoc'],
};

const SQL: CommentSyntax = {
  lineComments: ['--'],
  blockComments: [C_BLOCK],
  strings: [
    { open: "'", close: "'", escape: 'double', multiline: true },
    { open: '"', close: '"', escape: 'double', multiline: true },
    { open: '`', close: '`', escape: 'double', multiline: false },
  ],
};

const MARKUP: CommentSyntax = {
  lineComments: [],
  blockComments: [HTML_BLOCK],
  strings: [],
};

const MARKDOWN: CommentSyntax = {
  lineComments: [],
  blockComments: [HTML_BLOCK],
  // Code in backticks may show comment markers as text.
  strings: [
    { open: '```', close: '```', escape: 'none', multiline: true },
    { open: '`', close: '`', escape: 'none', multiline: false },
  ],
};

const LISP: CommentSyntax = {
  lineComments: [';'],
  blockComments: [{ open: '#|', close: '|#', nested: true }],
  strings: [{ open: '"', close: '"', escape: 'backslash', multiline: true }],
};

const CSS: CommentSyntax = { lineComments: [], blockComments: [C_BLOCK], strings: [dq, sq] };
const SCSS: CommentSyntax = {
  lineComments: ['//'],
  blockComments: [C_BLOCK],
  // An unquoted url(http://…) holds `//` that is not a comment.
  strings: [dq, sq, { open: 'url(', close: ')', escape: 'backslash', multiline: false }],
};

// Where a template language holds scripts and styles: their content keeps its own comment syntax.
const NO_COMMENTS = null;
const SCRIPT: EmbeddedElement = {
  tag: 'script',
  syntax: JAVASCRIPT,
  byAttribute: { json: NO_COMMENTS, 'application/json': NO_COMMENTS, 'application/ld+json': NO_COMMENTS, importmap: NO_COMMENTS, 'text/template': NO_COMMENTS, 'text/x-template': NO_COMMENTS, 'text/html': NO_COMMENTS },
};
const STYLE: EmbeddedElement = { tag: 'style', syntax: CSS, byAttribute: { scss: SCSS, less: SCSS, sass: SCSS, stylus: SCSS, postcss: CSS } };
const HTML_WITH_EMBEDDED: CommentSyntax = { lineComments: [], blockComments: [HTML_BLOCK], strings: [], embedded: [SCRIPT, STYLE] };

const YAML: CommentSyntax = {
  lineComments: ['#'],
  blockComments: [],
  strings: [
    { open: '"', close: '"', escape: 'backslash', multiline: true, atTokenStart: true },
    { open: "'", close: "'", escape: 'double', multiline: true, atTokenStart: true },
  ],
  lineCommentBoundary: '',
  specials: ['yamlBlockScalar'],
};

const BUILTIN: Record<string, CommentSyntax> = {
  javascript: JAVASCRIPT,
  javascriptreact: JAVASCRIPT,
  typescript: JAVASCRIPT,
  typescriptreact: JAVASCRIPT,
  python: PYTHON,
  go: { lineComments: ['//'], blockComments: [C_BLOCK], strings: [dq, sq, { open: '`', close: '`', escape: 'none', multiline: true }] },
  rust: {
    lineComments: ['//'],
    blockComments: [C_BLOCK_NESTED],
    strings: [{ open: '"', close: '"', escape: 'backslash', multiline: true }],
    specials: ['rustRawString', 'rustChar'],
  },
  c: C_LIKE,
  cpp: { ...C_LIKE, specials: ['cppRawString'] },
  'cuda-cpp': { ...C_LIKE, specials: ['cppRawString'] },
  'objective-c': C_LIKE,
  'objective-cpp': { ...C_LIKE, specials: ['cppRawString'] },
  hlsl: C_LIKE,
  glsl: C_LIKE,
  shaderlab: C_LIKE,
  java: { ...C_LIKE, strings: [{ open: '"""', close: '"""', escape: 'backslash', multiline: true }, dq, sq] },
  csharp: {
    ...C_LIKE,
    strings: [
      { open: '"""', close: '"""', escape: 'none', multiline: true },
      { open: '$@"', close: '"', escape: 'double', multiline: true },
      { open: '@$"', close: '"', escape: 'double', multiline: true },
      { open: '@"', close: '"', escape: 'double', multiline: true },
      dq,
      sq,
    ],
  },
  kotlin: { ...C_LIKE, blockComments: [C_BLOCK_NESTED], strings: [{ open: '"""', close: '"""', escape: 'none', multiline: true, interpolation: { open: '${', close: '}' } }, interpolated('"'), sq] },
  swift: { ...C_LIKE, blockComments: [C_BLOCK_NESTED], strings: [{ open: '"""', close: '"""', escape: 'backslash', multiline: true, interpolation: { open: '\\(', close: ')' } }, interpolated('"', '\\(', ')')] },
  scala: { ...C_LIKE, blockComments: [C_BLOCK_NESTED], strings: [{ open: '"""', close: '"""', escape: 'none', multiline: true }, dq, sq] },
  dart: { ...C_LIKE, strings: [{ open: '"""', close: '"""', escape: 'backslash', multiline: true }, { open: "'''", close: "'''", escape: 'backslash', multiline: true }, interpolated('"'), interpolated("'")] },
  groovy: C_LIKE,
  php: { lineComments: ['//', '#'], blockComments: [C_BLOCK], strings: [dq, sq] },
  jsonc: { lineComments: ['//'], blockComments: [C_BLOCK], strings: [dq] },
  json: { lineComments: ['//'], blockComments: [C_BLOCK], strings: [dq], readOnly: true },
  json5: { lineComments: ['//'], blockComments: [C_BLOCK], strings: [dq, sq] },
  proto3: C_LIKE,
  proto: C_LIKE,
  zig: { lineComments: ['//'], blockComments: [], strings: [dq, sq] },
  solidity: C_LIKE,
  ruby: {
    lineComments: ['#'],
    blockComments: [{ open: '=begin', close: '=end', lineStartOnly: true }],
    strings: [
      { open: '"', close: '"', escape: 'backslash', multiline: true, interpolation: { open: '#{', close: '}' } },
      { open: "'", close: "'", escape: 'backslash', multiline: true },
    ],
  },
  shellscript: SHELL,
  bash: SHELL,
  zsh: SHELL,
  fish: SHELL,
  dockerfile: { lineComments: ['#'], blockComments: [], strings: [dq, sq], lineCommentBoundary: '' },
  makefile: { lineComments: ['#'], blockComments: [], strings: [] },
  cmake: { lineComments: ['#'], blockComments: [{ open: '#[[', close: ']]' }], strings: [{ open: '"', close: '"', escape: 'backslash', multiline: true }] },
  coffeescript: {
    lineComments: ['#'],
    blockComments: [{ open: '###', close: '###' }],
    strings: [{ open: '"""', close: '"""', escape: 'backslash', multiline: true, interpolation: { open: '#{', close: '}' } }, interpolated('"', '#{'), sq],
  },
  gdscript: { lineComments: ['#'], blockComments: [], strings: [{ open: '"""', close: '"""', escape: 'backslash', multiline: true, docstring: true }, dq, sq] },
  powershell: { lineComments: ['#'], blockComments: [{ open: '<#', close: '#>' }], strings: [{ open: '"', close: '"', escape: 'none', multiline: true }, { open: "'", close: "'", escape: 'double', multiline: true }] },
  perl: HASH,
  r: HASH,
  julia: { lineComments: ['#'], blockComments: [{ open: '#=', close: '=#', nested: true }], strings: [{ open: '"""', close: '"""', escape: 'backslash', multiline: true }, dq] },
  elixir: { lineComments: ['#'], blockComments: [], strings: [{ open: '"""', close: '"""', escape: 'backslash', multiline: true }, dq] },
  toml: { lineComments: ['#'], blockComments: [], strings: [{ open: '"""', close: '"""', escape: 'backslash', multiline: true }, { open: "'''", close: "'''", escape: 'none', multiline: true }, dq, { open: "'", close: "'", escape: 'none', multiline: false }] },
  ini: { lineComments: [';', '#'], blockComments: [], strings: [] },
  properties: { lineComments: ['#', '!'], blockComments: [], strings: [] },
  sql: SQL,
  plsql: SQL,
  lua: { lineComments: ['--'], blockComments: [], strings: [dq, sq], specials: ['luaLongBracket'] },
  ada: { lineComments: ['--'], blockComments: [], strings: [{ open: '"', close: '"', escape: 'double', multiline: false }] },
  haskell: { lineComments: ['--'], blockComments: [{ open: '{-', close: '-}', nested: true }], strings: [dq] },
  elm: { lineComments: ['--'], blockComments: [{ open: '{-', close: '-}', nested: true }], strings: [dq] },
  ocaml: { lineComments: [], blockComments: [{ open: '(*', close: '*)', nested: true }], strings: [dq] },
  fsharp: { lineComments: ['//'], blockComments: [{ open: '(*', close: '*)' }], strings: [{ open: '"""', close: '"""', escape: 'none', multiline: true }, dq] },
  clojure: { lineComments: [';'], blockComments: [], strings: [{ open: '"', close: '"', escape: 'backslash', multiline: true }] },
  lisp: LISP,
  scheme: LISP,
  racket: LISP,
  erlang: { lineComments: ['%'], blockComments: [], strings: [dq] },
  latex: { lineComments: ['%'], blockComments: [], strings: [] },
  tex: { lineComments: ['%'], blockComments: [], strings: [] },
  bibtex: { lineComments: ['%'], blockComments: [], strings: [] },
  matlab: { lineComments: ['%'], blockComments: [{ open: '%{', close: '%}' }], strings: [dq] },
  vb: { lineComments: ["'"], blockComments: [], strings: [{ open: '"', close: '"', escape: 'double', multiline: false }] },
  bat: { lineComments: ['REM ', '::', 'rem '], blockComments: [], strings: [] },
  // Vim script: `"` starts a comment, so only single-quoted strings are strings (as in the old small table).
  vim: { lineComments: ['"'], blockComments: [], strings: [{ open: "'", close: "'", escape: 'double', multiline: false }] },
  fortran: { lineComments: ['!'], blockComments: [], strings: [dq, sq] },
  'fortran-modern': { lineComments: ['!'], blockComments: [], strings: [dq, sq] },
  terraform: { lineComments: ['#', '//'], blockComments: [C_BLOCK], strings: [dq] },
  hcl: { lineComments: ['#', '//'], blockComments: [C_BLOCK], strings: [dq] },
  graphql: { lineComments: ['#'], blockComments: [], strings: [{ open: '"""', close: '"""', escape: 'none', multiline: true }, dq] },
  nim: { lineComments: ['#'], blockComments: [{ open: '#[', close: ']#', nested: true }], strings: [{ open: '"""', close: '"""', escape: 'none', multiline: true }, dq] },
  css: CSS,
  scss: SCSS,
  less: SCSS,
  html: HTML_WITH_EMBEDDED,
  xml: MARKUP,
  xsl: MARKUP,
  svg: MARKUP,
  vue: HTML_WITH_EMBEDDED,
  svelte: HTML_WITH_EMBEDDED,
  markdown: MARKDOWN,
  yaml: YAML,
  'github-actions-workflow': YAML,
  dockercompose: YAML,
};

/** The built-in syntax of a language, if Hearth knows it. */
export function builtinCommentSyntax(languageId: string): CommentSyntax | undefined {
  return Object.prototype.hasOwnProperty.call(BUILTIN, languageId) ? BUILTIN[languageId] : undefined;
}

/** Languages the built-in table knows (for tests and the report). */
export function builtinLanguages(): string[] {
  return Object.keys(BUILTIN);
}
