// Markup with other languages inside (HTML, Vue, Svelte): the comments of a `<script>` are `//` and `/* */`,
// those of a `<style>` are CSS's, and only the markup around them has `<!-- -->`. The content of each
// embedded element is scanned with its own syntax, and the markup with that content blanked out, so a
// `<!--` inside a script string cannot swallow the markup that follows.
import type { CommentSyntax, EmbeddedElement, ScannedComment } from './types';

export interface EmbeddedRegion {
  /** Offsets of the element's content, between its tags. */
  start: number;
  end: number;
  /** null: content without comments. */
  syntax: CommentSyntax | null;
}

type FlatScan = (text: string, syntax: CommentSyntax) => ScannedComment[];

const ATTRIBUTE = /\b(lang|type)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;

function contentSyntax(element: EmbeddedElement, attributes: string): CommentSyntax | null {
  for (const m of attributes.matchAll(ATTRIBUTE)) {
    const value = (m[2] ?? m[3] ?? m[4] ?? '').trim().toLowerCase();
    const known = element.byAttribute?.[value];
    if (known !== undefined) return known;
  }
  return element.syntax;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The embedded elements' contents, in order; markup comments (`<!-- -->`) are skipped while looking. */
export function embeddedRegions(text: string, elements: readonly EmbeddedElement[]): EmbeddedRegion[] {
  if (elements.length === 0) return [];
  const byTag = new Map(elements.map((e) => [e.tag.toLowerCase(), e]));
  const opener = new RegExp(`<!--|<(${elements.map((e) => escapeRegExp(e.tag)).join('|')})\\b([^>]*)>`, 'gi');
  const regions: EmbeddedRegion[] = [];
  let pos = 0;
  while (pos < text.length) {
    opener.lastIndex = pos;
    const m = opener.exec(text);
    if (!m) break;
    if (m[0] === '<!--') {
      const close = text.indexOf('-->', m.index + 4);
      pos = close < 0 ? text.length : close + 3;
      continue;
    }
    const tag = (m[1] ?? '').toLowerCase();
    const attributes = m[2] ?? '';
    const start = m.index + m[0].length;
    if (attributes.trimEnd().endsWith('/')) {
      pos = start;
      continue;
    }
    const closer = new RegExp(`</${escapeRegExp(tag)}\\s*>`, 'gi');
    closer.lastIndex = start;
    const close = closer.exec(text);
    const end = close ? close.index : text.length;
    const element = byTag.get(tag);
    if (element) regions.push({ start, end, syntax: contentSyntax(element, attributes) });
    pos = close ? close.index + close[0].length : text.length;
  }
  return regions;
}

function ownLineAt(text: string, pos: number): boolean {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return text.slice(lineStart, pos).trim() === '';
}

/** Blanks the regions out (line breaks kept), so offsets stay those of the original text. */
function blankRegions(text: string, regions: readonly EmbeddedRegion[]): string {
  let out = '';
  let pos = 0;
  for (const r of regions) {
    out += text.slice(pos, r.start) + text.slice(r.start, r.end).replace(/[^\r\n]/g, ' ');
    pos = r.end;
  }
  return out + text.slice(pos);
}

/** The comments of markup with embedded languages, in order. */
export function scanWithEmbedded(text: string, syntax: CommentSyntax, elements: readonly EmbeddedElement[], scan: FlatScan): ScannedComment[] {
  const regions = embeddedRegions(text, elements);
  const markup: CommentSyntax = { ...syntax, embedded: undefined };
  const found = scan(blankRegions(text, regions), markup);
  for (const region of regions) {
    if (!region.syntax) continue;
    for (const c of scan(text.slice(region.start, region.end), region.syntax)) {
      const start = c.start + region.start;
      found.push({ ...c, start, end: c.end + region.start, ownLine: ownLineAt(text, start) });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The syntax that applies at an offset: an embedded element's where the offset is inside one. */
export function syntaxAt(text: string, syntax: CommentSyntax, offset: number): CommentSyntax | undefined {
  if (!syntax.embedded) return syntax;
  const region = embeddedRegions(text, syntax.embedded).find((r) => offset >= r.start && offset <= r.end);
  if (!region) return syntax;
  return region.syntax ?? undefined;
}
