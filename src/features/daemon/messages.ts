// The words of daemon management: what each start failure, owner and binary source is called, with the
// buttons that fix it. Kept in one place so the status bar, the commands and the report say the same.
import * as vscode from 'vscode';
import type { BinarySource, ExternalOrigin, Owner, StopResult } from '../../core/daemon';
import { lastLines } from '../../core/text/format';
import { Commands } from '../../platform/commands';
import type { ErrorAction, UserMessage } from '../../platform/errors';

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

export function unexpectedExitMessage(how: string, stderr: string[]): UserMessage {
  return {
    message: stderr.length
      ? vscode.l10n.t('Ollama stopped unexpectedly ({0}): {1}', how, lastLines(stderr, 2))
      : vscode.l10n.t('Ollama stopped unexpectedly ({0}).', how),
    actions: [{ title: vscode.l10n.t('Start Ollama'), command: Commands.startOllama }, ollamaLogs()],
    severity: 'error',
  };
}
