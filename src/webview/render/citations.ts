// Citations of workspace sources in answers (`src/app.ts:10-24`, also in backticks) become links that
// open the file at those lines: a markdown-it core rule turns them into link tokens after parsing, so
// only text (never raw HTML) is involved. The link carries the citation in data-citation; the view posts
// it to the extension, which parses it again and opens only files inside the workspace.
import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { findCitations, formatCitation, parseCitation } from '../../shared/citations';

type StateCore = Parameters<Parameters<MarkdownIt['core']['ruler']['push']>[1]>[0];

function linkOpen(state: StateCore, citation: string): Token {
  const open = new state.Token('link_open', 'a', 1);
  open.attrs = [
    ['href', '#'],
    ['class', 'source-link'],
    ['data-citation', citation],
  ];
  return open;
}

function linkClose(state: StateCore): Token {
  return new state.Token('link_close', 'a', -1);
}

function textToken(state: StateCore, content: string): Token {
  const t = new state.Token('text', '', 0);
  t.content = content;
  return t;
}

/** Splits text tokens at citations and wraps backticked citations, outside existing links. */
function linkChildren(state: StateCore, children: Token[]): Token[] {
  const out: Token[] = [];
  let inLink = 0;
  for (const token of children) {
    if (token.type === 'link_open') inLink++;
    if (token.type === 'link_close') inLink = Math.max(0, inLink - 1);
    if (inLink > 0) {
      out.push(token);
      continue;
    }
    if (token.type === 'code_inline') {
      const c = parseCitation(token.content);
      if (c) out.push(linkOpen(state, formatCitation(c)), token, linkClose(state));
      else out.push(token);
      continue;
    }
    if (token.type !== 'text') {
      out.push(token);
      continue;
    }
    const found = findCitations(token.content);
    if (found.length === 0) {
      out.push(token);
      continue;
    }
    let at = 0;
    for (const f of found) {
      if (f.index > at) out.push(textToken(state, token.content.slice(at, f.index)));
      out.push(linkOpen(state, formatCitation(f.citation)), textToken(state, token.content.slice(f.index, f.index + f.length)), linkClose(state));
      at = f.index + f.length;
    }
    if (at < token.content.length) out.push(textToken(state, token.content.slice(at)));
  }
  return out;
}

export function linkCitations(md: MarkdownIt): void {
  md.core.ruler.push('hearth_citations', (state) => {
    for (const token of state.tokens) {
      if (token.type === 'inline' && token.children) token.children = linkChildren(state, token.children);
    }
  });
}
