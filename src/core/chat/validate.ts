// Checks a conversation read from disk. A file that another version, a crash or a hand edit left in a
// shape Hearth cannot use is reported as corrupt (and moved aside by the store) instead of reaching
// the view half-valid.
import { isArrayOf, isFiniteNumber, isId, isOneOf, isOptionalNumber, isOptionalString, isRecord, isString } from '../../shared/guards';
import { ATTACHMENT_KINDS, WORKSPACE_NOTES } from '../../shared/protocol';
import { CONVERSATION_FORMAT, type Attachment, type Conversation, type StoredMessage } from './types';

const STATUSES = ['streaming', 'done', 'stopped', 'error'] as const;

function isAttachment(value: unknown): value is Attachment {
  return (
    isRecord(value) &&
    isId(value.id) &&
    isOneOf(value.kind, ATTACHMENT_KINDS) &&
    isString(value.label) &&
    isOptionalString(value.language) &&
    isString(value.content) &&
    (value.location === undefined || isSource(value.location))
  );
}

function isSource(value: unknown): boolean {
  return isRecord(value) && isString(value.uri) && isString(value.path) && isFiniteNumber(value.startLine) && isFiniteNumber(value.endLine);
}

function isStats(value: unknown): boolean {
  return value === undefined || (isRecord(value) && isOptionalNumber(value.promptTokens) && isOptionalNumber(value.evalTokens) && isOptionalNumber(value.evalDurationNs));
}

function isMessage(value: unknown): value is StoredMessage {
  return (
    isRecord(value) &&
    isId(value.id) &&
    isOneOf(value.role, ['user', 'assistant'] as const) &&
    isString(value.content) &&
    isFiniteNumber(value.createdAt) &&
    (value.attachments === undefined || isArrayOf(value.attachments, isAttachment)) &&
    isOptionalString(value.model) &&
    isOptionalString(value.thinking) &&
    isOptionalNumber(value.thinkingMs) &&
    (value.status === undefined || isOneOf(value.status, STATUSES)) &&
    isOptionalString(value.error) &&
    isStats(value.stats) &&
    isOptionalNumber(value.omittedMessages) &&
    (value.workspaceNote === undefined || isOneOf(value.workspaceNote, WORKSPACE_NOTES))
  );
}

/** The conversation in `value`, or a reason why it is not one. */
export function parseConversation(value: unknown): { ok: true; conversation: Conversation } | { ok: false; reason: string } {
  if (!isRecord(value)) return { ok: false, reason: 'not a JSON object' };
  if (value.format !== CONVERSATION_FORMAT) return { ok: false, reason: `unknown format ${String(value.format)}` };
  if (!isId(value.id)) return { ok: false, reason: 'no valid id' };
  if (!isString(value.title)) return { ok: false, reason: 'no title' };
  if (!isFiniteNumber(value.createdAt) || !isFiniteNumber(value.updatedAt) || !isFiniteNumber(value.revision)) {
    return { ok: false, reason: 'missing times or revision' };
  }
  if (!isOptionalString(value.model) || !isOptionalString(value.systemPrompt)) return { ok: false, reason: 'bad model or system prompt' };
  if (!Array.isArray(value.messages)) return { ok: false, reason: 'no messages' };
  const bad = value.messages.findIndex((m) => !isMessage(m));
  if (bad >= 0) return { ok: false, reason: `message ${bad} is malformed` };
  return { ok: true, conversation: value as unknown as Conversation };
}
