// A fake tokenizer. It only has to be deterministic and land near real token counts (about one token per
// 1–4 characters), so that streaming, num_predict, prompt_eval_count and context sizes look plausible.
// Concatenating the tokens always gives back the input exactly.

type CharClass = 'newline' | 'space' | 'cjk' | 'word' | 'punct';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
const WORD = /[\p{L}\p{N}\p{M}_]/u;

function classify(ch: string): CharClass {
  if (ch === '\n' || ch === '\r') return 'newline';
  if (/\s/u.test(ch)) return 'space';
  if (CJK.test(ch)) return 'cjk';
  if (WORD.test(ch)) return 'word';
  return 'punct';
}

function pieces(chars: string[], size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

/**
 * Splits on word boundaries. A single space before a word or punctuation stays with it (` the`), words longer
 * than 4 characters come in pieces of ≤ 4, punctuation in pieces of ≤ 2, each CJK character and each line break
 * is a token, and other whitespace runs come in pieces of ≤ 4.
 */
export function tokenize(text: string): string[] {
  const chars = Array.from(text);
  const groups: { cls: CharClass; chars: string[] }[] = [];
  for (const ch of chars) {
    const cls = classify(ch);
    const last = groups[groups.length - 1];
    if (last && last.cls === cls && cls !== 'cjk' && cls !== 'newline') last.chars.push(ch);
    else groups.push({ cls, chars: [ch] });
  }
  const tokens: string[] = [];
  let carry = '';
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g];
    if (!group) continue;
    const next = groups[g + 1];
    if (group.cls === 'space') {
      const joinsNext = next !== undefined && next.cls !== 'newline' && group.chars[group.chars.length - 1] === ' ';
      const own = joinsNext ? group.chars.slice(0, -1) : group.chars;
      tokens.push(...pieces(own, 4));
      if (joinsNext) carry = ' ';
      continue;
    }
    const size = group.cls === 'word' ? 4 : group.cls === 'punct' ? 2 : 1;
    const parts = pieces(group.chars, size);
    if (carry && parts.length > 0) {
      parts[0] = carry + parts[0];
      carry = '';
    }
    tokens.push(...parts);
  }
  if (carry) tokens.push(carry);
  return tokens;
}

export function countTokens(text: string): number {
  return tokenize(text).length;
}

/** FNV-1a, so that the same text always maps to the same fake token ids. */
export function hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The `context` array of a generate reply: ids in a 151k vocabulary like qwen2's. */
export function tokenIds(text: string): number[] {
  return tokenize(text).map((t) => hash32(t) % 151_000);
}
