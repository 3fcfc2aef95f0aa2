// A finished answer as HTML, bounded like a streamed one and ending like it: up to fullRenderMaxChars it
// is rendered in full (reference links defined anywhere resolve); longer, through IncrementalMarkdown
// in one go, with blocks up to upgradeMaxChars as Markdown (what the streamed answer upgrades them to
// at its end), so the cost is that of markdownMaxChars of Markdown at most, plus plain text.
import { IncrementalMarkdown } from './incremental';
import { DEFAULT_LIMITS, type RenderLimits } from './limits';
import type { MarkdownRenderer } from './markdown';
import { opsToHtml } from './plain';

/** Small enough to be rendered in full, in one go. */
export function rendersInFull(text: string, limits: RenderLimits = DEFAULT_LIMITS): boolean {
  return text.length <= Math.min(limits.fullRenderMaxChars, limits.markdownMaxChars);
}

export function renderDocument(renderer: MarkdownRenderer, text: string, limits: RenderLimits = DEFAULT_LIMITS): string {
  if (rendersInFull(text, limits)) return renderer.render(text);
  const engine = new IncrementalMarkdown(renderer, { ...limits, blockMaxChars: Math.max(limits.blockMaxChars, limits.upgradeMaxChars) });
  engine.append(text);
  return opsToHtml(engine.update({ final: true }).ops, renderer, limits.plainChunkChars, limits.partHtmlChars);
}
