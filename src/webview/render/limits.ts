// What model output may cost the chat view. Model output is hostile input (design rule 13): whatever
// it is, the view must keep answering to the user, so the work spent on it is bounded in three ways:
//  - per block: a top-level block (paragraph, table, list, fence…) larger than BLOCK_MAX_CHARS is not
//    parsed as Markdown while it streams but shown as plain text, appended as it arrives; the growing
//    last block is re-rendered each frame only while it is smaller than that and BLOCK_MAX_LINES;
//  - per answer: only the first MARKDOWN_MAX_CHARS are rendered as Markdown; the rest is plain text
//    with a note and a Copy button;
//  - per frame: a render stops after frameBudgetMs (or frameHtmlChars of new HTML, frameTextChars of
//    new plain text, whose layout costs too) and leaves what remains to the next frame;
//  - at the end: only what remains is rendered (an answer up to fullRenderMaxChars with reference
//    definitions is rendered again in full), then the blocks shown plain while streaming that are at
//    most upgradeMaxChars become Markdown (or highlighted code), one per frame.
// The figures come from the "pathological answers" benchmark (npm run bench -- --only=pathological).

export interface RenderLimits {
  /** A growing block is parsed and re-rendered each frame only below these sizes; larger, it is plain. */
  blockMaxChars: number;
  blockMaxLines: number;
  /** Source characters rendered as Markdown in one answer; the rest is plain text. */
  markdownMaxChars: number;
  /** Fenced code past the Markdown cap still gets a code block (with its actions), up to this many. */
  restCodeBlocks: number;
  /** Main-thread time one frame may spend rendering before it leaves the rest to the next frame. */
  frameBudgetMs: number;
  /** New Markdown HTML one frame may add (the browser lays it out in the same frame). */
  frameHtmlChars: number;
  /** New plain text one frame may add (likewise). */
  frameTextChars: number;
  /**
   * An answer up to this size is rendered in one go when opened again, and when its stream ends if it
   * defines references (they then resolve wherever they are used).
   */
  fullRenderMaxChars: number;
  /** When the stream ends, plain blocks up to this size are rendered as Markdown, one per frame. */
  upgradeMaxChars: number;
  /** Plain text is split into elements of about this size, which the browser lays out only when visible. */
  plainChunkChars: number;
  /**
   * Committed Markdown is grouped into parts of about this much HTML, laid out only when visible: a
   * container with thousands of children would otherwise be laid out again, child by child, each frame.
   */
  partHtmlChars: number;
}

export const DEFAULT_LIMITS: RenderLimits = {
  blockMaxChars: 8_192,
  blockMaxLines: 200,
  markdownMaxChars: 65_536,
  restCodeBlocks: 32,
  frameBudgetMs: 5,
  frameHtmlChars: 12_288,
  frameTextChars: 16_384,
  fullRenderMaxChars: 16_384,
  upgradeMaxChars: 16_384,
  plainChunkChars: 4_096,
  partHtmlChars: 16_384,
};
