// A branch switch, a pull or a rebase changes many files at once; the file watcher reports each of them, but
// under such a burst it may coalesce or drop events. The built-in Git extension's API says when a repository's
// HEAD moved: the index then scans the workspace (which embeds only what changed). Without the Git extension
// (disabled, or a workspace without Git) the watcher alone does the job.
import * as vscode from 'vscode';

/** The small part of the Git extension's API (vscode.git, API version 1) that is used here. */
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD?: { readonly commit?: string; readonly name?: string }; readonly onDidChange: vscode.Event<void> };
}
interface GitApi {
  readonly repositories: readonly GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
}
interface GitExtension {
  getAPI(version: 1): GitApi;
}

/** Calls `onMove` when the HEAD of a repository (branch or commit) changes. */
export function watchGitHead(onMove: (repo: vscode.Uri) => void): vscode.Disposable {
  const disposables: vscode.Disposable[] = [];
  let disposed = false;
  const track = (repo: GitRepository): void => {
    const headOf = (): string => `${repo.state.HEAD?.name ?? ''}@${repo.state.HEAD?.commit ?? ''}`;
    let last = headOf();
    disposables.push(
      repo.state.onDidChange(() => {
        const now = headOf();
        if (now === last) return;
        const known = last !== '@';
        last = now;
        if (known) onMove(repo.rootUri);
      }),
    );
  };
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (ext) {
    void Promise.resolve(ext.isActive ? ext.exports : ext.activate()).then(
      (exports) => {
        if (disposed || !exports) return;
        const api = exports.getAPI(1);
        api.repositories.forEach(track);
        disposables.push(api.onDidOpenRepository(track));
      },
      () => undefined,
    );
  }
  return new vscode.Disposable(() => {
    disposed = true;
    disposables.forEach((d) => d.dispose());
  });
}
