// Server-sent events, parsed the way the HTML standard says and the way proxies in front of the engines
// actually send them: a network read may end anywhere (mid-line, between `\r` and `\n`, mid-UTF-8 character),
// lines end in `\n`, `\r\n` or `\r`, lines starting with `:` are comments (`: ping` keep-alives), several `data:`
// lines of one event are joined with `\n`, and `event:`, `id:` and `retry:` are read or ignored.

export interface SseEvent {
  /** The data lines of the event, joined with `\n`. */
  data: string;
  /** `event:` field, when the server named the event (the OpenAI routes never do). */
  event?: string;
  id?: string;
}

/** Incremental parser: push decoded text as it arrives, collect whole events. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private eventName: string | undefined;
  private lastId: string | undefined;

  /** Feeds text; returns the events completed by it. */
  push(text: string): SseEvent[] {
    const out: SseEvent[] = [];
    const buf = this.buffer + text;
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      // A `\r` at the very end may be the first half of `\r\n`: wait for the next read to tell.
      if (c === 13 && i === buf.length - 1) break;
      this.line(buf.slice(start, i), out);
      if (c === 13 && buf.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
    this.buffer = buf.slice(start);
    return out;
  }

  /**
   * The stream ended. The standard drops an event that was not followed by a blank line; servers that close
   * right after their last `data:` line exist, so it is dispatched instead (a cut-off JSON payload is still
   * caught by whoever parses the data).
   */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    const rest = this.buffer.endsWith('\r') ? this.buffer.slice(0, -1) : this.buffer;
    this.buffer = '';
    if (rest !== '') this.line(rest, out);
    this.dispatch(out);
    return out;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === '') {
      this.dispatch(out);
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        break;
      case 'event':
        this.eventName = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      default:
        // `retry:` and unknown fields: nothing a client of these servers needs.
        break;
    }
  }

  private dispatch(out: SseEvent[]): void {
    if (this.data.length > 0) {
      const event: SseEvent = { data: this.data.join('\n') };
      if (this.eventName !== undefined) event.event = this.eventName;
      if (this.lastId !== undefined) event.id = this.lastId;
      out.push(event);
    }
    this.data = [];
    this.eventName = undefined;
  }
}

/** The events of a response body, decoding UTF-8 across read boundaries. */
export async function* sseEvents(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder('utf-8');
  const parser = new SseParser();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    yield* parser.push(decoder.decode(value, { stream: true }));
  }
  yield* parser.push(decoder.decode());
  yield* parser.end();
}
