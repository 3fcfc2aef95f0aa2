// The words of daemon management: what each start failure, owner and binary source is called, with the
// buttons that fix it. Kept in one place so the status bar, the commands and the report say the same.
import * as vscode from 'vscode';
import type { BinarySource, ContainerFailure, ExternalOrigin, Owner, StartFailure, StopResult } from '../../core/daemon';
import { DAEMON_SETTINGS } from '../../core/daemon';
import { formatDuration } from '../../core/text/format';
import { Commands } from '../../platform/commands';
import { userMessageFor, type ErrorAction, type UserMessage } from '../../platform/errors';

const settingsAction = (query: string): ErrorAction => ({ title: vscode.l10n.t('Open Settings'), command: Commands.openSettings, args: [query] });
const ollamaLogs = (): ErrorAction => ({ title: vscode.l10n.t('Show Ollama Logs'), command: Commands.showOllamaLogs });

export function binarySourceText(source: BinarySource): string {
  switch (source) {
    case 'setting':
      return vscode.l10n.t('from the setting hearth.ollama.path');
    case 'path':
      return vscode.l10n.t('found on PATH');
    case 'standard':
      return vscode.l10n.t('found in the standard install location');
  }
}

import { missingBinaryText } from '../../platform/connectionText';

export { missingBinaryText };

export function originText(origin: ExternalOrigin): string {
  switch (origin) {
    case 'systemService':
      return vscode.l10n.t('probably the ollama system service (systemd)');
    case 'macApp':
      return vscode.l10n.t('probably the Ollama app (menu bar)');
    case 'windowsApp':
      return vscode.l10n.t('probably the Ollama app (notification area)');
    case 'otherWindow':
      return vscode.l10n.t('Hearth in another VS Code window');
    case 'unknown':
      return vscode.l10n.t('outside Hearth (a terminal, a service or another tool)');
  }
}

export function ownerText(owner: Owner): string {
  switch (owner.kind) {
    case 'thisWindow':
      return vscode.l10n.t('Hearth, in this window (process {0})', owner.pid);
    case 'external':
      return originText(owner.origin);
    case 'none':
      return vscode.l10n.t('nobody: Ollama is not running');
    case 'container':
      return owner.startedHere
        ? vscode.l10n.t('Hearth, in its container {0} ({1}), started in this window', owner.name, owner.cli)
        : vscode.l10n.t('Hearth, in its container {0} ({1})', owner.name, owner.cli);
  }
}

/** Why Hearth leaves a daemon alone, and how the user can stop it. */
export function notOwnedText(origin: ExternalOrigin): string {
  switch (origin) {
    case 'systemService':
      return vscode.l10n.t('Hearth did not start this Ollama: it runs as a system service. Stop it with "sudo systemctl stop ollama".');
    case 'macApp':
      return vscode.l10n.t('Hearth did not start this Ollama: the Ollama app runs it. Quit Ollama from the menu bar to stop it.');
    case 'windowsApp':
      return vscode.l10n.t('Hearth did not start this Ollama: the Ollama app runs it. Quit Ollama from the notification area to stop it.');
    case 'otherWindow':
      return vscode.l10n.t('Hearth in another VS Code window started this Ollama. It stops when that window closes, or run Stop Ollama there.');
    case 'unknown':
      return vscode.l10n.t('Hearth did not start this Ollama (it was started outside Hearth, for example in a terminal), so Hearth leaves it running.');
  }
}

export function stopMessage(result: StopResult): UserMessage | undefined {
  switch (result.kind) {
    case 'stopped':
      return undefined;
    case 'notRunning':
      return { message: vscode.l10n.t('Ollama is not running.'), actions: [], severity: 'warning' };
    case 'notOwned':
      return { message: result.owner.kind === 'external' ? notOwnedText(result.owner.origin) : vscode.l10n.t('Ollama is not running.'), actions: [], severity: 'warning' };
    case 'failed':
      return { message: vscode.l10n.t('Could not stop the Ollama container: {0}', result.detail), actions: [ollamaLogs()], severity: 'error' };
  }
}

/** "about 2 GB": the image sizes are rough figures, said as such. */
export function approxSize(bytes: number): string {
  return vscode.l10n.t('about {0} GB', Math.max(1, Math.round(bytes / 1e9)));
}

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

function lastLines(lines: string[], count = 3): string {
  const text = lines.slice(-count).join(' ⏎ ');
  return text.length > 400 ? `…${text.slice(-400)}` : text;
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

export function unexpectedExitMessage(how: string, stderr: string[]): UserMessage {
  return {
    message: stderr.length
      ? vscode.l10n.t('Ollama stopped unexpectedly ({0}): {1}', how, lastLines(stderr, 2))
      : vscode.l10n.t('Ollama stopped unexpectedly ({0}).', how),
    actions: [{ title: vscode.l10n.t('Start Ollama'), command: Commands.startOllama }, ollamaLogs()],
    severity: 'error',
  };
}
