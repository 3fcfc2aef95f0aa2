// The editor side of a replay, in real time: a document held as lines (so reading the context costs what
// it costs in VS Code, not a split of the whole text), and VS Code's inline-suggestion behaviour:
//  - every edit first reports the change and the cursor move to the strategy (Hearth's feature forwards
//    onDidChangeTextDocument / onDidChangeTextEditorSelection to its engine), then cancels the pending call;
//  - the provider is called 50 ms after the last edit (VS Code 1.100's fixed inline-completion debounce);
//  - ghost text: a result is shown if its call was not cancelled and the cursor has not moved; typing the
//    next character of the ghost text keeps the rest of it on screen, any other edit hides it; a call that
//    returns nothing leaves a still-valid ghost text in place (VS Code reuses the active suggestion).
// The request is built the way Hearth's provider builds it (skip checks, the budgets, the context read),
// with `startedAt` taken before the context is read, so the engine's overhead includes that read.
import { performance } from 'node:perf_hooks';
import type { CompletionRequest } from '../../../src/core/completion/request';
import { pausePointOf, type PausePoint } from '../../../src/core/completion/pausePoint';
import { looksBinary, skipForLines } from '../../../src/core/completion/skip';
import type { CompletionModel } from '../../../src/core/prompts/completionPrompt';
import { readCursorContext, type ContextBudget, type LineSource } from '../../../src/core/prompts/cursorContext';
import type { Answer, Strategy } from './strategy';

export const VSCODE_INLINE_DEBOUNCE_MS = 50;

export interface Ghost {
  offset: number;
  text: string;
  /** When it (or the suggestion it is the rest of) first appeared. */
  since: number;
  requestId?: number;
}

export interface Display {
  at: number;
  offset: number;
  text: string;
  source: Answer['source'];
  requestId?: number;
  /** The provider call's start, for Hearth's overhead on answers from memory. */
  calledAt: number;
}

export interface EditorOptions {
  documentId: string;
  languageId: string;
  path: string;
  model: CompletionModel;
  budget: ContextBudget;
  maxLineLength: number;
  /** Time factor of this replay (VS Code's debounce is scaled with everything else). */
  scale: number;
}

