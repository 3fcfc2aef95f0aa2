// Finds the comments in a text from its language's comment syntax. One pass, left to right: at each position
// the longest marker wins; strings (and the special constructs of some languages) are skipped whole, so
// `"http://x"`, `'#fff'` and `"--"` are never comments. Works on any line endings.
import {
  cppRawString,
  jsRegex,
  luaLongBracket,
  rustChar,
  rustRawString,
  shellHeredoc,
  skipHeredocBody,
  skipYamlBlockScalar,
  yamlBlockScalarAt,
  type Heredoc,
} from './lexers';
import { scanWithEmbedded } from './embedded';
import type { BlockCommentSyntax, CommentSyntax, Interpolation, ScannedComment, SpecialLexer, StringSyntax } from './types';

type Opener =
  | { kind: 'line'; open: string }
  | { kind: 'block'; open: string; block: BlockCommentSyntax }
  | { kind: 'string'; open: string; string: StringSyntax };

const WHITESPACE = /[ \t\f\v\r\n]/;
const DOCSTRING_PREFIX = /[rRuU]{0,2}$/;

function isBlank(text: string): boolean {
  return text.trim() === '';
}

class Scanner {
  private readonly openers: Opener[];
  /** First characters of every opener and special: any other character is skipped at once. */
  private readonly triggers = new Set<string>();
  /** The same for ASCII codes, line break included, for the fast skip over plain code (see skipPlain). */
  private readonly asciiStops = new Uint8Array(128);
  /** asciiStops and the brackets, where brackets are counted (interpolations, docstring languages). */
  private readonly bracketStops = new Uint8Array(128);
  private nonAsciiTriggers = false;
  private readonly specials: ReadonlySet<SpecialLexer>;
  private readonly out: ScannedComment[] = [];
  private readonly tracksBrackets: boolean;
  private bracketDepth = 0;
  private pendingHeredocs: Heredoc[] = [];
  private pendingBlockScalarIndent: number | undefined;
  /** When the top-level scan pauses (at a line start) so that runSliced can give the event loop a turn. */
  private deadline = Infinity;
  private linesSinceCheck = 0;

  constructor(
    private readonly text: string,
    private readonly syntax: CommentSyntax,
  ) {
    const openers: Opener[] = [
      ...syntax.lineComments.filter((m) => m !== '').map((open): Opener => ({ kind: 'line', open })),
      ...syntax.blockComments.filter((b) => b.open !== '' && b.close !== '').map((block): Opener => ({ kind: 'block', open: block.open, block })),
      ...syntax.strings.filter((s) => s.open !== '').map((string): Opener => ({ kind: 'string', open: string.open, string })),
    ];
    // Longest first, so `///` beats `//`, `"""` beats `"` and `--[[` (a special) is tried before `--`.
    this.openers = openers.sort((a, b) => b.open.length - a.open.length);
    for (const o of this.openers) this.triggers.add(o.open[0] ?? '');
    this.specials = new Set(syntax.specials ?? []);
    const specialTriggers: Record<SpecialLexer, string> = {
      jsRegex: '/',
      rustRawString: 'rb',
      rustChar: "'",
      cppRawString: 'RuUL',
      luaLongBracket: '-[',
      shellHeredoc: '<',
      yamlBlockScalar: '|>',
    };
    for (const s of this.specials) for (const ch of specialTriggers[s]) this.triggers.add(ch);
    this.tracksBrackets = syntax.strings.some((s) => s.docstring);
    this.asciiStops[10] = 1;
    for (const t of this.triggers) {
      const code = t.charCodeAt(0);
      if (code < 128) this.asciiStops[code] = 1;
      else this.nonAsciiTriggers = true;
    }
    this.bracketStops.set(this.asciiStops);
    for (const b of '()[]{}') this.bracketStops[b.charCodeAt(0)] = 1;
  }

  /** The first position from pos where something may happen; plain code is skipped in a tight loop. */
  private skipPlain(pos: number, stops: Uint8Array): number {
    const text = this.text;
    while (pos < text.length) {
      const code = text.charCodeAt(pos);
      if (code < 128 ? stops[code] === 1 : this.nonAsciiTriggers) return pos;
      pos++;
    }
    return pos;
  }

  run(): ScannedComment[] {
    this.code(0, undefined);
    return this.out;
  }

  /** The same scan in slices of about `sliceMs`, pausing only at the start of a top-level line. */
  *runSliced(sliceMs: number): Generator<void, ScannedComment[]> {
    let pos = 0;
    while (pos < this.text.length) {
      this.deadline = performance.now() + sliceMs;
      pos = this.code(pos, undefined);
      if (pos < this.text.length) yield;
    }
    this.deadline = Infinity;
    return this.out;
  }

