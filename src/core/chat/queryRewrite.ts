// The question for workspace retrieval, rewritten from the conversation when it refers back ("and where
// is that called?", "它在哪里被调用？"): such a question alone finds nothing, so the identifiers and paths
// the last turns talked about are added to it. A self-contained question is left as it is.

export interface RewriteTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** Words that point back at something said before, in English and Chinese. */
const REFERS_BACK_EN = /\b(it|its|that|this|these|those|they|them|there|the same|above|previous|former|latter|one)\b/i;
const REFERS_BACK_ZH = /[它其该那这此]|上面|前面|刚才/;
const MAX_TERMS = 8;
const TURNS_LOOKED_AT = 4;

/** Code-like words: camelCase, PascalCase with a lower-case letter after, snake_case, dotted or called names. */
const IDENTIFIER = /\b(?:[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*|[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+|[A-Za-z_$][\w$]*(?=\())\b/g;
const PATH = /(?<![\w/.-])((?:[\w@.-]+\/)*[\w@-][\w@.-]*\.[A-Za-z]{1,8})(?=[:#\s),;'"`]|$)/g;
const BACKTICKED = /`([^`\n]{2,60})`/g;
const STOP = new Set(['e.g', 'i.e', 'etc']);

/** Identifiers and file paths in `text`, in order of appearance. */
export function codeTerms(text: string): string[] {
  const found: { at: number; term: string }[] = [];
  for (const m of text.matchAll(BACKTICKED)) {
    const inner = m[1].trim();
    // A backticked single word is code; a backticked phrase is split into what looks like code in it.
    if (/^[\w$.@/-]+$/.test(inner)) found.push({ at: m.index, term: inner.replace(/\(\)$/, '') });
  }
  for (const m of text.matchAll(IDENTIFIER)) found.push({ at: m.index, term: m[0] });
  for (const m of text.matchAll(PATH)) if (!/^\d/.test(m[1]) && !STOP.has(m[1].toLowerCase())) found.push({ at: m.index, term: m[1] });
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { term } of found) {
    const key = term.toLowerCase();
    if (seen.has(key) || term.length < 3) continue;
    seen.add(key);
    out.push(term);
  }
  return out;
}

/** Does the question lean on what was said before? */
export function refersBack(question: string): boolean {
  const words = question.trim().split(/\s+/).filter(Boolean);
  if (REFERS_BACK_ZH.test(question)) return true;
  if (!REFERS_BACK_EN.test(question)) return false;
  // "What does parseConfig return?" names its subject; "and where is that called?" does not.
  return codeTerms(question).length === 0 || words.length <= 3;
}

/**
 * The query to search the workspace with: the question, plus (when it refers back) the identifiers and
 * paths of the last turns, most recent first, at most MAX_TERMS of them.
 */
export function rewriteQuery(question: string, history: readonly RewriteTurn[]): string {
  const q = question.trim();
  if (!refersBack(q) || history.length === 0) return q;
  const own = new Set(codeTerms(q).map((t) => t.toLowerCase()));
  const terms: string[] = [];
  // The most recent exchange first; within it the user's own words first: the answer may wander, the
  // question named the subject.
  const recent = history.slice(-TURNS_LOOKED_AT);
  const exchanges: RewriteTurn[][] = [];
  for (const turn of recent) {
    if (turn.role === 'user' || exchanges.length === 0) exchanges.push([turn]);
    else exchanges[exchanges.length - 1].push(turn);
  }
  for (const exchange of exchanges.reverse()) {
    for (const turn of exchange) {
      for (const term of codeTerms(turn.content)) {
        const key = term.toLowerCase();
        if (own.has(key)) continue;
        own.add(key);
        terms.push(term);
      }
    }
  }
  return terms.length ? `${q} ${terms.slice(0, MAX_TERMS).join(' ')}` : q;
}
