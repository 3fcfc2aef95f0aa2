// One request to the model, from sending to its end. It reads the stream, post-processes as text arrives
// and stops reading (which closes the connection) as soon as the suggestion is complete. Several callers
// can wait for it: the one that started it and later ones that typed along the text still arriving.
// A multi-line suggestion offers its first line as soon as that line is complete (`firstLine`), so the
// editor can show it while the rest of the block is still being generated.

import type { GenerateParams, TextChunk } from '../ollama/types';
import type { CompletionPlan } from '../prompts/completionPrompt';
import { postprocess, stripThinking, type PostContext } from './postprocess';
import type { PausePoint } from './pausePoint';
import type { Anchor } from './request';

export type GenerateFn = (params: GenerateParams, signal: AbortSignal) => AsyncIterable<TextChunk>;

export type AbortReason = 'superseded' | 'edit' | 'cancelled' | 'orphaned' | 'cleared';

export type FlightOutcome =
  | { ok: true; text: string; early: boolean; receivedChars: number }
  | { ok: false; error: unknown; aborted: boolean; receivedChars: number };

export class Flight {
  private readonly controller = new AbortController();
  private raw = '';
  /** The answer so far with thinking removed, untrimmed: what typed-ahead compares against. */
  private visibleText = '';
  private finishedFlag = false;
  private abortReason: AbortReason | undefined;
  /** Characters the user typed at the anchor since the request was sent (from edits the editor reported). */
  typedAlong = '';
  waiters = 0;
  /** The kind of place it was sent from (the debounce learns per kind whether requests there are used). */
  point: PausePoint = 'boundary';
  /** When the user's last key before it was pressed, and when it was aborted. */
  keyAt = 0;
  abortedAt = Number.POSITIVE_INFINITY;
  /** A caller was given text from this request (its first line, or its answer): it was not wasted. */
  served = false;
  /** Sent on the edit itself, before the editor asked (see CompletionEngine.prefetch); no caller has taken it yet. */
  prefetched = false;
  readonly done: Promise<FlightOutcome>;
  /**
   * The first line of a multi-line suggestion as soon as it is complete and more is still coming, or
   * undefined when the request ends first (or is single-line): then `done` has the answer.
   */
  readonly firstLine: Promise<string | undefined>;
  private resolveFirstLine: (line: string | undefined) => void = () => undefined;

  constructor(
    readonly id: number,
    readonly anchor: Anchor,
    readonly plan: CompletionPlan,
    private readonly post: PostContext,
    readonly startedAt: number,
    generate: GenerateFn,
    params: GenerateParams,
  ) {
    this.firstLine = new Promise((resolve) => (this.resolveFirstLine = resolve));
    this.done = this.run(generate, params);
  }

  get finished(): boolean {
    return this.finishedFlag;
  }

  get visible(): string {
    return this.visibleText;
  }

  get aborted(): AbortReason | undefined {
    return this.abortReason;
  }

  abort(reason: AbortReason): boolean {
    if (this.finishedFlag || this.abortReason) return false;
    this.abortReason = reason;
    this.controller.abort();
    return true;
  }

  /**
   * Whether text typed at the anchor is what the model has already written. Typing beyond what has
   * arrived is a guess the request cannot confirm, so it does not keep the request alive.
   */
  accepts(typed: string): boolean {
    return !this.abortReason && this.visibleText.startsWith(typed);
  }

  private async run(generate: GenerateFn, params: GenerateParams): Promise<FlightOutcome> {
    let early = false;
    let result: string | undefined;
    try {
      for await (const chunk of generate(params, this.controller.signal)) {
        if (chunk.text) {
          this.raw += chunk.text;
          this.visibleText = stripThinking(this.raw);
        }
        const processed = postprocess(this.raw, this.post, chunk.done);
        if (!processed.complete && !chunk.done) this.offerFirstLine(this.visibleText);
        if (processed.complete) {
          result = processed.text;
          early = !chunk.done;
          break; // leaving the loop closes the request
        }
      }
      result ??= postprocess(this.raw, this.post, true).text;
      return { ok: true, text: result, early, receivedChars: this.raw.length };
    } catch (error) {
      return { ok: false, error, aborted: this.abortReason !== undefined, receivedChars: this.raw.length };
    } finally {
      this.finishedFlag = true;
      this.resolveFirstLine(undefined);
    }
  }

  private firstLineOffered = false;

  /** Resolves `firstLine` once the block's first line with content is followed by a line break (in the
   * text as it arrives: post-processing trims a trailing line break until the next line has content). */
  private offerFirstLine(text: string): void {
    if (this.firstLineOffered || !this.post.multiline) return;
    const content = text.search(/\S/);
    const end = content < 0 ? -1 : text.indexOf('\n', content);
    if (end < 0) return;
    this.firstLineOffered = true;
    // The line on its own, with the single-line rules (a repeat of the line below is dropped).
    const line = postprocess(text.slice(0, end), { ...this.post, multiline: false }, true).text;
    if (line.trim() !== '') this.resolveFirstLine(line);
  }
}
