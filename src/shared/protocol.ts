// The messages between the chat webview and the extension, and the validation of what the webview
// sends. The webview is untrusted input (it renders model output), so every message it posts is
// checked here before the extension acts on it; anything malformed is dropped and logged.
//
// Handshake: the webview posts `ready` once its script runs; the extension answers with `init`
// (strings and the whole state). After that, streamed answers arrive as `delta`s (already coalesced by
// the extension) and structural changes as a fresh `conversation` snapshot.
import { isArrayOf, isFiniteNumber, isId, isOneOf, isRecord, isString, type Json } from './guards';
import { MENTION_KINDS, type MentionKind } from './mentions';

// ---- shared shapes ----------------------------------------------------------------------------------

export type AttachmentKind = 'selection' | 'file' | 'editors' | 'text' | 'folder' | 'problems' | 'changes' | 'terminal' | 'workspace' | 'source';
export const ATTACHMENT_KINDS: readonly AttachmentKind[] = ['selection', 'file', 'editors', 'text', 'folder', 'problems', 'changes', 'terminal', 'workspace', 'source'];
export type MessageStatus = 'streaming' | 'done' | 'stopped' | 'error';
/** After an @workspace question: nothing relevant was found, the index was still being built, or both. */
export type WorkspaceNote = 'nothingFound' | 'building' | 'nothingFoundBuilding';
export const WORKSPACE_NOTES: readonly WorkspaceNote[] = ['nothingFound', 'building', 'nothingFoundBuilding'];

export interface ViewAttachment {
  id: string;
  kind: AttachmentKind;
  label: string;
  /** Estimated size, shown on the chip. */
  tokens: number;
  /** kind 'source': `path:start-end`, which opens the file there when the chip is clicked. */
  citation?: string;
}

export interface ViewMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  attachments?: ViewAttachment[];
  model?: string;
  thinking?: string;
  thinkingMs?: number;
  status?: MessageStatus;
  error?: string;
  evalTokens?: number;
  tokensPerSecond?: number;
  omittedMessages?: number;
  attachmentsCut?: boolean;
  workspaceNote?: WorkspaceNote;
}

export interface ViewConversation {
  /** undefined for a new conversation that has not been saved yet. */
  id?: string;
  title: string;
  messages: ViewMessage[];
  /** This conversation's own system prompt; undefined = the setting applies. */
  systemPrompt?: string;
  /** The message being streamed, if any. */
  streamingId?: string;
}

export interface ModelOption {
  name: string;
  /** e.g. `llama3.2:3b · 3.2B`. */
  label: string;
  thinking: boolean;
}

export interface ModelsState {
  status: 'loading' | 'ready' | 'error';
  models: ModelOption[];
  /** The model the next message goes to. */
  selected?: string;
  error?: string;
}

export interface HistoryItem {
  id: string;
  title: string;
  updatedAt: number;
  messageCount: number;
}

export interface BannerAction {
  id: number;
  title: string;
}

export interface Banner {
  severity: 'error' | 'warning' | 'info';
  message: string;
  actions: BannerAction[];
}

/** What the webview reports about what it shows (for integration tests and diagnostics). */
export interface ViewReport {
  view: 'chat' | 'history';
  messages: { id: string; role: string; text: string; status?: string }[];
  streaming: boolean;
  /** How many times the streaming message was rendered since the view loaded. */
  renders: number;
  codeBlocks: { language: string; code: string }[];
  links: string[];
  draft: string;
  chips: string[];
  /** The pending chips: what each attaches and its size. */
  chipDetails?: { kind: string; label: string; tokens: number }[];
  /** Citations in answers rendered as links to workspace lines. */
  citations?: string[];
  /** The @-mention popup, when open: its items and the active one. */
  mentionPopup?: { items: string[]; active: string };
  notices: string[];
  banner?: string;
  model?: string;
  /** The note under the model menu (loading, Ollama not running, no models), '' when none. */
  modelNote: string;
  modelOptions: string[];
  historyTitles: string[];
  title: string;
  /** Elements or attributes that must never appear in rendered model output (script, on*, iframe…). */
  unsafeMarkup: string[];
  /** What the system prompt editor shows: the conversation's own prompt, else the default. */
  systemPrompt?: string;
}

// ---- extension → webview ----------------------------------------------------------------------------

