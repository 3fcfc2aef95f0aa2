// The conversation: one article per message. Finished answers are rendered once (and cached), bounded
// like streamed ones (renderDocument); the answer being streamed is fed to a MarkdownStream, which
// re-renders only its last block, at most ~30 times a second and within a frame budget, and whose
// content is kept when the stream ends. The streamed answer is a polite live region, busy until it ends, so a screen
// reader reads it once when it is complete instead of token by token.
import type { ViewConversation, ViewMessage } from '../shared/protocol';
import { chipContent } from './chips';
import { h, icon, iconButton } from './dom';
import type { MarkdownRenderer } from './render/markdown';
import { ChunkedText } from './render/chunkedText';
import { renderDocument } from './render/document';
import { DEFAULT_LIMITS } from './render/limits';
import { MarkdownStream } from './render/stream';
import { formatNumber, t } from './strings';

interface Streaming {
  id: string;
  stream: MarkdownStream;
  article: HTMLElement;
  content: HTMLElement;
  thinking?: { details: HTMLDetailsElement; body: ChunkedText; summary: HTMLElement };
  /** When the first thought arrived in this view, to say "Thought for…" as soon as the answer starts. */
  thinkingSince?: number;
}

export interface MessageListEvents {
  edit(message: ViewMessage): void;
  retry(): void;
  copy(text: string): void;
}

export class MessageList {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private streaming: Streaming | undefined;
  private readonly htmlCache = new Map<string, { content: string; html: string }>();
  private messages: ViewMessage[] = [];
  private busy = false;
  /** Renders of streamed answers since the view loaded (reported to tests). */
  renders = 0;

  constructor(
    private readonly renderer: MarkdownRenderer,
    private readonly events: MessageListEvents,
  ) {
    this.list = h('div', { class: 'message-list', role: 'region', 'aria-label': t('conversation') });
    this.empty = h(
      'div',
      { class: 'empty-state' },
      h('div', { class: 'empty-icon' }, icon('comment-discussion')),
      h('h2', { text: t('emptyTitle') }),
      h('p', { text: t('emptyBody') }),
      h('p', { class: 'hint', text: t('emptyHint') }),
    );
    this.element = h('div', { class: 'scroller', tabindex: '-1' }, this.empty, this.list);
  }

  get current(): ViewMessage[] {
    return this.messages;
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.updateRetry();
  }

  show(conversation: ViewConversation): void {
    const stick = this.nearBottom();
    this.streaming?.stream.stop();
    this.streaming = undefined;
    this.messages = conversation.messages.map((m) => ({ ...m }));
    this.list.replaceChildren(...this.messages.map((m) => this.article(m, m.id === conversation.streamingId)));
    this.empty.hidden = this.messages.length > 0;
    const live = new Set(this.messages.map((m) => m.id));
    for (const id of this.htmlCache.keys()) if (!live.has(id)) this.htmlCache.delete(id);
    this.updateRetry();
    if (stick || conversation.streamingId) this.scrollToBottom();
  }

  /** Appends streamed text, skipping any part the last snapshot already had (see the offsets). */
  delta(id: string, newText: string, newThinking: string, textOffset: number, thinkingOffset: number): void {
    const s = this.streaming;
    const message = this.messages.find((m) => m.id === id);
    if (!s || s.id !== id || !message) return;
    const text = newText.slice(Math.max(0, message.content.length - textOffset));
    const thinking = newThinking.slice(Math.max(0, (message.thinking?.length ?? 0) - thinkingOffset));
    message.content += text;
    if (thinking) {
      message.thinking = (message.thinking ?? '') + thinking;
      const parts = s.thinking ?? this.addThinking(s.article, message);
      s.thinkingSince ??= performance.now();
      parts.body.append(thinking);
    }
    if (text && s.thinking && s.thinkingSince !== undefined && !message.content.slice(0, -text.length)) {
      s.thinking.summary.textContent = t('thoughtFor', formatNumber((performance.now() - s.thinkingSince) / 1000, 1));
    }
    s.stream.append(text);
  }

