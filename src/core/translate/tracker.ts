// Follows ranges of a document through the edits made while the model works, so that translations land on
// the comments they belong to. A range that an edit touched is given up: its text may have changed.

export interface TextChange {
  /** Offset of the replaced text in the document before this change. */
  offset: number;
  /** Length of the replaced text. */
  length: number;
  /** The new text. */
  text: string;
}

export interface TrackedRange {
  start: number;
  end: number;
  /** An edit overlapped or touched the range. */
  lost: boolean;
}

export class RangeTracker {
  private readonly ranges: TrackedRange[];

  constructor(ranges: ReadonlyArray<{ start: number; end: number }>) {
    this.ranges = ranges.map((r) => ({ start: r.start, end: r.end, lost: false }));
  }

  /**
   * Applies the changes of one document event. VS Code reports them with offsets in the document before
   * the event, none overlapping, so they are applied from the last to the first.
   */
  apply(changes: readonly TextChange[]): void {
    const ordered = [...changes].sort((a, b) => b.offset - a.offset);
    for (const change of ordered) {
      const changeEnd = change.offset + change.length;
      const delta = change.text.length - change.length;
      for (const r of this.ranges) {
        if (r.lost) continue;
        if (changeEnd <= r.start) {
          // Before the range (typing just before a comment included): it moves.
          r.start += delta;
          r.end += delta;
        } else if (change.offset > r.end) {
          // After it: nothing moves.
        } else {
          // Inside, or right at its end (which would extend a line comment).
          r.lost = true;
        }
      }
    }
  }

  get current(): readonly TrackedRange[] {
    return this.ranges;
  }
}
