// Ollama in a container, in a real VS Code, with the fake docker (test/support/fakeDocker) as
// hearth.ollama.containerCli: from nothing (no image, no container) to a first answer, the download
// confirmed through the container prompts; stop, restart and the logs act on Hearth's labelled container
// only (the fake records that a foreign container was never named); a second start, and a second
// supervisor as another window would have, run no second container.
import * as assert from 'assert';
import * as os from 'os';
import * as vscode from 'vscode';
import { ContainerSupervision, DaemonSupervisor, HealthMonitor, parseDaemonSettings, probeDaemon, processIsAlive, type StartResult, type StopResult } from '../../src/core/daemon';
import type { HearthApi } from '../../src/extension';
import type { ConnectionCheckResult } from '../../src/features/connection';
import type { ContainerPrompts } from '../../src/features/daemon/containerPrompts';
import { execCli } from '../../src/features/daemon/containerExec';
import { Commands } from '../../src/platform/commands';
import { FakeDocker, type FakeContainer } from '../support/fakeDocker';
import { freePort } from '../support/freePort';
import { activateExtension, closeAllEditors, openDoc, resetSettings, setSetting, sleep, waitFor } from './helpers';

const SETTINGS = [
  'hearth.host',
  'hearth.ollama.runMode',
  'hearth.ollama.containerCli',
  'hearth.ollama.containerGpu',
  'hearth.ollama.env',
  'hearth.ollama.autoStart',
  'hearth.model.completion',
  'hearth.model.chat',
];

class FakePrompts implements ContainerPrompts {
  confirms: { message: string; detail: string }[] = [];
  notes: { severity: string; message: string }[] = [];
  answer = true;
  async confirm(message: string, detail: string): Promise<boolean> {
    this.confirms.push({ message, detail });
    return this.answer;
  }
  async notify(severity: 'info' | 'warning', message: string): Promise<string | undefined> {
    this.notes.push({ severity, message });
    return undefined;
  }
}

