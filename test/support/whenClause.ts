// A small reader for VS Code `when` clauses, for manifest tests: which context keys a clause uses, and
// whether two clauses can be true at the same time (to find keybindings that collide).
//
// The clause is turned into disjunctive normal form: a list of alternatives, each a list of literals that
// must all hold. Two clauses are known to exclude each other only when every pair of alternatives holds a
// pair of contradicting literals (`a` and `!a`, `a == x` and `a == y`, `a == x` and `a != x`…). Anything
// this reader cannot decide (`in`, comparisons, regular expressions against plain values) counts as
// "can be true together": a collision check built on it errs on the side of reporting.

export type Literal =
  | { key: string; op: 'truthy' | 'falsy' }
  | { key: string; op: 'eq' | 'ne' | 'regex' | 'notRegex' | 'in' | 'notIn' | 'cmp'; value: string };

/** Alternatives (or) of conjunctions (and). `[]` is false; `[[]]` is true. */
export type Dnf = Literal[][];

type Token = { kind: 'op'; text: string } | { kind: 'word'; text: string } | { kind: 'regex'; text: string };

const OPERATORS = ['===', '!==', '==', '!=', '=~', '<=', '>=', '&&', '||', '!', '(', ')', '<', '>'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    // A regular expression follows =~ only; it may contain any character up to its closing slash.
    const previous = tokens[tokens.length - 1];
    if (c === '/' && previous?.kind === 'op' && previous.text === '=~') {
      let j = i + 1;
      while (j < source.length && source[j] !== '/') j += source[j] === '\\' ? 2 : 1;
      j++;
      while (j < source.length && /[a-z]/i.test(source[j])) j++;
      tokens.push({ kind: 'regex', text: source.slice(i, j) });
      i = j;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = source.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unclosed quote in when clause: ${source}`);
      tokens.push({ kind: 'word', text: source.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op });
      i += op.length;
      continue;
    }
    let j = i;
    while (j < source.length && !/[\s()!=<>&|]/.test(source[j])) j++;
    if (j === i) throw new Error(`unexpected ${JSON.stringify(c)} in when clause: ${source}`);
    tokens.push({ kind: 'word', text: source.slice(i, j) });
    i = j;
  }
  return tokens;
}

const TRUE: Dnf = [[]];
const FALSE: Dnf = [];

function and(a: Dnf, b: Dnf): Dnf {
  const out: Dnf = [];
  for (const x of a) for (const y of b) out.push([...x, ...y]);
  return out;
}

function negateLiteral(l: Literal): Literal {
  switch (l.op) {
    case 'truthy':
      return { key: l.key, op: 'falsy' };
    case 'falsy':
      return { key: l.key, op: 'truthy' };
    case 'eq':
      return { ...l, op: 'ne' };
    case 'ne':
      return { ...l, op: 'eq' };
    case 'regex':
      return { ...l, op: 'notRegex' };
    case 'notRegex':
      return { ...l, op: 'regex' };
    case 'in':
      return { ...l, op: 'notIn' };
    case 'notIn':
      return { ...l, op: 'in' };
    case 'cmp':
      return { ...l, value: `!(${l.value})` };
  }
}

function not(a: Dnf): Dnf {
  // not (c1 or c2 …) = (not c1) and (not c2) …; not (l1 and l2 …) = (not l1) or (not l2) …
  let out: Dnf = TRUE;
  for (const conjunction of a) out = and(out, conjunction.map((l) => [negateLiteral(l)]));
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[], private readonly source: string) {}

  parse(): Dnf {
    const result = this.or();
    if (this.i < this.tokens.length) throw new Error(`unexpected ${this.tokens[this.i].text} in when clause: ${this.source}`);
    return result;
  }

  private peek(text: string): boolean {
    const t = this.tokens[this.i];
    return t !== undefined && t.kind === 'op' && t.text === text;
  }

  private or(): Dnf {
    let result = this.and();
    while (this.peek('||')) {
      this.i++;
      result = [...result, ...this.and()];
    }
    return result;
  }

  private and(): Dnf {
    let result = this.unary();
    while (this.peek('&&')) {
      this.i++;
      result = and(result, this.unary());
    }
    return result;
  }

  private unary(): Dnf {
    if (this.peek('!')) {
      this.i++;
      return not(this.unary());
    }
    if (this.peek('(')) {
      this.i++;
      const inner = this.or();
      if (!this.peek(')')) throw new Error(`missing ) in when clause: ${this.source}`);
      this.i++;
      return inner;
    }
    return this.comparison();
  }

  private word(): string {
    const t = this.tokens[this.i++];
    if (!t || t.kind === 'op') throw new Error(`expected a key or value in when clause: ${this.source}`);
    return t.text;
  }

  private comparison(): Dnf {
    const key = this.word();
    const t = this.tokens[this.i];
    const value = (): string => this.word();
    if (t?.kind === 'op' && (t.text === '==' || t.text === '===')) {
      this.i++;
      return [[{ key, op: 'eq', value: value() }]];
    }
    if (t?.kind === 'op' && (t.text === '!=' || t.text === '!==')) {
      this.i++;
      return [[{ key, op: 'ne', value: value() }]];
    }
    if (t?.kind === 'op' && t.text === '=~') {
      this.i++;
      return [[{ key, op: 'regex', value: value() }]];
    }
    if (t?.kind === 'op' && ['<', '<=', '>', '>='].includes(t.text)) {
      this.i++;
      return [[{ key, op: 'cmp', value: `${t.text}${value()}` }]];
    }
    if (t?.kind === 'word' && t.text === 'in') {
      this.i++;
      return [[{ key, op: 'in', value: value() }]];
    }
    if (t?.kind === 'word' && t.text === 'not' && this.tokens[this.i + 1]?.text === 'in') {
      this.i += 2;
      return [[{ key, op: 'notIn', value: value() }]];
    }
    if (key === 'true') return TRUE;
    if (key === 'false') return FALSE;
    return [[{ key, op: 'truthy' }]];
  }
}

/** The clause in disjunctive normal form; an absent clause is always true. */
export function parseWhen(source: string | undefined): Dnf {
  if (source === undefined || source.trim() === '') return TRUE;
  return new Parser(tokenize(source), source).parse();
}

/** The context keys a clause reads (`resourcePath in hearth.x` reads both `resourcePath` and `hearth.x`). */
export function contextKeys(source: string | undefined): Set<string> {
  const keys = new Set<string>();
  for (const conjunction of parseWhen(source)) {
    for (const l of conjunction) {
      keys.add(l.key);
      if (l.op === 'in' || l.op === 'notIn') keys.add(l.value);
    }
  }
  return keys;
}

/** A value that `a == value` compares with and that makes `a` truthy (so `a == value` excludes `!a`). */
function truthyValue(value: string): boolean {
  return value !== '' && value !== 'false' && value !== '0';
}

function contradicts(a: Literal, b: Literal): boolean {
  if (a.key !== b.key) return false;
  const pair = (x: Literal['op'], y: Literal['op']): boolean => (a.op === x && b.op === y) || (a.op === y && b.op === x);
  const valueOf = (l: Literal): string => ('value' in l ? l.value : '');
  if (pair('truthy', 'falsy')) return true;
  if (a.op === 'eq' && b.op === 'eq') return a.value !== b.value;
  if (pair('eq', 'ne') || pair('regex', 'notRegex') || pair('in', 'notIn')) return valueOf(a) === valueOf(b);
  if (pair('eq', 'falsy')) return truthyValue(valueOf(a.op === 'eq' ? a : b));
  return false;
}

/**
 * What VS Code's focus model guarantees while the keyboard focus is in a text editor: there is one
 * focus, so the context keys of other focused parts are false, and the wider focus keys are true. Only
 * keys that VS Code sets from the focus itself belong here (a visible widget is not a focus).
 */
const IMPLIED_BY: Readonly<Record<string, readonly Literal[]>> = {
  editorTextFocus: [
    { key: 'editorFocus', op: 'truthy' },
    { key: 'textInputFocus', op: 'truthy' },
    ...[
      'listFocus',
      'terminalFocus',
      'terminalFocusInAny',
      'inQuickOpen',
      'notificationFocus',
      'statusBarFocused',
      'bannerFocused',
      'breadcrumbsActive',
      'stickyScrollFocused',
      'filesExplorerFocus',
      'searchViewletFocus',
      'replaceInputBoxFocus',
      'commentsFilterFocus',
      'problemsFilterFocus',
      'outputFilterFocus',
      'notebookOutputFocused',
    ].map((key): Literal => ({ key, op: 'falsy' })),
  ],
};

function withImplications(conjunction: readonly Literal[]): Literal[] {
  const out = [...conjunction];
  for (const l of conjunction) if (l.op === 'truthy') out.push(...(IMPLIED_BY[l.key] ?? []));
  return out;
}

function conjunctionsExclude(x: Literal[], y: Literal[]): boolean {
  const all = withImplications([...x, ...y]);
  return all.some((l, i) => all.slice(i + 1).some((m) => contradicts(l, m)));
}

/**
 * Alternatives of `a` and `b` that can hold at the same time (as readable clauses); empty when the two
 * clauses exclude each other. Conservative: "cannot decide" counts as "can be true together".
 */
export function overlap(a: string | undefined, b: string | undefined): string[] {
  const found: string[] = [];
  for (const x of parseWhen(a)) {
    for (const y of parseWhen(b)) {
      if (!conjunctionsExclude(x, y)) found.push(formatConjunction([...x, ...y]));
    }
  }
  return found;
}

function formatLiteral(l: Literal): string {
  switch (l.op) {
    case 'truthy':
      return l.key;
    case 'falsy':
      return `!${l.key}`;
    case 'eq':
      return `${l.key} == ${l.value}`;
    case 'ne':
      return `${l.key} != ${l.value}`;
    case 'regex':
      return `${l.key} =~ ${l.value}`;
    case 'notRegex':
      return `!(${l.key} =~ ${l.value})`;
    case 'in':
      return `${l.key} in ${l.value}`;
    case 'notIn':
      return `${l.key} not in ${l.value}`;
    case 'cmp':
      return `${l.key} ${l.value}`;
  }
}

export function formatConjunction(conjunction: Literal[]): string {
  return conjunction.length === 0 ? 'true' : conjunction.map(formatLiteral).join(' && ');
}
