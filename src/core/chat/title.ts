// A conversation's title, derived from its first message until the user renames it. Short enough for
// the history list: about 48 columns, where a CJK character takes two.

const MAX_COLUMNS = 48;

function columns(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  // East Asian wide ranges: CJK, Hangul, kana, full-width forms.
  return (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0x20000 && code <= 0x3fffd) ? 2 : 1;
}

/** Strips what makes no sense in a one-line title: code blocks, Markdown marks, extra white space. */
function plainLine(text: string): string {
  const withoutCode = text.replace(/```[\s\S]*?(```|$)/g, ' ').replace(/`([^`]*)`/g, '$1');
  const lines = withoutCode.split('\n').map((l) => l.replace(/^\s*(#{1,6}\s+|[-*+]\s+|>\s*|\d+[.)]\s+)/, '').trim());
  const first = lines.find((l) => l !== '') ?? '';
  return first.replace(/[*_~]+/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\s+/g, ' ').trim();
}

/** Cuts `text` to `max` columns, at a word boundary when there is one in the last third, adding '…'. */
export function clip(text: string, max = MAX_COLUMNS): string {
  let used = 0;
  let end = 0;
  const chars = [...text];
  for (; end < chars.length; end++) {
    const w = columns(chars[end]);
    if (used + w > max - 1) break;
    used += w;
  }
  if (end >= chars.length) return text;
  let cut = chars.slice(0, end).join('');
  const space = cut.lastIndexOf(' ');
  if (space > cut.length * 0.66) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,.;:，。；：、]+$/u, '')}…`;
}

/**
 * The title for a conversation whose first user message is `text`. When the message has no words
 * (only an attachment), `fallback` is used, e.g. the attachment's label.
 */
export function deriveTitle(text: string, fallback: string): string {
  const line = plainLine(text);
  return clip(line || fallback || '…');
}

/** A title the user typed: one line, trimmed, not empty, not absurdly long. */
export function cleanTitle(text: string): string | undefined {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line) return undefined;
  return [...line].slice(0, 200).join('');
}
