// Adapters from VS Code documents to the plain values the completion core reads: lines on demand (never
// the whole text), offsets that count a line break as one character whatever the file's EOL, and the
// path for the header comment.
import * as vscode from 'vscode';
import type { LineSource } from '../core/prompts/cursorContext';

export function lineSource(document: vscode.TextDocument): LineSource {
  return { lineCount: document.lineCount, lineAt: (line) => document.lineAt(line).text };
}

/** The offset of `position` with CRLF counted as one character, matching the '\n'-joined context text. */
export function normalizedOffset(document: vscode.TextDocument, position: vscode.Position): number {
  const offset = document.offsetAt(position);
  return document.eol === vscode.EndOfLine.CRLF ? offset - position.line : offset;
}

export interface NormalizedChange {
  offset: number;
  deletedLength: number;
  inserted: string;
}

export function normalizedChange(document: vscode.TextDocument, change: vscode.TextDocumentContentChangeEvent): NormalizedChange {
  if (document.eol !== vscode.EndOfLine.CRLF) return { offset: change.rangeOffset, deletedLength: change.rangeLength, inserted: change.text };
  return {
    offset: change.rangeOffset - change.range.start.line,
    deletedLength: change.rangeLength - (change.range.end.line - change.range.start.line),
    inserted: change.text.replace(/\r\n/g, '\n'),
  };
}

/** Workspace-relative path for files; '' for untitled and other documents without a meaningful path. */
export function headerPath(document: vscode.TextDocument): string {
  if (document.isUntitled) return '';
  return vscode.workspace.asRelativePath(document.uri, false);
}

/** Documents Hearth completes in: files (local or remote), untitled documents, notebook cells. */
export const COMPLETION_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file' },
  { scheme: 'untitled' },
  { scheme: 'vscode-remote' },
  { scheme: 'vscode-notebook-cell' },
];

/** An AbortSignal that fires with `token`; dispose() stops listening. */
export function signalFor(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const listener = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => listener.dispose() };
}

/** The file's name for prompts (`cart.ts`, `Untitled-1`). */
export function fileNameOf(document: vscode.TextDocument): string {
  return document.uri.path.split('/').pop() || document.uri.path;
}
