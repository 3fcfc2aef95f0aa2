// The input at the bottom: attachment chips, the text area, Attach, and Send (which turns into Stop
// while an answer streams). Enter sends, Shift+Enter adds a line (and an IME composition is never cut
// short by Enter), Up in an empty input edits the last message, Esc stops or cancels an edit.
// Typing `@` opens the mention popup (a listbox the text area controls, as a combobox): ↑/↓ choose,
// Enter or Tab pick, Esc closes; a picked mention leaves the text and becomes a chip.
import type { MentionKind } from '../shared/mentions';
import type { AttachRequest, ViewAttachment, ViewStringKey } from '../shared/protocol';
import { chipContent } from './chips';
import { h, icon, iconButton } from './dom';
import { MentionMenuState } from './mentionMenu';
import { t } from './strings';

const MENTION_TEXT: Record<MentionKind, ViewStringKey> = {
  workspace: 'mentionWorkspace',
  file: 'mentionFile',
  folder: 'mentionFolder',
  problems: 'mentionProblems',
  selection: 'mentionSelection',
  changes: 'mentionChanges',
  terminal: 'mentionTerminal',
};
const MENTION_ICONS: Record<MentionKind, string> = {
  workspace: 'search',
  file: 'file',
  folder: 'folder',
  problems: 'warning',
  selection: 'selection',
  changes: 'git-compare',
  terminal: 'terminal',
};

export interface ComposerEvents {
  send(text: string, editing: string | undefined): void;
  stop(): void;
  attach(kind: AttachRequest): void;
  removeAttachment(id: string): void;
  mention(kind: MentionKind): void;
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
  private readonly mentionList: HTMLUListElement;
  readonly mentions = new MentionMenuState();
  private composing = false;
  private busy = false;
  /** The text of a send the extension has not confirmed yet. */
  private pending: string | undefined;
  editing: string | undefined;
  chipLabels: string[] = [];
  chipItems: ViewAttachment[] = [];

  constructor(private readonly events: ComposerEvents) {
    this.input = h('textarea', {
      class: 'input',
      rows: 1,
      placeholder: t('inputPlaceholder'),
      'aria-label': t('inputLabel'),
      'aria-description': t('mentionsHint'),
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-haspopup': 'listbox',
      'aria-expanded': 'false',
      'aria-controls': 'mention-list',
    });
    this.mentionList = h('ul', { class: 'mention-list', id: 'mention-list', role: 'listbox', 'aria-label': t('mentions'), hidden: true });
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
      h('div', { class: 'input-row' }, this.mentionList, this.input),
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
    this.chipItems = items;
    this.chips.replaceChildren(
      ...items.map((a) => {
        const remove = iconButton('close', t('removeAttachment', a.label), { class: 'icon-button chip-remove' });
        remove.addEventListener('click', () => {
          this.events.removeAttachment(a.id);
          this.input.focus();
        });
        const { children, title } = chipContent(a);
        return h('li', { class: 'chip', 'data-kind': a.kind, title }, ...children, remove);
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

  /** Shows the popup as the state says. */
  private renderMentions(): void {
    const m = this.mentions;
    this.mentionList.hidden = !m.open;
    this.input.setAttribute('aria-expanded', String(m.open));
    if (!m.open) {
      this.input.removeAttribute('aria-activedescendant');
      this.mentionList.replaceChildren();
      return;
    }
    this.mentionList.replaceChildren(
      ...m.items.map((kind, i) => {
        const item = h(
          'li',
          { id: `mention-${kind}`, role: 'option', class: 'mention-item', 'aria-selected': String(i === m.active), 'data-mention': kind },
          icon(MENTION_ICONS[kind]),
          h('span', { class: 'mention-name', text: `@${kind}` }),
          h('span', { class: 'mention-detail', text: t(MENTION_TEXT[kind]) }),
        );
        // mousedown, not click: the text area keeps the focus (and the caret) while the mouse picks.
        item.addEventListener('mousedown', (e) => {
          e.preventDefault();
          m.active = i;
          this.pickMention();
        });
        return item;
      }),
    );
    this.input.setAttribute('aria-activedescendant', `mention-${m.items[m.active]}`);
    this.mentionList.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }

  private updateMentions(): void {
    this.mentions.update(this.input.value, this.input.selectionStart ?? this.input.value.length, this.composing);
    this.renderMentions();
  }

  /** The picked mention's `@…` leaves the text; the extension attaches what it names as a chip. */
  private pickMention(): void {
    const picked = this.mentions.picked();
    if (!picked) return;
    const value = this.input.value;
    this.input.value = value.slice(0, picked.start) + value.slice(picked.end);
    this.input.setSelectionRange(picked.start, picked.start);
    this.mentions.close();
    this.renderMentions();
    this.autosize();
    this.events.draftChanged();
    this.events.mention(picked.kind);
  }

  private wire(): void {
    this.input.addEventListener('input', () => {
      this.autosize();
      this.updateMentions();
      this.events.draftChanged();
    });
    this.input.addEventListener('compositionstart', () => (this.composing = true));
    this.input.addEventListener('compositionend', () => {
      this.composing = false;
      this.updateMentions();
    });
    this.input.addEventListener('click', () => this.updateMentions());
    this.input.addEventListener('blur', () => {
      this.mentions.close();
      this.renderMentions();
    });
    this.input.addEventListener('keydown', (e) => {
      const menu = this.mentions.key(e);
      if (menu !== 'pass') {
        e.preventDefault();
        e.stopPropagation();
        if (menu === 'pick') this.pickMention();
        else this.renderMentions();
        return;
      }
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
    // The caret moved without typing (arrows, Home, End): the popup follows it.
    this.input.addEventListener('keyup', (e) => {
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End') this.updateMentions();
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
