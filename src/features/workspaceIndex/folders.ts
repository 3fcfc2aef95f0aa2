// Which folders the index covers and how its paths name files: relative to their folder, '/'-separated; with
// several folders, the folder's name first (as VS Code's asRelativePath says them). Only folders on disk
// (`file` scheme): untitled and virtual documents are never indexed.
import * as vscode from 'vscode';

export function indexedFolders(): readonly vscode.WorkspaceFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
}

/** The index's path of a file, or undefined when it is outside the indexed folders. */
export function indexPathOf(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== 'file') return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || folder.uri.scheme !== 'file') return undefined;
  const base = folder.uri.path.replace(/\/$/, '');
  if (!uri.path.startsWith(`${base}/`)) return undefined;
  const rel = uri.path.slice(base.length + 1);
  if (!rel) return undefined;
  return indexedFolders().length > 1 ? `${folder.name}/${rel}` : rel;
}

/** The file an index path names. */
export function fileOfIndexPath(path: string): { folder: vscode.WorkspaceFolder; rel: string; uri: vscode.Uri } | undefined {
  const folders = indexedFolders();
  let folder: vscode.WorkspaceFolder | undefined;
  let rel = path;
  if (folders.length > 1) {
    const slash = path.indexOf('/');
    folder = folders.find((f) => f.name === path.slice(0, slash));
    rel = path.slice(slash + 1);
  } else folder = folders[0];
  if (!folder || !rel) return undefined;
  return { folder, rel, uri: vscode.Uri.joinPath(folder.uri, ...rel.split('/')) };
}
