// A context chip: what was attached, its size in tokens, and (for workspace sources) a link to the lines.
import type { AttachmentKind, ViewAttachment } from '../shared/protocol';
import { h, icon } from './dom';
import { formatNumber, t } from './strings';

const ICONS: Record<AttachmentKind, string> = {
  selection: 'selection',
  file: 'file',
  editors: 'files',
  text: 'note',
  folder: 'folder',
  problems: 'warning',
  changes: 'git-compare',
  terminal: 'terminal',
  workspace: 'search',
  source: 'file-code',
};

/** The chip's content: icon, label and token count (none for @workspace, which is searched when sent). */
export function chipContent(a: ViewAttachment): { children: Node[]; title: string } {
  const children: Node[] = [icon(ICONS[a.kind] ?? 'file')];
  if (a.citation) {
    children.push(h('a', { href: '#', class: 'source-link', 'data-citation': a.citation, title: t('openSource', a.citation), text: a.label }));
  } else {
    children.push(h('span', { class: 'chip-label', text: a.label }));
  }
  if (a.kind !== 'workspace') children.push(h('span', { class: 'chip-tokens', text: formatNumber(a.tokens) }));
  const title = a.kind === 'workspace' ? t('workspaceChip') : `${a.label} · ${t('attachmentTokens', formatNumber(a.tokens))}`;
  return { children, title };
}
