// The sidebar chat: the webview view, its commands (New Chat, History, Export, Ask about Selection,
// and hearth.chat.openWith for other features). Nothing here does any work at activation: the session
// and the history store load with the chat bundle (dist/lazy/chat.js) when the view first opens or a chat
// command runs, and the store reads its folder then. Only the editor and terminal trackers start at once, so
// that "the last editor" and the last command's output are known when the chat first asks.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Conversation } from '../../core/chat/types';
import type * as ChatBundle from '../../lazy/chat';
import { Commands } from '../../platform/commands';
import { lazyBundle } from '../../platform/lazy';
import type { HearthServices } from '../../platform/services';
import type { ViewReport } from '../../shared/protocol';
import { EditorTracker } from './editorTracker';
import { TerminalTracker } from './terminalTracker';
import type { WorkspaceIndexAccess } from '../../platform/workspaceIndexAccess';
import { CHAT_VIEW_ID, ChatViewProvider } from './provider';
import type { ChatSession } from './session';

const chatBundle = lazyBundle<typeof ChatBundle>('chat');

/** What the chat offers other features and the integration tests. */
export interface ChatApi {
  readonly viewId: string;
  /** The folder holding the saved conversations. */
  readonly historyDir: string;
  /** Shows the view and waits for its handshake. */
  reveal(): Promise<void>;
  /** Posts a message as if the webview had sent it: validated, then handled. Resolves when handled. */
  postFromView(message: unknown): Promise<void>;
  /** What the webview shows right now. */
  viewReport(): Promise<ViewReport>;
  /** Resolves when no answer is streaming. */
  idle(): Promise<void>;
  /** The open conversation. */
  conversation(): Readonly<Conversation>;
  /** Messages from the webview refused by validation so far. */
  readonly rejectedMessages: number;
  /** The chips waiting for the next message. */
  pendingAttachments(): readonly { id: string; kind: string; label: string }[];
  /** Tests: answer @workspace from this index instead of the workspace index service (undefined restores it). */
  useWorkspaceIndex(index: WorkspaceIndexAccess | undefined): void;
}

export interface ChatFeature extends vscode.Disposable {
  readonly api: ChatApi;
}

interface OpenWithArgs {
  title: string;
  text: string;
  attachment?: string;
}

function isOpenWithArgs(value: unknown): value is OpenWithArgs {
  const v = value as Partial<OpenWithArgs> | undefined;
  return !!v && typeof v.title === 'string' && typeof v.text === 'string' && (v.attachment === undefined || typeof v.attachment === 'string');
}

export function register(services: HearthServices): ChatFeature {
  const historyDir = path.join(services.context.globalStorageUri.fsPath, 'chat');
  const editors = new EditorTracker();
  // Listens from activation: a command's output can only be read from its start (see terminalTracker.ts).
  const terminals = new TerminalTracker();
  let loaded: { session: ChatSession; dispose(): void } | undefined;
  const sessionOf = (): ChatSession => (loaded ??= chatBundle().createChatSession(services, historyDir, editors, terminals)).session;
  const provider = new ChatViewProvider(services, sessionOf, services.context.extensionUri);
  // The commands below use the session only through this getter, so it loads at their first use.
  const session = {
    get it(): ChatSession {
      return sessionOf();
    },
  };

  const disposables: vscode.Disposable[] = [
    editors,
    terminals,
    provider,
    { dispose: () => loaded?.dispose() },
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider),
    vscode.commands.registerCommand(Commands.newChat, async () => {
      await provider.reveal();
      await session.it.newChat();
      session.it.focusInput();
    }),
    vscode.commands.registerCommand(Commands.chatHistory, async () => {
      await provider.reveal();
      session.it.showHistory();
    }),
    vscode.commands.registerCommand(Commands.exportChat, (target?: unknown) => session.it.exportMarkdown(undefined, target instanceof vscode.Uri ? target : undefined)),
    vscode.commands.registerCommand(Commands.askAboutSelection, async () => {
      // Read the selection before the view takes focus.
      const editor = vscode.window.activeTextEditor ?? editors.editor;
      const attachment = editor ? chatBundle().selectionAttachment(editor) : undefined;
      await provider.reveal();
      if (attachment) session.it.addAttachments([attachment]);
      else await session.it.attachFromEditor('selection');
      session.it.focusInput();
    }),
    vscode.commands.registerCommand(Commands.openInChat, async (args: unknown) => {
      if (!isOpenWithArgs(args)) throw new Error('hearth.chat.openWith expects { title: string; text: string; attachment?: string }');
      await session.it.openWith(args);
      await provider.reveal();
      session.it.focusInput();
    }),
  ];

  const api: ChatApi = {
    viewId: CHAT_VIEW_ID,
    historyDir,
    reveal: () => provider.reveal(),
    postFromView: (message) => provider.receive(message),
    viewReport: () => provider.report(),
    idle: () => loaded?.session.idle() ?? Promise.resolve(),
    conversation: () => session.it.current,
    get rejectedMessages() {
      return provider.rejected;
    },
    useWorkspaceIndex: (index) => session.it.useWorkspaceIndex(index),
    pendingAttachments: () => session.it.pending,
  };
  return { api, dispose: () => vscode.Disposable.from(...disposables).dispose() };
}
