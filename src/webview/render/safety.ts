// A small, DOM-free audit of rendered HTML: the elements and attributes the renderer may produce, and
// nothing else. Used by the unit tests (against a list of XSS payloads) and by the view's report in
// integration tests (against what the webview really shows). It is a check, not a sanitizer: the
// renderer is safe by construction, and this proves it on its actual output.

const ALLOWED_ELEMENTS = new Set([
  'a', 'blockquote', 'br', 'button', 'code', 'del', 'div', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'ol', 'p', 'pre', 's',
  'span', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
]);

const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'class', 'start', 'type', 'data-action', 'data-lang', 'data-citation', 'aria-label', 'aria-hidden', 'colspan', 'rowspan']);

const SAFE_HREF = /^(https?:\/\/|#)/i;

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_m, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Problems found in `html`: disallowed elements, event handlers, style attributes, unsafe link targets. */
export function findUnsafeMarkup(html: string): string[] {
  const problems: string[] = [];
  for (const tag of html.matchAll(/<\/?([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const name = tag[1].toLowerCase();
    if (!ALLOWED_ELEMENTS.has(name)) problems.push(`<${name}>`);
    if (tag[0].startsWith('</')) continue;
    for (const attr of tag[2].matchAll(/([^\s"'=/>]+)(?:\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      const attrName = attr[1].toLowerCase();
      const value = decodeEntities(attr[3] ?? attr[4] ?? attr[5] ?? '');
      if (!ALLOWED_ATTRIBUTES.has(attrName)) problems.push(`<${name} ${attrName}>`);
      // eslint-disable-next-line no-control-regex -- control characters can hide a scheme
      if (attrName === 'href' && !SAFE_HREF.test(value.replace(/[\u0000-\u0020]/g, ''))) problems.push(`<${name} href="${value.slice(0, 40)}">`);
    }
  }
  return problems;
}
