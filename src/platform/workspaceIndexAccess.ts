// The chat's view of the workspace index (issue 16). The index service (src/features/workspaceIndex)
// implements it; the chat's @workspace mention consumes it. Two branches were built against this file:
// change it only together with both sides.
import type * as vscode from 'vscode';

export type WorkspaceIndexAvailability =
  | 'noWorkspace' // no folder open
  | 'untrusted' // Restricted Mode: never indexed
  | 'off' // the user has not turned indexing on
  | 'noModel' // no embedding model: retrieval is lexical only
  | 'building' // first build in progress: retrieval answers from what is indexed so far
  | 'ready'
  | 'failed';

export interface WorkspaceChunk {
  /** The file's URI as a string (file: scheme). */
  readonly uri: string;
  /** Workspace-relative path, '/' separated, for display and citations. */
  readonly path: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
  /** Approximate tokens of `text`, counted as the chat counts them. */
  readonly tokens: number;
}

export interface WorkspaceRetrieval {
  readonly availability: WorkspaceIndexAvailability;
  /** Best first, deduplicated, fitted to the budget. Empty when nothing relevant was found. */
  readonly chunks: readonly WorkspaceChunk[];
}

export interface WorkspaceIndexAccess {
  availability(): WorkspaceIndexAvailability;
  readonly onDidChangeAvailability: vscode.Event<WorkspaceIndexAvailability>;
  /**
   * Asks the user to turn indexing on when it is off (the first @workspace question); resolves true when
   * indexing is on afterwards. Never prompts, and resolves false, in an untrusted workspace.
   */
  ensureEnabled(): Promise<boolean>;
  /** Hybrid retrieval for a (rewritten) question. "Nothing found" is an empty list, never an error; rejects on abort. */
  retrieve(query: string, opts: { budgetTokens: number; signal?: AbortSignal }): Promise<WorkspaceRetrieval>;
}
