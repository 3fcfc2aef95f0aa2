// Parses a Modelfile into the fields of Ollama's JSON create API (`from`, `template`, `system`,
// `parameters`, `license`, `messages`, `adapters`, `requires`…), which does not take the Modelfile
// text itself: the `ollama` CLI parses it on the client side too (parser/parser.go), and this follows
// its rules: instructions are case-insensitive words at the start of a line; a value is a
// `"""`-quoted block (several lines), a `"`-quoted string, or the rest of the line; `#` starts a comment
// line; the last FROM, TEMPLATE and SYSTEM win; LICENSE and MESSAGE add up.
//
// Problems carry a code and their arguments, not sentences: the feature layer words them (in the user's
// language) and places them as diagnostics at the given ranges.
import { closest, convertParameter, MODELFILE_PARAMETERS } from './parameters';

export const MODELFILE_INSTRUCTIONS = ['FROM', 'PARAMETER', 'TEMPLATE', 'SYSTEM', 'ADAPTER', 'LICENSE', 'MESSAGE', 'REQUIRES', 'RENDERER', 'PARSER'] as const;
export type Instruction = (typeof MODELFILE_INSTRUCTIONS)[number];
export const MESSAGE_ROLES = ['system', 'user', 'assistant'] as const;

/** Zero-based, end exclusive, like a VS Code Range. */
export interface TextRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

export type ModelfileProblem = { range: TextRange; severity: 'error' | 'warning' } & (
  | { code: 'unknownInstruction'; word: string; suggestion?: string }
  | { code: 'missingArgument'; instruction: Instruction }
  | { code: 'unterminatedString' }
  | { code: 'textAfterString' }
  | { code: 'missingFrom' }
  | { code: 'unknownParameter'; name: string; suggestion?: string }
  | { code: 'badParameterValue'; name: string; value: string; expected: 'int' | 'float' | 'bool' }
  | { code: 'deprecatedParameter'; name: string }
  | { code: 'repeatedParameter'; name: string }
  | { code: 'badRole'; role: string }
);

export interface Located<T> {
  value: T;
  range: TextRange;
}

export interface ModelfileRequest {
  /** The last FROM: a model name, or a path to a GGUF file or a safetensors folder. */
  from?: Located<string>;
  adapters: Located<string>[];
  template?: string;
  system?: string;
  license: string[];
  parameters: Record<string, string | number | boolean | string[]>;
  messages: { role: string; content: string }[];
  requires?: string;
  renderer?: string;
  parser?: string;
}

export interface ParsedModelfile {
  request: ModelfileRequest;
  problems: ModelfileProblem[];
  /** Problems with severity error; the request must not be sent while there are any. */
  errors: ModelfileProblem[];
}

/** A position-tracking reader over the text. */
class Cursor {
  pos = 0;
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  location(offset: number): { line: number; character: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.lineStarts[lo] };
  }

  range(from: number, to: number): TextRange {
    const a = this.location(from);
    const b = this.location(to);
    return { startLine: a.line, startCharacter: a.character, endLine: b.line, endCharacter: b.character };
  }

  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === '\r') this.pos++;
  }

  /** Offset of the end of the current line (before `\r\n` or `\n`). */
  lineEnd(): number {
    const nl = this.text.indexOf('\n', this.pos);
    const end = nl < 0 ? this.text.length : nl;
    return this.text[end - 1] === '\r' ? end - 1 : end;
  }

  skipLine(): void {
    const nl = this.text.indexOf('\n', this.pos);
    this.pos = nl < 0 ? this.text.length : nl + 1;
  }

  word(): string {
    const start = this.pos;
    while (!this.done && !/\s/.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }
}

type ValueResult = { ok: true; value: string; range: TextRange } | { ok: false };

