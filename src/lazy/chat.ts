// The chat bundle, loaded when the chat view first opens or a chat command runs: the session (the open
// conversation, the answer being streamed, the model menu), the history store, and what the session uses.
// One session per window: index.ts creates it once through createChatSession and keeps it.
import { HistoryStore } from '../core/chat/historyStore';
import type { HearthServices } from '../platform/services';
import type { EditorTracker } from '../features/chat/editorTracker';
import { ChatSession } from '../features/chat/session';
import type { TerminalTracker } from '../features/chat/terminalTracker';

export { selectionAttachment } from '../features/chat/attachments';

export function createChatSession(services: HearthServices, historyDir: string, editors: EditorTracker, terminals: TerminalTracker): { session: ChatSession; dispose(): void } {
  const store = new HistoryStore(historyDir, services.log);
  const session = new ChatSession(services, store, editors, terminals);
  return {
    session,
    dispose: () => {
      session.dispose();
      store.dispose();
    },
  };
}
