// The chat view: wires the header, the conversation, the composer and the history list to the
// extension. All state that matters lives in the extension (it survives this webview being destroyed
// when hidden); the webview keeps only the draft and which panel was open, through setState.
import { isHostMessage, type HostToView, type ViewConversation, type ViewMessage, type ViewReport } from '../shared/protocol';
import { BannerView } from './banner';
import { Composer } from './composer';
import { h } from './dom';
import { Header } from './header';
import { HistoryView } from './historyView';
import { loadState, post, saveState, type PersistedState } from './host';
import { MessageList } from './messageList';
import { MarkdownRenderer } from './render/markdown';
import { findUnsafeMarkup } from './render/safety';
import { setStrings, t } from './strings';

export class ChatApp {
  private readonly state: PersistedState = loadState();
  private header!: Header;
  private messages!: MessageList;
  private composer!: Composer;
  private history!: HistoryView;
  private banner!: BannerView;
  private chat!: HTMLElement;
  private conversation: ViewConversation = { title: '', messages: [] };
  private busy = false;
  private defaultSystemPrompt = '';
  private readonly status = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly root: HTMLElement) {}

  start(): void {
    window.addEventListener('message', (e: MessageEvent<unknown>) => {
      if (isHostMessage(e.data)) this.receive(e.data);
    });
    post({ type: 'ready' });
  }

  private build(): void {
    const renderer = new MarkdownRenderer({ copy: t('copy'), insert: t('insert'), replace: t('replace'), newFile: t('newFile'), code: t('code'), image: t('image'), plainRest: t('plainRest'), copyAnswer: t('copyAnswer') });
    this.header = new Header({
      selectModel: (model) => post({ type: 'selectModel', model }),
      setSystemPrompt: (text) => post({ type: 'setSystemPrompt', text }),
      systemPromptToggled: (open) => this.persist({ systemPromptOpen: open }),
    });
    this.messages = new MessageList(renderer, {
      edit: (m) => this.startEdit(m),
      retry: () => post({ type: 'retry' }),
      copy: (text) => post({ type: 'codeAction', action: 'copy', code: text }),
    });
    this.composer = new Composer({
      send: (text, editing) => post(editing ? { type: 'editResend', messageId: editing, text } : { type: 'send', text }),
      stop: () => post({ type: 'stop' }),
      attach: (kind) => post({ type: 'attach', kind }),
      removeAttachment: (id) => post({ type: 'removeAttachment', id }),
      mention: (kind) => post({ type: 'mention', kind }),
      editLast: () => {
        const last = [...this.conversation.messages].reverse().find((m) => m.role === 'user');
        if (last && !this.busy) this.startEdit(last);
      },
      draftChanged: () => this.persistSoon(),
    });
    this.history = new HistoryView({
      open: (id) => {
        post({ type: 'openConversation', id });
        this.showView('chat');
      },
      rename: (id, title) => post({ type: 'renameConversation', id, title }),
      remove: (id) => post({ type: 'deleteConversation', id }),
      exportOne: (id) => post({ type: 'exportConversation', id }),
      back: () => this.showView('chat'),
    });
    this.banner = new BannerView(
      (actionId) => post({ type: 'bannerAction', actionId }),
      () => post({ type: 'dismissBanner' }),
    );
    this.chat = h('main', { class: 'chat' }, this.header.element, this.banner.element, this.messages.element, this.composer.element);
    this.root.replaceChildren(this.chat, this.history.element, this.status);
    this.messages.element.addEventListener('click', (e) => this.onContentClick(e));
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.busy) {
        e.preventDefault();
        post({ type: 'stop' });
      }
    });
    this.composer.setDraft(this.state.draft);
  }

  private receive(msg: HostToView): void {
    switch (msg.type) {
      case 'init':
        setStrings(msg.strings);
        this.build();
        this.defaultSystemPrompt = msg.defaultSystemPrompt;
        this.header.setModels(msg.models);
        this.composer.setAttachments(msg.attachments);
        this.setBusy(msg.busy);
        this.showConversation(msg.conversation);
        if (this.state.editing) {
          const m = msg.conversation.messages.find((x) => x.id === this.state.editing);
          if (m) this.composer.startEdit(m.id, this.state.draft);
        }
        if (this.state.systemPromptOpen) this.header.togglePanel(true);
        this.showView(this.state.view);
        if (this.state.view === 'chat') this.composer.focus();
        break;
      case 'conversation':
        this.showConversation(msg.conversation);
        if (msg.clearDraft) this.composer.accepted();
        break;
      case 'delta':
        this.messages.delta(msg.id, msg.text, msg.thinking, msg.textOffset, msg.thinkingOffset);
        break;
      case 'message':
        this.updateMessage(msg.message);
        break;
      case 'models':
        this.header.setModels(msg.models);
        break;
      case 'attachments':
        this.composer.setAttachments(msg.attachments);
        break;
      case 'history':
        this.history.show(msg.items);
        break;
      case 'showHistory':
        post({ type: 'listHistory' });
        this.showView('history');
        this.history.focus();
        break;
      case 'banner':
        this.banner.show(msg.banner);
        break;
      case 'sendFailed':
        this.composer.refused(msg.draft);
        break;
      case 'busy':
        this.setBusy(msg.busy);
        break;
      case 'defaultSystemPrompt':
        this.defaultSystemPrompt = msg.text;
        this.header.setSystemPrompt(this.conversation.systemPrompt, this.defaultSystemPrompt);
        break;
      case 'focus':
        this.showView('chat');
        this.composer.focus();
        break;
      case 'requestReport':
        post({ type: 'report', requestId: msg.requestId, report: this.report() });
        break;
    }
  }

  private showConversation(conversation: ViewConversation): void {
    this.conversation = conversation;
    this.header.setTitle(conversation.title);
    this.header.setSystemPrompt(conversation.systemPrompt, this.defaultSystemPrompt);
    this.messages.show(conversation);
    if (this.composer.editing && !conversation.messages.some((m) => m.id === this.composer.editing)) this.composer.cancelEdit();
  }

  private updateMessage(message: ViewMessage): void {
    const i = this.conversation.messages.findIndex((m) => m.id === message.id);
    if (i >= 0) this.conversation.messages[i] = message;
    if (this.conversation.streamingId === message.id && message.status !== 'streaming') {
      this.conversation.streamingId = undefined;
      this.status.textContent = t('answered');
    }
    this.messages.update(message);
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.composer.setBusy(busy);
    this.messages.setBusy(busy);
    if (busy) this.status.textContent = t('answering');
  }

  private startEdit(m: ViewMessage): void {
    if (this.busy) return;
    this.composer.startEdit(m.id, m.content);
  }

  private showView(view: 'chat' | 'history'): void {
    this.chat.hidden = view !== 'chat';
    this.history.element.hidden = view !== 'history';
    this.persist({ view });
  }

  /** Clicks on links and code-block buttons inside rendered answers (no inline handlers: one delegate). */
  private onContentClick(e: MouseEvent): void {
    const target = e.target as HTMLElement;
    const link = target.closest('a');
    const citation = link?.getAttribute('data-citation');
    if (link && citation) {
      // A workspace source (a chip of the question, or a citation in the answer): the extension opens it.
      e.preventDefault();
      post({ type: 'openSource', citation });
      return;
    }
    if (link) {
      e.preventDefault();
      const href = link.getAttribute('href') ?? '';
      if (href && !href.startsWith('#')) post({ type: 'openLink', href });
      return;
    }
    const copyAnswer = target.closest<HTMLButtonElement>('button.md-rest-copy');
    if (copyAnswer) {
      // Beside the note where a long answer goes on as plain text: the whole answer, as the model wrote it.
      const id = copyAnswer.closest('article')?.getAttribute('data-id');
      const message = this.messages.current.find((m) => m.id === id);
      if (message) post({ type: 'codeAction', action: 'copy', code: message.content });
      this.flash(copyAnswer);
      return;
    }
    const button = target.closest<HTMLButtonElement>('button.code-action');
    const block = button?.closest('.code-block');
    if (!button || !block) return;
    const action = button.dataset.action;
    const code = block.querySelector('code')?.textContent ?? '';
    const language = block.getAttribute('data-lang') || undefined;
    if (action === 'copy' || action === 'insert' || action === 'replace' || action === 'newFile') {
      post({ type: 'codeAction', action, code, language });
      if (action === 'copy') this.flash(button);
    }
  }

  private flash(button: HTMLButtonElement): void {
    const glyph = button.querySelector('.codicon');
    glyph?.classList.replace('codicon-copy', 'codicon-check');
    this.status.textContent = t('copied');
    setTimeout(() => glyph?.classList.replace('codicon-check', 'codicon-copy'), 1500);
  }

  private persist(patch: Partial<PersistedState>): void {
    Object.assign(this.state, patch);
    saveState(this.state);
  }

  private persistSoon(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.persist({ draft: this.composer.draft, editing: this.composer.editing }), 200);
  }

  private report(): ViewReport {
    const articles = [...this.messages.element.querySelectorAll<HTMLElement>('article.message')];
    const rendered = articles.map((a) => a.querySelector('.markdown')?.innerHTML ?? '').join('\n');
    return {
      view: this.history.element.hidden ? 'chat' : 'history',
      messages: articles.map((a) => ({
        id: a.getAttribute('data-id') ?? '',
        role: a.classList.contains('user') ? 'user' : 'assistant',
        text: (a.querySelector('.markdown, .user-text')?.textContent ?? '').trim(),
        status: a.querySelector('.status')?.textContent ?? undefined,
      })),
      streaming: this.conversation.streamingId !== undefined,
      renders: this.messages.renders,
      codeBlocks: [...this.messages.element.querySelectorAll('.code-block')].map((b) => ({ language: b.getAttribute('data-lang') ?? '', code: b.querySelector('code')?.textContent ?? '' })),
      links: [...this.messages.element.querySelectorAll('.markdown a')].map((a) => a.getAttribute('href') ?? ''),
      draft: this.composer.draft,
      chips: this.composer.chipLabels,
      chipDetails: this.composer.chipItems.map((a) => ({ kind: a.kind, label: a.label, tokens: a.tokens })),
      citations: [...this.messages.element.querySelectorAll('.markdown a[data-citation]')].map((a) => a.getAttribute('data-citation') ?? ''),
      mentionPopup: this.composer.mentions.open ? { items: [...this.composer.mentions.items], active: this.composer.mentions.items[this.composer.mentions.active] ?? '' } : undefined,
      notices: [...this.messages.element.querySelectorAll('.notice')].map((n) => n.textContent ?? ''),
      banner: this.banner.message,
      model: this.header.select.value || undefined,
      modelNote: this.header.note,
      modelOptions: [...this.header.select.options].map((o) => o.value),
      historyTitles: this.history.items.map((i) => i.title),
      title: this.conversation.title,
      unsafeMarkup: findUnsafeMarkup(rendered),
      systemPrompt: this.header.systemPromptShown,
    };
  }
}
