// @terminal: the last command run in the terminal and its output (escape sequences removed), or a clear
// note when shell integration is unavailable and the output cannot be read.
import * as vscode from 'vscode';
import { newId } from '../../../core/chat/ids';
import { plainTerminalText } from '../../../core/chat/sources';
import type { PendingAttachment } from '../attachments';
import type { TerminalTracker } from '../terminalTracker';

export async function terminalAttachment(tracker: TerminalTracker): Promise<PendingAttachment[] | string> {
  const last = await tracker.lastCommand();
  if (!last) {
    if (vscode.window.terminals.length === 0) return vscode.l10n.t('No terminal is open: run a command in a terminal first.');
    if (!tracker.hasShellIntegration()) {
      return vscode.l10n.t('The terminal\'s output cannot be read: shell integration is not active in it (see the setting terminal.integrated.shellIntegration.enabled; it works with bash, zsh, fish and PowerShell).');
    }
    return vscode.l10n.t('No command has run in the terminal since Hearth started.');
  }
  const output = plainTerminalText(last.output).trim();
  const status = last.running ? vscode.l10n.t('(still running)') : last.exitCode === undefined ? '' : vscode.l10n.t('(exit code {0})', last.exitCode);
  // VS Code may not pass on the output of a command that ends at once: say so rather than imply it printed nothing.
  const body = output || (last.running ? '' : vscode.l10n.t('[no output was captured]'));
  const content = [`$ ${last.commandLine} ${status}`.trim(), last.truncated ? '[…]' : '', body].filter(Boolean).join('\n');
  const command = last.commandLine.length > 40 ? `${last.commandLine.slice(0, 39)}…` : last.commandLine;
  return [{ id: newId('a'), kind: 'terminal', label: vscode.l10n.t('Terminal: {0}', command), language: 'console', content, source: `terminal:${last.terminal}` }];
}
