// The list of saved conversations: open, rename (inline), export, delete (the extension asks to confirm).
import type { HistoryItem } from '../shared/protocol';
import { h, icon, iconButton } from './dom';
import { t } from './strings';

export interface HistoryEvents {
  open(id: string): void;
  rename(id: string, title: string): void;
  remove(id: string): void;
  exportOne(id: string): void;
  back(): void;
}

export class HistoryView {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  items: HistoryItem[] = [];

  constructor(private readonly events: HistoryEvents) {
    const back = h('button', { type: 'button', class: 'text-button' }, icon('arrow-left'), h('span', { text: t('back') }));
    back.addEventListener('click', () => this.events.back());
    this.list = h('ul', { class: 'history-list', 'aria-label': t('history') });
    this.empty = h('p', { class: 'history-empty', text: t('historyEmpty') });
    this.element = h('section', { class: 'history', 'aria-label': t('history') }, h('div', { class: 'history-head' }, back, h('h2', { text: t('history') })), this.empty, this.list);
  }

  show(items: HistoryItem[]): void {
    const focusedId = (document.activeElement as HTMLElement | null)?.closest('li')?.getAttribute('data-id');
    this.items = items;
    this.empty.hidden = items.length > 0;
    this.list.replaceChildren(...items.map((item) => this.row(item)));
    if (focusedId) {
      const again = this.list.querySelector<HTMLElement>(`li[data-id="${CSS.escape(focusedId)}"] .history-open`);
      (again ?? this.list.querySelector<HTMLElement>('.history-open'))?.focus();
    }
  }

  focus(): void {
    (this.list.querySelector<HTMLElement>('.history-open') ?? this.element.querySelector<HTMLElement>('button'))?.focus();
  }

  private row(item: HistoryItem): HTMLLIElement {
    const date = new Date(item.updatedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    const open = h('button', { type: 'button', class: 'history-open' }, h('span', { class: 'history-title', text: item.title || t('untitled') }), h('span', { class: 'history-meta', text: `${date} · ${t('messagesCount', item.messageCount)}` }));
    open.addEventListener('click', () => this.events.open(item.id));
    const rename = iconButton('edit', t('rename'));
    const exportButton = iconButton('export', t('export'));
    const remove = iconButton('trash', t('delete'));
    const row = h('li', { class: 'history-item', 'data-id': item.id }, open, h('span', { class: 'history-actions' }, rename, exportButton, remove));
    rename.addEventListener('click', () => this.startRename(row, item));
    exportButton.addEventListener('click', () => this.events.exportOne(item.id));
    remove.addEventListener('click', () => this.events.remove(item.id));
    return row;
  }

  private startRename(row: HTMLLIElement, item: HistoryItem): void {
    const open = row.querySelector<HTMLElement>('.history-open');
    if (!open) return;
    const input = h('input', { type: 'text', class: 'rename-input', value: item.title, 'aria-label': t('rename'), maxlength: 200 });
    const finish = (commit: boolean): void => {
      if (!input.isConnected) return;
      const title = input.value.trim();
      if (commit && title && title !== item.title) this.events.rename(item.id, title);
      input.replaceWith(open);
      open.focus();
    };
    open.replaceWith(input);
    input.focus();
    input.select();
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') finish(true);
      else if (e.key === 'Escape') {
        e.stopPropagation();
        finish(false);
      }
    });
    input.addEventListener('blur', () => finish(true));
  }
}
