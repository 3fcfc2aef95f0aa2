// Streams a growing Markdown text into a container: appends are coalesced by the scheduler (at most
// ~30 renders a second, in animation frames), each render applies what IncrementalMarkdown produced
// (committed blocks are inserted once, plain text is appended to a text node, the growing last block is
// replaced) and stops after the frame budget, leaving the rest to the next frame.
// `streamInto` is the entry point the benchmark uses (a container and an async stream of chunks).
import { rendersInFull } from './document';
import { highlightCode } from './highlight';
import { IncrementalMarkdown, type RenderOp } from './incremental';
import { DEFAULT_LIMITS, type RenderLimits } from './limits';
import type { MarkdownRenderer } from './markdown';
import { ChunkedText } from './chunkedText';
import { chunkTag, plainShell, type PlainKind } from './plain';
import { browserClock, RenderScheduler, type SchedulerClock } from './scheduler';

export interface StreamStats {
  renders: number;
  /** Time spent rendering (parse, HTML, DOM update and, with measureLayout, layout), ms. */
  renderMs: number;
  maxRenderMs: number;
  /** The final render, ms. */
  finishMs: number;
  /** Plain blocks rendered as Markdown after the end of the stream (one per frame), and the longest, ms. */
  upgrades: number;
  maxUpgradeMs: number;
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
  limits?: RenderLimits;
}

interface OpenPlain {
  kind: PlainKind;
  /** Where chunks go. */
  body: HTMLElement;
  text: ChunkedText;
}

export class MarkdownStream {
  private text = '';
  private readonly incremental: IncrementalMarkdown;
  private readonly scheduler: RenderScheduler;
  private readonly limits: RenderLimits;
  private tail: HTMLElement;
  private plain: OpenPlain | undefined;
  /** The part committed Markdown goes into, and how much HTML it holds. */
  private part: { element: HTMLElement; chars: number } | undefined;
  private finished = false;
  private stopped = false;
  /** Oversized blocks shown plain, which may become Markdown when the stream ends. */
  private plainBlocks: { element: HTMLElement; body: HTMLElement; kind: 'text' | 'code'; lang: string }[] = [];
  private readonly clock: SchedulerClock;
  /** The answer went past the Markdown cap (what follows stays plain). */
  private pastCap = false;
  readonly stats: StreamStats = { renders: 0, renderMs: 0, maxRenderMs: 0, finishMs: 0, upgrades: 0, maxUpgradeMs: 0, chars: 0, durations: [] };

  constructor(
    private readonly container: HTMLElement,
    private readonly renderer: MarkdownRenderer,
    private readonly options: StreamOptions = {},
  ) {
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.clock = options.clock ?? browserClock;
    this.incremental = new IncrementalMarkdown(renderer, this.limits);
    this.scheduler = new RenderScheduler(() => this.renderNow(), options.maxRendersPerSecond ?? 30, this.clock);
    this.tail = this.newTail();
  }

  get value(): string {
    return this.text;
  }

  append(chunk: string): void {
    if (!chunk || this.finished) return;
    this.text += chunk;
    this.incremental.append(chunk);
    this.scheduler.schedule();
  }

  /** Replaces the whole text (e.g. a snapshot arrived while streaming). */
  set(text: string): void {
    if (this.finished) return;
    if (text.startsWith(this.text)) {
      this.append(text.slice(this.text.length));
      return;
    }
    this.text = text;
    this.incremental.reset(text);
    this.scheduler.schedule();
  }

  /** Drops pending renders: the stream is abandoned (a new conversation replaced it). */
  stop(): void {
    this.finished = true;
    this.stopped = true;
    this.scheduler.cancel();
  }

  /**
   * Renders the end of the stream, once: what was streamed stays, only what remains is rendered, then
   * the plain blocks that are not too large become Markdown, one per frame. A short answer with
   * reference definitions is rendered again in full instead (block by block, a reference defined
   * after its use cannot resolve). Returns the HTML when it was rendered in full (to cache).
   */
  finish(): string | undefined {
    if (this.finished) return undefined;
    this.finished = true;
    this.scheduler.cancel();
    const started = performance.now();
    let html: string | undefined;
    if (rendersInFull(this.text, this.limits) && hasReferenceDefinition(this.text)) {
      html = this.renderer.render(this.text);
      this.container.innerHTML = html;
      this.plain = undefined;
      this.part = undefined;
      this.plainBlocks = [];
    } else {
      const update = this.incremental.update({ final: true });
      if (update.reset) this.tail = this.newTail();
      this.apply(update.ops);
      this.tail.remove();
    }
    if (this.options.measureLayout) void this.container.offsetHeight;
    this.stats.finishMs = performance.now() - started;
    this.stats.chars = this.text.length;
    this.options.onRender?.();
    // Upgrades add Markdown: they stop where the answer's Markdown would have reached its cap.
    let room = this.limits.markdownMaxChars;
    this.plainBlocks = this.plainBlocks.filter((b) => {
      const length = (b.body.textContent ?? '').length;
      if (length > this.limits.upgradeMaxChars || length > room) return false;
      room -= length;
      return true;
    });
    if (this.plainBlocks.length) this.clock.requestFrame(() => this.upgradeNext());
    return html;
  }

