// Incremental rendering of a streamed Markdown answer. Re-rendering the whole answer on every frame
// costs O(length) per frame, O(length²) per answer. Instead, top-level blocks that are followed by
// another block are finished: they are rendered once ("committed") and never touched again, and only
// the last block (the one still growing) is re-rendered per frame. The final render at the end of the
// stream covers what block-by-block rendering cannot see (e.g. reference links defined later).
// Pure (no DOM): the view decides where the HTML goes.
import type Token from 'markdown-it/lib/token.mjs';
import type { MarkdownRenderer } from './markdown';

export interface IncrementalUpdate {
  /** HTML of blocks finished since the last update, to append once. */
  committed: string;
  /** HTML of the last, still growing block, to replace the previous tail. */
  tail: string;
  /** The source did not extend the previous one (it was replaced): the container must be cleared first. */
  reset: boolean;
}

/** Offsets where each line starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function normalizeSource(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export class IncrementalMarkdown {
  private source = '';
  /** Characters of `source` already committed. */
  private committedChars = 0;

  constructor(private readonly renderer: MarkdownRenderer) {}

  get committedLength(): number {
    return this.committedChars;
  }

  /** Takes the whole text so far and returns what changed. */
  update(fullText: string): IncrementalUpdate {
    const text = normalizeSource(fullText);
    let reset = false;
    if (!text.startsWith(this.source.slice(0, this.committedChars))) {
      this.committedChars = 0;
      reset = true;
    }
    this.source = text;
    const pending = text.slice(this.committedChars);
    const tokens = this.renderer.parse(pending);
    const starts = blockStarts(tokens);
    let committed = '';
    if (starts.length > 1) {
      const last = starts[starts.length - 1];
      committed = this.renderer.renderTokens(tokens.slice(0, last.index));
      this.committedChars += lineStarts(pending)[last.line] ?? pending.length;
      return { committed, tail: this.renderer.renderTokens(tokens.slice(last.index), { streaming: true }), reset };
    }
    return { committed, tail: this.renderer.renderTokens(tokens, { streaming: true }), reset };
  }

  /** Forget everything (a new message). */
  clear(): void {
    this.source = '';
    this.committedChars = 0;
  }
}

/** Index and first line of each top-level block in the token stream. */
function blockStarts(tokens: Token[]): { index: number; line: number }[] {
  const out: { index: number; line: number }[] = [];
  tokens.forEach((t, index) => {
    if (t.level === 0 && t.nesting !== -1 && t.map) out.push({ index, line: t.map[0] });
  });
  return out;
}
