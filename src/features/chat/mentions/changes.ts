// @changes: the working tree's diff (staged and unstaged) through the built-in Git extension's API, for the
// repository of the current file (else the first one). A clear note when Git or a repository is missing.
import * as vscode from 'vscode';
import { newId } from '../../../core/chat/ids';
import type { PendingAttachment } from '../attachments';
import type { EditorTracker } from '../editorTracker';

/** The few parts of vscode.git's API (extensions/git/src/api/git.d.ts, version 1) used here. */
interface GitChange {
  readonly uri: vscode.Uri;
}
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly untrackedChanges?: readonly GitChange[]; readonly workingTreeChanges: readonly GitChange[] };
  diff(cached?: boolean): Promise<string>;
}
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

const MAX_DIFF_CHARS = 400_000;
const GIT_READY_MS = 5_000;

async function gitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) return undefined;
  const exports = extension.isActive ? extension.exports : await extension.activate().then((e) => e, () => undefined);
  if (!exports?.enabled) return undefined;
  const api = exports.getAPI(1);
  if (api.state !== 'initialized') {
    // Git scans for repositories after start-up: wait for it a little rather than say there is none.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), GIT_READY_MS);
      const sub = api.onDidChangeState((s) => s === 'initialized' && done());
      function done(): void {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  }
  return api;
}

export async function changesAttachment(editors: EditorTracker): Promise<PendingAttachment[] | string> {
  const api = await gitApi();
  if (!api) return vscode.l10n.t('@changes needs Git: the built-in Git extension is disabled or Git is not installed.');
  const current = editors.editor?.document.uri;
  const repo = (current && api.getRepository(current)) || api.repositories[0];
  if (!repo) return vscode.l10n.t('@changes found no Git repository in this workspace.');
  const [staged, unstaged] = await Promise.all([repo.diff(true), repo.diff(false)]);
  const untracked = (repo.state.untrackedChanges ?? []).map((c) => vscode.workspace.asRelativePath(c.uri));
  const parts = [staged.trim() && `# Staged\n${staged.trim()}`, unstaged.trim() && `# Not staged\n${unstaged.trim()}`, untracked.length > 0 && `# Untracked files\n${untracked.join('\n')}`].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  if (parts.length === 0) return vscode.l10n.t('The working tree has no changes.');
  const whole = parts.join('\n\n');
  const content = whole.length > MAX_DIFF_CHARS ? whole.slice(0, MAX_DIFF_CHARS) : whole;
  const name = vscode.workspace.getWorkspaceFolder(repo.rootUri)?.name ?? repo.rootUri.path.split('/').pop() ?? '';
  return [
    {
      id: newId('a'),
      kind: 'changes',
      label: vscode.l10n.t('Changes: {0}', name),
      language: 'diff',
      content,
      source: `changes:${repo.rootUri.toString()}`,
      ...(whole.length > MAX_DIFF_CHARS ? { totalChars: whole.length } : {}),
    },
  ];
}