export class BenchEditor implements LineSource {
  private lines: string[];
  private line = 0;
  private character = 0;
  /** Offset of the cursor, counting each line break as one character. */
  offset: number;
  ghost: Ghost | undefined;
  readonly displays: Display[] = [];
  calls = 0;
  private version = 0;
  /** When the last edit happened (the key the next call follows). */
  private keyAt = 0;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private controller: AbortController | undefined;
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    text: string,
    cursor: number,
    private readonly strategy: Strategy,
    private readonly options: EditorOptions,
  ) {
    this.lines = text.split('\n');
    this.offset = 0;
    this.moveTo(cursor);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  lineAt(line: number): string {
    return this.lines[line] ?? '';
  }

  /** The cursor's line number (0-based). */
  get cursorLine(): number {
    return this.line;
  }

  /** The kind of place the cursor is at (see pausePoint.ts), from its line and the lines above. */
  get place(): PausePoint {
    const above = this.lines.slice(Math.max(0, this.line - 20), this.line).join('\n');
    return pausePointOf(this.lines[this.line].slice(0, this.character), above === '' ? '' : above + '\n');
  }

  get text(): string {
    return this.lines.join('\n');
  }

  private moveTo(offset: number): void {
    let rest = offset;
    for (let l = 0; l < this.lines.length; l++) {
      if (rest <= this.lines[l].length) {
        this.line = l;
        this.character = rest;
        this.offset = offset;
        return;
      }
      rest -= this.lines[l].length + 1;
    }
    throw new Error(`offset ${offset} is past the end of the document`);
  }

  /** Types `text` at the cursor as one edit (a key, or a Tab that accepts a suggestion). */
  insert(text: string): void {
    const at = this.offset;
    const current = this.lines[this.line];
    const parts = (current.slice(0, this.character) + text + current.slice(this.character)).split('\n');
    this.lines.splice(this.line, 1, ...parts);
    const inserted = text.split('\n');
    this.line += inserted.length - 1;
    this.character = inserted.length > 1 ? inserted[inserted.length - 1].length : this.character + text.length;
    this.offset = at + text.length;
    // The ghost text survives only when the edit typed its next characters.
    const g = this.ghost;
    this.ghost = g && g.offset === at && g.text.length > text.length && g.text.startsWith(text) ? { ...g, offset: this.offset, text: g.text.slice(text.length) } : undefined;
    this.changed(at, 0, text);
  }

  backspace(): void {
    if (this.offset === 0) return;
    if (this.character > 0) {
      const current = this.lines[this.line];
      this.lines[this.line] = current.slice(0, this.character - 1) + current.slice(this.character);
      this.character--;
    } else {
      const previous = this.lines[this.line - 1];
      this.lines.splice(this.line - 1, 2, previous + this.lines[this.line]);
      this.line--;
      this.character = previous.length;
    }
    this.offset--;
    this.ghost = undefined;
    this.changed(this.offset, 1, '');
  }

  /** Presses Tab on the ghost text. */
  accept(): string {
    const g = this.ghost;
    if (!g || g.offset !== this.offset) throw new Error('no suggestion to accept');
    this.ghost = undefined;
    this.insert(g.text);
    return g.text;
  }

  private changed(offset: number, deleted: number, inserted: string): void {
    this.version++;
    this.keyAt = performance.now();
    this.strategy.noteEdit(this.options.documentId, offset, deleted, inserted);
    this.strategy.noteCursor(this.options.documentId, this.offset);
    // Hearth's feature hears of a line break (Enter, with the indentation the editor adds) at once.
    if (this.strategy.lineBreak && deleted === 0 && /^\n[ \t]*$/.test(inserted)) {
      const request = this.request(this.keyAt);
      if (request) this.strategy.lineBreak(request);
    }
    this.controller?.abort();
    this.controller = undefined;
    if (this.pending !== undefined) clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.call();
    }, VSCODE_INLINE_DEBOUNCE_MS * this.options.scale);
  }

  /** The request Hearth's provider builds at the cursor (undefined where it skips). */
  private request(startedAt: number): CompletionRequest | undefined {
    const o = this.options;
    if (skipForLines(this, this.line, o.maxLineLength, o.path)) return undefined;
    const ctx = readCursorContext(this, this.line, this.character, o.budget);
    if (looksBinary(ctx)) return undefined;
    return { documentId: o.documentId, offset: this.offset, ctx, languageId: o.languageId, path: o.path, model: o.model, trigger: 'automatic', startedAt, keyAt: this.keyAt };
  }

  /** What Hearth's provider does on VS Code's call, then VS Code's handling of the answer. */
  private call(): void {
    const startedAt = performance.now();
    this.calls++;
    const controller = new AbortController();
    this.controller = controller;
    const request = this.request(startedAt);
    if (!request) return;
    const version = this.version;
    const done = this.strategy.provide(request, controller.signal).then(
      (answer) => {
        if (!answer || !answer.text || controller.signal.aborted || this.version !== version) return;
        const at = performance.now();
        const same = this.ghost && this.ghost.offset === this.offset && this.ghost.text === answer.text;
        this.ghost = { offset: this.offset, text: answer.text, since: same && this.ghost ? this.ghost.since : at, requestId: answer.requestId };
        this.displays.push({ at, offset: this.offset, text: answer.text, source: answer.source, requestId: answer.requestId, calledAt: startedAt });
      },
      (err: unknown) => {
        console.error(`  provider call failed: ${String(err instanceof Error ? err.message : err)}`);
      },
    );
    this.inflight.add(done);
    void done.finally(() => this.inflight.delete(done));
  }

  /** Cancels the pending call and waits for the calls still running to settle. */
  async close(): Promise<void> {
    if (this.pending !== undefined) clearTimeout(this.pending);
    this.controller?.abort();
    await Promise.allSettled([...this.inflight]);
  }
}
