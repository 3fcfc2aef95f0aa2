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

/** A file name for the export: the title without characters that file systems refuse. */
export function exportFileName(title: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  const safe = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().replace(/[. ]+$/, '');
  return `${[...(safe || 'chat')].slice(0, 80).join('')}.md`;
}
