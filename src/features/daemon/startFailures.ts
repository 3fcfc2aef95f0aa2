// The words for a Start that failed (binary or container route), with the buttons that fix each failure.
// Only a failed Start needs them: they ship in the daemonMessages lazy bundle (src/lazy/daemonMessages.ts)
// with what they use (the error words among it), and activation does not load them. The rest of the daemon's
// words are in messages.ts.
import * as vscode from 'vscode';
import type { ContainerFailure } from '../../core/daemon/containerRunner';
import { DAEMON_SETTINGS } from '../../core/daemon/settings';
import type { StartFailure } from '../../core/daemon/supervisor';
import { formatDuration, lastLines } from '../../core/text/format';
import { Commands } from '../../platform/commands';
import { missingBinaryText } from '../../platform/connectionText';
import { userMessageFor, type ErrorAction, type UserMessage } from '../../platform/errors';

// The same two actions as in messages.ts (a copy: importing that file would bring the main bundle's daemon code).
const settingsAction = (query: string): ErrorAction => ({ title: vscode.l10n.t('Open Settings'), command: Commands.openSettings, args: [query] });
const ollamaLogs = (): ErrorAction => ({ title: vscode.l10n.t('Show Ollama Logs'), command: Commands.showOllamaLogs });

export function containerFailureMessage(failure: ContainerFailure): UserMessage | undefined {
  switch (failure.kind) {
    case 'cliMissing':
      return {
        message: failure.setting
          ? vscode.l10n.t('hearth.ollama.containerCli names {0}, which Hearth cannot run. Set it to docker, podman or the full path of one.', failure.setting)
          : vscode.l10n.t('Hearth found neither docker nor podman on the PATH, so it cannot run Ollama in a container. Install one, or set hearth.ollama.runMode to binary.'),
        actions: [settingsAction(DAEMON_SETTINGS.containerCli), settingsAction(DAEMON_SETTINGS.runMode)],
        severity: 'error',
      };
    case 'engineDown':
      return {
        message: vscode.l10n.t('{0} does not answer: is its service running (Docker Desktop, dockerd, the Podman machine)? {1}', failure.cli, failure.detail),
        actions: [settingsAction(DAEMON_SETTINGS.containerCli)],
        severity: 'error',
      };
    case 'downloadDeclined':
      return undefined;
    case 'pullFailed':
      return {
        message: vscode.l10n.t('Could not download the image {0}: {1}', failure.image, failure.detail),
        actions: [settingsAction(DAEMON_SETTINGS.containerImage)],
        severity: 'error',
      };
    case 'runFailed': {
      const message =
        failure.problem === 'noGpuRuntime'
          ? vscode.l10n.t('{0} cannot pass the NVIDIA GPU into the container: install the NVIDIA Container Toolkit (and for Podman generate its CDI spec), or set hearth.ollama.containerGpu to none to run on the CPU. {1}', failure.cli, failure.detail)
          : failure.problem === 'portInUse'
            ? vscode.l10n.t('The port of hearth.host is already in use on this computer, so the container cannot publish it. Stop that program, or choose another port in hearth.host.')
            : vscode.l10n.t('{0} could not run the Ollama container: {1}', failure.cli, failure.detail);
      const fix = failure.problem === 'noGpuRuntime' ? DAEMON_SETTINGS.containerGpu : failure.problem === 'portInUse' ? 'hearth.host' : DAEMON_SETTINGS.runMode;
      return { message, actions: [settingsAction(fix), ollamaLogs()], severity: 'error' };
    }
    case 'containerExited':
      return {
        message: failure.logTail.length
          ? vscode.l10n.t('The Ollama container stopped at once: {0}', lastLines(failure.logTail))
          : vscode.l10n.t('The Ollama container stopped at once without saying why.'),
        actions: [ollamaLogs(), settingsAction(DAEMON_SETTINGS.env)],
        severity: 'error',
      };
  }
}

export function startFailureMessage(failure: StartFailure): UserMessage | undefined {
  switch (failure.kind) {
    case 'cancelled':
      return undefined;
    case 'remoteHost':
      return {
        message: vscode.l10n.t('Hearth never starts Ollama for a remote host ({0}). Start it on that computer, or set hearth.host to this computer.', failure.host),
        actions: [settingsAction('hearth.host')],
        severity: 'warning',
      };
    case 'blocked':
      return userMessageFor(failure.error);
    case 'notOllama':
      return {
        message: vscode.l10n.t('Another program answers at {0}, and it is not Ollama. Stop that program, or choose another port in hearth.host.', failure.host),
        actions: [settingsAction('hearth.host'), { title: vscode.l10n.t('Check Connection'), command: Commands.checkConnection }],
        severity: 'error',
      };
    case 'notInstalled':
      if (failure.containerCli) {
        return {
          message: vscode.l10n.t('{0} Hearth can run Ollama in a container instead, with {1}.', missingBinaryText(failure.missing), failure.containerCli),
          actions: [
            { title: vscode.l10n.t('Run Ollama in a Container'), command: Commands.runOllamaInContainer },
            { title: vscode.l10n.t('Install Ollama'), command: Commands.installOllama },
          ],
          severity: 'error',
        };
      }
      return {
        message: missingBinaryText(failure.missing),
        actions:
          failure.missing.kind === 'notFound'
            ? [{ title: vscode.l10n.t('Install Ollama'), command: Commands.installOllama }, settingsAction(DAEMON_SETTINGS.path)]
            : [settingsAction(DAEMON_SETTINGS.path)],
        severity: 'error',
      };
    case 'runModeNone':
      return {
        message: vscode.l10n.t('hearth.ollama.runMode is none: Hearth does not start Ollama, it only connects to it. Start Ollama yourself, or choose binary or container.'),
        actions: [settingsAction(DAEMON_SETTINGS.runMode)],
        severity: 'warning',
      };
    case 'container':
      return containerFailureMessage(failure.failure);
    case 'spawnFailed':
      return {
        message: vscode.l10n.t('Could not run {0}: {1}', failure.binary, failure.message),
        actions: [settingsAction(DAEMON_SETTINGS.path)],
        severity: 'error',
      };
    case 'exited': {
      const how = failure.exit.signal ?? String(failure.exit.code ?? '?');
      const message = failure.portInUse
        ? vscode.l10n.t('Ollama could not start: its port is already in use by another program. Stop that program, or choose another port in hearth.host.')
        : failure.stderr.length
          ? vscode.l10n.t('Ollama exited at once ({0}): {1}', how, lastLines(failure.stderr))
          : vscode.l10n.t('Ollama exited at once ({0}) without saying why.', how);
      return { message, actions: [ollamaLogs(), settingsAction(failure.portInUse ? 'hearth.host' : DAEMON_SETTINGS.env)], severity: 'error' };
    }
    case 'timeout':
      return {
        message: failure.stderr.length
          ? vscode.l10n.t('Ollama did not answer within {0}, so Hearth stopped it. Its last output: {1}', formatDuration(failure.timeoutMs), lastLines(failure.stderr, 2))
          : vscode.l10n.t('Ollama did not answer within {0}, so Hearth stopped it.', formatDuration(failure.timeoutMs)),
        actions: [ollamaLogs(), settingsAction(DAEMON_SETTINGS.startTimeoutSeconds)],
        severity: 'error',
      };
  }
}
