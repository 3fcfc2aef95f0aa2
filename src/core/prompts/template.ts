// Prompt templates the user writes in settings (`hearth.prompts.*`): `{name}` placeholders, `{{` and `}}` for
// literal braces. A template replaces the instruction part of Hearth's prompt (the system message); Hearth
// still sends the text itself, fenced, in its own message. Parsing and checking are pure, so every error
// path is unit-tested; the feature layer turns a problem into a localized message.

/** Every placeholder Hearth knows, in any template. */
export const PLACEHOLDERS = ['language', 'targetLanguage', 'fileName', 'languageId', 'instruction', 'style', 'text'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export type TemplateId = 'draft' | 'summarize' | 'translate' | 'chatSystem';
export const TEMPLATE_IDS: readonly TemplateId[] = ['draft', 'summarize', 'translate', 'chatSystem'];

export interface TemplateSpec {
  id: TemplateId;
  /** The setting that holds it. */
  setting: `hearth.prompts.${TemplateId}`;
  allowed: readonly Placeholder[];
  /** Placeholders a template must contain (a template without them would silently ignore a choice the user makes per run). */
  required: readonly Placeholder[];
}

export const TEMPLATE_SPECS: Readonly<Record<TemplateId, TemplateSpec>> = {
  draft: { id: 'draft', setting: 'hearth.prompts.draft', allowed: ['instruction', 'fileName', 'languageId'], required: [] },
  summarize: { id: 'summarize', setting: 'hearth.prompts.summarize', allowed: ['language', 'style', 'fileName', 'languageId'], required: [] },
  // "Translate Comments To…" picks the language per run: a template that names a fixed one would ignore it.
  translate: { id: 'translate', setting: 'hearth.prompts.translate', allowed: ['targetLanguage', 'fileName', 'languageId'], required: ['targetLanguage'] },
  chatSystem: { id: 'chatSystem', setting: 'hearth.prompts.chatSystem', allowed: ['language'], required: [] },
};

export type TemplateProblem =
  /** A `{` with no `}` after it on the way (`offset` is the brace). */
  | { kind: 'unclosed'; offset: number }
  /** `{name}` that is no placeholder at all; `suggestion` is the nearest allowed one, if any is near. */
  | { kind: 'unknown'; name: string; offset: number; suggestion?: Placeholder }
  /** A placeholder Hearth knows, but not in this template. */
  | { kind: 'notAllowed'; name: Placeholder; offset: number }
  | { kind: 'missing'; name: Placeholder };

export type Segment = { kind: 'text'; text: string } | { kind: 'placeholder'; name: string; offset: number };

/** Splits a template into literal text and placeholders; the first syntax problem, if any. */
export function parseTemplate(source: string): { segments: Segment[]; unclosedAt?: number } {
  const segments: Segment[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if ((ch === '{' || ch === '}') && source[i + 1] === ch) {
      text += ch;
      i += 2;
      continue;
    }
    if (ch === '{') {
      const close = source.indexOf('}', i + 1);
      const nextOpen = source.indexOf('{', i + 1);
      if (close < 0 || (nextOpen >= 0 && nextOpen < close)) return { segments, unclosedAt: i };
      if (text) segments.push({ kind: 'text', text });
      text = '';
      segments.push({ kind: 'placeholder', name: source.slice(i + 1, close), offset: i });
      i = close + 1;
      continue;
    }
    // A lone `}` is literal text: only `{` starts a placeholder.
    text += ch;
    i++;
  }
  if (text) segments.push({ kind: 'text', text });
  return { segments };
}

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** The allowed placeholder `name` was most likely meant to be: same letters in another case, a prefix, or a small typo. */
export function nearestPlaceholder(name: string, allowed: readonly Placeholder[]): Placeholder | undefined {
  const key = name.trim().toLowerCase();
  if (!key) return undefined;
  const exact = allowed.find((p) => p.toLowerCase() === key);
  if (exact) return exact;
  let best: { p: Placeholder; d: number } | undefined;
  for (const p of allowed) {
    const lower = p.toLowerCase();
    const d = lower.startsWith(key) && key.length >= 3 ? 1 : editDistance(key, lower);
    if (d <= Math.max(2, Math.floor(lower.length / 4)) && (!best || d < best.d)) best = { p, d };
  }
  return best?.p;
}

/** Every problem of `source` as a template `spec`, in the order they appear (missing ones last). */
export function checkTemplate(source: string, spec: TemplateSpec): TemplateProblem[] {
  const { segments, unclosedAt } = parseTemplate(source);
  const problems: TemplateProblem[] = [];
  const used = new Set<string>();
  for (const s of segments) {
    if (s.kind !== 'placeholder') continue;
    used.add(s.name);
    if (!isPlaceholder(s.name)) {
      problems.push({ kind: 'unknown', name: s.name, offset: s.offset, suggestion: nearestPlaceholder(s.name, spec.allowed) });
    } else if (!spec.allowed.includes(s.name)) {
      problems.push({ kind: 'notAllowed', name: s.name, offset: s.offset });
    }
  }
  if (unclosedAt !== undefined) return [...problems, { kind: 'unclosed', offset: unclosedAt }];
  for (const name of spec.required) if (!used.has(name)) problems.push({ kind: 'missing', name });
  return problems;
}

export type TemplateValues = Partial<Record<Placeholder, string>>;

/** The template with its placeholders filled. Call only on a template without problems. */
export function renderTemplate(source: string, values: TemplateValues): string {
  return parseTemplate(source)
    .segments.map((s) => (s.kind === 'text' ? s.text : (values[s.name as Placeholder] ?? '')))
    .join('')
    .trim();
}

/** One line and column (1-based) of an offset, for messages. */
export function positionOf(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** The problem in plain English (the log, and the unit tests' view of the wording the UI localizes). */
export function describeProblem(problem: TemplateProblem, spec: TemplateSpec): string {
  const allowed = spec.allowed.map((p) => `{${p}}`).join(', ');
  switch (problem.kind) {
    case 'unclosed':
      return `a "{" has no closing "}" (write {{ for a literal brace). Placeholders: ${allowed}.`;
    case 'unknown':
      return `{${problem.name}} is not a placeholder${problem.suggestion ? `; did you mean {${problem.suggestion}}?` : '.'} Placeholders: ${allowed} (write {{ and }} for literal braces).`;
    case 'notAllowed':
      return problem.name === 'text'
        ? `{text} is not available here: Hearth sends the text itself, fenced, after your prompt. Placeholders: ${allowed}.`
        : `{${problem.name}} is not available in ${spec.setting}. Placeholders: ${allowed}.`;
    case 'missing':
      return `the template must contain {${problem.name}}.`;
  }
}
