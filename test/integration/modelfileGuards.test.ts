// Create from Modelfile inside a real VS Code, with what a hostile repository could hold: a Modelfile whose
// name is shell code (the command typed into the terminal must keep it a name: a stand-in `ollama` on PATH
// records the arguments it really received), and a FROM that names a FIFO (refused at once, never opened).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { HearthApi } from '../../src/extension';
import type { CreateResult } from '../../src/features/models/commands/create';
import type { InputOptions, ModelPrompts, PickItem, PickOptions, ProgressReporter, PromptAction } from '../../src/features/models/prompts';
import { StandinOllama } from '../support/standin';
import { activateExtension, closeAllEditors, resetSettings, setSetting, waitFor, workspaceUri, writeWorkspaceFile } from './helpers';

/** Takes the default name, records what was said; nothing else is asked in these tests. */
class NamePrompts implements ModelPrompts {
  notes: { severity: string; message: string }[] = [];
  async notify(severity: 'info' | 'warning' | 'error', message: string, _actions?: PromptAction[]): Promise<string | undefined> {
    this.notes.push({ severity, message });
    return undefined;
  }
  async confirm(): Promise<string | undefined> {
    return undefined;
  }
  async pick<T>(_items: PickItem<T>[], _options: PickOptions<T>): Promise<T | undefined> {
    return undefined;
  }
  async input(options: InputOptions): Promise<string | undefined> {
    return options.value;
  }
  progress<T>(_title: string, task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>): Promise<T> {
    return task({ report: () => undefined }, new AbortController().signal);
  }
  status(): void {}
  async reportError(err: unknown): Promise<void> {
    this.notes.push({ severity: 'error', message: String(err) });
  }
}

describe('Modelfile guards: hostile file names and files that are not files', function () {
  this.timeout(60_000);
  const linux = process.platform === 'linux';
  let standin: StandinOllama;
  let restorePrompts: vscode.Disposable | undefined;
  const prompts = new NamePrompts();
  let bin: string;
  let argsFile: string;

  before(async function () {
    if (!linux) this.skip();
    standin = await StandinOllama.start();
    await setSetting('hearth.host', standin.url);
    const api = await activateExtension<HearthApi>();
    restorePrompts = api.models.usePrompts(prompts);
    // A stand-in `ollama` first on the terminal's PATH: it writes the arguments it received, one per line.
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-fake-ollama-'));
    argsFile = path.join(bin, 'args.txt');
    fs.writeFileSync(path.join(bin, 'ollama'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n`, { mode: 0o755 });
    await setSetting('terminal.integrated.env.linux', { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` });
  });

  after(async () => {
    if (!linux) return;
    restorePrompts?.dispose();
    for (const t of vscode.window.terminals) if (t.name === 'ollama create') t.dispose();
    await resetSettings(['hearth.host', 'terminal.integrated.env.linux']);
    await closeAllEditors();
    await standin.close();
    fs.rmSync(bin, { recursive: true, force: true });
  });

  it('types the ollama create command so that the shell passes a hostile file name through unchanged', async () => {
    const folder = 'hostile';
    const name = "it's $(touch pwned1) `touch pwned2`; touch pwned3 & x.modelfile";
    await writeWorkspaceFile(`${folder}/weights/config.json`, '{}');
    const modelfile = await writeWorkspaceFile(`${folder}/${name}`, 'FROM ./weights\n');
    const result = await vscode.commands.executeCommand<CreateResult>('hearth.createModelFromModelfile', modelfile);
    assert.strictEqual(result?.kind, 'terminal', JSON.stringify({ result, notes: prompts.notes, shell: vscode.env.shell }));
    const terminal = vscode.window.terminals.find((t) => t.name === 'ollama create');
    assert.ok(terminal, 'the terminal is open');
    terminal.sendText('', true); // the user presses Enter
    const args = await waitFor(() => (fs.existsSync(argsFile) && fs.readFileSync(argsFile, 'utf8').split('\n').length >= 5 ? fs.readFileSync(argsFile, 'utf8') : undefined), {
      timeoutMs: 20_000,
      message: 'the stand-in ollama to run',
    });
    assert.deepStrictEqual(args.split('\n').slice(0, -1), ['create', result.kind === 'terminal' ? result.name : '', '-f', modelfile.fsPath]);
    const left = fs.readdirSync(workspaceUri(folder).fsPath).filter((f) => f.startsWith('pwned'));
    assert.deepStrictEqual(left, [], 'the shell ran part of the file name');
  });

  it('refuses a FROM that is a named pipe at once, naming it', async () => {
    const modelfile = await writeWorkspaceFile('pipes/Pipe.modelfile', 'FROM ./pipe.gguf\n');
    const fifo = path.join(path.dirname(modelfile.fsPath), 'pipe.gguf');
    execFileSync('mkfifo', [fifo]);
    try {
      const result = await vscode.commands.executeCommand<CreateResult>('hearth.createModelFromModelfile', modelfile);
      assert.strictEqual(result?.kind, 'invalid', JSON.stringify(result));
      assert.match(prompts.notes.at(-1)?.message ?? '', /FROM names .*pipe\.gguf, which is a named pipe \(FIFO\), not a file\./);
      const problems = vscode.languages.getDiagnostics(modelfile).map((d) => d.message);
      assert.ok(problems.some((m) => /named pipe/.test(m)), problems.join('\n'));
    } finally {
      // Releases a reader stuck in open() (the behaviour before the fix) so the extension host can go on.
      try {
        fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
      } catch {
        // ENXIO: nobody waits on the pipe.
      }
      fs.rmSync(fifo, { force: true });
    }
  });
});
