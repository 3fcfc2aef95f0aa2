// Token estimates without a tokenizer. Ollama truncates an over-long prompt silently, so every
// feature that builds a prompt measures it with these functions first. The estimate errs on the
// high side (it should never say a prompt fits when it does not):
//  - ASCII text: one token per 3 characters (English prose is nearer 4, code 3.3–3.8);
//  - digits: one token each. Qwen's tokenizer splits every digit off on its own and Llama 3's cuts
//    numbers into groups of up to three, so "20250114" costs 8 or 3 tokens, not the 8 / 3 ≈ 3 that
//    the ASCII rate would give: tables, logs and data files would otherwise overflow;
//  - other characters (CJK, accented letters, emoji): one token each, which covers Qwen and Llama 3
//    tokenizers (about 0.7–1 token per Chinese character).

export const ASCII_CHARS_PER_TOKEN = 3;

/**
 * How a UTF-16 code unit counts: 0 = ASCII other than a digit (1/ASCII_CHARS_PER_TOKEN of a token),
 * 1 = a whole token (a digit, or any non-ASCII character), 2 = nothing (the low half of a surrogate
 * pair, counted with its high half).
 */
export function tokenClass(code: number): 0 | 1 | 2 {
  if (code < 0x80) return code >= 0x30 && code <= 0x39 ? 1 : 0;
  return code >= 0xdc00 && code <= 0xdfff ? 2 : 1;
}

/** Tokens for `ascii` ASCII characters (digits excluded) and `whole` characters that are a token each. */
export function tokensOf(ascii: number, whole: number): number {
  return Math.ceil(ascii / ASCII_CHARS_PER_TOKEN + whole);
}

/** The estimate of `text`: tokenClass() unrolled into one pass (it runs on every keystroke's prompt). */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let digits = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      ascii++;
      // One unsigned comparison for '0'..'9': within about 15% of the digit-blind loop's speed.
      if ((code - 0x30) >>> 0 < 10) digits++;
    } else if (code < 0xdc00 || code > 0xdfff) other++;
  }
  return tokensOf(ascii - digits, digits + other);
}

/**
 * The longest tail of `text` (its last lines) whose estimate fits `maxTokens`, cut at a line start.
 * When even the last line is too long, it is cut inside the line so that something is kept.
 */
export function tailWithinTokens(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text;
  let start = text.length;
  let used = 0;
  while (start > 0) {
    const prevNewline = text.lastIndexOf('\n', start - 2);
    const lineStart = prevNewline + 1;
    const cost = estimateTokens(text.slice(lineStart, start));
    if (used + cost > maxTokens) break;
    used += cost;
    start = lineStart;
  }
  if (start === text.length) return cutByTokens(text, maxTokens, 'tail');
  return text.slice(start);
}

/** The longest head of `text` (its first lines) whose estimate fits `maxTokens`, cut at a line end. */
export function headWithinTokens(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text;
  let end = 0;
  let used = 0;
  while (end < text.length) {
    const nextNewline = text.indexOf('\n', end);
    const lineEnd = nextNewline < 0 ? text.length : nextNewline + 1;
    const cost = estimateTokens(text.slice(end, lineEnd));
    if (used + cost > maxTokens) break;
    used += cost;
    end = lineEnd;
  }
  if (end === 0) return cutByTokens(text, maxTokens, 'head');
  return text.slice(0, end);
}

/** Character-level cut for a single over-long line. */
function cutByTokens(text: string, maxTokens: number, keep: 'head' | 'tail'): string {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const piece = keep === 'head' ? text.slice(0, mid) : text.slice(text.length - mid);
    if (estimateTokens(piece) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  return keep === 'head' ? text.slice(0, lo) : text.slice(text.length - lo);
}
