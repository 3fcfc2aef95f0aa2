// Model output → HTML. A pure module (no DOM), so Node tests can check its output against XSS
// payloads, and the benchmark can drive it in a browser.
//
// Safety comes from markdown-it's configuration, not from cleaning HTML afterwards:
//  - `html: false`: raw HTML in the model's text is escaped and shown as text, never parsed;
//  - links: only http(s) and in-document anchors survive (validateLink); anything else (javascript:,
//    data:, file:, vscode:, command:…) stays plain text. Clicks are handled by the view, which asks
//    the extension to open the link after the user confirms;
//  - images are shown as links: the CSP would block remote images, and a data: image from the model
//    has no business in the chat;
//  - highlight.js output is escaped text inside <span class="hljs-…"> only;
//  - no inline styles: table alignment becomes a class (hearth-align-…), which the CSP allows.
// Its cost is bounded too (see limits.ts): link labels get a scanning budget (below), and the view
// renders large answers through IncrementalMarkdown, which caps what is parsed as Markdown.
// Attribute values are escaped by markdown-it; the few attributes written here are escaped too.
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { linkCitations } from './citations';
import { highlightCode } from './highlight';

export interface RenderLabels {
  copy: string;
  insert: string;
  replace: string;
  newFile: string;
  /** Shown in the code block header when the fence names no language. */
  code: string;
  /** Alt text for an image the model linked, when it has none. */
  image: string;
  /** The note where an answer too long for Markdown goes on as plain text. */
  plainRest: string;
  /** The button beside that note, which copies the whole answer as the model wrote it. */
  copyAnswer: string;
}

export const DEFAULT_LABELS: RenderLabels = {
  copy: 'Copy',
  insert: 'Insert at Cursor',
  replace: 'Replace Selection',
  newFile: 'New File',
  code: 'code',
  image: 'image',
  plainRest: 'This answer is very long: the rest is shown as plain text.',
  copyAnswer: 'Copy Answer',
};

export interface RenderOptions {
  /** While streaming, large unfinished code blocks are not highlighted (it would be redone on every frame). */
  streaming?: boolean;
}

/**
 * Unfinished code blocks longer than this are shown plain while they stream: the growing block is
 * highlighted again each frame, at ~2 ms per KB.
 */
export const STREAMING_HIGHLIGHT_MAX_CHARS = 4_000;

export const CODE_BLOCK_CLOSE = '</code></pre></div>';

const SAFE_LINK = /^(https?:\/\/|#)/i;

export function isSafeLink(url: string): boolean {
  // markdown-it hands over the normalized URL; control characters and white space cannot hide a scheme.
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  return SAFE_LINK.test(compact) && compact === url.trim();
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);
}

