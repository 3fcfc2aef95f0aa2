// The chat's state and behaviour in the extension host: the open conversation, the pending
// attachments, the answer being streamed, the model list, and the history. It outlives the webview
// (which VS Code destroys when the view is hidden): a stream goes on while the view is away, and the
// view gets the whole state again when it comes back.
import * as vscode from 'vscode';
import { buildContext } from '../../core/chat/context';
import { conversationToMarkdown, exportFileName, type ExportLabels } from '../../core/chat/export';
import { emptyConversation, type HistoryStore } from '../../core/chat/historyStore';
import { newId } from '../../core/chat/ids';
import { cleanTitle, deriveTitle } from '../../core/chat/title';
import type { Attachment, Conversation, StoredMessage } from '../../core/chat/types';
import { viewAttachment, viewConversation, viewMessage } from '../../core/chat/viewModel';
import type { ModelGateway } from '../../core/endpoints/modelGateway';
import { OllamaError, isAbort, toOllamaError } from '../../core/ollama/errors';
import { displayModelName, sameModel } from '../../core/ollama/names';
import type { ModelDetails, ModelOptions } from '../../core/ollama/types';
import type { GenerationOptions } from '../../core/generation';
import { adjustForConnection, userMessageFor, type ErrorAction } from '../../platform/errors';
import { statusProblem } from '../../core/state/problem';
import { connectionSentence } from '../../platform/connectionText';
import { endpointMessageFor } from '../../platform/endpointErrors';
import { readyGateway, reportUnreachable } from '../../platform/endpointReady';
import type { HearthServices } from '../../platform/services';
import type { Banner, HistoryItem, HostToView, ModelsState, ViewToHost } from '../../shared/protocol';
import { collect, trimmedNotice, type PendingAttachment } from './attachments';
import { runCodeAction } from './codeActions';
import { defaultSystemPrompt, systemPromptForTurn } from './config';
import type { EditorTracker } from './editorTracker';
import { openLink } from './links';
import { chatModels, modelFor } from './models';
import { viewStrings } from './strings';
import { streamAnswer } from './turn';
import { collectMention, type MentionContext } from './mentions';
import { prepareWorkspaceTurn } from './mentions/workspace';
import { openSource } from './sources';
import type { TerminalTracker } from './terminalTracker';
import { parseMentions, type MentionKind } from '../../shared/mentions';
import type { WorkspaceIndexAccess } from '../../platform/workspaceIndexAccess';

export interface ViewPort {
  post(message: HostToView): void;
}

interface ActiveTurn {
  controller: AbortController;
  answerId: string;
  done: Promise<void>;
}

export interface SendRequest {
  text: string;
  /** Replace this user message (and everything after it) instead of adding a new one. */
  editOf?: string;
  /** Send the last user message again (Retry). */
  retry?: boolean;
}

