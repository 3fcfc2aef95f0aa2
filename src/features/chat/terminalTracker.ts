// The last command each terminal ran and its output, through terminal shell integration
// (window.onDidStartTerminalShellExecution / execution.read()). Output can only be read from the moment a
// command starts, so this listens from activation; it keeps one command per terminal, capped in size.
import * as vscode from 'vscode';

/** A command's output is kept up to this many characters (its end: errors are usually last). */
const MAX_OUTPUT_CHARS = 200_000;

export interface TerminalCommand {
  terminal: string;
  commandLine: string;
  cwd?: string;
  output: string;
  /** Only the end of the output was kept. */
  truncated: boolean;
  exitCode?: number;
  running: boolean;
  /** Resolves when all of the output has been read (it may arrive a moment after the command ends). */
  readonly drained: Promise<void>;
}

/** How long @terminal waits for the rest of an ended command's output. */
const DRAIN_WAIT_MS = 1_000;

export class TerminalTracker implements vscode.Disposable {
  private readonly last = new Map<vscode.Terminal, TerminalCommand>();
  private lastTerminal: vscode.Terminal | undefined;
  /** Terminals where shell integration was seen to work. */
  private readonly integrated = new Set<vscode.Terminal>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    // Older hosts (or test doubles) may lack the events: then @terminal says shell integration is missing.
    const w = vscode.window as Partial<typeof vscode.window>;
    if (w.onDidStartTerminalShellExecution) this.disposables.push(w.onDidStartTerminalShellExecution((e) => void this.started(e)));
    if (w.onDidEndTerminalShellExecution) this.disposables.push(w.onDidEndTerminalShellExecution((e) => this.ended(e)));
    if (w.onDidChangeTerminalShellIntegration) this.disposables.push(w.onDidChangeTerminalShellIntegration((e) => this.integrated.add(e.terminal)));
    this.disposables.push(vscode.window.onDidCloseTerminal((t) => {
      this.last.delete(t);
      this.integrated.delete(t);
    }));
  }

  private async started(e: vscode.TerminalShellExecutionStartEvent): Promise<void> {
    this.integrated.add(e.terminal);
    // read() only yields what is written after it is called: call it before anything else.
    const stream = e.execution.read();
    let drained!: () => void;
    const record: TerminalCommand = {
      terminal: e.terminal.name,
      commandLine: e.execution.commandLine.value,
      cwd: e.execution.cwd?.fsPath,
      output: '',
      truncated: false,
      running: true,
      drained: new Promise<void>((resolve) => (drained = resolve)),
    };
    this.last.set(e.terminal, record);
    this.lastTerminal = e.terminal;
    try {
      for await (const data of stream) {
        record.output += data;
        if (record.output.length > MAX_OUTPUT_CHARS * 1.5) {
          record.output = record.output.slice(-MAX_OUTPUT_CHARS);
          record.truncated = true;
        }
      }
    } catch {
      // The terminal went away mid-command: what was read is kept.
    } finally {
      drained();
    }
  }

  private ended(e: vscode.TerminalShellExecutionEndEvent): void {
    const record = this.last.get(e.terminal);
    if (!record || record.commandLine !== e.execution.commandLine.value) return;
    record.exitCode = e.exitCode;
    record.running = false;
  }

  /** The last command of the active terminal, else of the terminal that ran one last (an ended one with all its output). */
  async lastCommand(): Promise<TerminalCommand | undefined> {
    const active = vscode.window.activeTerminal;
    const record = (active && this.last.get(active)) ?? (this.lastTerminal && this.last.get(this.lastTerminal));
    if (record && !record.running) await Promise.race([record.drained, new Promise((resolve) => setTimeout(resolve, DRAIN_WAIT_MS))]);
    return record;
  }

  /** Whether any open terminal has shell integration (so "no command yet" can be told from "cannot know"). */
  hasShellIntegration(): boolean {
    return vscode.window.terminals.some((t) => this.integrated.has(t) || t.shellIntegration !== undefined);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    this.last.clear();
  }
}
