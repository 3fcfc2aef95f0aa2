// Workspace sources in the chat's prompt: how much room retrieval gets beside the rest of the
// conversation, which retrieved chunks fit it, and how each becomes an attachment the model sees with its
// path and line range (the label it is asked to cite).
import { estimateTokens } from '../text/tokens';
import { answerReserve, formatAttachment, MESSAGE_OVERHEAD_TOKENS } from './context';
import type { Attachment, StoredMessage } from './types';

/** A retrieved piece of a workspace file (the shape of WorkspaceChunk, without VS Code). */
export interface SourceChunk {
  readonly uri: string;
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
  readonly tokens: number;
}

export interface RetrievalBudgetInput {
  systemPrompt: string;
  history: readonly StoredMessage[];
  /** The new message's text (without attachments). */
  messageText: string;
  /** The new message's other attachments (files, selection…), which share the room with the sources. */
  attachments: readonly Attachment[];
  contextTokens: number;
  maxAnswerTokens?: number;
}

/**
 * Tokens the workspace sources may take so that buildContext() need not cut them: the prompt's budget
 * minus the system prompt, the question and the other attachments, with a quarter of the room kept for the
 * conversation so far when there is one (buildContext's own rule for attachments).
 */
export function retrievalBudget(input: RetrievalBudgetInput): number {
  const budget = Math.max(0, input.contextTokens - answerReserve(input.contextTokens, input.maxAnswerTokens));
  const system = input.systemPrompt.trim() ? estimateTokens(input.systemPrompt) + MESSAGE_OVERHEAD_TOKENS : 0;
  const text = estimateTokens(input.messageText) + MESSAGE_OVERHEAD_TOKENS;
  const room = budget - system - text;
  const share = input.history.length > 0 ? Math.floor(room * 0.75) : room;
  const others = input.attachments.reduce((n, a) => n + estimateTokens(formatAttachment(a)), 0);
  return Math.max(0, share - others);
}

export function sourceLabel(c: { path: string; startLine: number; endLine: number }): string {
  return c.startLine === c.endLine ? `${c.path}:${c.startLine}` : `${c.path}:${c.startLine}-${c.endLine}`;
}

/** The attachment a chunk becomes: labelled `path:start-end`, the code fenced in its file's language. */
export function sourceAttachment(chunk: SourceChunk, id: string): Attachment {
  return {
    id,
    kind: 'source',
    label: sourceLabel(chunk),
    language: fenceLanguageOf(chunk.path),
    content: chunk.text,
    location: { uri: chunk.uri, path: chunk.path, startLine: chunk.startLine, endLine: chunk.endLine },
  };
}

/** Best first, as many whole chunks as fit `budget` (a chunk too large is passed over for smaller ones). */
export function fitChunks<T extends SourceChunk>(chunks: readonly T[], budget: number): T[] {
  const out: T[] = [];
  let used = 0;
  for (const chunk of chunks) {
    const cost = estimateTokens(formatAttachment(sourceAttachment(chunk, 'x')));
    if (used + cost > budget) continue;
    used += cost;
    out.push(chunk);
  }
  return out;
}

const FENCE_LANGUAGES: Record<string, string> = {
  ts: 'typescript', tsx: 'tsx', js: 'javascript', jsx: 'jsx', mjs: 'javascript', cjs: 'javascript', py: 'python', rs: 'rust', go: 'go',
  java: 'java', kt: 'kotlin', c: 'c', h: 'c', cpp: 'cpp', hpp: 'cpp', cs: 'csharp', rb: 'ruby', php: 'php', swift: 'swift', md: 'markdown',
  json: 'json', yml: 'yaml', yaml: 'yaml', sh: 'bash', css: 'css', html: 'html', sql: 'sql', toml: 'toml',
};

function fenceLanguageOf(path: string): string | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext ? FENCE_LANGUAGES[ext] : undefined;
}

// ---- @folder ---------------------------------------------------------------------------------------------

const KEY_FILES = /^(readme(\.\w+)?|index\.\w+|main\.\w+|mod\.rs|lib\.rs|__init__\.py|package\.json|cargo\.toml|pyproject\.toml|go\.mod)$/i;

