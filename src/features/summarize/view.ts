// The summary document beside the editor: a read-only Markdown document that shows the progress, the summary
// as it streams and, for a long text, the notes on each part. Updates are batched (a few per second) so a
// fast model does not flood the editor.
import * as vscode from 'vscode';
import type { ReadOnlyDocuments } from '../../platform/readonlyDocument';

export type SummaryState = 'running' | 'done' | 'failed' | 'cancelled';

interface PartNotes {
  firstLine: number;
  lastLine: number;
  text: string;
}

const UPDATE_MS = 100;

export class SummaryView {
  state: SummaryState = 'running';
  /** One line on what is happening now (while running). */
  status = '';
  /** Model, parts, language: shown under the title. */
  meta = '';
  summary = '';
  error = '';
  truncated = false;
  private readonly parts = new Map<number, PartNotes>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly documents: ReadOnlyDocuments,
    /** Document name under the read-only scheme, e.g. `summaries/3/cart.ts (summary).md`. */
    readonly name: string,
    private readonly title: string,
  ) {}

  get uri(): vscode.Uri {
    return this.documents.uriFor(this.name);
  }

  /** Drops the notes and summary so far (the text is being split again, smaller). */
  reset(status: string): void {
    this.parts.clear();
    this.summary = '';
    this.status = status;
    this.flush();
  }

  startPart(part: number, firstLine: number, lastLine: number): void {
    this.parts.set(part, { firstLine, lastLine, text: '' });
    this.changed();
  }

  appendToPart(part: number, delta: string): void {
    const notes = this.parts.get(part);
    if (notes) notes.text += delta;
    this.changed();
  }

  appendToSummary(delta: string): void {
    this.summary += delta;
    this.changed();
  }

  render(): string {
    const out = [`# ${this.title}`, ''];
    if (this.meta) out.push(`*${this.meta}*`, '');
    if (this.state === 'running' && this.status) out.push(`> ${this.status}`, '');
    if (this.summary.trim()) out.push(this.summary.trim(), '');
    if (this.truncated) out.push(`> ${vscode.l10n.t('The summary reached its length limit and may end early.')}`, '');
    if (this.state === 'failed') out.push(`> ⚠ ${this.error}`, '');
    if (this.state === 'cancelled') out.push(`> ${vscode.l10n.t('Stopped. What was written so far is kept.')}`, '');
    if (this.parts.size > 0) {
      out.push(`## ${vscode.l10n.t('Notes by part')}`, '');
      for (const [part, notes] of [...this.parts].sort((a, b) => a[0] - b[0])) {
        out.push(`### ${vscode.l10n.t('Part {0} (lines {1}–{2})', part, notes.firstLine, notes.lastLine)}`, '', notes.text.trim() || '…', '');
      }
    }
    return out.join('\n');
  }

  /** Shows the document beside the editor, without taking the focus. */
  async show(): Promise<void> {
    await this.documents.show(this.name, this.render(), { language: 'markdown', beside: true, preserveFocus: true, preview: false });
  }

  private changed(): void {
    this.timer ??= setTimeout(() => this.flush(), UPDATE_MS);
  }

  /** Writes the current state to the document now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.documents.update(this.name, this.render());
  }
}