export type HostToView =
  | { type: 'init'; strings: ViewStrings; conversation: ViewConversation; models: ModelsState; attachments: ViewAttachment[]; defaultSystemPrompt: string; busy: boolean }
  | { type: 'conversation'; conversation: ViewConversation; clearDraft?: boolean }
  /**
   * New text of the streamed answer. The offsets say where it starts in the answer (and its thinking), so
   * that a view which got a snapshot in the middle of a stream skips what the snapshot already had.
   */
  | { type: 'delta'; id: string; text: string; thinking: string; textOffset: number; thinkingOffset: number }
  | { type: 'message'; message: ViewMessage }
  | { type: 'models'; models: ModelsState }
  | { type: 'attachments'; attachments: ViewAttachment[] }
  | { type: 'history'; items: HistoryItem[] }
  | { type: 'showHistory' }
  | { type: 'banner'; banner: Banner | undefined }
  /** The send was refused (daemon down, message too long…): the text goes back into the input. */
  | { type: 'sendFailed'; draft: string }
  | { type: 'busy'; busy: boolean }
  | { type: 'defaultSystemPrompt'; text: string }
  | { type: 'focus' }
  | { type: 'requestReport'; requestId: number };

// ---- webview → extension ----------------------------------------------------------------------------

export type CodeAction = 'copy' | 'insert' | 'replace' | 'newFile';
export const CODE_ACTIONS: readonly CodeAction[] = ['copy', 'insert', 'replace', 'newFile'];
export type AttachRequest = 'selection' | 'file' | 'editors';
export const ATTACH_REQUESTS: readonly AttachRequest[] = ['selection', 'file', 'editors'];

export type ViewToHost =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'retry' }
  | { type: 'editResend'; messageId: string; text: string }
  | { type: 'newChat' }
  | { type: 'listHistory' }
  | { type: 'openConversation'; id: string }
  | { type: 'deleteConversation'; id: string }
  | { type: 'renameConversation'; id: string; title: string }
  | { type: 'exportConversation'; id?: string }
  | { type: 'selectModel'; model: string }
  | { type: 'setSystemPrompt'; text: string | null }
  | { type: 'attach'; kind: AttachRequest }
  | { type: 'removeAttachment'; id: string }
  | { type: 'codeAction'; action: CodeAction; code: string; language?: string }
  | { type: 'openLink'; href: string }
  /** A mention picked in the composer's popup: the extension attaches what it names (asking where it must). */
  | { type: 'mention'; kind: MentionKind }
  /** A `path:start-end` citation clicked in an answer: the extension checks it and opens the file there. */
  | { type: 'openSource'; citation: string }
  | { type: 'bannerAction'; actionId: number }
  | { type: 'dismissBanner' }
  | { type: 'report'; requestId: number; report: ViewReport };

/** Limits on what the webview may send: generous for real use, small enough to stop abuse. */
export const LIMITS = {
  text: 1_000_000,
  code: 5_000_000,
  title: 500,
  model: 200,
  href: 4_096,
  citation: 1_024,
  systemPrompt: 100_000,
  language: 64,
  report: 200_000,
} as const;

const strings = (v: unknown): v is string[] => isArrayOf(v, (s): s is string => typeof s === 'string');

function isViewReport(v: unknown): v is ViewReport {
  return (
    isRecord(v) &&
    isOneOf(v.view, ['chat', 'history'] as const) &&
    Array.isArray(v.messages) &&
    typeof v.streaming === 'boolean' &&
    isFiniteNumber(v.renders) &&
    Array.isArray(v.codeBlocks) &&
    strings(v.links) &&
    typeof v.draft === 'string' &&
    strings(v.chips) &&
    strings(v.notices) &&
    strings(v.modelOptions) &&
    strings(v.historyTitles) &&
    strings(v.unsafeMarkup)
  );
}

type Validator = (m: Json) => boolean;

