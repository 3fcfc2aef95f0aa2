// @workspace for one question: turn indexing on if the user agrees, rewrite a question that refers back
// from the conversation, retrieve within the room the rest of the prompt leaves, and hand back the chunks
// as source attachments (or a note that nothing relevant was found).
import * as vscode from 'vscode';
import { newId } from '../../../core/chat/ids';
import { rewriteQuery, type RewriteTurn } from '../../../core/chat/queryRewrite';
import { fitChunks, sourceAttachment } from '../../../core/chat/sources';
import type { Attachment } from '../../../core/chat/types';
import type { WorkspaceNote } from '../../../shared/protocol';
import type { WorkspaceIndexAccess, WorkspaceIndexAvailability } from '../../../platform/workspaceIndexAccess';

export interface WorkspaceSources {
  /** The query the workspace was searched with (the question, expanded when it referred back). */
  query: string;
  sources: Attachment[];
  note?: WorkspaceNote;
}

/** Why @workspace cannot be used at all right now; undefined when it can (perhaps after the user turns indexing on). */
export function workspaceUnavailable(availability: WorkspaceIndexAvailability): string | undefined {
  switch (availability) {
    case 'noWorkspace':
      return vscode.l10n.t('@workspace needs an open folder: open one to ask about its code.');
    case 'untrusted':
      return vscode.l10n.t('@workspace is not available in Restricted Mode: the workspace is not indexed until you trust it.');
    default:
      return undefined;
  }
}

/** The sources for `question`, or a sentence saying why the workspace cannot be searched. */
export async function workspaceSources(
  index: WorkspaceIndexAccess,
  question: string,
  history: readonly RewriteTurn[],
  budgetTokens: number,
  signal: AbortSignal,
): Promise<WorkspaceSources | string> {
  const unavailable = workspaceUnavailable(index.availability());
  if (unavailable) return unavailable;
  if (!(await index.ensureEnabled())) {
    return workspaceUnavailable(index.availability()) ?? vscode.l10n.t('Workspace indexing is off, so @workspace cannot search the workspace. Turn it on to ask about code you have not attached.');
  }
  const query = rewriteQuery(question, history);
  const result = await index.retrieve(query, { budgetTokens, signal });
  const chunks = fitChunks(result.chunks, budgetTokens);
  const sources = chunks.map((c) => sourceAttachment(c, newId('a')));
  const building = result.availability === 'building';
  const note: WorkspaceNote | undefined = sources.length === 0 ? (building ? 'nothingFoundBuilding' : 'nothingFound') : building ? 'building' : undefined;
  return { query, sources, ...(note ? { note } : {}) };
}
