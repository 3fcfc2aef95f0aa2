// The plain values the workspace index passes around: a chunk of a file, and what retrieval returns.

/** A piece of one file, cut along its structure (a declaration, a Markdown section, a paragraph). */
export interface Chunk {
  /** Workspace-relative path with `/` separators. */
  path: string;
  /** 1-based, inclusive. */
  startLine: number;
  /** 1-based, inclusive. */
  endLine: number;
  text: string;
  /** sha256 of `text` (hex): the key under which its embedding is kept, so unchanged text is never re-embedded. */
  hash: string;
}

/** Where an answer's material came from: the file and its lines, for a citation that opens them. */
export interface Citation {
  path: string;
  startLine: number;
  endLine: number;
}