describe('Ollama in a container', function () {
  this.timeout(120_000);
  let api: HearthApi;
  let docker: FakeDocker;
  let foreign: FakeContainer;
  let port: number;
  const prompts = new FakePrompts();
  let promptsHold: vscode.Disposable;

  const text = (): string => api.daemon.statusText();
  const mine = (): FakeContainer | undefined => docker.containers().find((c) => c.name === 'hearth-ollama');
  const runs = (): number => docker.argv().filter((a) => a[0] === 'run').length;

  before(async () => {
    api = await activateExtension<HearthApi>();
    docker = FakeDocker.install({ pullDelayMs: 30 });
    // Someone else's Ollama container: listed by `docker ps -a`, never to be named by Hearth.
    foreign = docker.addForeignContainer('ollama');
    port = await freePort();
    promptsHold = api.daemon.useContainerPrompts(prompts);
    await setSetting('hearth.ollama.runMode', 'container');
    await setSetting('hearth.ollama.containerCli', docker.cli);
    await setSetting('hearth.ollama.containerGpu', 'nvidia');
    await setSetting('hearth.ollama.env', { OLLAMA_KEEP_ALIVE: '10m' });
    await setSetting('hearth.model.completion', 'llama3.2:3b');
    await setSetting('hearth.model.chat', 'llama3.2:3b');
    await setSetting('hearth.host', `http://127.0.0.1:${port}`);
  });

  after(async () => {
    promptsHold?.dispose();
    await vscode.commands.executeCommand(Commands.stopOllama, { quiet: true });
    await resetSettings(SETTINGS);
    await closeAllEditors();
    await docker?.cleanup();
  });

  it('goes from nothing to a first answer: the feature starts Ollama, the download is confirmed, the image pulled, the labelled container run', async () => {
    await waitFor(() => /not running/.test(text()), { message: 'the status bar to say "not running"', timeoutMs: 15_000 });
    assert.equal(api.daemon.status().kind, 'notRunning', 'container mode: nothing to install, Start runs the container');
    await setSetting('hearth.ollama.autoStart', 'always');
    const editor = await openDoc('// a function that adds two numbers\n', 'typescript');
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const outcome = await api.inline.draft({ instruction: 'write it' });
    assert.equal(outcome.status, 'done', JSON.stringify(outcome));
    assert.ok(editor.document.getText().length > '// a function that adds two numbers\n'.length, 'the answer is in the editor');

    assert.equal(prompts.confirms.length, 1, JSON.stringify(prompts.confirms));
    assert.match(prompts.confirms[0]?.message ?? '', /^Download the Ollama image ollama\/ollama \(about 2 GB\)\?$/);
    const argv = docker.argv();
    const pull = argv.findIndex((a) => a[0] === 'pull');
    const run = argv.findIndex((a) => a[0] === 'run');
    assert.ok(pull >= 0 && run > pull, `pull, then run: ${JSON.stringify(argv)}`);
    const runArgs = argv[run] ?? [];
    assert.ok(runArgs.includes(`127.0.0.1:${port}:11434`), 'published on loopback only');
    assert.ok(runArgs.includes('dev.hearth.ollama=1'), 'labelled');
    assert.ok(runArgs.includes('--gpus=all'), 'NVIDIA flags');
    assert.deepEqual(mine()?.env, { OLLAMA_KEEP_ALIVE: '10m' }, 'hearth.ollama.env passed as -e');
    await waitFor(() => /^\$\(check\) Ollama 0\.32\.15/.test(text()), { message: 'connected', timeoutMs: 15_000 });

    const report = await vscode.commands.executeCommand<ConnectionCheckResult>(Commands.checkConnection, { quiet: true });
    assert.equal((report.facts.daemon as { owner: string }).owner, 'container');
    await setSetting('hearth.ollama.autoStart', undefined);
  });

  it('shows the container log with Show Ollama Logs, and says nothing about the GPU when Ollama found it', async () => {
    await vscode.commands.executeCommand(Commands.showOllamaLogs);
    const lines = api.daemon.ollamaLogLines();
    assert.ok(lines.some((l) => /Listening on/.test(l)), lines.join('\n'));
    assert.ok(docker.argv().some((a) => a[0] === 'logs'), '`logs` was asked');
    await sleep(500);
    assert.deepEqual(api.daemon.containerNotes(), []);
  });

  it('a second start, and a second window, find the running container and run no second one', async () => {
    const again = await vscode.commands.executeCommand<StartResult>(Commands.startOllama);
    assert.equal(again.kind, 'alreadyRunning', JSON.stringify(again));
    assert.equal(again.kind === 'alreadyRunning' && again.owner.kind, 'container');

    // Another window: its own health monitor and supervisor, the same settings and machine.
    const monitor = new HealthMonitor({ probe: (signal) => probeDaemon(api.services.gateway, { timeoutMs: 2_000, signal }) });
    const settings = { ...parseDaemonSettings((key) => vscode.workspace.getConfiguration().get(key)) };
    const other = new DaemonSupervisor({
      monitor,
      host: () => api.services.config.host,
      settings: () => settings,
      discover: async () => ({ kind: 'notFound', searched: [] }),
      baseEnv: {},
      originHost: { platform: process.platform, env: {}, homedir: os.homedir(), exists: async () => false, isAlive: processIsAlive, selfPid: process.pid + 1 },
      records: { get: () => undefined, set: () => undefined },
      container: { exec: execCli, findCli: async (s) => s, gpu: async () => 'nvidia' },
      containerSupervision: (d, m, o) => new ContainerSupervision(d, m, o),
    });
    try {
      const second = await other.start({ container: { confirmDownload: async () => true } });
      assert.equal(second.kind, 'alreadyRunning', JSON.stringify(second));
      const owner = await other.owner();
      assert.ok(owner.kind === 'container' && !owner.startedHere, JSON.stringify(owner));
    } finally {
      other.dispose();
      monitor.dispose();
    }
    assert.equal(runs(), 1, 'one container');
    assert.equal(docker.containers().filter((c) => c.labels['dev.hearth.ollama']).length, 1);
  });

  it('stops and restarts the labelled container only, reusing it; a foreign container is never named', async () => {
    const stopped = await vscode.commands.executeCommand<StopResult>(Commands.stopOllama);
    assert.deepEqual(stopped, { kind: 'stopped', outcome: 'terminated' });
    assert.equal(mine()?.state, 'exited');
    await waitFor(() => /not running/.test(text()), { message: 'not running after the stop', timeoutMs: 15_000 });

    // Restart when stopped starts the same container again.
    const started = await vscode.commands.executeCommand<StartResult>(Commands.restartOllama);
    assert.ok(started.kind === 'started' && started.container?.how === 'restarted', JSON.stringify(started));
    await waitFor(() => /^\$\(check\) Ollama/.test(text()), { message: 'connected again', timeoutMs: 15_000 });
    // Restart when running: stop, then start, the same container.
    const cycled = await vscode.commands.executeCommand<StartResult>(Commands.restartOllama);
    assert.ok(cycled.kind === 'started' && cycled.container?.how === 'restarted', JSON.stringify(cycled));
    assert.equal(runs(), 1, 'still one container, started again');
    assert.deepEqual(docker.callsNaming(foreign), [], 'the foreign container was never named');
    assert.equal(docker.containers().find((c) => c.id === foreign.id)?.state, 'running', 'and it still runs');
    const id = mine()?.id ?? '?';
    for (const args of docker.argv().filter((a) => ['stop', 'start', 'restart', 'rm', 'logs'].includes(a[0] ?? ''))) {
      assert.ok(id.startsWith(args.at(-1) ?? '-'), `${args.join(' ')} names Hearth's container`);
    }
  });

  it('reports no GPU found inside the container like the CPU-spill warning', async () => {
    docker.update((s) => {
      s.noGpuInside = true;
    });
    const cycled = await vscode.commands.executeCommand<StartResult>(Commands.restartOllama);
    assert.equal(cycled.kind, 'started', JSON.stringify(cycled));
    const note = await waitFor(() => api.daemon.containerNotes().find((n) => n.kind === 'noGpuInside'), { message: 'the no-GPU note', timeoutMs: 15_000 });
    assert.match(note.message, /Ollama in its container found no NVIDIA GPU and runs on the CPU, which is much slower\. Likely fix: check the NVIDIA Container Toolkit/);
    assert.ok(prompts.notes.some((n) => n.severity === 'warning' && n.message === note.message));
  });

  it('offers to run Ollama in a container when Start finds no binary but a container CLI, and the offer runs it', async function () {
    const stopped = await vscode.commands.executeCommand<StopResult>(Commands.stopOllama);
    assert.deepEqual(stopped, { kind: 'stopped', outcome: 'terminated' });
    await setSetting('hearth.ollama.runMode', 'binary');
    // The status follows the setting: "not installed" unless an `ollama` is installed on this machine (then there is nothing to offer).
    const missing = await waitFor(() => api.daemon.status().kind === 'notInstalled', { message: 'not installed', timeoutMs: 8_000 }).catch(() => false);
    if (!missing) this.skip();
    const shown: { message: string; commands: string[] }[] = [];
    const presenter = api.services.errors.usePresenter((msg) => {
      shown.push({ message: msg.message, commands: msg.actions.map((a) => a.command) });
      return Promise.resolve();
    });
    try {
      const result = await vscode.commands.executeCommand<StartResult>(Commands.startOllama);
      assert.ok(result.kind === 'failed' && result.failure.kind === 'notInstalled' && result.failure.containerCli === docker.cli, JSON.stringify(result));
      await waitFor(() => shown.length > 0, { message: 'the message' });
      assert.match(shown[0]?.message ?? '', /Hearth can run Ollama in a container instead, with .*docker\.$/);
      assert.deepEqual(shown[0]?.commands, [Commands.runOllamaInContainer, Commands.installOllama]);
    } finally {
      presenter.dispose();
    }
    const offered = await vscode.commands.executeCommand<StartResult>(Commands.runOllamaInContainer);
    assert.ok(offered.kind === 'started' && offered.container?.how === 'restarted', JSON.stringify(offered));
    assert.equal(vscode.workspace.getConfiguration().get('hearth.ollama.runMode'), 'container');
    assert.equal(runs(), 1);
    assert.deepEqual(docker.callsNaming(foreign), []);
  });
});