  /** A message changed as a whole (the end of a stream: status, counts). */
  update(message: ViewMessage): void {
    const index = this.messages.findIndex((m) => m.id === message.id);
    if (index < 0) return;
    const stick = this.nearBottom();
    const old = this.list.querySelector(`article[data-id="${CSS.escape(message.id)}"]`);
    // The streamed content is kept when it shows the final text: rendering a long answer again would
    // cost what streaming it spread over many frames.
    let content: HTMLElement | undefined;
    const s = this.streaming?.id === message.id ? this.streaming : undefined;
    if (s) {
      this.streaming = undefined;
      if (s.stream.value === message.content && old?.contains(s.content)) {
        const html = s.stream.finish();
        if (html !== undefined) this.htmlCache.set(message.id, { content: message.content, html });
        content = s.content;
        content.removeAttribute('aria-live');
        content.removeAttribute('aria-busy');
      } else s.stream.stop();
    }
    this.messages[index] = { ...message };
    old?.replaceWith(this.article(message, false, content));
    this.updateRetry();
    if (stick) this.scrollToBottom();
  }

  focusLast(): void {
    this.list.lastElementChild?.querySelector<HTMLElement>('button, a')?.focus();
  }

  scrollToBottom(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }

  private nearBottom(): boolean {
    const el = this.element;
    return el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  }

  /** `reuse`: the rendered content of the answer that just finished streaming. */
  private article(m: ViewMessage, streaming: boolean, reuse?: HTMLElement): HTMLElement {
    const isUser = m.role === 'user';
    const article = h('article', { class: `message ${m.role}`, 'data-id': m.id, 'aria-label': isUser ? t('you') : t('assistant') });
    const actions = h('span', { class: 'message-actions' });
    if (isUser) {
      const edit = iconButton('edit', t('edit'), { 'data-message-action': 'edit' });
      edit.addEventListener('click', () => this.events.edit(m));
      actions.append(edit);
    } else if (!streaming) {
      const copy = iconButton('copy', t('copyAnswer'), { 'data-message-action': 'copy' });
      copy.addEventListener('click', () => this.events.copy(m.content));
      const retry = iconButton('refresh', t('retry'), { 'data-message-action': 'retry', class: 'icon-button retry' });
      retry.addEventListener('click', () => this.events.retry());
      actions.append(copy, retry);
    }
    article.append(
      h(
        'div',
        { class: 'message-head' },
        icon(isUser ? 'account' : 'sparkle'),
        h('span', { class: 'author', text: isUser ? t('you') : t('assistant') }),
        !isUser && m.model ? h('span', { class: 'model-name', text: m.model }) : undefined,
        actions,
      ),
    );
    if (m.omittedMessages) article.append(h('div', { class: 'notice', role: 'note' }, icon('info'), h('span', { text: m.omittedMessages === 1 ? t('omittedOne') : t('omitted', m.omittedMessages) })));
    if (m.attachmentsCut) article.append(h('div', { class: 'notice', role: 'note' }, icon('info'), h('span', { text: t('attachmentsCut') })));
    if (m.workspaceNote === 'nothingFound' || m.workspaceNote === 'nothingFoundBuilding') {
      article.append(h('div', { class: 'notice workspace-note', role: 'note' }, icon('search-stop'), h('span', { text: t('nothingFound') })));
    }
    if (m.workspaceNote === 'building' || m.workspaceNote === 'nothingFoundBuilding') {
      article.append(h('div', { class: 'notice workspace-note', role: 'note' }, icon('info'), h('span', { text: t('indexBuilding') })));
    }
    if (m.attachments?.length) {
      article.append(
        h(
          'ul',
          { class: 'chips sent' },
          ...m.attachments.map((a) => {
            const { children, title } = chipContent(a);
            return h('li', { class: 'chip', 'data-kind': a.kind, title }, ...children);
          }),
        ),
      );
    }
    if (isUser) {
      article.append(h('div', { class: 'user-text', text: m.content }));
      return article;
    }
    let thinking: Streaming['thinking'];
    if (m.thinking) {
      thinking = this.addThinking(article, m, streaming);
      thinking.body.append(m.thinking);
    }
    const content = reuse ?? h('div', { class: 'markdown' });
    article.append(content);
    if (streaming) {
      content.setAttribute('aria-live', 'polite');
      content.setAttribute('aria-busy', 'true');
      const stream = new MarkdownStream(content, this.renderer, {
        onRender: () => {
          this.renders++;
          if (this.nearBottom() || this.element.scrollTop === 0) this.scrollToBottom();
        },
      });
      stream.set(m.content);
      this.streaming = { id: m.id, stream, article, content, thinking };
      article.append(h('div', { class: 'message-foot streaming' }, h('span', { class: 'codicon codicon-loading codicon-modifier-spin', 'aria-hidden': 'true' }), h('span', { text: t('answering') })));
      return article;
    }
    if (!reuse) content.innerHTML = this.html(m);
    const foot = this.footer(m);
    if (foot) article.append(foot);
    return article;
  }