  /** Scans code from pos; inside an interpolation, returns just after its closing bracket. */
  private code(pos: number, stop: Interpolation | undefined): number {
    const text = this.text;
    const openBracket = stop?.close === ')' ? '(' : '{';
    let depth = 0;
    // Inside interpolations and for docstring languages, brackets are counted too.
    const stops = stop || this.tracksBrackets ? this.bracketStops : this.asciiStops;
    while (pos < text.length) {
      pos = this.skipPlain(pos, stops);
      if (pos >= text.length) break;
      const ch = text[pos] as string;
      if (ch === '\n') {
        pos = this.afterNewline(pos + 1);
        // Top level only: there the scan's whole state is `pos` and the fields, so it can resume here.
        if (!stop && this.deadline !== Infinity && ++this.linesSinceCheck >= 256) {
          this.linesSinceCheck = 0;
          if (performance.now() > this.deadline) return pos;
        }
        continue;
      }
      if (stop) {
        if (ch === openBracket) depth++;
        else if (ch === stop.close) {
          if (depth === 0) return pos + 1;
          depth--;
        }
      }
      if (this.triggers.has(ch)) {
        const next = this.token(pos, ch);
        if (next !== undefined) {
          pos = next;
          continue;
        }
      }
      if (this.tracksBrackets) {
        if (ch === '(' || ch === '[' || ch === '{') this.bracketDepth++;
        else if ((ch === ')' || ch === ']' || ch === '}') && this.bracketDepth > 0) this.bracketDepth--;
      }
      pos++;
    }
    return pos;
  }

  /** At the start of a line: skips here-document bodies and block-scalar content announced on the line before. */
  private afterNewline(pos: number): number {
    for (const doc of this.pendingHeredocs) pos = skipHeredocBody(this.text, pos, doc);
    this.pendingHeredocs = [];
    if (this.pendingBlockScalarIndent !== undefined) {
      pos = skipYamlBlockScalar(this.text, pos, this.pendingBlockScalarIndent);
      this.pendingBlockScalarIndent = undefined;
    }
    return pos;
  }

  /** Consumes a comment, string or special construct at pos; undefined when none starts there. */
  private token(pos: number, ch: string): number | undefined {
    const special = this.special(pos, ch);
    if (special !== undefined) return special;
    const text = this.text;
    for (const o of this.openers) {
      if (o.open[0] !== ch || !text.startsWith(o.open, pos)) continue;
      switch (o.kind) {
        case 'line':
          if (!this.atBoundary(pos)) continue;
          return this.lineComment(pos, o.open);
        case 'block':
          if (o.block.lineStartOnly && !this.atLineStart(pos)) continue;
          return this.blockComment(pos, o.block);
        case 'string':
          if (o.string.atTokenStart && !this.atTokenStart(pos)) continue;
          return this.string(pos, o.string);
      }
    }
    if (ch === '/' && this.specials.has('jsRegex')) return jsRegex(text, pos);
    return undefined;
  }

  private special(pos: number, ch: string): number | undefined {
    const text = this.text;
    const has = (s: SpecialLexer): boolean => this.specials.has(s);
    if (has('luaLongBracket')) {
      if (ch === '-' && text.startsWith('--[', pos)) {
        const long = luaLongBracket(text, pos + 2);
        if (long) {
          this.emit({ kind: 'block', start: pos, end: long.end, open: `--${long.open}`, close: long.close, terminated: long.terminated });
          return long.end;
        }
      } else if (ch === '[') {
        const long = luaLongBracket(text, pos);
        if (long) return long.end;
      }
    }
    if (has('rustRawString') && (ch === 'r' || ch === 'b')) {
      const end = rustRawString(text, pos);
      if (end !== undefined) return end;
    }
    if (has('rustChar') && ch === "'") return rustChar(text, pos);
    if (has('cppRawString') && 'RuUL'.includes(ch)) {
      const end = cppRawString(text, pos);
      if (end !== undefined) return end;
    }
    if (has('shellHeredoc') && ch === '<' && text[pos + 1] === '<') {
      const doc = shellHeredoc(text, pos);
      if (doc) {
        this.pendingHeredocs.push(doc);
        return doc.tokenEnd;
      }
    }
    if (has('yamlBlockScalar') && (ch === '|' || ch === '>') && yamlBlockScalarAt(text, pos)) {
      const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
      this.pendingBlockScalarIndent = /^ */.exec(text.slice(lineStart, pos))?.[0].length ?? 0;
      return pos + 1;
    }
    return undefined;
  }

  private lineComment(pos: number, open: string): number {
    const text = this.text;
    const nl = text.indexOf('\n', pos);
    let end = nl < 0 ? text.length : nl;
    if (text[end - 1] === '\r') end--;
    this.emit({ kind: 'line', start: pos, end, open, close: '', terminated: true });
    return end;
  }

