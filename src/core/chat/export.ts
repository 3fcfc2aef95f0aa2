// A conversation as a Markdown document, for "Export as Markdown". The caller passes the words
// (localized in the feature layer) so this stays free of VS Code.
import { fenceFor } from './context';
import type { Conversation, StoredMessage } from './types';

export interface ExportLabels {
  user: string;
  assistant: string;
  /** e.g. "Model: {0}". */
  model: (name: string) => string;
  /** e.g. "Exported from Hearth on {0}". */
  exported: (date: string) => string;
  systemPrompt: string;
  thinking: string;
  stopped: string;
  failed: (reason: string) => string;
}

function quote(text: string): string {
  return text.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n');
}

function messageMarkdown(m: StoredMessage, labels: ExportLabels): string {
  const out: string[] = [];
  if (m.role === 'user') {
    out.push(`## ${labels.user}`, '');
    for (const a of m.attachments ?? []) {
      // The @workspace chip has no text of its own: the sources found with it follow.
      if (a.kind === 'workspace') continue;
      const fence = fenceFor(a.content);
      out.push(`*${a.label}*`, '', `${fence}${a.language ?? ''}`, a.content, fence, '');
    }
    if (m.content) out.push(m.content, '');
    return out.join('\n');
  }
  out.push(`## ${labels.assistant}${m.model ? ` (${m.model})` : ''}`, '');
  if (m.thinking?.trim()) out.push(`<details><summary>${labels.thinking}</summary>`, '', quote(m.thinking.trim()), '', '</details>', '');
  if (m.content) out.push(m.content, '');
  if (m.status === 'stopped') out.push(`*${labels.stopped}*`, '');
  if (m.status === 'error') out.push(`*${labels.failed(m.error ?? '')}*`, '');
  return out.join('\n');
}

export function conversationToMarkdown(conversation: Conversation, labels: ExportLabels, now = new Date()): string {
  const head = [`# ${conversation.title.replace(/\n/g, ' ')}`, ''];
  const meta = [labels.exported(now.toISOString().slice(0, 16).replace('T', ' '))];
  if (conversation.model) meta.push(labels.model(conversation.model));
  head.push(`*${meta.join(' · ')}*`, '');
  if (conversation.systemPrompt?.trim()) head.push(`**${labels.systemPrompt}**`, '', quote(conversation.systemPrompt.trim()), '');
  const body = conversation.messages.map((m) => messageMarkdown(m, labels));
  return `${[...head, ...body].join('\n').trimEnd()}\n`;
}

// Characters no file name should hold: what Windows or macOS refuse (`\ / : * ? " < > |`), control
// characters, and invisible ones that make a name look like another (zero-width, bidirectional overrides).
// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]+/g;
/** Names Windows reserves for devices, with or without an extension (`con`, `nul.md`, `COM1`). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;
const MAX_CHARS = 80;
/** Most file systems allow 255 bytes in a name: room for `.md` and the device suffix. */
const MAX_BYTES = 240;

function utf8Length(char: string): number {
  const cp = char.codePointAt(0) ?? 0;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** The first characters of `text`: at most MAX_CHARS, at most MAX_BYTES in UTF-8, never half a character. */
function bounded(text: string): string {
  let bytes = 0;
  const out: string[] = [];
  for (const char of text) {
    bytes += utf8Length(char);
    if (out.length === MAX_CHARS || bytes > MAX_BYTES) break;
    out.push(char);
  }
  return out.join('');
}

/**
 * A file name for the export, from the conversation's title: characters that file systems refuse or that
 * hide become spaces, no leading dot (a hidden file) and no trailing dot or space (Windows drops them), a
 * device name gets a suffix, at most 80 characters and 240 bytes in UTF-8 (under
 * file systems' 255), cut at a character, and "chat" when nothing is left.
 */
export function exportFileName(title: string): string {
  const tidy = (text: string): string => text.replace(/\s+/g, ' ').replace(/^[. ]+/, '').replace(/[. …]+$/, '');
  let name = tidy(title.normalize('NFC').replace(UNSAFE, ' '));
  name = tidy(bounded(name));
  if (!name) name = 'chat';
  if (RESERVED.test(name)) name = name.replace(/^[^.]+/, '$&_');
  return `${name}.md`;
}
