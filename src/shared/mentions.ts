// @-mentions in the chat box: which exist, where one is being typed (for the completion popup), and which
// a sent message names in its text. Plain TypeScript shared by the webview and the extension.

export type MentionKind = 'workspace' | 'file' | 'folder' | 'problems' | 'selection' | 'changes' | 'terminal';
export const MENTION_KINDS: readonly MentionKind[] = ['workspace', 'file', 'folder', 'problems', 'selection', 'changes', 'terminal'];

/** An `@` (or the full-width `＠` a Chinese input method types) at the start or after white space. */
const AT = /(^|[\s\u3000])[@＠]([A-Za-z]*)$/;

export interface MentionQuery {
  /** Where the `@` is in the text. */
  start: number;
  /** What follows it up to the caret (lower case). */
  query: string;
}

/** The mention being typed just before `caret`, if any (what the popup filters by). */
export function mentionAt(text: string, caret: number): MentionQuery | undefined {
  const before = text.slice(Math.max(0, caret - 64), caret);
  const m = AT.exec(before);
  if (!m) return undefined;
  const start = caret - m[2].length - 1;
  return { start, query: m[2].toLowerCase() };
}

/** The mentions matching what was typed after `@`: prefix matches first, then the rest containing it. */
export function matchMentions(query: string, kinds: readonly MentionKind[] = MENTION_KINDS): MentionKind[] {
  const q = query.toLowerCase();
  const prefix = kinds.filter((k) => k.startsWith(q));
  const inside = kinds.filter((k) => !k.startsWith(q) && k.includes(q));
  return [...prefix, ...inside];
}

/** Mentions written out in a message (`@workspace`, `@selection`…), and the text without them. */
export function parseMentions(text: string): { kinds: MentionKind[]; text: string } {
  const kinds: MentionKind[] = [];
  // Only whole words after white space (or at the start): `a@workspace.com` is an address, not a mention.
  const stripped = text.replace(/(^|[\s\u3000])[@＠]([A-Za-z]+)(?=$|[\s\u3000.,;:!?，。；：！？])/g, (whole, lead: string, word: string) => {
    const kind = word.toLowerCase() as MentionKind;
    // @file and @folder need a pick: written out, they stay text.
    if (!MENTION_KINDS.includes(kind) || kind === 'file' || kind === 'folder') return whole;
    if (!kinds.includes(kind)) kinds.push(kind);
    return lead;
  });
  return { kinds, text: kinds.length ? stripped.replace(/[ \t]{2,}/g, ' ').trim() : text };
}
