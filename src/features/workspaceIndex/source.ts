// The workspace's files for the index (folders.ts says which folders and how paths name files), walked with
// .gitignore, files.exclude and search.exclude (core/indexing/walk), read through vscode.workspace.fs.
// In the lazy bundle: it brings the .gitignore matcher.
import * as vscode from 'vscode';
import { enabledGlobs } from '../../core/indexing/excludes';
import type { IndexSource } from '../../core/indexing/indexer';
import { isExcluded, walkFolder, type EntryKind, type WalkFs } from '../../core/indexing/walk';
import { fileOfIndexPath, indexedFolders } from './folders';

export interface SourceLimits {
  maxFiles: number;
  /** Larger files are not even read (skipReason would leave them out as oversized). */
  maxBytes: number;
}

function walkFs(root: vscode.Uri): WalkFs {
  const at = (rel: string): vscode.Uri => (rel === '' ? root : vscode.Uri.joinPath(root, ...rel.split('/')));
  return {
    async list(rel) {
      const entries = await vscode.workspace.fs.readDirectory(at(rel)).then(undefined, () => [] as [string, vscode.FileType][]);
      return entries.map(([name, type]): [string, EntryKind] => [
        name,
        // Symbolic links are not followed: they can loop, or lead out of the workspace.
        type & vscode.FileType.SymbolicLink ? 'other' : type === vscode.FileType.Directory ? 'directory' : type === vscode.FileType.File ? 'file' : 'other',
      ]);
    },
    async readText(rel) {
      try {
        return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(at(rel)));
      } catch {
        return undefined;
      }
    },
  };
}

/** The globs of files.exclude and search.exclude that are on, for one folder. */
function excludeGlobs(folder: vscode.WorkspaceFolder): string[] {
  const files = vscode.workspace.getConfiguration('files', folder.uri).get<unknown>('exclude');
  const search = vscode.workspace.getConfiguration('search', folder.uri).get<unknown>('exclude');
  return [...enabledGlobs(files), ...enabledGlobs(search)];
}

export class WorkspaceSource implements IndexSource {
  /** The last full listing: its paths passed the rules already, so reading them needs no second check. */
  private listed = new Set<string>();

  constructor(private readonly limits: () => SourceLimits) {}

  async list(signal?: AbortSignal): Promise<{ paths: string[]; truncated: boolean }> {
    const folders = indexedFolders();
    const multi = folders.length > 1;
    const paths: string[] = [];
    let truncated = false;
    for (const folder of folders) {
      const left = this.limits().maxFiles - paths.length;
      if (left <= 0) {
        truncated = true;
        break;
      }
      const result = await walkFolder(walkFs(folder.uri), { excludeGlobs: excludeGlobs(folder), maxFiles: left, signal });
      truncated ||= result.truncated;
      paths.push(...result.files.map((f) => (multi ? `${folder.name}/${f}` : f)));
    }
    this.listed = new Set(paths);
    return { paths: paths.sort(), truncated };
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    const where = fileOfIndexPath(path);
    if (!where) return undefined;
    // A changed file is checked against the same rules as the walk (a save inside node_modules is not indexed).
    if (!this.listed.has(path) && (await isExcluded(walkFs(where.folder.uri), where.rel, excludeGlobs(where.folder)))) return undefined;
    try {
      const stat = await vscode.workspace.fs.stat(where.uri);
      if (stat.type !== vscode.FileType.File || stat.size > this.limits().maxBytes) return undefined;
      return await vscode.workspace.fs.readFile(where.uri);
    } catch {
      return undefined;
    }
  }
}
