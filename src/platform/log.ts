// The "Hearth" log channel. VS Code's LogOutputChannel already has levels, timestamps and the
// "Set Log Level" command, so Hearth uses it as is.
import * as vscode from 'vscode';

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Hearth', { log: true });
}

/** One line describing an error for the log, with the server's message when there is one. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
