// The sidebar chat: the webview view, its commands (New Chat, History, Export, Ask about Selection,
// and hearth.chat.openWith for other features) and the history store. Nothing here does any work at
// activation: the store reads its folder when the view first opens.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { HistoryStore } from '../../core/chat/historyStore';
import type { Conversation } from '../../core/chat/types';
import { Commands } from '../../platform/commands';
import type { HearthServices } from '../../platform/services';
import type { ViewReport } from '../../shared/protocol';
import { selectionAttachment } from './attachments';
import { EditorTracker } from './editorTracker';
import { CHAT_VIEW_ID, ChatViewProvider } from './provider';
import { ChatSession } from './session';

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
  const store = new HistoryStore(historyDir, services.log);
  const editors = new EditorTracker();
  const session = new ChatSession(services, store, editors);
  const provider = new ChatViewProvider(services, session, services.context.extensionUri);

  const disposables: vscode.Disposable[] = [
    editors,
    session,
    provider,
    { dispose: () => store.dispose() },
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider),
    vscode.commands.registerCommand(Commands.newChat, async () => {
      await provider.reveal();
      await session.newChat();
      session.focusInput();
    }),
    vscode.commands.registerCommand(Commands.chatHistory, async () => {
      await provider.reveal();
      session.showHistory();
    }),
    vscode.commands.registerCommand(Commands.exportChat, (target?: unknown) => session.exportMarkdown(undefined, target instanceof vscode.Uri ? target : undefined)),
    vscode.commands.registerCommand(Commands.askAboutSelection, async () => {
      // Read the selection before the view takes focus.
      const editor = vscode.window.activeTextEditor ?? editors.editor;
      const attachment = editor ? selectionAttachment(editor) : undefined;
      await provider.reveal();
      if (attachment) session.addAttachments([attachment]);
      else await session.attachFromEditor('selection');
      session.focusInput();
    }),
    vscode.commands.registerCommand(Commands.openInChat, async (args: unknown) => {
      if (!isOpenWithArgs(args)) throw new Error('hearth.chat.openWith expects { title: string; text: string; attachment?: string }');
      await session.openWith(args);
      await provider.reveal();
      session.focusInput();
    }),
  ];

  const api: ChatApi = {
    viewId: CHAT_VIEW_ID,
    historyDir,
    reveal: () => provider.reveal(),
    postFromView: (message) => provider.receive(message),
    viewReport: () => provider.report(),
    idle: () => session.idle(),
    conversation: () => session.current,
    get rejectedMessages() {
      return provider.rejected;
    },
  };
  return { api, dispose: () => vscode.Disposable.from(...disposables).dispose() };
}
