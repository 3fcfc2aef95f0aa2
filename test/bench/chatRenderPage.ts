// Runs inside headless Chromium (bundled by chatRender.ts): streams tokens into the chat renderer at a
// fixed rate, the way the chat view does, and returns the render statistics.
import { MarkdownRenderer } from '../../src/webview/render/markdown';
import { streamInto, type StreamStats } from '../../src/webview/render/stream';

export interface PageResult extends StreamStats {
  streamMs: number;
  tokens: number;
}

async function* atRate(tokens: string[], perSecond: number): AsyncGenerator<string> {
  const started = performance.now();
  let next = 0;
  while (next < tokens.length) {
    const due = Math.min(tokens.length, Math.floor(((performance.now() - started) * perSecond) / 1000) + 1);
    // Tokens that are due arrive together, as they would in one network read.
    while (next < due) yield tokens[next++];
    const wait = started + (next * 1000) / perSecond - performance.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
  }
}

async function run(tokens: string[], perSecond: number): Promise<PageResult> {
  const container = document.getElementById('answer') as HTMLElement;
  container.replaceChildren();
  const started = performance.now();
  const stats = await streamInto(container, new MarkdownRenderer(), atRate(tokens, perSecond), { measureLayout: true, recordDurations: true });
  return { ...stats, streamMs: performance.now() - started, tokens: tokens.length };
}

(window as unknown as { runChatBench: typeof run }).runChatBench = run;
