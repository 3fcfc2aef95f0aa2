// The SSE parser: framing as the standard defines it, whatever the network's read boundaries.
import * as assert from 'node:assert/strict';
import { SseParser, sseEvents, type SseEvent } from '../../../src/core/openai';

function parseAll(pieces: string[]): SseEvent[] {
  const p = new SseParser();
  const out: SseEvent[] = [];
  for (const piece of pieces) out.push(...p.push(piece));
  out.push(...p.end());
  return out;
}

/** Every way of cutting `text` into two reads, and into single characters. */
function everySplit(text: string): string[][] {
  const splits: string[][] = [Array.from(text)];
  for (let i = 0; i <= text.length; i++) splits.push([text.slice(0, i), text.slice(i)]);
  return splits;
}

function streamOf(chunks: Uint8Array[]): ReadableStreamDefaultReader<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  }).getReader();
}

describe('openai: SSE parser', () => {
  const wire = 'data: {"a":1}\n\n: ping\n\ndata: {"b":"x y"}\r\n\r\nevent: note\nid: 7\nretry: 100\ndata: line one\ndata:line two\n\ndata: [DONE]\n\n';
  const expected: SseEvent[] = [
    { data: '{"a":1}' },
    { data: '{"b":"x y"}' },
    { data: 'line one\nline two', event: 'note', id: '7' },
    { data: '[DONE]', id: '7' },
  ];

  it('parses data, comments, \\r\\n, named events and multi-line data', () => {
    assert.deepEqual(parseAll([wire]), expected);
  });

  it('gives the same events whatever the chunk boundaries (including between \\r and \\n)', () => {
    for (const split of everySplit(wire)) assert.deepEqual(parseAll(split), expected, JSON.stringify(split));
  });

  it('accepts lone \\r line ends, and a field without a colon', () => {
    assert.deepEqual(parseAll(['data: a\r\rdata\r\r']), [{ data: 'a' }, { data: '' }]);
  });

  it('comments and blank lines alone make no events', () => {
    assert.deepEqual(parseAll([': hello\n\n\n\n: ping\n\n']), []);
  });

  it('dispatches a last event the server did not end with a blank line', () => {
    assert.deepEqual(parseAll(['data: [DONE]']), [{ data: '[DONE]' }]);
    assert.deepEqual(parseAll(['data: x\r']), [{ data: 'x' }]);
  });

  it('keeps only one leading space of a value', () => {
    assert.deepEqual(parseAll(['data:  two spaces\n\n']), [{ data: ' two spaces' }]);
  });

  it('decodes UTF-8 split across reads', async () => {
    const bytes = new TextEncoder().encode('data: {"t":"héllo 你好 👋"}\n\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      const events: SseEvent[] = [];
      for await (const e of sseEvents(streamOf([bytes.slice(0, cut), bytes.slice(cut)]))) events.push(e);
      assert.deepEqual(events, [{ data: '{"t":"héllo 你好 👋"}' }], `cut at ${cut}`);
    }
  });
});
