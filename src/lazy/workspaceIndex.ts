// The workspace index, loaded when indexing starts (the user turned it on in a trusted workspace) or an index
// command or the first @workspace question needs it: the service (watchers, scheduler, the opt-in prompt,
// retrieval), its status item, and the engine: the indexer with the lexical index (MiniSearch), the
// .gitignore matcher, the chunker and the stored file's format. The front in features/workspaceIndex/index.ts
// stays in the main bundle and answers for off, untrusted and no workspace without it.
import * as vscode from 'vscode';
import { IndexCommands } from '../features/workspaceIndex/commandIds';
import type { WorkspaceIndex } from '../features/workspaceIndex';
import { WorkspaceIndexService, type EnablePrompt, type IndexServiceDeps } from '../features/workspaceIndex/service';
import { IndexStatusItem } from '../features/workspaceIndex/statusItem';

export function createIndexService(deps: IndexServiceDeps): { service: WorkspaceIndexService; status: IndexStatusItem } {
  const service = new WorkspaceIndexService(deps);
  return { service, status: new IndexStatusItem(service) };
}

/** The opt-in question on the first @workspace question. */
export const askToEnable: EnablePrompt = async () => {
  const turnOn = vscode.l10n.t('Index This Workspace');
  const answer = await vscode.window.showInformationMessage(
    vscode.l10n.t('Let Hearth index this workspace so that @workspace can answer from its files?'),
    {
      modal: true,
      detail: vscode.l10n.t('The index is built in the background with a local embedding model and kept in VS Code\'s storage for this workspace. Nothing leaves this computer. You can delete it at any time (Hearth: Delete Workspace Index).'),
    },
    turnOn,
  );
  return answer === turnOn;
};

/** The status item's click: pause or resume, and cancel. */
export async function indexStatusPick(service: WorkspaceIndex): Promise<void> {
  const paused = service.scheduler.paused;
  const items: (vscode.QuickPickItem & { id: string })[] = [
    paused ? { id: 'resume', label: `$(debug-continue) ${vscode.l10n.t('Resume Indexing')}` } : { id: 'pause', label: `$(debug-pause) ${vscode.l10n.t('Pause Indexing')}` },
    { id: 'cancel', label: `$(close) ${vscode.l10n.t('Cancel Indexing')}`, detail: vscode.l10n.t('What is indexed so far stays usable; the rest is indexed on the next change or rebuild.') },
  ];
  const pick = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Workspace index') });
  if (pick?.id === 'pause') await vscode.commands.executeCommand(IndexCommands.pause);
  else if (pick?.id === 'resume') await vscode.commands.executeCommand(IndexCommands.resume);
  else if (pick?.id === 'cancel') {
    service.scheduler.resume();
    service.cancel();
    service.renderStatus();
  }
}
