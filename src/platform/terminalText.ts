// Typing a command into a terminal without giving the shell anything to expand: the shell is worked out
// from the terminal (what VS Code detected, else the shell it was created with, else the default shell)
// and core/util/shellQuote quotes each value for it.
import * as vscode from 'vscode';
import { commandLine, shellKindOf, type QuoteProblem, type ShellKind } from '../core/util/shellQuote';

export function terminalShellKind(terminal: vscode.Terminal): ShellKind {
  const detected = terminal.state.shell;
  if (detected) return shellKindOf(detected);
  const options = terminal.creationOptions as vscode.TerminalOptions;
  return shellKindOf(options.shellPath || vscode.env.shell);
}

function problemText(problem: QuoteProblem, characters: string): string {
  const shown = JSON.stringify(characters);
  switch (problem) {
    case 'control':
      return vscode.l10n.t('it contains control characters ({0}), which a terminal would take as keys', shown);
    case 'cmdUnsafe':
      return vscode.l10n.t('it contains {0}, which the Command Prompt (cmd.exe) cannot quote safely', shown);
    case 'unknownShell':
      return vscode.l10n.t('it contains {0}, and Hearth does not know how the shell of this terminal quotes them', shown);
  }
}

/**
 * Types `parts` (Hearth's literal words and quoted values) into the terminal without running it. Returns
 * undefined when typed, or the sentence saying why a value could not be typed safely (nothing is typed then).
 */
export function typeCommand(terminal: vscode.Terminal, parts: readonly ({ literal: string } | { value: string })[]): string | undefined {
  const line = commandLine(parts, terminalShellKind(terminal));
  if (!line.ok) return problemText(line.problem, line.characters);
  // `false`: no newline, so nothing runs until the user reads the command and presses Enter.
  terminal.sendText(line.text, false);
  return undefined;
}
