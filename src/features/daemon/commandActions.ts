// The daemon commands' longer implementations: Show Ollama Logs, Install Ollama and the status bar's menu.
// Only those commands need them: they ship in the daemonCommands lazy bundle (src/lazy/daemonCommands.ts),
// and commands.ts keeps the registrations.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExternalOrigin } from '../../core/daemon';
import { installGuidance } from '../../core/daemon/install';
import { Commands } from '../../platform/commands';
import type { ErrorReporter } from '../../platform/errors';
import type { DaemonService } from './service';

export type InstallChoice = 'page' | 'terminal' | 'container' | 'cancelled';

/** Where the daemon writes its own log when the desktop app runs it. */
function appServerLog(origin: ExternalOrigin): string | undefined {
  if (origin === 'macApp') return path.join(os.homedir(), '.ollama', 'logs', 'server.log');
  if (origin === 'windowsApp') return path.join(process.env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'Ollama', 'server.log');
  return undefined;
}

export async function showOllamaLogs(service: DaemonService, errors: ErrorReporter): Promise<void> {
  const supervisor = service.supervisor;
  if (service.settings.runMode === 'container' && !supervisor.spawnedDaemon) {
    // The container's own log (`docker logs`), read now: it holds what Ollama wrote, whichever window started it.
    const logs = await supervisor.container?.logs(service.settings);
    if (logs) {
      service.ollamaLog.replace(vscode.l10n.t('{0} logs {1}:', logs.cli, logs.name), logs.lines);
      service.ollamaLog.show();
      return;
    }
  }
  if (supervisor.spawnedDaemon || supervisor.lastOutput().length) {
    service.ollamaLog.show();
    return;
  }
  const owner = await supervisor.owner();
  if (owner.kind !== 'external') {
    service.ollamaLog.note(vscode.l10n.t('Ollama has not been started by Hearth in this window yet; its output will appear here when it is.'));
    service.ollamaLog.show();
    return;
  }
  const file = appServerLog(owner.origin);
  if (file) {
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc, { preview: true });
      return;
    } catch {
      // Not there: fall through to the explanation.
    }
  }
  if (owner.origin === 'systemService') {
    const inTerminal = vscode.l10n.t('Show in Terminal');
    const picked = await vscode.window.showInformationMessage(vscode.l10n.t('This Ollama runs as a system service; its log is in the system journal (journalctl -u ollama).'), inTerminal);
    if (picked === inTerminal) {
      const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('Ollama service log') });
      terminal.show();
      terminal.sendText('journalctl -u ollama --no-pager -n 200 -f', true);
    }
    return;
  }
  await errors.showMessage({
    message: vscode.l10n.t('Hearth did not start this Ollama, so its output goes wherever it was started ({0}).', owner.origin === 'otherWindow' ? vscode.l10n.t('the Ollama log of the other VS Code window') : vscode.l10n.t('a terminal or a service log')),
    actions: [],
    severity: 'warning',
  });
}

/**
 * Opens the official download page; on Linux offers the official script in a terminal, never run without
 * the user. With Docker or Podman on the PATH, also offers to run Ollama in a container instead.
 */
export async function installOllama(containerCli: () => Promise<string | undefined> = () => Promise.resolve(undefined)): Promise<InstallChoice> {
  const guidance = installGuidance(process.platform);
  const openPage = async (): Promise<InstallChoice> => {
    await vscode.env.openExternal(vscode.Uri.parse(guidance.downloadUrl));
    return 'page';
  };
  const cli = await containerCli();
  if (cli) {
    const containerChoice = vscode.l10n.t('Run Ollama in a Container');
    const pageChoice = vscode.l10n.t('Open Download Page');
    const picked = await vscode.window.showInformationMessage(
      vscode.l10n.t('Install Ollama'),
      {
        modal: true,
        detail: vscode.l10n.t('{0} is on this computer: Hearth can run Ollama in a container (the ollama/ollama image, a download of about 2 GB) instead of installing it. Or install Ollama from ollama.com.', cli),
      },
      containerChoice,
      pageChoice,
    );
    if (picked === containerChoice) {
      await vscode.commands.executeCommand(Commands.runOllamaInContainer);
      return 'container';
    }
    return picked === pageChoice ? openPage() : 'cancelled';
  }
  if (!guidance.command) return openPage();
  const terminalChoice = vscode.l10n.t('Put Command in Terminal');
  const pageChoice = vscode.l10n.t('Open Download Page');
  const picked = await vscode.window.showInformationMessage(
    vscode.l10n.t('Install Ollama'),
    {
      modal: true,
      detail: vscode.l10n.t(
        'The official install script downloads Ollama from ollama.com, needs administrator rights (sudo) and sets Ollama up as a system service. Hearth can put the command into a terminal; it runs only when you press Enter there:\n\n{0}',
        guidance.command,
      ),
    },
    terminalChoice,
    pageChoice,
  );
  if (picked === pageChoice) return openPage();
  if (picked !== terminalChoice) return 'cancelled';
  const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('Install Ollama') });
  terminal.show();
  // `false`: no newline, so nothing runs until the user reads the command and presses Enter.
  terminal.sendText(guidance.command, false);
  return 'terminal';
}

export async function ollamaActions(service: DaemonService): Promise<void> {
  const owned = service.supervisor.spawnedDaemon !== undefined || (await service.supervisor.owner()).kind === 'container';
  const status = service.status;
  const items: (vscode.QuickPickItem & { command: string; args?: unknown[] })[] = [];
  if (status.kind === 'notRunning' && !status.remote && service.settings.runMode !== 'none') items.push({ label: `$(play) ${vscode.l10n.t('Start Ollama')}`, command: Commands.startOllama });
  if (owned) items.push({ label: `$(debug-stop) ${vscode.l10n.t('Stop Ollama')}`, command: Commands.stopOllama });
  if (owned) items.push({ label: `$(debug-restart) ${vscode.l10n.t('Restart Ollama')}`, command: Commands.restartOllama });
  items.push(
    { label: `$(output) ${vscode.l10n.t('Show Ollama Logs')}`, command: Commands.showOllamaLogs },
    { label: `$(pulse) ${vscode.l10n.t('Check Connection')}`, command: Commands.checkConnection },
    { label: `$(gear) ${vscode.l10n.t('Ollama Settings')}`, command: Commands.openSettings, args: ['hearth.ollama'] },
  );
  const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Ollama') });
  if (picked) await vscode.commands.executeCommand(picked.command, ...(picked.args ?? []));
}
