// Text that grows (plain model output, thinking) appended to an element in chunk elements of a few KB
// (see plain.ts): appending costs the new text only, and the browser lays out only the visible chunks.
import { chunkText } from './plain';

export class ChunkedText {
  private chunk: Text | undefined;
  private filled = 0;

  constructor(
    private readonly body: HTMLElement,
    private readonly tag: 'div' | 'span',
    private readonly size: number,
  ) {}

  append(text: string): void {
    const doc = this.body.ownerDocument;
    chunkText(this.chunk ? this.filled : this.size, text, this.size).forEach((piece, i) => {
      if (i > 0 || !this.chunk) {
        if (i === 0 && !piece) return;
        const element = doc.createElement(this.tag);
        element.className = 'md-chunk';
        this.chunk = doc.createTextNode('');
        element.append(this.chunk);
        this.body.append(element);
        this.filled = 0;
      }
      this.chunk.appendData(piece);
      this.filled += piece.length;
    });
  }
}