  /** Text received and not rendered yet (a render is scheduled). */
  get behind(): boolean {
    return this.scheduler.pending;
  }

  /** Work left after finish() (plain blocks still to turn into Markdown). */
  get upgrading(): boolean {
    return this.plainBlocks.length > 0 && !this.stopped;
  }

  private upgradeNext(): void {
    const block = this.plainBlocks.shift();
    if (!block || this.stopped) return;
    const started = performance.now();
    const text = block.body.textContent ?? '';
    if (block.kind === 'code') {
      const highlighted = highlightCode(text, block.lang);
      if (highlighted !== undefined) block.body.innerHTML = highlighted;
    } else {
      const part = this.container.ownerDocument.createElement('div');
      part.className = 'md-part';
      part.innerHTML = this.renderer.render(text);
      block.element.replaceWith(part);
    }
    if (this.options.measureLayout) void this.container.offsetHeight;
    const spent = performance.now() - started;
    this.stats.upgrades++;
    this.stats.maxUpgradeMs = Math.max(this.stats.maxUpgradeMs, spent);
    this.options.onRender?.();
    if (this.plainBlocks.length) this.clock.requestFrame(() => this.upgradeNext());
  }

  private newTail(): HTMLElement {
    this.container.replaceChildren();
    this.plain = undefined;
    this.part = undefined;
    this.plainBlocks = [];
    this.pastCap = false;
    const tail = this.container.ownerDocument.createElement('div');
    tail.className = 'md-tail';
    this.container.append(tail);
    return tail;
  }

  private renderNow(): void {
    const started = performance.now();
    const update = this.incremental.update({ budgetMs: this.limits.frameBudgetMs, maxHtmlChars: this.limits.frameHtmlChars, maxTextChars: this.limits.frameTextChars });
    if (update.reset) this.tail = this.newTail();
    this.apply(update.ops);
    if (update.tail || this.tail.firstChild) this.tail.innerHTML = update.tail;
    if (this.options.measureLayout) void this.container.offsetHeight;
    const spent = performance.now() - started;
    this.stats.renders++;
    this.stats.renderMs += spent;
    this.stats.maxRenderMs = Math.max(this.stats.maxRenderMs, spent);
    if (this.options.recordDurations) this.stats.durations.push(spent);
    this.options.onRender?.();
    if (update.more) this.scheduler.schedule();
  }

  private apply(ops: RenderOp[]): void {
    for (const op of ops) {
      if (op.op === 'html') {
        this.plain = undefined;
        if (!this.part || this.part.chars >= this.limits.partHtmlChars) {
          const element = this.container.ownerDocument.createElement('div');
          element.className = 'md-part';
          this.tail.before(element);
          this.part = { element, chars: 0 };
        }
        this.part.element.insertAdjacentHTML('beforeend', op.html);
        this.part.chars += op.html.length;
      } else if (op.op === 'open') {
        this.part = undefined;
        const shell = plainShell(op.kind, this.renderer, op.lang);
        const holder = this.container.ownerDocument.createElement('template');
        holder.innerHTML = shell.open + shell.close;
        const segment = holder.content.firstElementChild as HTMLElement;
        const body = op.kind === 'code' ? segment.querySelector('code') : op.kind === 'rest' ? segment.querySelector('.md-rest-body') : segment;
        this.tail.before(segment);
        const target = (body as HTMLElement | null) ?? segment;
        this.plain = { kind: op.kind, body: target, text: new ChunkedText(target, chunkTag(op.kind), this.limits.plainChunkChars) };
        // Blocks past the Markdown cap stay as they are.
        if (op.kind === 'rest') this.pastCap = true;
        else if (!this.pastCap) this.plainBlocks.push({ element: segment, body: this.plain.body, kind: op.kind, lang: op.lang ?? '' });
      } else if (op.op === 'text') {
        this.appendPlain(op.text);
      } else {
        this.plain = undefined;
      }
    }
  }

  private appendPlain(text: string): void {
    this.plain?.text.append(text);
  }
}

/** A line like `[label]: url`, which may define a reference used earlier in the text. */
function hasReferenceDefinition(text: string): boolean {
  return /^ {0,3}\[[^\]\n]+\]:/m.test(text);
}

/** Streams `chunks` into `container` and resolves with the render statistics when the stream ends. */
export async function streamInto(container: HTMLElement, renderer: MarkdownRenderer, chunks: AsyncIterable<string>, options: StreamOptions = {}): Promise<StreamStats> {
  const stream = new MarkdownStream(container, renderer, options);
  for await (const chunk of chunks) stream.append(chunk);
  stream.finish();
  return stream.stats;
}