/** The language a fence names: its first word, limited to characters language names use. */
export function fenceLanguage(info: string): string {
  const first = info.trim().split(/\s+/)[0] ?? '';
  return /^[\w+#.-]{1,32}$/.test(first) ? first.toLowerCase() : '';
}

/**
 * markdown-it scans a link label (`[…`) to its end for every `[` it meets, so a paragraph of thousands
 * of unclosed `[` or `![` costs O(n²) (100 000 of them took seconds). Each inline run gets a scanning
 * budget proportional to its length; once spent, a `[` is plain text. Real links are short labels and
 * never come near it.
 */
const LABEL_SCAN_FACTOR = 8;
const LABEL_SCAN_MIN = 16_384;

function boundLinkLabels(md: MarkdownIt): void {
  type ParseLinkLabel = typeof md.helpers.parseLinkLabel;
  const helpers = md.helpers as { parseLinkLabel: ParseLinkLabel };
  const parse = helpers.parseLinkLabel;
  const spent = new WeakMap<object, number>();
  helpers.parseLinkLabel = (state, start, disableNested) => {
    const used = spent.get(state) ?? 0;
    if (used > LABEL_SCAN_FACTOR * state.src.length + LABEL_SCAN_MIN) return -1;
    const end = parse(state, start, disableNested);
    spent.set(state, (spent.get(state) ?? 0) + (end < 0 ? state.posMax : end) - start);
    return end;
  };
}

/** Aligned table cells: markdown-it writes `style="text-align:…"`, which the CSP blocks; a class instead. */
function alignWithClasses(md: MarkdownIt): void {
  md.core.ruler.push('hearth_align_classes', (state) => {
    for (const token of state.tokens) {
      if (token.type !== 'th_open' && token.type !== 'td_open') continue;
      const style = token.attrGet('style');
      if (style === null) continue;
      token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
      const align = /^text-align:(left|center|right)$/.exec(style)?.[1];
      if (align) token.attrJoin('class', `hearth-align-${align}`);
    }
  });
}

const ACTIONS = [
  ['copy', 'copy'],
  ['insert', 'insert'],
  ['replace', 'replace'],
  ['newFile', 'new-file'],
] as const;

export class MarkdownRenderer {
  readonly md: MarkdownIt;
  private streaming = false;

  constructor(private readonly labels: RenderLabels = DEFAULT_LABELS) {
    this.md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
    this.md.validateLink = isSafeLink;
    this.md.linkify.set({ fuzzyEmail: false, fuzzyLink: false });
    boundLinkLabels(this.md);
    alignWithClasses(this.md);
    linkCitations(this.md);
    const rules = this.md.renderer.rules;
    rules.fence = (tokens, idx) => this.codeBlock(tokens[idx].content, fenceLanguage(tokens[idx].info), tokens[idx]);
    rules.code_block = (tokens, idx) => this.codeBlock(tokens[idx].content, '', tokens[idx]);
    rules.image = (tokens, idx) => this.image(tokens[idx]);
    const defaultLinkOpen = rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
    rules.link_open = (tokens, idx, options, env, self) => {
      const href = tokens[idx].attrGet('href') ?? '';
      const citation = tokens[idx].attrGet('data-citation');
      tokens[idx].attrSet('title', citation ?? href);
      if (!href.startsWith('#')) tokens[idx].attrSet('class', 'external-link');
      return defaultLinkOpen(tokens, idx, options, env, self);
    };
  }

  /** HTML for a whole Markdown text. */
  render(source: string, options: RenderOptions = {}): string {
    this.streaming = !!options.streaming;
    try {
      return this.md.render(source);
    } finally {
      this.streaming = false;
    }
  }

  get renderLabels(): RenderLabels {
    return this.labels;
  }

  /** Parses without rendering (used by the incremental renderer to find block boundaries). */
  parse(source: string): Token[] {
    return this.md.parse(source, {});
  }

  /** Renders a slice of tokens that parse() returned. */
  renderTokens(tokens: Token[], options: RenderOptions = {}): string {
    this.streaming = !!options.streaming;
    try {
      return this.md.renderer.render(tokens, this.md.options, {});
    } finally {
      this.streaming = false;
    }
  }

  private codeBlock(code: string, language: string, token: Token): string {
    // An unclosed fence while streaming: highlighting would be redone on every frame.
    const unfinished = this.streaming && token.markup !== '' && code.length > STREAMING_HIGHLIGHT_MAX_CHARS;
    const highlighted = unfinished ? undefined : highlightCode(code, language);
    const body = highlighted ?? escapeHtml(code);
    return `${this.codeBlockOpen(language)}${body}${CODE_BLOCK_CLOSE}\n`;
  }

  /** The start of a code block up to its open <code> (the plain-text renderer streams the code into it). */
  codeBlockOpen(language: string): string {
    const lang = escapeHtml(language);
    const buttons = ACTIONS.map(([action, icon]) => {
      const label = escapeHtml(this.labels[action]);
      return `<button type="button" class="icon-button code-action" data-action="${action}" title="${label}" aria-label="${label}"><span class="codicon codicon-${icon}" aria-hidden="true"></span></button>`;
    }).join('');
    return (
      `<div class="code-block" data-lang="${lang}">` +
      `<div class="code-head"><span class="code-lang">${lang || escapeHtml(this.labels.code)}</span><span class="code-actions">${buttons}</span></div>` +
      `<pre><code class="hljs${lang ? ` language-${lang}` : ''}">`
    );
  }

  private image(token: Token): string {
    const src = token.attrGet('src') ?? '';
    const alt = escapeHtml(token.content || this.labels.image);
    if (!isSafeLink(src)) return alt;
    return `<a href="${escapeHtml(src)}" class="external-link image-link" title="${escapeHtml(src)}"><span class="codicon codicon-file-media" aria-hidden="true"></span>${alt}</a>`;
  }
}
