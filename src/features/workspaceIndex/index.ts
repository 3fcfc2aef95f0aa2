// The workspace index (issue 16): the service the chat's @workspace asks (WorkspaceIndexAccess), its commands
// (rebuild, delete, pause, resume) and its status item. Nothing runs until the user turns indexing on, and
// never in an untrusted workspace.
import * as vscode from 'vscode';
import type { HearthServices } from '../../platform/services';
import { IndexCommands } from './commandIds';
import { WorkspaceIndexService, type EnablePrompt } from './service';
import { IndexStatusItem } from './statusItem';

export { WorkspaceIndexService } from './service';

/** The opt-in question on the first @workspace question. */
const askToEnable: EnablePrompt = async () => {
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

export interface WorkspaceIndexFeature {
  service: WorkspaceIndexService;
  status: IndexStatusItem;
  disposable: vscode.Disposable;
}

/** Builds the service (before the chat, which receives it among the services). */
export function createWorkspaceIndex(services: Omit<HearthServices, 'workspaceIndex'>): WorkspaceIndexService {
  return new WorkspaceIndexService({ services, prompt: askToEnable });
}

export function register(service: WorkspaceIndexService): WorkspaceIndexFeature {
  const status = new IndexStatusItem(service);
  const untrusted = (): boolean => {
    if (vscode.workspace.isTrusted) return false;
    void vscode.window.showWarningMessage(vscode.l10n.t('Hearth does not index untrusted workspaces.'));
    return true;
  };
  const disposable = vscode.Disposable.from(
    service,
    status,
    vscode.commands.registerCommand(IndexCommands.rebuild, async () => {
      if (untrusted()) return false;
      if ((vscode.workspace.workspaceFolders ?? []).length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder to index it.'));
        return false;
      }
      const started = await service.rebuild();
      if (started) void vscode.window.setStatusBarMessage(vscode.l10n.t('Hearth: rebuilding the workspace index…'), 4_000);
      return started;
    }),
    vscode.commands.registerCommand(IndexCommands.delete, async () => {
      await service.deleteIndex();
      void vscode.window.showInformationMessage(vscode.l10n.t('The workspace index was deleted and indexing is off for this workspace.'));
    }),
    vscode.commands.registerCommand(IndexCommands.pause, () => {
      service.scheduler.pause();
      status.render();
    }),
    vscode.commands.registerCommand(IndexCommands.resume, () => {
      service.scheduler.resume();
      status.render();
    }),
    vscode.commands.registerCommand(IndexCommands.status, async () => {
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
        status.render();
      }
    }),
  );
  return { service, status, disposable };
}
