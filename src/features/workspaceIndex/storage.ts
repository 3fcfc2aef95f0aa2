// Where the index is kept: the workspace's own storage folder (context.storageUri), which VS Code gives each
// workspace and removes with it; never inside the workspace itself. On disk, core's crash-safe writer
// (temp file, fsync, rename); for a storage folder that is not on the local disk, the same steps through
// vscode.workspace.fs (write a temporary file, then rename it over the old one).
import * as vscode from 'vscode';
import { nodeIndexFiles, type IndexFiles } from '../../core/workspaceIndex/files';

function fsIndexFiles(dir: vscode.Uri): IndexFiles {
  const at = (name: string): vscode.Uri => vscode.Uri.joinPath(dir, name);
  return {
    async read(name) {
      try {
        return await vscode.workspace.fs.readFile(at(name));
      } catch (err) {
        if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
        throw err;
      }
    },
    async writeAtomic(name, data) {
      await vscode.workspace.fs.createDirectory(dir);
      const temp = at(`.${name}.tmp`);
      await vscode.workspace.fs.writeFile(temp, data);
      await vscode.workspace.fs.rename(temp, at(name), { overwrite: true });
    },
    async remove(name) {
      await vscode.workspace.fs.delete(at(name)).then(undefined, () => undefined);
    },
  };
}

/** The index's files for this workspace; undefined when there is no workspace storage (no folder open). */
export function indexStorage(context: vscode.ExtensionContext): IndexFiles | undefined {
  const dir = context.storageUri;
  if (!dir) return undefined;
  return dir.scheme === 'file' ? nodeIndexFiles(dir.fsPath) : fsIndexFiles(dir);
}
