// Where the daemon stands, in words: one sentence per state of the one connection state, shared by every
// view that shows it (status bar, chat header, inline item, Models view), so they cannot word it apart.
import * as vscode from 'vscode';
import type { DaemonStatus, MissingBinary } from '../core/daemon/status';
import { userMessageFor } from './errors';

export function missingBinaryText(missing: MissingBinary): string {
  if (missing.kind === 'notFound') {
    return vscode.l10n.t('Ollama is not installed: Hearth looked on PATH and in the usual install locations. Install it, or set hearth.ollama.path to the ollama executable.');
  }
  switch (missing.problem) {
    case 'missing':
      return vscode.l10n.t('hearth.ollama.path is set to {0}, but there is no ollama executable there.', missing.path);
    case 'notExecutable':
      return vscode.l10n.t('hearth.ollama.path is set to {0}, but that file is not executable.', missing.path);
    case 'notAbsolute':
      return vscode.l10n.t('hearth.ollama.path must be an absolute path or a command name on PATH; {0} is neither.', missing.path);
  }
}

/** One sentence for where the daemon stands: the status bar's tooltip, the chat's header, the inline item. */
export function connectionSentence(status: DaemonStatus): string {
  switch (status.kind) {
    case 'checking':
      return vscode.l10n.t('Not checked yet: Hearth asks Ollama when the window has focus or a feature needs it.');
    case 'connected':
      return status.remote
        ? vscode.l10n.t('Connected to a remote host: your text is sent to {0}.', status.host)
        : vscode.l10n.t('Connected. Everything stays on this computer.');
    case 'starting':
      return vscode.l10n.t('Starting Ollama and waiting for it to answer…');
    case 'notRunning':
      return status.remote
        ? vscode.l10n.t('The remote host {0} does not answer. Hearth never starts Ollama on another computer.', status.host)
        : vscode.l10n.t('Ollama is not running on this computer.');
    case 'notInstalled':
      return missingBinaryText(status.missing);
    case 'notOllama':
      return vscode.l10n.t('Another program answers at {0}, and it is not Ollama. Stop that program, or choose another port in hearth.host.', status.host);
    case 'blocked':
      return userMessageFor(status.error).message;
  }
}

