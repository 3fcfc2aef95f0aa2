// Matchers for the lexical rules that are more than an open/close pair. Each looks at `pos` and returns
// where the construct ends, or undefined when it does not start there.

const WORD = /[A-Za-z0-9_]/;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD.test(ch);
}

function matchAt(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

export interface LongBracket {
  /** Offset just after the closing bracket, or text.length when unclosed. */
  end: number;
  open: string;
  close: string;
  terminated: boolean;
}

const LUA_LONG = /\[(=*)\[/y;

/** Lua `[==[ … ]==]` starting at pos (a string, or a comment when `--` comes first). */
export function luaLongBracket(text: string, pos: number): LongBracket | undefined {
  const m = matchAt(LUA_LONG, text, pos);
  if (!m) return undefined;
  const close = `]${m[1]}]`;
  const at = text.indexOf(close, pos + m[0].length);
  return at < 0
    ? { end: text.length, open: m[0], close: '', terminated: false }
    : { end: at + close.length, open: m[0], close, terminated: true };
}

const RUST_RAW = /b?r(#*)"/y;

/** Rust `r"…"`, `r#"…"#`, `br"…"`: no escapes, closed by a quote and the same number of hashes. */
export function rustRawString(text: string, pos: number): number | undefined {
  if (isWordChar(text[pos - 1])) return undefined;
  const m = matchAt(RUST_RAW, text, pos);
  if (!m) return undefined;
  const close = `"${m[1]}`;
  const at = text.indexOf(close, pos + m[0].length);
  return at < 0 ? text.length : at + close.length;
}

const RUST_CHAR = /'(?:[^'\\\n]|\\(?:[nrt\\0'"]|x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]{1,6}\}))'/uy;

/** A Rust character literal; a quote that starts none is a lifetime (`'a`) and is skipped alone. */
export function rustChar(text: string, pos: number): number {
  const m = matchAt(RUST_CHAR, text, pos);
  return m ? pos + m[0].length : pos + 1;
}

const CPP_RAW = /(?:u8|[uUL])?R"([^()\\\s]{0,16})\(/y;

/** C++ `R"delim(…)delim"` with an optional encoding prefix. */
export function cppRawString(text: string, pos: number): number | undefined {
  if (isWordChar(text[pos - 1])) return undefined;
  const m = matchAt(CPP_RAW, text, pos);
  if (!m) return undefined;
  const close = `)${m[1]}"`;
  const at = text.indexOf(close, pos + m[0].length);
  return at < 0 ? text.length : at + close.length;
}

export interface Heredoc {
  /** End of the `<<WORD` token; the body starts on the next line. */
  tokenEnd: number;
  word: string;
  /** `<<-`: the terminator may be indented with tabs. */
  stripTabs: boolean;
}

const HEREDOC = /<<(-?)[ \t]*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/y;

export function shellHeredoc(text: string, pos: number): Heredoc | undefined {
  if (text[pos + 2] === '<') return undefined; // <<< is a here-string
  const m = matchAt(HEREDOC, text, pos);
  if (!m) return undefined;
  return { tokenEnd: pos + m[0].length, word: m[3] ?? '', stripTabs: m[1] === '-' };
}

/** Skips a here-document body that starts at `lineStart`; returns the start of the line after its terminator. */
export function skipHeredocBody(text: string, lineStart: number, doc: Heredoc): number {
  let pos = lineStart;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? text.length : nl;
    let line = text.slice(pos, lineEnd).replace(/\r$/, '');
    if (doc.stripTabs) line = line.replace(/^\t+/, '');
    pos = nl < 0 ? text.length : nl + 1;
    if (line === doc.word) return pos;
  }
  return text.length;
}

const YAML_BLOCK_INDICATOR = /[|>][0-9+-]*[ \t]*(?:#[^\n]*)?(?:\r?\n|$)/y;

/** A YAML block-scalar indicator at pos (`key: |`, `- >-`): returns true when the lines below are its content. */
export function yamlBlockScalarAt(text: string, pos: number): boolean {
  const before = text[pos - 1];
  if (before !== ' ' && before !== '\t' && pos !== 0 && before !== '\n') return false;
  // What precedes on the line must end a key (`:`) or a sequence dash, or be nothing.
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const head = text.slice(lineStart, pos).trimEnd();
  if (head !== '' && !head.endsWith(':') && !/(^|\s)-$/.test(head)) return false;
  return matchAt(YAML_BLOCK_INDICATOR, text, pos) !== null;
}

/** Skips the content lines of a block scalar (blank, or indented deeper than `parentIndent`). */
export function skipYamlBlockScalar(text: string, lineStart: number, parentIndent: number): number {
  let pos = lineStart;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(pos, lineEnd).replace(/\r$/, '');
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    if (line.trim() !== '' && indent <= parentIndent) return pos;
    pos = nl < 0 ? text.length : nl + 1;
  }
  return text.length;
}

const REGEX_PREFIX_KEYWORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);
const REGEX_PREFIX_CHARS = '(,=:[!&|?{};+-*%~^';

/** A JavaScript regular-expression literal at pos (a `/` that cannot be division), or undefined. */
export function jsRegex(text: string, pos: number): number | undefined {
  let k = pos - 1;
  while (k >= 0 && /\s/.test(text[k] ?? '')) k--;
  if (k >= 0) {
    const prev = text[k] ?? '';
    if (isWordChar(prev) || prev === '$') {
      let w = k;
      while (w > 0 && isWordChar(text[w - 1])) w--;
      if (!REGEX_PREFIX_KEYWORDS.has(text.slice(w, k + 1))) return undefined;
    } else if (!REGEX_PREFIX_CHARS.includes(prev)) {
      return undefined;
    }
  }
  let i = pos + 1;
  let inClass = false;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '\n' || c === '\r') return undefined;
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      i++;
      while (i < text.length && /[a-z]/.test(text[i] ?? '')) i++;
      return i;
    }
    i++;
  }
  return undefined;
}
