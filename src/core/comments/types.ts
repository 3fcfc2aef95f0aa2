// The shape of a language's comment syntax and of the comments the scanner finds. Plain data, so that the
// built-in table, a language-configuration file and tests can all produce it.

export interface BlockCommentSyntax {
  open: string;
  close: string;
  /** Block comments nest (Rust, Swift, Haskell, OCaml): an inner opener needs its own closer. */
  nested?: boolean;
  /** Opens (and closes) only at the start of a line (Ruby `=begin`/`=end`). */
  lineStartOnly?: boolean;
}

/** Code inside a string that is scanned as code again (`${…}` in a JavaScript template). */
export interface Interpolation {
  open: string;
  /** The bracket that ends it, counted against nested brackets of the same kind. */
  close: '}' | ')';
}

export interface StringSyntax {
  open: string;
  close: string;
  /** backslash: `\x` escapes any x. double: the closer written twice (SQL `''`). none: raw. */
  escape: 'backslash' | 'double' | 'none';
  /** false: an unterminated string ends at the end of its line, so a stray quote cannot swallow a file. */
  multiline: boolean;
  /** Only where a value can start: at a line start or after whitespace or one of `[{,:-` (YAML scalars). */
  atTokenStart?: boolean;
  /** A string that stands alone as a statement is documentation (Python docstrings). */
  docstring?: boolean;
  interpolation?: Interpolation;
}

/** Lexical rules that plain open/close pairs cannot express. */
export type SpecialLexer =
  /** JavaScript regular-expression literals (`/\/\//`), told apart from division by what precedes. */
  | 'jsRegex'
  /** Rust raw strings `r#"…"#` (and `br`). */
  | 'rustRawString'
  /** Rust character literals; a lone `'` is a lifetime. */
  | 'rustChar'
  /** C++ raw strings `R"delim(…)delim"`. */
  | 'cppRawString'
  /** Lua long brackets: `--[==[ … ]==]` comments and `[[ … ]]` strings. */
  | 'luaLongBracket'
  /** Shell here-documents `<<EOF … EOF`. */
  | 'shellHeredoc'
  /** YAML block scalars (`key: |`): their lines are content even when they contain `#`. */
  | 'yamlBlockScalar';

export interface CommentSyntax {
  /** Line-comment markers, e.g. `//`, `#`, `--`. */
  lineComments: string[];
  blockComments: BlockCommentSyntax[];
  strings: StringSyntax[];
  /**
   * When set, a line comment starts only at a word boundary: at a line start, after whitespace, or after one
   * of these characters (shell: `echo a#b` has no comment; YAML: `a#b` is a value).
   */
  lineCommentBoundary?: string;
  specials?: SpecialLexer[];
  /** The format does not allow comments (JSON): comments are found where tolerated, never written. */
  readOnly?: boolean;
  /** Elements whose content is another language (HTML, Vue and Svelte `<script>` and `<style>`). */
  embedded?: readonly EmbeddedElement[];
}

export type CommentKind = 'line' | 'block' | 'docstring';

export interface ScannedComment {
  kind: CommentKind;
  /** Offset of the opening marker. */
  start: number;
  /** Offset just after the closing marker (line comments: before the line break). */
  end: number;
  /** The marker as written, e.g. `//`, `/*`, `"""`, `r"""`, `--[==[`. */
  open: string;
  /** '' for line comments and unterminated blocks. */
  close: string;
  /** false for a block comment (or docstring) still open at the end of the text. */
  terminated: boolean;
  /** Only whitespace precedes it on its line. */
  ownLine: boolean;
}

/** An element of a markup language whose content is written in another language. */
export interface EmbeddedElement {
  /** The element's name, e.g. `script`. */
  tag: string;
  /** The content's syntax when the element names no language of its own. */
  syntax: CommentSyntax;
  /**
   * By the element's `lang` or `type` attribute (`<style lang="scss">`, `<script type="application/json">`);
   * null: content without comments (JSON data, templates), left alone.
   */
  byAttribute?: Readonly<Record<string, CommentSyntax | null>>;
}
