// Stand-in for the workspace index until its service is wired (feat/indexing replaces this).
import * as vscode from 'vscode';
import type { WorkspaceIndexAccess } from '../../platform/workspaceIndexAccess';

export function noWorkspaceIndex(): WorkspaceIndexAccess {
  const availability = (): 'noWorkspace' | 'untrusted' | 'off' => (!vscode.workspace.workspaceFolders?.length ? 'noWorkspace' : vscode.workspace.isTrusted ? 'off' : 'untrusted');
  return {
    availability,
    onDidChangeAvailability: new vscode.EventEmitter<never>().event,
    ensureEnabled: () => Promise.resolve(false),
    retrieve: () => Promise.resolve({ availability: availability(), chunks: [] }),
  };
}
