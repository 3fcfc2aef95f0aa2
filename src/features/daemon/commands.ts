// The daemon commands: Start, Stop, Restart, Show Ollama Logs, Install Ollama, and the status bar's
// menu. Each returns what happened, so other features and tests can act on it.
import * as vscode from 'vscode';
import { DAEMON_SETTINGS, type StartResult, type StopResult } from '../../core/daemon';
import type * as DaemonCommandsBundle from '../../lazy/daemonCommands';
import { Commands } from '../../platform/commands';
import type { ErrorReporter } from '../../platform/errors';
import { lazyBundle } from '../../platform/lazy';
import { OLLAMA_ACTIONS_COMMAND } from './commandIds';
import { notOwnedText, stopMessage } from './messages';
import type { DaemonService } from './service';
import type { StartFlow } from './startFlow';

export type { InstallChoice } from './commandActions';

/** Show Ollama Logs, Install Ollama and the status bar's menu: loaded at their first use. */
const actions = lazyBundle<typeof DaemonCommandsBundle>('daemonCommands');

export function registerDaemonCommands(service: DaemonService, flow: StartFlow, errors: ErrorReporter): vscode.Disposable {
  const supervisor = service.supervisor;

  /** `quiet`: no message (for callers that handle the result, e.g. tests and other features). */
  const stop = async (options?: { quiet?: boolean }): Promise<StopResult> => {
    const result = await supervisor.stop();
    if (options?.quiet) return result;
    if (result.kind === 'stopped') vscode.window.setStatusBarMessage(vscode.l10n.t('$(debug-stop) Ollama stopped'), 5_000);
    const message = stopMessage(result);
    if (message) void vscode.window.showInformationMessage(message.message);
    return result;
  };

  const restart = async (): Promise<StopResult | StartResult> => {
    const owner = await supervisor.owner();
    // A daemon this window spawned, or Hearth's own container (whichever window started it).
    if (supervisor.spawnedDaemon || owner.kind === 'container') {
      const stopped = await supervisor.stop();
      if (stopped.kind === 'notOwned') return stopped;
      if (stopped.kind === 'failed') {
        const message = stopMessage(stopped);
        if (message) void errors.showMessage(message);
        return stopped;
      }
      return flow.start('command');
    }
    if (owner.kind === 'external') {
      void vscode.window.showInformationMessage(notOwnedText(owner.origin));
      return { kind: 'notOwned', owner };
    }
    return flow.start('command');
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.startOllama, () => flow.start('command')),
    vscode.commands.registerCommand(Commands.stopOllama, stop),
    vscode.commands.registerCommand(Commands.restartOllama, restart),
    vscode.commands.registerCommand(Commands.showOllamaLogs, () => actions().showOllamaLogs(service, errors)),
    vscode.commands.registerCommand(Commands.installOllama, () =>
      actions().installOllama(() => (service.settings.runMode === 'binary' ? supervisor.containerCli(service.settings) : Promise.resolve(undefined))),
    ),
    vscode.commands.registerCommand(Commands.runOllamaInContainer, async (): Promise<StartResult> => {
      // The choice is kept (machine settings): later starts, and other windows, run the container too.
      await vscode.workspace.getConfiguration().update(DAEMON_SETTINGS.runMode, 'container', vscode.ConfigurationTarget.Global);
      return flow.start('command');
    }),
    vscode.commands.registerCommand(OLLAMA_ACTIONS_COMMAND, () => actions().ollamaActions(service)),
  );
}