export class ChatSession implements vscode.Disposable {
  private conversation: Conversation = emptyConversation();
  private saved = false;
  private attachments: PendingAttachment[] = [];
  private turn: ActiveTurn | undefined;
  /** A send is checking the daemon and the model; a second one must wait. */
  private starting = false;
  private modelsState: ModelsState = { status: 'loading', models: [] };
  /** `connection`: the banner is about reaching Ollama, and goes when Ollama answers again. */
  private bannerState: { banner: Banner; actions: ErrorAction[]; connection?: boolean } | undefined;
  private view: ViewPort | undefined;
  private initialLoad: Promise<void> | undefined;
  private persistChain: Promise<void> = Promise.resolve();
  private modelsRequest = 0;
  /** Tests answer @workspace from their own index. */
  private indexOverride: WorkspaceIndexAccess | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly services: HearthServices,
    private readonly store: HistoryStore,
    private readonly editors: EditorTracker,
    private readonly terminals: TerminalTracker,
  ) {
    this.disposables.push(
      store.onDidFindCorruptFile((c) => {
        this.showBanner('warning', vscode.l10n.t('A saved conversation could not be read. It was moved aside as {0} and the others are safe.', c.movedTo), []);
      }),
      services.config.onDidChange(() => {
        if (!this.view) return; // the next handshake sends everything anyway
        this.post({ type: 'defaultSystemPrompt', text: defaultSystemPrompt(services) });
        void this.refreshModels();
      }),
      services.gateway.onDidChangeModels(() => {
        if (this.view) void this.refreshModels();
      }),
      // The chat moved to another endpoint (or its address or token changed): its models are another list.
      services.endpoints.onDidChange(() => {
        if (this.view) void this.refreshModels();
      }),
      // The header, the model menu and a banner about the connection follow the one state at once.
      services.state.onDidChange((change) => {
        if (!change.connectionKindChanged && !change.parts.has('installed')) return;
        if (change.snapshot.connection.kind === 'connected' && this.bannerState?.connection) this.clearBanner();
        if (this.view) void this.refreshModels();
      }),
    );
  }

  // ---- the view's life cycle ----------------------------------------------------------------------

  attach(view: ViewPort): void {
    this.view = view;
  }

  detach(view: ViewPort): void {
    if (this.view === view) this.view = undefined;
  }

  get busy(): boolean {
    return this.turn !== undefined;
  }

  get pending(): readonly PendingAttachment[] {
    return this.attachments;
  }

  get current(): Conversation {
    return this.conversation;
  }

  /** The handshake: the view's script runs and wants everything. */
  async ready(): Promise<void> {
    await this.loadLatest();
    this.post({
      type: 'init',
      strings: viewStrings(),
      conversation: this.snapshot(),
      models: this.modelsState,
      attachments: this.attachments.map(viewAttachment),
      defaultSystemPrompt: defaultSystemPrompt(this.services),
      busy: this.busy,
    });
    if (this.bannerState) this.post({ type: 'banner', banner: this.bannerState.banner });
    void this.refreshModels();
  }

  /** Opens the most recent conversation once, when the view first shows after start-up. */
  private loadLatest(): Promise<void> {
    this.initialLoad ??= (async () => {
      try {
        const [latest] = await this.store.list();
        if (!latest || this.saved || this.conversation.messages.length) return;
        const loaded = await this.store.load(latest.id);
        if (loaded && !this.saved && !this.conversation.messages.length) this.setConversation(loaded, true);
      } catch (err) {
        this.services.log.error(`chat: could not read the history: ${String(err)}`);
      }
    })();
    return this.initialLoad;
  }

  // ---- messages from the view ---------------------------------------------------------------------

  async handle(msg: ViewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        return this.ready();
      case 'send':
        return this.send({ text: msg.text });
      case 'editResend':
        return this.send({ text: msg.text, editOf: msg.messageId });
      case 'retry':
        return this.send({ text: '', retry: true });
      case 'stop':
        return this.stop();
      case 'newChat':
        return this.newChat();
      case 'listHistory':
        return this.postHistory();
      case 'openConversation':
        return this.open(msg.id);
      case 'deleteConversation':
        return this.remove(msg.id);
      case 'renameConversation':
        return this.rename(msg.id, msg.title);
      case 'exportConversation':
        await this.exportMarkdown(msg.id);
        return;
      case 'selectModel':
        return this.selectModel(msg.model);
      case 'setSystemPrompt':
        return this.setSystemPrompt(msg.text);
      case 'attach':
        return this.attachFromEditor(msg.kind);
      case 'removeAttachment':
        this.attachments = this.attachments.filter((a) => a.id !== msg.id);
        return this.postAttachments();
      case 'codeAction':
        await runCodeAction(msg.action, msg.code, msg.language, this.editors);
        return;
      case 'openLink':
        return openLink(msg.href);
      case 'mention':
        return this.attachMention(msg.kind);
      case 'openSource':
        return openSource(msg.citation, this.services.log);
      case 'bannerAction': {
        const action = this.bannerState?.actions[msg.actionId];
        if (action) await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
        return;
      }
      case 'dismissBanner':
        return this.clearBanner();
      case 'report':
        return; // answered by the provider, which asked for it
    }
  }

  // ---- sending ------------------------------------------------------------------------------------

  async send(request: SendRequest): Promise<void> {
    const draft = request.text;
    if (this.turn || this.starting) {
      this.post({ type: 'sendFailed', draft });
      return;
    }
    this.starting = true;
    try {
      await this.startTurn(request, draft);
    } finally {
      this.starting = false;
    }
  }

  private async startTurn(request: SendRequest, draft: string): Promise<void> {
    const messages = this.conversation.messages;
    let history: StoredMessage[];
    let user: StoredMessage;
    if (request.retry) {
      const lastUser = messages.map((m) => m.role).lastIndexOf('user');
      if (lastUser < 0) return;
      history = messages.slice(0, lastUser);
      user = messages[lastUser];
    } else if (request.editOf) {
      const at = messages.findIndex((m) => m.id === request.editOf && m.role === 'user');
      if (at < 0) {
        this.post({ type: 'sendFailed', draft });
        return;
      }
      history = messages.slice(0, at);
      user = { id: newId('m'), role: 'user', content: draft, createdAt: Date.now(), attachments: messages[at].attachments };
    } else {
      const attachments: Attachment[] = this.attachments.map(({ source: _source, totalChars: _total, ...a }) => a);
      if (!draft.trim() && attachments.length === 0) return;
      history = messages;
      user = { id: newId('m'), role: 'user', content: draft, createdAt: Date.now(), ...(attachments.length ? { attachments } : {}) };
    }
    // Mentions written out in the text (`@selection`, `@workspace`…) count as if picked.
    const written = request.retry ? { kinds: [], text: user.content } : parseMentions(user.content);
    const inline = await this.inlineMentions(written.kinds.filter((k) => k !== 'workspace'), user.attachments ?? []);
    if (typeof inline === 'string') {
      this.showBanner('info', inline, []);
      this.post({ type: 'sendFailed', draft });
      return;
    }
    if (inline.length) user = { ...user, attachments: [...(user.attachments ?? []), ...inline] };
    const askWorkspace = !request.retry && (written.kinds.includes('workspace') || (user.attachments ?? []).some((a) => a.kind === 'workspace'));

    const systemPrompt = this.conversation.systemPrompt ?? (await systemPromptForTurn(this.services));
    if (systemPrompt === undefined) {
      this.post({ type: 'sendFailed', draft });
      return;
    }
    const generation = this.services.custom.generation('chat');
    const controller = new AbortController();
    let model: ModelDetails;
    let contextTokens: number;
    let gateway: ModelGateway;
    try {
      gateway = await readyGateway(this.services, 'chat', { interactive: true, signal: controller.signal });
      model = await modelFor(this.services, gateway, this.conversation.model ?? this.modelsState.selected, controller.signal);
      // The window the gateway runs this model with: the one every feature shares unless the chat has its own.
      contextTokens = await gateway.contextWindow(model.name, { signal: controller.signal, contextLength: generation.contextLength });
    } catch (err) {
      this.fail(err, draft, this.conversation.model ?? this.modelsState.selected);
      return;
    }
    // @workspace: the sources found go with the question, and the system prompt asks for citations.
    const prepared = await prepareWorkspaceTurn({
      index: this.workspaceIndex,
      log: this.services.log,
      ask: askWorkspace,
      question: written.text,
      systemPrompt,
      history,
      user,
      contextTokens,
      maxAnswerTokens: generation.maxOutputTokens,
      signal: controller.signal,
    });
    if (typeof prepared === 'string') {
      this.showBanner('info', prepared, []);
      this.post({ type: 'sendFailed', draft });
      return;
    }
    user = prepared.user;
    const { systemPrompt: turnSystemPrompt, note: workspaceNote } = prepared;
    const built = buildContext({ systemPrompt: turnSystemPrompt, history, message: user, contextTokens, maxAnswerTokens: generation.maxOutputTokens });
    if (built.overflow) {
      this.showBanner('error', vscode.l10n.t('The message is too long for the context window of {0} (about {1} tokens of {2}). Shorten it or remove attachments.', displayModelName(model.name), built.overflow.needed, built.overflow.budget), []);
      this.post({ type: 'sendFailed', draft });
      return;
    }

    const answer: StoredMessage = {
      id: newId('m'),
      role: 'assistant',
      content: '',
      createdAt: Date.now(),
      model: displayModelName(model.name),
      status: 'streaming',
      ...(built.omittedMessages ? { omittedMessages: built.omittedMessages } : {}),
      ...(built.attachmentsCut ? { attachmentsCut: true } : {}),
      ...(workspaceNote ? { workspaceNote } : {}),
    };
    this.conversation.messages = [...history, user, answer];
    if (!this.conversation.titleEdited && history.length === 0) this.conversation.title = deriveTitle(user.content, user.attachments?.[0]?.label ?? '');
    this.conversation.updatedAt = Date.now();
    if (!request.retry && !request.editOf) this.attachments = [];
    this.clearBanner();

    let finish!: () => void;
    this.turn = { controller, answerId: answer.id, done: new Promise<void>((resolve) => (finish = resolve)) };
    this.starting = false;
    this.post({ type: 'conversation', conversation: this.snapshot(), clearDraft: !request.retry });
    this.post({ type: 'busy', busy: true });
    this.postAttachments();
    void this.persist();

    const outcome = await streamAnswer(
      gateway,
      { model: model.name, messages: built.messages, contextLength: generation.contextLength, options: chatOptions(generation) },
      answer,
      controller.signal,
      {
        delta: (text, thinking, textOffset, thinkingOffset) => this.post({ type: 'delta', id: answer.id, text, thinking, textOffset, thinkingOffset }),
        checkpoint: () => void this.persist(),
        // Cancel in the notice stops the answer as the Stop button does (kept, marked stopped).
        onStall: this.services.stalls.handler('chat', () => controller.abort()),
      },
    );
    answer.status = outcome.kind;
    if (outcome.kind === 'done') this.services.milestones.reach('chatted');
    if (outcome.kind === 'error' && outcome.error.kind === 'unreachable' && !answer.content && !answer.thinking) {
      // The daemon went away between the health check and the request: nothing was said, so undo the
      // turn and give the text back to the input instead of keeping an empty failed answer.
      this.conversation.messages = messages;
      this.turn = undefined;
      this.post({ type: 'conversation', conversation: this.snapshot(), clearDraft: false });
      this.post({ type: 'busy', busy: false });
      this.fail(outcome.error, draft, model.name);
      reportUnreachable(this.services, 'chat');
      await this.persist();
      finish();
      return;
    }
    if (outcome.kind === 'error') {
      // Said once, where the user is looking: in the answer and the chat's banner (no notification too).
      const message = this.messageFor(outcome.error, model.name);
      answer.error = message.message;
      this.showBanner(message.severity, message.message, message.actions, outcome.error.kind === 'unreachable');
      this.services.log.error(`chat: ${outcome.error.kind}: ${outcome.error.message}`);
      if (outcome.error.kind === 'unreachable') reportUnreachable(this.services, 'chat');
    }
    this.conversation.updatedAt = Date.now();
    this.turn = undefined;
    this.post({ type: 'message', message: viewMessage(answer) });
    this.post({ type: 'busy', busy: false });
    await this.persist();
    finish();
  }

  /** Stops the answer being streamed (the HTTP request is closed) and waits until it is saved. */
  async stop(): Promise<void> {
    const turn = this.turn;
    if (!turn) return;
    turn.controller.abort();
    await turn.done;
  }

  /** Resolves when no answer is streaming. */
  idle(): Promise<void> {
    return this.turn?.done ?? Promise.resolve();
  }

  private fail(err: unknown, draft: string, model: string | undefined): void {
    if (isAbort(err)) {
      this.post({ type: 'sendFailed', draft });
      return;
    }
    const error = err instanceof OllamaError ? err : toOllamaError(err, { model });
    this.services.log.error(`chat: ${error.kind}: ${error.message}${error.details.reported ? ' (already shown)' : ''}`);
    this.post({ type: 'sendFailed', draft });
    // The chat says it in its banner, where the user is looking; a notification too would say it twice.
    const message = this.messageFor(error, model);
    this.showBanner(message.severity, message.message, message.actions, error.kind === 'unreachable');
  }

  /** The words and buttons for an error, with Start or Install offered by what the connection state knows. */
  private messageFor(error: OllamaError, model: string | undefined): ReturnType<typeof userMessageFor> {
    if (!this.services.endpoints.isLocal('chat')) {
      // Another endpoint: the local daemon's state (Start, Install) says nothing about it.
      const gateway = this.services.endpoints.gatewayFor('chat');
      return endpointMessageFor(error, { name: gateway.endpoint, label: gateway.label }, { feature: 'chat', model });
    }
    const message = userMessageFor(error, { feature: 'chat', model, host: this.services.config.host?.url });
    return adjustForConnection(message, error, this.services.state.snapshot.connection);
  }

  // ---- conversations ------------------------------------------------------------------------------

  async newChat(): Promise<void> {
    await this.stop();
    this.setConversation(emptyConversation(), false);
    this.clearBanner();
  }

  /**
   * Starts a conversation from another feature's result (e.g. a summary): `title` as the question,
   * `attachment` as the text it was about, `text` as the first answer. The user continues from there.
   */
  async openWith(args: { title: string; text: string; attachment?: string }): Promise<void> {
    await this.stop();
    const c = emptyConversation();
    const now = Date.now();
    const attachments: Attachment[] = args.attachment ? [{ id: newId('a'), kind: 'text', label: args.title, content: args.attachment }] : [];
    c.title = deriveTitle(args.title, '');
    c.messages = [
      { id: newId('m'), role: 'user', content: args.title, createdAt: now, ...(attachments.length ? { attachments } : {}) },
      { id: newId('m'), role: 'assistant', content: args.text, createdAt: now, status: 'done' },
    ];
    this.setConversation(c, false);
    await this.persist();
  }

  async open(id: string): Promise<void> {
    if (id === this.conversation.id && this.saved) {
      this.post({ type: 'conversation', conversation: this.snapshot() });
      return;
    }
    await this.stop();
    const loaded = await this.store.load(id);
    if (!loaded) {
      this.showBanner('warning', vscode.l10n.t('That conversation no longer exists.'), []);
      await this.postHistory();
      return;
    }
    this.setConversation(loaded, true);
  }

  async remove(id: string): Promise<void> {
    const summary = (await this.store.list()).find((s) => s.id === id);
    const yes = vscode.l10n.t('Delete');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Delete the conversation "{0}"?', summary?.title || vscode.l10n.t('New Chat')), { modal: true, detail: vscode.l10n.t('This cannot be undone.') }, yes);
    if (answer !== yes) return;
    if (id === this.conversation.id) {
      await this.stop();
      await this.persistChain;
      this.setConversation(emptyConversation(), false);
    }
    await this.store.delete(id);
    await this.postHistory();
  }

  async rename(id: string, title: string): Promise<void> {
    const clean = cleanTitle(title);
    if (!clean) return;
    if (id === this.conversation.id) {
      this.conversation.title = clean;
      this.conversation.titleEdited = true;
      this.post({ type: 'conversation', conversation: this.snapshot() });
      await this.persist();
    } else {
      const c = await this.store.load(id);
      if (!c) return;
      await this.store.save({ ...c, title: clean, titleEdited: true });
    }
    await this.postHistory();
  }

  async exportMarkdown(id?: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const c = !id || id === this.conversation.id ? this.conversation : await this.store.load(id);
    if (!c || c.messages.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is nothing to export yet.'));
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, exportFileName(c.title)) : undefined,
        filters: { Markdown: ['md'] },
        title: vscode.l10n.t('Export Chat as Markdown'),
      }));
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(conversationToMarkdown(c, exportLabels())));
    if (!target) {
      const open = vscode.l10n.t('Open');
      void vscode.window.showInformationMessage(vscode.l10n.t('Chat exported to {0}.', vscode.workspace.asRelativePath(uri)), open).then((picked) => {
        if (picked === open) void vscode.window.showTextDocument(uri);
      });
    }
    return uri;
  }

  async postHistory(): Promise<void> {
    const items: HistoryItem[] = (await this.store.list()).map((s) => ({ id: s.id, title: s.title, updatedAt: s.updatedAt, messageCount: s.messageCount }));
    this.post({ type: 'history', items });
  }

  showHistory(): void {
    this.post({ type: 'showHistory' });
  }

  focusInput(): void {
    this.post({ type: 'focus' });
  }

  private setConversation(c: Conversation, saved: boolean): void {
    this.conversation = c;
    this.saved = saved;
    this.post({ type: 'conversation', conversation: this.snapshot() });
    void this.refreshModels();
  }

  private snapshot(): ReturnType<typeof viewConversation> {
    return viewConversation(this.conversation, this.turn?.answerId, this.saved);
  }

  /** Saves the open conversation (if it has messages), one save at a time. */
  private persist(): Promise<void> {
    const run = async (): Promise<void> => {
      const c = this.conversation;
      if (c.messages.length === 0) return;
      try {
        const result = await this.store.save(c);
        c.revision = result.conversation.revision;
        c.title = result.conversation.title;
        c.titleEdited = result.conversation.titleEdited;
        const wasSaved = this.saved;
        if (c === this.conversation) this.saved = true;
        if (result.forkedFrom) {
          c.id = result.conversation.id;
          c.revision = result.conversation.revision;
          this.showBanner('info', vscode.l10n.t('This conversation was also changed in another window, so it was saved as a copy. Both versions are in the history.'), []);
        }
        if (!wasSaved || result.forkedFrom) this.post({ type: 'conversation', conversation: this.snapshot() });
      } catch (err) {
        this.services.log.error(`chat: could not save the conversation: ${String(err)}`);
        this.showBanner('error', vscode.l10n.t('The conversation could not be saved: {0}', err instanceof Error ? err.message : String(err)), []);
      }
    };
    this.persistChain = this.persistChain.then(run);
    return this.persistChain;
  }

  // ---- models, system prompt, attachments ---------------------------------------------------------

  private async refreshModels(): Promise<void> {
    const request = ++this.modelsRequest;
    const preferred = this.conversation.model ?? (this.services.config.settings.model.chat || undefined);
    const connection = this.services.state.snapshot.connection;
    const local = this.services.endpoints.isLocal('chat');
    let state: ModelsState;
    // The one state is the local daemon's: it speaks for the chat only when the chat uses the local Ollama.
    if (local && statusProblem(connection)) {
      // What every other view says about the daemon now, without asking it again.
      state = { status: 'error', models: [], selected: preferred, error: connectionSentence(connection) };
    } else {
      try {
        const gateway = this.services.endpoints.gatewayFor('chat');
        gateway.ensureAllowed();
        const models = await chatModels({ gateway });
        let selected = preferred ? (models.find((m) => sameModel(m.name, preferred))?.name ?? preferred) : undefined;
        if (!selected) selected = await this.services.models.resolve('chat', { interactive: false }).then((d) => displayModelName(d.name), () => models[0]?.name);
        state = { status: 'ready', models, selected };
      } catch (err) {
        const error = toOllamaError(err, {});
        state = { status: 'error', models: [], selected: preferred, error: this.messageFor(error, undefined).message };
      }
    }
    if (request !== this.modelsRequest) return;
    this.modelsState = state;
    this.post({ type: 'models', models: state });
  }

  private async selectModel(model: string): Promise<void> {
    this.conversation.model = model;
    this.modelsState = { ...this.modelsState, selected: model };
    this.post({ type: 'models', models: this.modelsState });
    if (this.saved) await this.persist();
  }

  private async setSystemPrompt(text: string | null): Promise<void> {
    if (text === null) delete this.conversation.systemPrompt;
    else this.conversation.systemPrompt = text;
    this.post({ type: 'conversation', conversation: this.snapshot() });
    if (this.saved) await this.persist();
  }

  private get workspaceIndex(): WorkspaceIndexAccess {
    return this.indexOverride ?? this.services.workspaceIndex;
  }

  useWorkspaceIndex(index: WorkspaceIndexAccess | undefined): void {
    this.indexOverride = index;
  }

  private get mentionContext(): MentionContext {
    return { editors: this.editors, terminals: this.terminals, workspaceIndex: this.workspaceIndex };
  }

  /** A mention picked in the chat box: attaches what it names, or says why nothing was. */
  async attachMention(kind: MentionKind): Promise<void> {
    const found = await collectMention(kind, this.mentionContext);
    if (found === undefined) return; // the user cancelled a pick
    if (typeof found === 'string') {
      this.showBanner('info', found, []);
      return;
    }
    this.addAttachments(found);
  }

  /** Attachments for mentions written out in a message, unless already attached; a note when one has nothing. */
  private async inlineMentions(kinds: MentionKind[], attached: readonly Attachment[]): Promise<Attachment[] | string> {
    const out: Attachment[] = [];
    for (const kind of kinds) {
      if (attached.some((a) => a.kind === kind)) continue;
      const found = await collectMention(kind, this.mentionContext, false);
      if (typeof found === 'string') return found;
      for (const { source: _source, totalChars: _total, ...a } of found ?? []) out.push(a);
    }
    return out;
  }

  async attachFromEditor(kind: 'selection' | 'file' | 'editors'): Promise<void> {
    const found = await collect(kind, this.editors);
    if (typeof found === 'string') {
      this.showBanner('info', found, []);
      return;
    }
    this.addAttachments(found);
  }

  addAttachments(items: PendingAttachment[]): void {
    const sources = new Set(items.map((a) => a.source));
    this.attachments = [...this.attachments.filter((a) => !sources.has(a.source)), ...items];
    this.postAttachments();
    const notice = trimmedNotice(items);
    if (notice) this.showBanner('info', notice, []);
  }

  private postAttachments(): void {
    this.post({ type: 'attachments', attachments: this.attachments.map(viewAttachment) });
  }

  // ---- banner -------------------------------------------------------------------------------------

  private showBanner(severity: Banner['severity'], message: string, actions: ErrorAction[], connection = false): void {
    this.bannerState = { banner: { severity, message, actions: actions.map((a, id) => ({ id, title: a.title })) }, actions, connection };
    this.post({ type: 'banner', banner: this.bannerState.banner });
  }

  private clearBanner(): void {
    if (!this.bannerState) return;
    this.bannerState = undefined;
    this.post({ type: 'banner', banner: undefined });
  }

  private post(message: HostToView): void {
    this.view?.post(message);
  }

  dispose(): void {
    this.turn?.controller.abort();
    for (const d of this.disposables) d.dispose();
  }
}

/** Only what the user set: unset, the model's own temperature and no limit on the answer apply. */
function chatOptions(g: GenerationOptions): ModelOptions | undefined {
  const options: ModelOptions = {};
  if (g.temperature !== undefined) options.temperature = g.temperature;
  if (g.maxOutputTokens !== undefined) options.num_predict = g.maxOutputTokens;
  return Object.keys(options).length ? options : undefined;
}

function exportLabels(): ExportLabels {
  return {
    user: vscode.l10n.t('You'),
    assistant: vscode.l10n.t('Hearth'),
    model: (name) => vscode.l10n.t('Model: {0}', name),
    exported: (date) => vscode.l10n.t('Exported from Hearth on {0}', date),
    systemPrompt: vscode.l10n.t('System Prompt'),
    thinking: vscode.l10n.t('Thinking'),
    stopped: vscode.l10n.t('Stopped'),
    failed: (reason) => vscode.l10n.t('Incomplete: {0}', reason),
  };
}
