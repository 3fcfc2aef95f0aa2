// Streams Markdown into a container element: appended text is rendered at most ~30 times a second,
// committed blocks are inserted once, and only the growing last block is replaced per render.
// `streamInto` is the entry point the benchmark uses (a container and an async stream of chunks).
import { IncrementalMarkdown } from './incremental';
import type { MarkdownRenderer } from './markdown';
import { RenderScheduler, type SchedulerClock } from './scheduler';

export interface StreamStats {
  renders: number;
  /** Time spent rendering (parse, HTML, DOM update and, with measureLayout, layout), ms. */
  renderMs: number;
  maxRenderMs: number;
  /** The final full render, ms. */
  finishMs: number;
  chars: number;
  /** Each render's duration, ms (only with `recordDurations`). */
  durations: number[];
}

export interface StreamOptions {
  maxRendersPerSecond?: number;
  /** Force a layout after each render so that its cost is measured too (benchmarks). */
  measureLayout?: boolean;
  clock?: SchedulerClock;
  /** Keep each render's duration in stats.durations (benchmarks). */
  recordDurations?: boolean;
  /** Called after each render (e.g. to keep the view scrolled to the bottom). */
  onRender?: () => void;
}

export class MarkdownStream {
  private text = '';
  private readonly incremental: IncrementalMarkdown;
  private readonly scheduler: RenderScheduler;
  private tail: HTMLElement;
  readonly stats: StreamStats = { renders: 0, renderMs: 0, maxRenderMs: 0, finishMs: 0, chars: 0, durations: [] };

  constructor(
    private readonly container: HTMLElement,
    private readonly renderer: MarkdownRenderer,
    private readonly options: StreamOptions = {},
  ) {
    this.incremental = new IncrementalMarkdown(renderer);
    this.scheduler = new RenderScheduler(() => this.renderNow(), options.maxRendersPerSecond ?? 30, options.clock);
    this.tail = this.newTail();
  }

  get value(): string {
    return this.text;
  }

  append(chunk: string): void {
    if (!chunk) return;
    this.text += chunk;
    this.scheduler.schedule();
  }

  /** Replaces the whole text (e.g. a snapshot arrived while streaming). */
  set(text: string): void {
    this.text = text;
    this.scheduler.schedule();
  }

  /** Renders the final text in full, once (the stream ended). */
  finish(): void {
    this.scheduler.cancel();
    const started = performance.now();
    this.container.innerHTML = this.renderer.render(this.text);
    if (this.options.measureLayout) void this.container.offsetHeight;
    this.stats.finishMs = performance.now() - started;
    this.stats.chars = this.text.length;
    this.options.onRender?.();
  }

  private newTail(): HTMLElement {
    this.container.replaceChildren();
    const tail = this.container.ownerDocument.createElement('div');
    tail.className = 'md-tail';
    this.container.append(tail);
    return tail;
  }

  private renderNow(): void {
    const started = performance.now();
    const update = this.incremental.update(this.text);
    if (update.reset) this.tail = this.newTail();
    if (update.committed) this.tail.insertAdjacentHTML('beforebegin', update.committed);
    this.tail.innerHTML = update.tail;
    if (this.options.measureLayout) void this.container.offsetHeight;
    const spent = performance.now() - started;
    this.stats.renders++;
    this.stats.renderMs += spent;
    this.stats.maxRenderMs = Math.max(this.stats.maxRenderMs, spent);
    if (this.options.recordDurations) this.stats.durations.push(spent);
    this.options.onRender?.();
  }
}

/** Streams `chunks` into `container` and resolves with the render statistics when the stream ends. */
export async function streamInto(container: HTMLElement, renderer: MarkdownRenderer, chunks: AsyncIterable<string>, options: StreamOptions = {}): Promise<StreamStats> {
  const stream = new MarkdownStream(container, renderer, options);
  for await (const chunk of chunks) stream.append(chunk);
  stream.finish();
  return stream.stats;
}
