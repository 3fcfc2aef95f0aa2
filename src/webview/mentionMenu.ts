// The state of the @-mention popup, without the DOM (so its keyboard behaviour is tested in Node): which
// mentions match what follows the `@`, which one is active, and what a key does. Keys typed while an input
// method composes (Chinese pinyin, Japanese kana…) belong to the input method and are never taken.
import { matchMentions, mentionAt, type MentionKind } from '../shared/mentions';

export type MenuKeyResult = 'pass' | 'move' | 'pick' | 'close';

export interface MenuKey {
  key: string;
  shiftKey?: boolean;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  isComposing?: boolean;
  /** 229: the key went to an input method (some browsers send it without isComposing). */
  keyCode?: number;
}

export class MentionMenuState {
  open = false;
  items: MentionKind[] = [];
  active = 0;
  /** Where the `@` is in the text, and what follows it up to the caret. */
  start = -1;
  query = '';
  /** Closed with Escape: stays closed until the `@` is gone or another is typed. */
  private dismissedAt = -1;

  /** The text or the caret changed. While composing nothing changes: the composition is not text yet. */
  update(text: string, caret: number, composing = false): void {
    if (composing) return;
    const at = mentionAt(text, caret);
    if (!at) {
      this.dismissedAt = -1;
      this.close();
      return;
    }
    if (at.start === this.dismissedAt) return;
    const items = matchMentions(at.query);
    if (items.length === 0) {
      this.close();
      return;
    }
    const same = this.open && this.start === at.start && this.query === at.query;
    this.open = true;
    this.start = at.start;
    this.query = at.query;
    this.items = items;
    if (!same) this.active = 0;
  }

  /** What a key press does to the popup; 'pass' leaves it to the text area. */
  key(e: MenuKey): MenuKeyResult {
    if (!this.open || e.isComposing || e.keyCode === 229) return 'pass';
    if (e.altKey || e.ctrlKey || e.metaKey) return 'pass';
    switch (e.key) {
      case 'ArrowDown':
        this.active = (this.active + 1) % this.items.length;
        return 'move';
      case 'ArrowUp':
        this.active = (this.active + this.items.length - 1) % this.items.length;
        return 'move';
      case 'Enter':
      case 'Tab':
        return e.shiftKey ? 'pass' : 'pick';
      case 'Escape':
        this.dismissedAt = this.start;
        this.close();
        return 'close';
      default:
        return 'pass';
    }
  }

  /** The active mention and the span of text it replaces (the `@` and what was typed after it). */
  picked(): { kind: MentionKind; start: number; end: number } | undefined {
    if (!this.open) return undefined;
    return { kind: this.items[this.active], start: this.start, end: this.start + 1 + this.query.length };
  }

  close(): void {
    this.open = false;
    this.items = [];
    this.active = 0;
    this.start = -1;
    this.query = '';
  }
}
