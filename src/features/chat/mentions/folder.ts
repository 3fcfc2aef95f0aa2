// @folder: the folder's listing and the start of its most telling files (README, entry points, manifests),
// as much as fits a share of a typical context window. The chat's budget trims the rest visibly.
import * as vscode from 'vscode';
import { newId } from '../../../core/chat/ids';
import { folderDigest, rankFolderFiles } from '../../../core/chat/sources';
import type { PendingAttachment } from '../attachments';
import { relativeFolder, workspaceFiles } from './file';

/** What a folder mention may take; the context budget may cut it further when it is sent. */
const FOLDER_BUDGET_TOKENS = 6_000;
const HEAD_LINES = 40;
const HEAD_MAX_BYTES = 16_000;

async function readHead(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const bytes = (await vscode.workspace.fs.readFile(uri)).subarray(0, HEAD_MAX_BYTES);
    if (bytes.includes(0)) return undefined; // binary
    return new TextDecoder('utf-8', { fatal: false }).decode(bytes).split('\n').slice(0, HEAD_LINES).join('\n');
  } catch {
    return undefined;
  }
}

export async function folderAttachment(folder: vscode.Uri): Promise<PendingAttachment> {
  const base = new vscode.RelativePattern(folder, '**/*');
  const uris = await workspaceFiles(undefined, base);
  const prefix = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
  const byRelative = new Map(uris.filter((u) => u.path.startsWith(prefix)).map((u) => [u.path.slice(prefix.length), u]));
  // Heads are read first (the digest is plain code and asks synchronously), only for files it may show.
  const heads = new Map<string, string | undefined>();
  for (const file of rankFolderFiles([...byRelative.keys()]).slice(0, 24)) heads.set(file, await readHead(byRelative.get(file) as vscode.Uri));
  const label = relativeFolder(folder);
  const digest = folderDigest({ folder: label, files: [...byRelative.keys()], head: (f) => heads.get(f), budgetTokens: FOLDER_BUDGET_TOKENS });
  return { id: newId('a'), kind: 'folder', label: `${label}/`, content: digest.text, source: `folder:${folder.toString()}` };
}
