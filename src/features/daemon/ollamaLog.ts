// The "Ollama" log channel: the output of an `ollama serve` that Hearth started, line by line, at the
// level the daemon gave each line (so "Set Log Level" and the filter work as for any log channel).
import * as vscode from 'vscode';
import { parseOllamaLine } from '../../core/daemon';

export class OllamaLog implements vscode.Disposable {
  private channel: vscode.LogOutputChannel | undefined;

  /** Created on first use, so the Output list has no empty "Ollama" entry for people who never start it here. */
  private get output(): vscode.LogOutputChannel {
    this.channel ??= vscode.window.createOutputChannel('Ollama', { log: true });
    return this.channel;
  }

  private recent: string[] = [];

  append(line: string): void {
    if (!line.trim()) return;
    this.recent.push(line);
    if (this.recent.length > 1000) this.recent.splice(0, this.recent.length - 1000);
    const { level, text } = parseOllamaLine(line);
    this.output[level](text);
  }

  /** Shows `lines` (a container's log, read at once) in place of what the channel held. */
  replace(header: string, lines: readonly string[]): void {
    this.output.clear();
    this.recent = [];
    this.output.info(header);
    for (const line of lines) this.append(line);
  }

  /** What was appended or replaced last, for tests: the channel itself cannot be read back. */
  get lines(): readonly string[] {
    return this.recent;
  }

  note(text: string): void {
    this.output.info(text);
  }

  show(): void {
    this.output.show(true);
  }

  dispose(): void {
    this.channel?.dispose();
  }
}
