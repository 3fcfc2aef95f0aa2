// Terms for the lexical index, the same for documents and queries. Identifiers are kept whole *and* split
// (`parseConfigFile` → parseconfigfile, parse, config, file; `MAX_RETRY_COUNT` → max_retry_count, max, retry,
// count; `os.path.join` → os.path.join, os, path, join), so an exact identifier ranks first while its words
// still match prose. Chinese, Japanese and Korean have no spaces: runs of those scripts become overlapping
// character bigrams (单字 for a run of one), the usual way to index CJK without a dictionary.

const WORD = /[\p{L}\p{N}_$]+(?:\.[\p{L}\p{N}_$]+)*/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const CJK_ONE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CAMEL = /\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{N}+|[\p{L}\p{N}]+/gu;

function bigrams(run: string, out: string[]): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    out.push(run);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push((chars[i] ?? '') + (chars[i + 1] ?? ''));
}

/** One identifier (no dots, no CJK): itself, and its parts when it has more than one. */
function identifier(word: string, out: string[]): void {
  const whole = word.toLowerCase();
  if (whole.replace(/[_$]/g, '') === '') return;
  out.push(whole);
  const parts: string[] = [];
  for (const piece of word.split(/[_$]+/)) for (const p of piece.match(CAMEL) ?? []) parts.push(p.toLowerCase());
  if (parts.length > 1) for (const p of parts) out.push(p);
}

function segmentUncached(seg: string, out: string[]): void {
  if (!CJK_ONE.test(seg)) {
    identifier(seg, out);
    return;
  }
  // Mixed text like `配置config`: CJK runs as bigrams, the rest as identifiers.
  let last = 0;
  for (const m of seg.matchAll(CJK)) {
    if (m.index > last) identifier(seg.slice(last, m.index), out);
    bigrams(m[0], out);
    last = m.index + m[0].length;
  }
  if (last < seg.length) identifier(seg.slice(last), out);
}

/**
 * The terms of each segment seen lately. Code repeats its identifiers (a 100 000-line corpus has about a
 * million words but a few tens of thousands of distinct ones), and splitting one costs several regular
 * expressions, so this makes tokenizing about three times faster. Bounded: emptied when full.
 */
const MEMO_LIMIT = 50_000;
const memo = new Map<string, readonly string[]>();

/** A plain lowercase word (the commonest case) is its own only term. */
const PLAIN = /^[a-z]+$/;

function segment(seg: string, out: string[]): void {
  if (PLAIN.test(seg)) {
    out.push(seg);
    return;
  }
  let terms = memo.get(seg);
  if (!terms) {
    const fresh: string[] = [];
    segmentUncached(seg, fresh);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(seg, fresh);
    terms = fresh;
  }
  for (const t of terms) out.push(t);
}

export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    if (word.includes('.')) {
      out.push(word.toLowerCase());
      for (const seg of word.split('.')) segment(seg, out);
    } else segment(word, out);
  }
  return out;
}
