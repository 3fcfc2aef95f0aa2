// Builds the messages sent to Ollama for one turn, within the model's context window.
//
// Ollama silently drops the start of a prompt that does not fit num_ctx, which loses the system
// prompt and the attachments first. So Hearth measures before sending: the system prompt and the new
// message always go; attachments are shortened when they do not fit (keeping a quarter of the room for
// the conversation so far); then earlier turns are added newest first while they fit, and the view is
// told how many were left out.
import type { ChatMessage } from '../ollama/types';
import { estimateTokens, headWithinTokens } from '../text/tokens';
import type { Attachment, StoredMessage } from './types';

/** Tokens a chat template adds around each message (role markers, separators). */
export const MESSAGE_OVERHEAD_TOKENS = 8;
/** What is kept free for the answer: a quarter of the window, at most this many tokens. */
export const MAX_ANSWER_RESERVE = 2048;
const CUT_MARK = '\n[… cut to fit the context window]';

export interface ContextInput {
  /** '' for none. */
  systemPrompt: string;
  /** The conversation before the new message, oldest first. */
  history: readonly StoredMessage[];
  /** The new user message, with its attachments. */
  message: StoredMessage;
  /** The context window (num_ctx) the model runs with. */
  contextTokens: number;
  /** The answer's limit (num_predict, hearth.generation.chat.maxOutputTokens); undefined = none. */
  maxAnswerTokens?: number;
}

export interface BuiltContext {
  messages: ChatMessage[];
  /** Earlier messages that did not fit and were left out. */
  omittedMessages: number;
  /** Attachments of the new message were shortened. */
  attachmentsCut: boolean;
  /** Estimated prompt size. */
  promptTokens: number;
  /** Tokens available for the prompt (the window minus the answer reserve). */
  budget: number;
  /** Set when even the system prompt and the message text alone do not fit: nothing should be sent. */
  overflow?: { needed: number; budget: number };
}

/** Room kept for the answer: a quarter of the window up to 2048, or the answer's limit (num_predict) up to half the window. */
export function answerReserve(contextTokens: number, maxAnswerTokens?: number): number {
  if (maxAnswerTokens !== undefined && maxAnswerTokens > 0) return Math.min(maxAnswerTokens, Math.floor(contextTokens / 2));
  return Math.min(MAX_ANSWER_RESERVE, Math.floor(contextTokens / 4));
}

/** A code fence longer than any run of backticks in `content`. */
export function fenceFor(content: string): string {
  let longest = 0;
  for (const m of content.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export function formatAttachment(a: Attachment): string {
  const fence = fenceFor(a.content);
  return `${a.label}:\n${fence}${a.language ?? ''}\n${a.content}\n${fence}`;
}

/** The text of a user message as the model sees it: attachments first, then the question. */
export function userContent(message: StoredMessage, attachments: readonly Attachment[] = promptAttachments(message)): string {
  const parts = attachments.map(formatAttachment);
  if (message.content) parts.push(message.content);
  return parts.join('\n\n');
}

/** The attachments the model sees: the @workspace chip only stands for the sources found with it. */
export function promptAttachments(message: StoredMessage): Attachment[] {
  return (message.attachments ?? []).filter((a) => a.kind !== 'workspace');
}

function messageTokens(content: string): number {
  return estimateTokens(content) + MESSAGE_OVERHEAD_TOKENS;
}

/** Shortens attachments so that all of them together take at most `available` tokens. */
function cutAttachments(attachments: readonly Attachment[], available: number): Attachment[] {
  const sizes = attachments.map((a) => estimateTokens(formatAttachment(a)));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total <= available) return [...attachments];
  return attachments.map((a, i) => {
    // Each attachment gets a share proportional to its size; the frame (label, fences, mark) is paid first.
    const frame = estimateTokens(formatAttachment({ ...a, content: '' })) + estimateTokens(CUT_MARK);
    const share = Math.max(0, Math.floor((available * sizes[i]) / total) - frame);
    if (sizes[i] <= share + frame) return a;
    return { ...a, content: headWithinTokens(a.content, share) + CUT_MARK };
  });
}

/** Groups history into turns (a user message and the answers after it), so a turn is kept or left out whole. */
function turns(history: readonly StoredMessage[]): StoredMessage[][] {
  const out: StoredMessage[][] = [];
  for (const m of history) {
    if (m.role === 'user' || out.length === 0) out.push([m]);
    else out[out.length - 1].push(m);
  }
  return out;
}

function toChat(m: StoredMessage): ChatMessage | undefined {
  if (m.role === 'user') return { role: 'user', content: userContent(m) };
  // An answer that failed before any text adds nothing the model could use.
  if (!m.content.trim()) return undefined;
  return { role: 'assistant', content: m.content };
}

export function buildContext(input: ContextInput): BuiltContext {
  const budget = Math.max(0, input.contextTokens - answerReserve(input.contextTokens, input.maxAnswerTokens));
  const system: ChatMessage[] = input.systemPrompt.trim() ? [{ role: 'system', content: input.systemPrompt }] : [];
  let used = system.reduce((n, m) => n + messageTokens(m.content), 0);

  const textOnly = messageTokens(input.message.content);
  const attachments = promptAttachments(input.message);
  if (used + textOnly > budget || (attachments.length > 0 && used + textOnly + 16 > budget)) {
    return { messages: [], omittedMessages: input.history.length, attachmentsCut: false, promptTokens: used + textOnly, budget, overflow: { needed: used + textOnly, budget } };
  }
  // Attachments may not crowd out the whole conversation: with history, a quarter of the room stays for it.
  const room = budget - used - textOnly;
  const fitted = cutAttachments(attachments, input.history.length > 0 ? Math.floor(room * 0.75) : room);
  const attachmentsCut = fitted.some((a, i) => a !== attachments[i]);
  const current: ChatMessage = { role: 'user', content: userContent(input.message, fitted) };
  used += messageTokens(current.content);

  const kept: ChatMessage[][] = [];
  let omittedMessages = 0;
  const groups = turns(input.history);
  for (let i = groups.length - 1; i >= 0; i--) {
    const chat = groups[i].map(toChat).filter((m): m is ChatMessage => m !== undefined);
    const cost = chat.reduce((n, m) => n + messageTokens(m.content), 0);
    if (omittedMessages > 0 || used + cost > budget) {
      // Once a turn is left out, older ones are too: a conversation with a hole in it confuses models.
      omittedMessages += groups[i].length;
      continue;
    }
    used += cost;
    kept.unshift(chat);
  }
  return { messages: [...system, ...kept.flat(), current], omittedMessages, attachmentsCut, promptTokens: used, budget };
}
