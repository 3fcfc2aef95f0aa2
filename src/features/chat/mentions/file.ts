// @file and @folder: a fuzzy pick over the workspace (VS Code's quick pick matches fuzzily), files.exclude
// respected. The file open in the editor comes first, then the other open editors, so the usual pick is
// one key away.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EditorTracker } from '../editorTracker';

/** Enough for a pick; a larger workspace is still searchable by typing more (the pick lists the first ones found). */
const MAX_FILES = 20_000;

interface UriItem extends vscode.QuickPickItem {
  uri: vscode.Uri;
}

/** Workspace files, files.exclude applied (findFiles' default when `exclude` is undefined). */
export async function workspaceFiles(token?: vscode.CancellationToken, include: vscode.GlobPattern = '**/*'): Promise<vscode.Uri[]> {
  return vscode.workspace.findFiles(include, undefined, MAX_FILES, token);
}

function openFirst(uris: vscode.Uri[], editors: EditorTracker): vscode.Uri[] {
  const open = [editors.editor?.document.uri, ...vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => (t.input instanceof vscode.TabInputText ? t.input.uri : undefined))]
    .filter((u): u is vscode.Uri => u !== undefined)
    .map((u) => u.toString());
  const rank = (u: vscode.Uri): number => {
    const at = open.indexOf(u.toString());
    return at < 0 ? open.length : at;
  };
  return [...uris].sort((a, b) => rank(a) - rank(b) || (vscode.workspace.asRelativePath(a) < vscode.workspace.asRelativePath(b) ? -1 : 1));
}

async function pick(items: UriItem[], placeHolder: string): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true });
  return picked?.uri;
}

export async function pickFile(editors: EditorTracker): Promise<vscode.Uri | undefined> {
  const uris = openFirst(await workspaceFiles(), editors);
  const items = uris.map((uri): UriItem => {
    const relative = vscode.workspace.asRelativePath(uri);
    return { label: path.posix.basename(uri.path), description: relative, uri };
  });
  return pick(items, vscode.l10n.t('File to attach (type to search)'));
}

export async function pickFolder(editors: EditorTracker): Promise<vscode.Uri | undefined> {
  const uris = await workspaceFiles();
  const folders = new Map<string, vscode.Uri>();
  for (const root of vscode.workspace.workspaceFolders ?? []) folders.set(root.uri.toString(), root.uri);
  for (const uri of uris) {
    let dir = vscode.Uri.joinPath(uri, '..');
    while (!folders.has(dir.toString()) && vscode.workspace.getWorkspaceFolder(dir)) {
      folders.set(dir.toString(), dir);
      dir = vscode.Uri.joinPath(dir, '..');
    }
  }
  // The current file's folder first.
  const current = editors.editor?.document.uri;
  const currentDir = current ? vscode.Uri.joinPath(current, '..').toString() : undefined;
  const items = [...folders.values()]
    .map((uri): UriItem => ({ label: relativeFolder(uri), uri }))
    .sort((a, b) => Number(b.uri.toString() === currentDir) - Number(a.uri.toString() === currentDir) || (a.label < b.label ? -1 : 1));
  return pick(items, vscode.l10n.t('Folder to attach (type to search)'));
}

/** A folder's workspace-relative path ('.' style names for a workspace root: its name). */
export function relativeFolder(uri: vscode.Uri): string {
  const root = vscode.workspace.getWorkspaceFolder(uri);
  if (root && root.uri.toString() === uri.toString()) return root.name;
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}
