// The summary beside the editor: a read-only Markdown document, shown rendered (the Markdown preview follows
// it as it changes), with the progress, the summary as it streams and, for a long text, the notes on each part.
// Updates are batched (a few per second) so a fast model does not flood the preview. A failure is never
// written into it (the error reporter says what went wrong, with its buttons); the document only says that
// the summary is unfinished.
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
    if (this.state === 'failed') out.push(`> ${vscode.l10n.t('The summary stopped before it was finished. What was written so far is kept.')}`, '');
    if (this.state === 'cancelled') out.push(`> ${vscode.l10n.t('Stopped. What was written so far is kept.')}`, '');
    if (this.parts.size > 0) {
      out.push(`## ${vscode.l10n.t('Notes by part')}`, '');
      for (const [part, notes] of [...this.parts].sort((a, b) => a[0] - b[0])) {
        out.push(`### ${vscode.l10n.t('Part {0} (lines {1}–{2})', part, notes.firstLine, notes.lastLine)}`, '', notes.text.trim() || '…', '');
      }
    }
    return out.join('\n');
  }

  /** True once something was written that is worth keeping (the summary or notes on a part). */
  get hasContent(): boolean {
    return this.summary.trim() !== '' || [...this.parts.values()].some((p) => p.text.trim() !== '');
  }

  private shown = false;

  /** Shows the summary rendered beside the editor, without taking the focus (once; later calls do nothing). */
  async show(): Promise<void> {
    if (this.shown) return;
    this.shown = true;
    await this.documents.showRendered(this.name, this.render(), { beside: true, preserveFocus: true, preview: false });
  }

  /** Closes the summary wherever it is shown (it failed before anything was written). */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.documents.close(this.name);
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
