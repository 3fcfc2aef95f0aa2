// What the webview gets of a conversation: everything it shows, nothing it does not need (attachment
// contents stay in the extension).
import type { ViewAttachment, ViewConversation, ViewMessage } from '../../shared/protocol';
import { estimateTokens } from '../text/tokens';
import { sourceLabel } from './sources';
import type { Attachment, Conversation, StoredMessage } from './types';

export function viewAttachment(a: Attachment): ViewAttachment {
  return { id: a.id, kind: a.kind, label: a.label, tokens: estimateTokens(a.content), ...(a.location ? { citation: sourceLabel(a.location) } : {}) };
}

export function tokensPerSecond(evalTokens: number | undefined, evalDurationNs: number | undefined): number | undefined {
  if (!evalTokens || !evalDurationNs || evalDurationNs <= 0) return undefined;
  return (evalTokens / evalDurationNs) * 1e9;
}

export function viewMessage(m: StoredMessage): ViewMessage {
  return {
    id: m.id,
    role: m.role,
    content: m.content,
    attachments: m.attachments?.map(viewAttachment),
    model: m.model,
    thinking: m.thinking,
    thinkingMs: m.thinkingMs,
    status: m.status,
    error: m.error,
    evalTokens: m.stats?.evalTokens,
    tokensPerSecond: tokensPerSecond(m.stats?.evalTokens, m.stats?.evalDurationNs),
    omittedMessages: m.omittedMessages,
    attachmentsCut: m.attachmentsCut,
    workspaceNote: m.workspaceNote,
  };
}

export function viewConversation(c: Conversation, streamingId: string | undefined, saved: boolean): ViewConversation {
  return {
    id: saved ? c.id : undefined,
    title: c.title,
    messages: c.messages.map(viewMessage),
    systemPrompt: c.systemPrompt,
    streamingId,
  };
}
