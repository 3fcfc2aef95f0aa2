// The input at the bottom: attachment chips, the text area, Attach, and Send (which turns into Stop
// while an answer streams). Enter sends, Shift+Enter adds a line (and an IME composition is never cut
// short by Enter), Up in an empty input edits the last message, Esc stops or cancels an edit.
import type { AttachRequest, ViewAttachment } from '../shared/protocol';
import { h, icon, iconButton } from './dom';
import { formatNumber, t } from './strings';

export interface ComposerEvents {
  send(text: string, editing: string | undefined): void;
  stop(): void;
  attach(kind: AttachRequest): void;
  removeAttachment(id: string): void;
  editLast(): void;
  draftChanged(): void;
}

export class Composer {
  readonly element: HTMLElement;
  readonly input: HTMLTextAreaElement;
  private readonly chips: HTMLUListElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly editBanner: HTMLElement;
  private readonly attachMenu: HTMLElement;
  private readonly attachButton: HTMLButtonElement;
  private busy = false;
  /** The text of a send the extension has not confirmed yet. */
  private pending: string | undefined;
  editing: string | undefined;
  chipLabels: string[] = [];

  constructor(private readonly events: ComposerEvents) {
    this.input = h('textarea', { class: 'input', rows: 1, placeholder: t('inputPlaceholder'), 'aria-label': t('inputLabel') });
    this.chips = h('ul', { class: 'chips', 'aria-label': t('attach') });
    this.sendButton = iconButton('send', t('send'), { class: 'icon-button primary send' });
    this.stopButton = iconButton('debug-stop', t('stop'), { class: 'icon-button primary stop', hidden: true });
    this.attachButton = iconButton('attach', t('attach'), { 'aria-haspopup': 'menu', 'aria-expanded': 'false' });
    this.attachMenu = h(
      'div',
      { class: 'menu', role: 'menu', hidden: true },
      ...(
        [
          ['selection', 'selection', t('attachSelection')],
          ['file', 'file', t('attachFile')],
          ['editors', 'files', t('attachEditors')],
        ] as const
      ).map(([kind, iconName, label]) => {
        const item = h('button', { type: 'button', role: 'menuitem', class: 'menu-item', 'data-attach': kind }, icon(iconName), h('span', { text: label }));
        item.addEventListener('click', () => {
          this.closeMenu();
          this.events.attach(kind);
          this.input.focus();
        });
        return item;
      }),
    );
    const cancelEdit = iconButton('close', t('cancel'));
    cancelEdit.addEventListener('click', () => this.cancelEdit());
    this.editBanner = h('div', { class: 'edit-banner', hidden: true }, icon('edit'), h('span', { text: t('editing') }), cancelEdit);
    this.element = h(
      'div',
      { class: 'composer' },
      this.editBanner,
      this.chips,
      h('div', { class: 'input-row' }, this.input),
      h('div', { class: 'composer-actions' }, h('span', { class: 'attach-wrap' }, this.attachButton, this.attachMenu), h('span', { class: 'spacer' }), this.sendButton, this.stopButton),
    );
    this.wire();
  }

  get draft(): string {
    return this.input.value;
  }

  setDraft(text: string): void {
    this.input.value = text;
    this.autosize();
  }

  focus(): void {
    this.input.focus();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.sendButton.hidden = busy;
    this.stopButton.hidden = !busy;
    this.updateSend();
  }

  /** The extension accepted the message: the input can be emptied. */
  accepted(): void {
    if (this.pending !== undefined && this.input.value === this.pending) this.setDraft('');
    this.pending = undefined;
    this.endEdit();
    this.events.draftChanged();
  }

  /** The extension refused the message: it stays in the input. */
  refused(draft: string): void {
    if (!this.input.value.trim()) this.setDraft(draft);
    this.pending = undefined;
    this.updateSend();
    this.input.focus();
  }

  startEdit(id: string, text: string): void {
    this.editing = id;
    this.editBanner.hidden = false;
    this.setDraft(text);
    this.input.focus();
    this.input.setSelectionRange(text.length, text.length);
    this.events.draftChanged();
  }

  cancelEdit(): void {
    if (this.editing === undefined) return;
    this.endEdit();
    this.setDraft('');
    this.events.draftChanged();
  }

  setAttachments(items: ViewAttachment[]): void {
    this.chipLabels = items.map((a) => a.label);
    this.chips.replaceChildren(
      ...items.map((a) => {
        const remove = iconButton('close', t('removeAttachment', a.label), { class: 'icon-button chip-remove' });
        remove.addEventListener('click', () => {
          this.events.removeAttachment(a.id);
          this.input.focus();
        });
        return h('li', { class: 'chip', title: t('attachmentTokens', formatNumber(a.tokens)) }, icon(a.kind === 'file' ? 'file' : a.kind === 'editors' ? 'files' : 'selection'), h('span', { text: a.label }), remove);
      }),
    );
    this.chips.hidden = items.length === 0;
    this.updateSend();
  }

  private endEdit(): void {
    this.editing = undefined;
    this.editBanner.hidden = true;
  }

  private submit(): void {
    const text = this.input.value;
    if (this.busy || this.pending !== undefined || (!text.trim() && this.chipLabels.length === 0)) return;
    this.pending = text;
    this.updateSend();
    this.events.send(text, this.editing);
  }

  private updateSend(): void {
    this.sendButton.disabled = this.pending !== undefined || (!this.input.value.trim() && this.chipLabels.length === 0);
  }

  private autosize(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 240)}px`;
    this.updateSend();
  }

  private closeMenu(): void {
    this.attachMenu.hidden = true;
    this.attachButton.setAttribute('aria-expanded', 'false');
  }

  private wire(): void {
    this.input.addEventListener('input', () => {
      this.autosize();
      this.events.draftChanged();
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        this.submit();
      } else if (e.key === 'ArrowUp' && !this.input.value && this.editing === undefined) {
        e.preventDefault();
        this.events.editLast();
      } else if (e.key === 'Escape' && this.editing !== undefined && !this.busy) {
        e.preventDefault();
        this.cancelEdit();
      }
    });
    this.sendButton.addEventListener('click', () => this.submit());
    this.stopButton.addEventListener('click', () => this.events.stop());
    this.attachButton.addEventListener('click', () => {
      const open = this.attachMenu.hidden;
      this.attachMenu.hidden = !open;
      this.attachButton.setAttribute('aria-expanded', String(open));
      if (open) this.attachMenu.querySelector<HTMLElement>('button')?.focus();
    });
    this.attachMenu.addEventListener('keydown', (e) => {
      const items = [...this.attachMenu.querySelectorAll<HTMLElement>('button')];
      const at = items.indexOf(document.activeElement as HTMLElement);
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.closeMenu();
        this.attachButton.focus();
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
      }
    });
    document.addEventListener('click', (e) => {
      if (!this.attachMenu.hidden && !(e.target as HTMLElement).closest('.attach-wrap')) this.closeMenu();
    });
  }
}
