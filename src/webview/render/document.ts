// A finished answer as HTML, bounded like a streamed one: under the Markdown cap it is rendered in full
// (reference links defined anywhere resolve); over it, through IncrementalMarkdown in one go, so the
// cost is that of markdownMaxChars of Markdown plus plain text.
import { IncrementalMarkdown } from './incremental';
import { DEFAULT_LIMITS, type RenderLimits } from './limits';
import type { MarkdownRenderer } from './markdown';
import { opsToHtml } from './plain';

export function fitsMarkdownCap(text: string, limits: RenderLimits = DEFAULT_LIMITS): boolean {
  return text.length <= limits.markdownMaxChars;
}

export function renderDocument(renderer: MarkdownRenderer, text: string, limits: RenderLimits = DEFAULT_LIMITS): string {
  if (fitsMarkdownCap(text, limits)) return renderer.render(text);
  const engine = new IncrementalMarkdown(renderer, limits);
  engine.append(text);
  return opsToHtml(engine.update({ final: true }).ops, renderer, limits.plainChunkChars, limits.partHtmlChars);
}