/** The files of a folder, the ones that tell most about it first: READMEs, entry points, manifests, then the shallowest. */
export function rankFolderFiles(paths: readonly string[]): string[] {
  const depth = (p: string): number => p.split('/').length;
  const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
  return [...paths].sort((a, b) => Number(KEY_FILES.test(base(b))) - Number(KEY_FILES.test(base(a))) || depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
}

export interface FolderDigestInput {
  /** The folder, workspace-relative. */
  folder: string;
  /** Every file in it, relative to the folder. */
  files: readonly string[];
  /** Reads the start of a file (relative to the folder); undefined when it cannot be read or is not text. */
  head(file: string): string | undefined;
  budgetTokens: number;
  /** Lines listed at most (a huge folder is listed in part, with a count of the rest). */
  maxListed?: number;
}

/**
 * A listing of the folder, then the heads of its most relevant files while the budget lasts. The listing
 * comes first and is never cut to make room for heads.
 */
export function folderDigest(input: FolderDigestInput): { text: string; headsShown: number } {
  const max = input.maxListed ?? 200;
  const sorted = [...input.files].sort();
  const listed = sorted.slice(0, max);
  const listing = [`${input.folder}/`, ...listed.map((f) => `  ${f}`), ...(sorted.length > max ? [`  … ${sorted.length - max} more`] : [])].join('\n');
  let used = estimateTokens(listing);
  const parts = [listing];
  let headsShown = 0;
  for (const file of rankFolderFiles(input.files)) {
    if (used >= input.budgetTokens) break;
    const head = input.head(file);
    if (head === undefined || !head.trim()) continue;
    const part = `\n--- ${file} (start) ---\n${head}`;
    const cost = estimateTokens(part);
    if (used + cost > input.budgetTokens) continue;
    used += cost;
    parts.push(part);
    headsShown++;
  }
  return { text: parts.join('\n'), headsShown };
}

// ---- @problems -------------------------------------------------------------------------------------------

export interface Problem {
  path: string;
  /** 1-based. */
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  source?: string;
  code?: string;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2, hint: 3 } as const;

/** One line per problem, errors first, then by file and line: `path:line:col error: message (source code)`. */
export function formatProblems(problems: readonly Problem[]): string {
  return [...problems]
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line)
    .map((p) => {
      const origin = [p.source, p.code].filter(Boolean).join(' ');
      return `${p.path}:${p.line}:${p.column} ${p.severity}: ${p.message.replace(/\s*\n\s*/g, ' ')}${origin ? ` (${origin})` : ''}`;
    })
    .join('\n');
}

// ---- @terminal -------------------------------------------------------------------------------------------

/** Terminal output without its escape sequences (colours, cursor moves, shell-integration marks) and carriage-return overdraws. */
export function plainTerminalText(raw: string): string {
  // eslint-disable-next-line no-control-regex -- escape sequences are control characters
  const noEscapes = raw.replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '').replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '').replace(/\u001b[@-Z\\-_]/g, '');
  // A line redrawn with \r (progress bars) keeps only what was drawn last.
  return noEscapes
    .split('\n')
    .map((line) => {
      const parts = line.replace(/\r$/, '').split('\r');
      return parts[parts.length - 1];
    })
    .join('\n')
    // eslint-disable-next-line no-control-regex -- what remains of control characters
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

// ---- instructions to the model ---------------------------------------------------------------------------

/** Added to the system prompt when workspace sources come with the question. */
export const SOURCES_INSTRUCTION = [
  'The user\'s message comes with excerpts from their workspace, each labelled with its file path and line range as path:start-end.',
  'Answer from these excerpts. When you use one, cite it exactly as labelled, for example src/app.ts:10-24.',
  'If the excerpts do not contain the answer, say plainly that you did not find it in the workspace; do not guess.',
].join(' ');

/** Added to the system prompt when a workspace search found nothing. */
export const NOTHING_FOUND_INSTRUCTION = [
  'The user asked about their workspace, but searching it found nothing relevant to the question.',
  'Say so plainly first. Do not present anything as coming from the workspace and do not invent file names or code from it.',
].join(' ');

export function withInstruction(systemPrompt: string, instruction: string): string {
  return systemPrompt.trim() ? `${systemPrompt.trimEnd()}\n\n${instruction}` : instruction;
}
