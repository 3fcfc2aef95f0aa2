// @workspace for one question: turn indexing on if the user agrees, rewrite a question that refers back
// from the conversation, retrieve within the room the rest of the prompt leaves, and hand back the chunks
// as source attachments (or a note that nothing relevant was found).
import * as vscode from 'vscode';
import { newId } from '../../../core/chat/ids';
import { rewriteQuery, type RewriteTurn } from '../../../core/chat/queryRewrite';
import { fitChunks, NOTHING_FOUND_INSTRUCTION, retrievalBudget, sourceAttachment, SOURCES_INSTRUCTION, withInstruction } from '../../../core/chat/sources';
import type { Attachment, StoredMessage } from '../../../core/chat/types';
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

export interface WorkspaceTurnInput {
  index: WorkspaceIndexAccess;
  log: vscode.LogOutputChannel;
  /** The message asks @workspace (a chip or written out); otherwise only sources it already has count. */
  ask: boolean;
  /** The question without its mentions. */
  question: string;
  systemPrompt: string;
  history: readonly StoredMessage[];
  user: StoredMessage;
  contextTokens: number;
  maxAnswerTokens?: number;
  signal: AbortSignal;
}

/**
 * The user message with the sources found (after the @workspace chip, replacing sources found for an
 * earlier version of it), the system prompt with the instruction to cite them (or to say nothing was
 * found), and the note the answer shows; a sentence for the user when the workspace cannot be searched.
 */
export async function prepareWorkspaceTurn(input: WorkspaceTurnInput): Promise<{ user: StoredMessage; systemPrompt: string; note?: WorkspaceNote } | string> {
  const attachments = input.user.attachments ?? [];
  if (!input.ask) {
    // A retried question keeps the sources found for it.
    const cited = attachments.some((a) => a.kind === 'source');
    return { user: input.user, systemPrompt: cited ? withInstruction(input.systemPrompt, SOURCES_INSTRUCTION) : input.systemPrompt };
  }
  if (!input.question.trim()) return vscode.l10n.t('Ask a question with @workspace: the workspace is searched for what it needs.');
  const others = attachments.filter((a) => a.kind !== 'source' && a.kind !== 'workspace');
  const budget = retrievalBudget({
    systemPrompt: withInstruction(input.systemPrompt, SOURCES_INSTRUCTION),
    history: input.history,
    messageText: input.user.content,
    attachments: others,
    contextTokens: input.contextTokens,
    maxAnswerTokens: input.maxAnswerTokens,
  });
  let found: WorkspaceSources | string;
  try {
    found = await workspaceSources(input.index, input.question, input.history, budget, input.signal);
  } catch (err) {
    if (input.signal.aborted) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    input.log.error(`chat: workspace retrieval failed: ${reason}`);
    return vscode.l10n.t('The workspace could not be searched: {0}', reason);
  }
  if (typeof found === 'string') return found;
  input.log.info(`chat: @workspace searched for ${JSON.stringify(found.query)} within ${budget} tokens: ${found.sources.length} sources`);
  const marker: Attachment = { id: newId('a'), kind: 'workspace', label: '@workspace', content: '' };
  return {
    user: { ...input.user, attachments: [...others, marker, ...found.sources] },
    systemPrompt: withInstruction(input.systemPrompt, found.sources.length ? SOURCES_INSTRUCTION : NOTHING_FOUND_INSTRUCTION),
    ...(found.note ? { note: found.note } : {}),
  };
}
