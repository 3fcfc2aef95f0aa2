// A tiny editor for driving the engine the way VS Code does: a document with a cursor, typing that reports
// the edit and the cursor move, cancels the previous call's token and asks for a suggestion again.

import type { CompletionEngine, CompletionResult } from '../../../src/core/completion/engine';
import type { CompletionRequest } from '../../../src/core/completion/request';
import type { CompletionModel, Trigger } from '../../../src/core/prompts/completionPrompt';
import { readCursorContext, stringLineSource, type ContextBudget } from '../../../src/core/prompts/cursorContext';

export const QWEN_CODER: CompletionModel = {
  name: 'qwen2.5-coder:1.5b',
  family: 'qwen2',
  capabilities: ['completion', 'tools', 'insert'],
  template: '{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{ end }}',
};

export const TEST_BUDGET: ContextBudget = { prefixTokens: 1536, suffixTokens: 384, stride: 16 };

export interface SimOptions {
  documentId?: string;
  languageId?: string;
  path?: string;
  model?: CompletionModel;
  budget?: ContextBudget;
}

/** A document and its cursor: `text` with `|` marking the cursor, or the text and the cursor's offset. */
export type SimDocument = string | { text: string; cursor: number };

export class EditorSim {
  text: string;
  cursor: number;
  private controller: AbortController | undefined;
  readonly documentId: string;
  readonly languageId: string;
  readonly path: string;
  model: CompletionModel;
  private readonly budget: ContextBudget;

  constructor(
    private readonly engine: CompletionEngine,
    document: SimDocument,
    options: SimOptions = {},
  ) {
    if (typeof document === 'string') {
      this.cursor = document.indexOf('|');
      if (this.cursor < 0) throw new Error('no | cursor marker');
      this.text = document.slice(0, this.cursor) + document.slice(this.cursor + 1);
    } else {
      this.text = document.text;
      this.cursor = document.cursor;
    }
    this.documentId = options.documentId ?? 'file:///work/a.py';
    this.languageId = options.languageId ?? 'python';
    this.path = options.path ?? 'a.py';
    this.model = options.model ?? QWEN_CODER;
    this.budget = options.budget ?? TEST_BUDGET;
  }

  request(trigger: Trigger = 'automatic', keyAt?: number): CompletionRequest {
    const before = this.text.slice(0, this.cursor);
    const line = before.split('\n').length - 1;
    const character = this.cursor - (before.lastIndexOf('\n') + 1);
    const ctx = readCursorContext(stringLineSource(this.text), line, character, this.budget);
    return { documentId: this.documentId, offset: this.cursor, ctx, languageId: this.languageId, path: this.path, model: this.model, trigger, ...(keyAt !== undefined ? { keyAt } : {}) };
  }

  /** Cancels the previous call (as VS Code does when it asks again) and asks for a suggestion here; `keyAt`: when the key was pressed. */
  ask(trigger: Trigger = 'automatic', keyAt?: number): Promise<CompletionResult | undefined> {
    this.controller?.abort();
    this.controller = new AbortController();
    return this.engine.complete(this.request(trigger, keyAt), this.controller.signal);
  }

  /** The editor gave up on the last call (cursor moved, Escape…). */
  cancel(): void {
    this.controller?.abort();
  }

  /** Inserts `chars` at the cursor and reports the edit and the cursor move, without asking. */
  insert(chars: string): void {
    this.text = this.text.slice(0, this.cursor) + chars + this.text.slice(this.cursor);
    this.engine.noteEdit(this.documentId, this.cursor, 0, chars);
    this.cursor += chars.length;
    this.engine.noteCursor(this.documentId, this.cursor);
  }

  /** Types `chars` as one keystroke and asks for a suggestion. */
  type(chars: string, trigger: Trigger = 'automatic'): Promise<CompletionResult | undefined> {
    this.insert(chars);
    return this.ask(trigger);
  }

  backspace(): Promise<CompletionResult | undefined> {
    this.text = this.text.slice(0, this.cursor - 1) + this.text.slice(this.cursor);
    this.cursor--;
    this.engine.noteEdit(this.documentId, this.cursor, 1, '');
    this.engine.noteCursor(this.documentId, this.cursor);
    return this.ask();
  }

  moveTo(offset: number): void {
    this.cursor = offset;
    this.engine.noteCursor(this.documentId, offset);
  }
}