  private addThinking(article: HTMLElement, m: ViewMessage, streaming = true): NonNullable<Streaming['thinking']> {
    const summary = h('summary', { text: streaming && !m.content ? t('thinking') : m.thinkingMs ? t('thoughtFor', formatNumber(m.thinkingMs / 1000, m.thinkingMs < 10_000 ? 1 : 0)) : t('thinking') });
    // Thinking can be as long as the model likes: chunked like plain answer text (render/chunkedText.ts).
    const element = h('div', { class: 'thinking-body' });
    const body = new ChunkedText(element, 'div', DEFAULT_LIMITS.plainChunkChars);
    const details = h('details', { class: 'thinking' }, summary, element);
    const anchor = article.querySelector('.markdown');
    if (anchor) anchor.before(details);
    else article.append(details);
    const parts = { details, body, summary };
    if (this.streaming && this.streaming.article === article) this.streaming.thinking = parts;
    return parts;
  }

  private footer(m: ViewMessage): HTMLElement | undefined {
    const parts: (HTMLElement | string)[] = [];
    if (m.status === 'stopped') parts.push(h('span', { class: 'status stopped' }, icon('debug-stop'), h('span', { text: t('stopped') })));
    else if (m.status === 'error') parts.push(h('span', { class: 'status error', role: 'status' }, icon('warning'), h('span', { text: t('failed', m.error ?? '') })));
    else if (m.status === 'streaming') parts.push(h('span', { class: 'status error' }, icon('warning'), h('span', { text: t('interrupted') })));
    if (m.evalTokens !== undefined) {
      const stats = m.tokensPerSecond !== undefined ? t('tokensStats', formatNumber(m.evalTokens), formatNumber(m.tokensPerSecond, 1)) : t('tokens', formatNumber(m.evalTokens));
      parts.push(h('span', { class: 'stats', text: stats }));
    }
    return parts.length ? h('div', { class: 'message-foot' }, ...parts) : undefined;
  }

  private html(m: ViewMessage): string {
    const cached = this.htmlCache.get(m.id);
    if (cached && cached.content === m.content) return cached.html;
    const html = renderDocument(this.renderer, m.content);
    this.htmlCache.set(m.id, { content: m.content, html });
    return html;
  }

  /** Retry is offered on the last answer only, and not while another one streams. */
  private updateRetry(): void {
    const buttons = this.list.querySelectorAll<HTMLButtonElement>('button.retry');
    const last = this.messages.at(-1);
    buttons.forEach((b) => {
      const article = b.closest('article');
      b.hidden = this.busy || !last || last.role !== 'assistant' || article?.getAttribute('data-id') !== last.id;
    });
  }
}
