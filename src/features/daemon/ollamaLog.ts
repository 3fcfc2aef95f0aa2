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

  append(line: string): void {
    if (!line.trim()) return;
    const { level, text } = parseOllamaLine(line);
    this.output[level](text);
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