const VALIDATORS: Record<ViewToHost['type'], Validator> = {
  ready: () => true,
  send: (m) => isString(m.text, LIMITS.text),
  stop: () => true,
  retry: () => true,
  editResend: (m) => isId(m.messageId) && isString(m.text, LIMITS.text),
  newChat: () => true,
  listHistory: () => true,
  openConversation: (m) => isId(m.id),
  deleteConversation: (m) => isId(m.id),
  renameConversation: (m) => isId(m.id) && isString(m.title, LIMITS.title),
  exportConversation: (m) => m.id === undefined || isId(m.id),
  selectModel: (m) => isString(m.model, LIMITS.model) && m.model !== '',
  setSystemPrompt: (m) => m.text === null || isString(m.text, LIMITS.systemPrompt),
  attach: (m) => isOneOf(m.kind, ATTACH_REQUESTS),
  removeAttachment: (m) => isId(m.id),
  codeAction: (m) => isOneOf(m.action, CODE_ACTIONS) && isString(m.code, LIMITS.code) && (m.language === undefined || isString(m.language, LIMITS.language)),
  openLink: (m) => isString(m.href, LIMITS.href),
  mention: (m) => isOneOf(m.kind, MENTION_KINDS),
  openSource: (m) => isString(m.citation, LIMITS.citation) && m.citation !== '',
  bannerAction: (m) => Number.isInteger(m.actionId) && (m.actionId as number) >= 0,
  dismissBanner: () => true,
  report: (m) => Number.isInteger(m.requestId) && isViewReport(m.report),
};

/**
 * The message, if it is one the webview may send and every field has the right type and size;
 * otherwise undefined. Extra fields are ignored by the extension.
 */
export function parseViewMessage(raw: unknown): ViewToHost | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string' || !Object.hasOwn(VALIDATORS, raw.type)) return undefined;
  const type = raw.type as ViewToHost['type'];
  return VALIDATORS[type](raw) ? (raw as unknown as ViewToHost) : undefined;
}

/** A short description of a rejected message for the log (never the whole payload). */
export function describeRejected(raw: unknown): string {
  if (!isRecord(raw)) return typeof raw;
  const type = typeof raw.type === 'string' ? raw.type.slice(0, 40) : typeof raw.type;
  return `type=${type} keys=${Object.keys(raw).slice(0, 10).join(',')}`;
}

/** Only the extension posts to the webview, but the webview still ignores anything that is not an object with a known type. */
const HOST_TYPES: readonly HostToView['type'][] = [
  'init', 'conversation', 'delta', 'message', 'models', 'attachments', 'history', 'showHistory', 'banner', 'sendFailed', 'busy', 'defaultSystemPrompt', 'focus', 'requestReport',
];

export function isHostMessage(raw: unknown): raw is HostToView {
  return isRecord(raw) && isOneOf(raw.type, HOST_TYPES);
}

// ---- the view's words ---------------------------------------------------------------------------------

/**
 * Every string the webview shows, localized by the extension (vscode.l10n does not exist in a webview)
 * and sent with `init`. `{0}` placeholders are filled in by the view.
 */
export const VIEW_STRING_KEYS = [
  'conversation', 'model', 'modelsLoading', 'noModels', 'modelsError', 'systemPrompt', 'systemPromptPlaceholder', 'systemPromptDefault',
  'systemPromptNone', 'systemPromptCustom', 'useDefault', 'save', 'cancel', 'inputPlaceholder', 'inputLabel', 'send', 'stop', 'attach',
  'attachSelection', 'attachFile', 'attachEditors', 'removeAttachment', 'attachmentTokens', 'you', 'assistant', 'thinking', 'thoughtFor',
  'stopped', 'interrupted', 'failed', 'tokensStats', 'tokens', 'retry', 'edit', 'copyAnswer', 'editing', 'omitted', 'omittedOne',
  'attachmentsCut', 'copy', 'insert', 'replace', 'newFile', 'code', 'image', 'emptyTitle', 'emptyBody', 'emptyHint', 'history',
  'historyEmpty', 'rename', 'delete', 'export', 'messagesCount', 'back', 'dismiss', 'answering', 'answered', 'untitled', 'copied',
  'newChat', 'newChatHint', 'plainRest', 'mentions', 'mentionWorkspace', 'mentionFile', 'mentionFolder', 'mentionProblems',
  'mentionSelection', 'mentionChanges', 'mentionTerminal', 'workspaceChip', 'openSource', 'nothingFound', 'indexBuilding', 'mentionsHint',
] as const;

export type ViewStringKey = (typeof VIEW_STRING_KEYS)[number];
export type ViewStrings = Record<ViewStringKey, string>;