  private blockComment(pos: number, block: BlockCommentSyntax): number {
    const text = this.text;
    let i = pos + block.open.length;
    let depth = 1;
    while (i < text.length) {
      if (text.startsWith(block.close, i) && (!block.lineStartOnly || this.atLineStart(i))) {
        i += block.close.length;
        if (--depth === 0) {
          this.emit({ kind: 'block', start: pos, end: i, open: block.open, close: block.close, terminated: true });
          return i;
        }
        continue;
      }
      if (block.nested && text.startsWith(block.open, i)) {
        depth++;
        i += block.open.length;
        continue;
      }
      i++;
    }
    this.emit({ kind: 'block', start: pos, end: text.length, open: block.open, close: '', terminated: false });
    return text.length;
  }

  private string(pos: number, s: StringSyntax): number {
    const text = this.text;
    let i = pos + s.open.length;
    let end = text.length;
    let terminated = false;
    while (i < text.length) {
      const c = text[i];
      // Interpolation first: Swift's `\(` starts with the escape character.
      if (s.interpolation && text.startsWith(s.interpolation.open, i)) {
        i = this.code(i + s.interpolation.open.length, s.interpolation);
        continue;
      }
      if (s.escape === 'backslash' && c === '\\') {
        i += 2;
        continue;
      }
      if (text.startsWith(s.close, i)) {
        if (s.escape === 'double' && text.startsWith(s.close, i + s.close.length)) {
          i += 2 * s.close.length;
          continue;
        }
        end = i + s.close.length;
        terminated = true;
        break;
      }
      if (c === '\n' && !s.multiline) {
        end = text[i - 1] === '\r' ? i - 1 : i;
        break;
      }
      i++;
    }
    if (s.docstring) this.maybeDocstring(pos, end, s, terminated);
    return end;
  }

  /** Python: a triple-quoted string that is a statement of its own is a docstring. */
  private maybeDocstring(pos: number, end: number, s: StringSyntax, terminated: boolean): void {
    if (this.bracketDepth > 0) return;
    const text = this.text;
    const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
    const head = text.slice(lineStart, pos);
    const prefix = DOCSTRING_PREFIX.exec(head)?.[0] ?? '';
    if (!isBlank(head.slice(0, head.length - prefix.length))) return;
    // The statement must not continue from the line before (`x = \` or an assignment split over lines).
    let k = lineStart - 1;
    while (k >= 0 && WHITESPACE.test(text[k] ?? '')) k--;
    if (k >= 0 && '\\=+'.includes(text[k] ?? '')) return;
    // …nor go on after the closing quotes (`"""…""".format(x)`).
    const nl = text.indexOf('\n', end);
    const rest = text.slice(end, nl < 0 ? text.length : nl);
    if (!/^[ \t]*(?:[;#].*)?\r?$/.test(rest)) return;
    const start = pos - prefix.length;
    this.emit({ kind: 'docstring', start, end, open: prefix + s.open, close: terminated ? s.close : '', terminated });
  }

  private emit(c: Omit<ScannedComment, 'ownLine'>): void {
    const lineStart = this.text.lastIndexOf('\n', c.start - 1) + 1;
    this.out.push({ ...c, ownLine: isBlank(this.text.slice(lineStart, c.start)) });
  }

  private atLineStart(pos: number): boolean {
    return pos === 0 || this.text[pos - 1] === '\n';
  }

  private atBoundary(pos: number): boolean {
    const boundary = this.syntax.lineCommentBoundary;
    if (boundary === undefined || pos === 0) return true;
    const prev = this.text[pos - 1] as string;
    return WHITESPACE.test(prev) || boundary.includes(prev);
  }

  private atTokenStart(pos: number): boolean {
    if (pos === 0) return true;
    const prev = this.text[pos - 1] as string;
    return WHITESPACE.test(prev) || '[{,'.includes(prev);
  }
}

/** The comments of `text`, in order. Never throws: whatever it cannot read is treated as code. */
export function scanComments(text: string, syntax: CommentSyntax): ScannedComment[] {
  if (syntax.embedded && syntax.embedded.length > 0) return scanWithEmbedded(text, syntax, syntax.embedded, scanFlat);
  return scanFlat(text, syntax);
}

/**
 * scanComments in slices of about `sliceMs` (a bare `yield` between them) for long texts. Languages with
 * embedded ones (HTML, Vue, Markdown…) are scanned in one piece.
 */
export function* scanCommentsSliced(text: string, syntax: CommentSyntax, sliceMs: number): Generator<void, ScannedComment[]> {
  if (syntax.embedded && syntax.embedded.length > 0) return scanWithEmbedded(text, syntax, syntax.embedded, scanFlat);
  return yield* new Scanner(text, syntax).runSliced(sliceMs);
}

function scanFlat(text: string, syntax: CommentSyntax): ScannedComment[] {
  return new Scanner(text, syntax).run();
}
