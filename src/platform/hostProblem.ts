// The sentence for a refused hearth.host / OLLAMA_HOST value. core/ollama/host.ts says why (a code); this
// says it in the user's language, and the gateway puts it in the error every feature shows.
import * as vscode from 'vscode';
import type { HostProblem, HostSource } from '../core/ollama/host';

function whereText(source: HostSource): string {
  return source === 'environment' ? vscode.l10n.t('The OLLAMA_HOST environment variable') : vscode.l10n.t('The setting hearth.host');
}

function reasonText(problem: HostProblem): string {
  switch (problem) {
    case 'empty':
      return vscode.l10n.t('it is empty');
    case 'userinfo':
      return vscode.l10n.t('it contains "@" (a user name before the host), so the host would not be what it seems');
    case 'fragment':
      return vscode.l10n.t('it contains "#", and everything after it would be ignored, so the host would not be what it seems');
    case 'query':
      return vscode.l10n.t('it contains "?", and everything after it would be ignored, so the host would not be what it seems');
    case 'backslash':
      return vscode.l10n.t('it contains a backslash, which ends the host name, so the host would not be what it seems');
    case 'whitespace':
      return vscode.l10n.t('it contains spaces or tabs');
    case 'control':
      return vscode.l10n.t('it contains control or invisible characters');
    case 'trailingDot':
      return vscode.l10n.t('the host name ends with a dot; write it without the dot');
    case 'scheme':
      return vscode.l10n.t('only http:// and https:// addresses are supported');
    case 'port':
      return vscode.l10n.t('the port is not a number from 1 to 65535');
    case 'invalid':
    default:
      return vscode.l10n.t('it is not an address of the form [http://]host[:port]');
  }
}

/** E.g. "The setting hearth.host "http://x#.localhost" was refused: it contains "#", … Hearth sent nothing." */
export function hostProblemText(problem: HostProblem, value: string, source: HostSource): string {
  return vscode.l10n.t('{0} "{1}" was refused: {2}. Hearth sent nothing.', whereText(source), JSON.stringify(value).slice(1, -1), reasonText(problem));
}
