// Cleans a draft while it streams into the editor: chat models like to wrap code in a Markdown fence and
// to talk after it, and they know nothing of the indentation at the cursor. The filter drops an opening
// fence line, stops at its closing fence, indents every new line like the cursor's line, and never writes
// leading or trailing blank lines. Text is released as soon as it cannot be part of a fence.

const FENCE = /^\s*(```|~~~)/;

export class DraftTextFilter {
  private pending = '';
  private written = false;
  private midLine = false;
  private pendingBreaks = 0;
  private fenced: boolean | undefined;
  private closedFlag = false;

  /** `indent` is added after every line break (the cursor line's indentation). */
  constructor(private readonly indent = '') {}

  /** True once a closing fence ended the draft: the rest of the stream is chatter. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** Text to write now for `chunk`. */
  push(chunk: string): string {
    if (this.closedFlag) return '';
    this.pending += chunk.replace(/\r\n/g, '\n');
    let out = '';
    for (let nl = this.pending.indexOf('\n'); nl >= 0 && !this.closedFlag; nl = this.pending.indexOf('\n')) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      out += this.completeLine(line);
    }
    if (this.closedFlag) {
      this.pending = '';
      return out;
    }
    if (this.midLine) {
      out += this.pending;
      this.pending = '';
    } else if (this.pending.trim() !== '' && !this.mightBeFence(this.pending)) {
      out += this.content(this.pending);
      this.pending = '';
      this.midLine = true;
    }
    return out;
  }

  /** Text to write at the end of the stream. */
  end(): string {
    if (this.closedFlag || this.pending === '') return '';
    const last = this.pending;
    this.pending = '';
    if (this.midLine) return last.trimEnd();
    if (this.fenced && FENCE.test(last)) return '';
    return last.trim() === '' ? '' : this.content(last.trimEnd());
  }

  /** A partial line that could still turn into a fence must wait for more text. */
  private mightBeFence(partial: string): boolean {
    const start = partial.trimStart();
    return '```'.startsWith(start.slice(0, 3)) || '~~~'.startsWith(start.slice(0, 3));
  }

  private completeLine(line: string): string {
    if (this.midLine) {
      this.midLine = false;
      this.pendingBreaks = 1;
      return line.trimEnd();
    }
    if (FENCE.test(line)) {
      if (this.fenced === undefined && !this.written) {
        this.fenced = true;
        return '';
      }
      if (this.fenced) {
        this.closedFlag = true;
        return '';
      }
    }
    if (line.trim() === '') {
      if (this.written) this.pendingBreaks++;
      return '';
    }
    this.fenced ??= false;
    const out = this.content(line.trimEnd());
    this.pendingBreaks = 1;
    return out;
  }

  private content(text: string): string {
    this.fenced ??= false;
    let out = '';
    if (this.pendingBreaks > 0) {
      out = `${'\n'.repeat(this.pendingBreaks)}${this.indent}`;
      this.pendingBreaks = 0;
    }
    this.written = true;
    return out + text;
  }
}
