// Which documents are the user's own text (not an output channel, the settings editor or Git's view).
import type * as vscode from 'vscode';

export function isUserDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme !== 'output' && doc.uri.scheme !== 'vscode-settings' && !doc.uri.path.endsWith('.git');
}
