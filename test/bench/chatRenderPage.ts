// Runs inside headless Chromium (bundled by chatRender.ts): streams tokens into the chat renderer at a
// fixed rate, the way the chat view does, and returns the render statistics; and streams hostile
// answers (runPathological, see pathological.ts).
import { renderDocument } from '../../src/webview/render/document';
import { MarkdownRenderer } from '../../src/webview/render/markdown';
import { findUnsafeMarkup } from '../../src/webview/render/safety';
import { MarkdownStream, streamInto, type StreamStats } from '../../src/webview/render/stream';

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

export interface PathologicalResult {
  chars: number;
  renders: number;
  /** Each render's main-thread time (parse, HTML, DOM, layout), ms. */
  durations: number[];
  /** The end of the stream: the last block, or the whole answer again when under the Markdown cap, ms. */
  finishMs: number;
  /** Longest gap between two animation frames while streaming: any main-thread stall shows here, ms. */
  maxFrameGapMs: number;
  streamMs: number;
  /** How long rendering went on after the last delta arrived (work deferred by the frame budget), ms. */
  drainMs: number;
  /** After the stream: plain blocks turned into Markdown (one per frame), and the longest of those frames, ms. */
  upgrades: number;
  maxUpgradeMs: number;
  /** The finished answer rendered from scratch, as when a saved conversation is opened, ms. */
  reloadMs: number;
  /** Markup the safety audit would flag (must stay empty). */
  unsafe: string[];
  plainSegments: number;
  capped: boolean;
}

/**
 * Streams `text` the way the chat receives it (a delta every `intervalMs`, as the extension's
 * DeltaBatcher posts them, `chunkChars` characters each) into a view-like scroller that is kept at the
 * bottom after each render, as the chat does.
 */
async function runPathological(text: string, chunkChars: number, intervalMs: number): Promise<PathologicalResult> {
  const container = document.getElementById('answer') as HTMLElement;
  const scroller = container.parentElement as HTMLElement;
  container.replaceChildren();
  // Settle: the previous shape's layout and garbage are not this one's cost.
  void container.offsetHeight;
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const renderer = new MarkdownRenderer();
  const stream = new MarkdownStream(container, renderer, {
    measureLayout: true,
    recordDurations: true,
    onRender: () => {
      scroller.scrollTop = scroller.scrollHeight;
    },
  });
  let maxGap = 0;
  let last = performance.now();
  let watching = true;
  const tick = (): void => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    if (watching) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const started = performance.now();
  for (let i = 0; i < text.length; i += chunkChars) {
    stream.append(text.slice(i, i + chunkChars));
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  // Let deferred work (the frame budget) drain, as it would while the model finishes.
  const drainStarted = performance.now();
  while (stream.behind) await new Promise((resolve) => setTimeout(resolve, 16));
  const drainMs = performance.now() - drainStarted;
  watching = false;
  const streamMs = performance.now() - started;
  stream.finish();
  while (stream.upgrading) await new Promise((resolve) => requestAnimationFrame(resolve));
  scroller.scrollTop = scroller.scrollHeight;
  const unsafe = findUnsafeMarkup(container.innerHTML);
  const plainSegments = container.querySelectorAll('.md-plain, .md-rest, .code-block').length;
  const capped = !!container.querySelector('.md-rest');
  const reloadStarted = performance.now();
  container.innerHTML = renderDocument(renderer, text);
  scroller.scrollTop = scroller.scrollHeight;
  void container.offsetHeight;
  const reloadMs = performance.now() - reloadStarted;
  container.replaceChildren();
  return { chars: text.length, renders: stream.stats.renders, durations: stream.stats.durations, finishMs: stream.stats.finishMs, upgrades: stream.stats.upgrades, maxUpgradeMs: stream.stats.maxUpgradeMs, maxFrameGapMs: maxGap, streamMs, drainMs, reloadMs, unsafe, plainSegments, capped };
}

(window as unknown as { runPathological: typeof runPathological }).runPathological = runPathological;