function unescapeQuoted(s: string): string {
  return s.replace(/\\(["\\])/g, '$1');
}

export function parseModelfile(text: string): ParsedModelfile {
  const c = new Cursor(text);
  const problems: ModelfileProblem[] = [];
  const request: ModelfileRequest = { adapters: [], license: [], parameters: {}, messages: [] };
  const problem = (p: ModelfileProblem): void => void problems.push(p);

  /** Reads a value at the cursor: `"""…"""`, `"…"` or the rest of the line (`instruction` undefined: skip quietly). */
  const readValue = (instruction: Instruction | undefined, keywordRange: TextRange): ValueResult => {
    c.skipSpaces();
    const start = c.pos;
    if (c.startsWith('"""')) {
      const close = text.indexOf('"""', start + 3);
      if (close < 0) {
        problem({ code: 'unterminatedString', severity: 'error', range: c.range(start, text.length) });
        c.pos = text.length;
        return { ok: false };
      }
      c.pos = close + 3;
      const value = text.slice(start + 3, close);
      const rest = text.slice(c.pos, c.lineEnd());
      if (rest.trim()) problem({ code: 'textAfterString', severity: 'error', range: c.range(c.pos, c.lineEnd()) });
      c.skipLine();
      return { ok: true, value, range: c.range(start, close + 3) };
    }
    if (c.peek() === '"') {
      const end = c.lineEnd();
      let i = start + 1;
      while (i < end && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      if (i >= end) {
        problem({ code: 'unterminatedString', severity: 'error', range: c.range(start, end) });
        c.skipLine();
        return { ok: false };
      }
      const value = unescapeQuoted(text.slice(start + 1, i));
      if (text.slice(i + 1, end).trim()) problem({ code: 'textAfterString', severity: 'error', range: c.range(i + 1, end) });
      c.skipLine();
      return { ok: true, value, range: c.range(start, i + 1) };
    }
    const end = c.lineEnd();
    const value = text.slice(start, end).trim();
    c.skipLine();
    if (!value) {
      if (instruction) problem({ code: 'missingArgument', instruction, severity: 'error', range: keywordRange });
      return { ok: false };
    }
    return { ok: true, value, range: c.range(start, start + value.length) };
  };

  const setParameter = (name: string, nameRange: TextRange, value: string, valueRange: TextRange): void => {
    const spec = MODELFILE_PARAMETERS[name];
    if (!spec) {
      problem({ code: 'unknownParameter', name, suggestion: closest(name, Object.keys(MODELFILE_PARAMETERS)), severity: 'error', range: nameRange });
      return;
    }
    if (spec.deprecated) {
      problem({ code: 'deprecatedParameter', name, severity: 'warning', range: nameRange });
      return;
    }
    const converted = convertParameter(spec.type, value);
    if (converted === undefined) {
      problem({ code: 'badParameterValue', name, value, expected: spec.type as 'int' | 'float' | 'bool', severity: 'error', range: valueRange });
      return;
    }
    if (spec.repeated) {
      const list = request.parameters[name];
      request.parameters[name] = [...(Array.isArray(list) ? list : []), String(converted)];
    } else {
      if (name in request.parameters) problem({ code: 'repeatedParameter', name, severity: 'warning', range: nameRange });
      request.parameters[name] = converted;
    }
  };

  while (!c.done) {
    c.skipSpaces();
    if (c.peek() === '\n') {
      c.pos++;
      continue;
    }
    if (c.done) break;
    if (c.peek() === '#') {
      c.skipLine();
      continue;
    }
    const wordStart = c.pos;
    const word = c.word();
    const keywordRange = c.range(wordStart, c.pos);
    const instruction = MODELFILE_INSTRUCTIONS.find((i) => i === word.toUpperCase());
    if (!instruction) {
      problem({ code: 'unknownInstruction', word, suggestion: closest(word, MODELFILE_INSTRUCTIONS), severity: 'error', range: keywordRange });
      // Skip the whole value, so a block after a misspelt TEMPLATE does not produce a cascade.
      readValue(undefined, keywordRange);
      continue;
    }
    if (instruction === 'PARAMETER' || instruction === 'MESSAGE') {
      c.skipSpaces();
      const nameStart = c.pos;
      const name = c.pos < c.lineEnd() ? c.word() : '';
      const nameRange = c.range(nameStart, c.pos);
      if (!name) {
        problem({ code: 'missingArgument', instruction, severity: 'error', range: keywordRange });
        c.skipLine();
        continue;
      }
      const value = readValue(instruction, c.range(wordStart, c.pos));
      if (!value.ok) continue;
      if (instruction === 'PARAMETER') setParameter(name, nameRange, value.value, value.range);
      else if (!(MESSAGE_ROLES as readonly string[]).includes(name.toLowerCase())) problem({ code: 'badRole', role: name, severity: 'error', range: nameRange });
      else request.messages.push({ role: name.toLowerCase(), content: value.value });
      continue;
    }
    const value = readValue(instruction, keywordRange);
    if (!value.ok) continue;
    switch (instruction) {
      case 'FROM':
        request.from = { value: value.value, range: value.range };
        break;
      case 'ADAPTER':
        request.adapters.push({ value: value.value, range: value.range });
        break;
      case 'TEMPLATE':
        request.template = value.value;
        break;
      case 'SYSTEM':
        request.system = value.value;
        break;
      case 'LICENSE':
        request.license.push(value.value);
        break;
      case 'REQUIRES':
        request.requires = value.value;
        break;
      case 'RENDERER':
        request.renderer = value.value;
        break;
      case 'PARSER':
        request.parser = value.value;
        break;
    }
  }
  if (!request.from) problem({ code: 'missingFrom', severity: 'error', range: c.range(0, 0) });
  return { request, problems, errors: problems.filter((p) => p.severity === 'error') };
}

/** Whether a FROM/ADAPTER value is written as a file path rather than a model name. */
export function looksLikePath(value: string): boolean {
  return /^(\.{1,2}[\\/]|[\\/]|~[\\/]?|[a-z]:[\\/])/i.test(value) || /\.(gguf|bin|safetensors)$/i.test(value) || value.includes('\\');
}
