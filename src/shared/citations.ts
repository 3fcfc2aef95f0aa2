// Citations in answers: `path:start-end` (or `path:line`), as the system prompt asks the model to write
// them for workspace sources. The webview turns them into links; the extension parses them again (the
// webview is untrusted) before opening anything.

export interface Citation {
  /** Workspace-relative, '/' separated. */
  path: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
}

/**
 * A path with at least one file extension or folder, then `:line` or `:start-end` (also `#Lstart-Lend`).
 * Paths may not start with '/' or contain '..': citations name workspace files.
 */
const CITATION_SOURCE = String.raw`((?:[\w@.-]+\/)*[\w@-][\w@.-]*\.[A-Za-z][A-Za-z0-9]*)(?::|#L)(\d{1,7})(?:\s?[-–]\s?L?(\d{1,7}))?`;
const MAX_LINE = 10_000_000;

/** Every citation in `text`, with where it is. */
export function findCitations(text: string): { index: number; length: number; citation: Citation }[] {
  const out: { index: number; length: number; citation: Citation }[] = [];
  const re = new RegExp(`(?<![\\w/.@-])${CITATION_SOURCE}(?![\\w/])`, 'g');
  for (const m of text.matchAll(re)) {
    const citation = toCitation(m[1], m[2], m[3]);
    if (citation) out.push({ index: m.index, length: m[0].length, citation });
  }
  return out;
}

/** The citation that `text` is exactly (trimmed), if it is one. */
export function parseCitation(text: string): Citation | undefined {
  const m = new RegExp(`^${CITATION_SOURCE}$`).exec(text.trim());
  return m ? toCitation(m[1], m[2], m[3]) : undefined;
}

function toCitation(path: string, start: string, end: string | undefined): Citation | undefined {
  if (path.split('/').some((part) => part === '..' || part === '.')) return undefined;
  const startLine = Number(start);
  const endLine = end === undefined ? startLine : Number(end);
  if (startLine < 1 || endLine < startLine || endLine > MAX_LINE) return undefined;
  return { path, startLine, endLine };
}

export function formatCitation(c: Citation): string {
  return c.startLine === c.endLine ? `${c.path}:${c.startLine}` : `${c.path}:${c.startLine}-${c.endLine}`;
}
