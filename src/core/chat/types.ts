// The saved shape of a chat conversation. One JSON file per conversation holds exactly this object;
// the view gets a projection of it (see src/shared/protocol.ts), never the file itself.

import type { AttachmentKind, MessageStatus, WorkspaceNote } from '../../shared/protocol';

export type { AttachmentKind, MessageStatus };

export const CONVERSATION_FORMAT = 1;

/** Text from the editor (or from another feature) that goes with a user message as context. */
export interface Attachment {
  id: string;
  kind: AttachmentKind;
  /** What the chip says, e.g. `sample.ts:10-24`. */
  label: string;
  /** VS Code language id, for the code fence. */
  language?: string;
  content: string;
  /** kind 'source': where in the workspace the text was retrieved from (the answer cites it). */
  location?: SourceRef;
}

export interface SourceRef {
  uri: string;
  /** Workspace-relative, '/' separated. */
  path: string;
  startLine: number;
  endLine: number;
}

export interface AnswerStats {
  promptTokens?: number;
  evalTokens?: number;
  evalDurationNs?: number;
}

export interface StoredMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  createdAt: number;
  /** user: the context sent with it. */
  attachments?: Attachment[];
  /** assistant: the model that wrote it. */
  model?: string;
  thinking?: string;
  /** assistant: how long the model thought, ms. */
  thinkingMs?: number;
  /**
   * 'streaming' only while the turn runs (a file that still says so was interrupted by a crash or a
   * reload); 'stopped' when the user pressed Stop; 'error' when the request failed, with `error` saying
   * why. Text received before a stop or a failure is kept.
   */
  status?: MessageStatus;
  /** assistant, status 'error': the user-facing reason. */
  error?: string;
  stats?: AnswerStats;
  /** assistant: how many earlier messages were left out of the prompt to fit the context window. */
  omittedMessages?: number;
  /** assistant: attachments had to be shortened to fit. */
  attachmentsCut?: boolean;
  /** assistant, after an @workspace question: nothing relevant was found, or the index was still being built. */
  workspaceNote?: WorkspaceNote;
}

export interface Conversation {
  format: typeof CONVERSATION_FORMAT;
  id: string;
  title: string;
  /** The user renamed it: the title is no longer derived from the first message. */
  titleEdited?: boolean;
  createdAt: number;
  updatedAt: number;
  /** Bumped on every save; lets a store notice that another window saved in between. */
  revision: number;
  /** The model picked for this conversation; undefined = the configured default. */
  model?: string;
  /** A system prompt for this conversation only; undefined = the default (`hearth.prompts.chatSystem`, see features/chat/config.ts). */
  systemPrompt?: string;
  messages: StoredMessage[];
}

/** What the history list shows without loading each conversation. */
export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
  model?: string;
}

export function summarize(conversation: Conversation): ConversationSummary {
  return {
    id: conversation.id,
    title: conversation.title,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    messageCount: conversation.messages.length,
    model: conversation.model,
  };
}
