// Daemon management in a real VS Code: the status bar item follows the daemon going down and coming
// back, and Start Ollama runs the `ollama` fixture (which serves the stand-in on OLLAMA_HOST) up to
// "connected"; stopping, an early exit, a killed daemon and a missing binary give the states and the
// results the issue asks for.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { StartResult, StopResult } from '../../src/core/daemon';
import type { HearthApi } from '../../src/extension';
import type { ConnectionCheckResult } from '../../src/features/connection';
import { Commands } from '../../src/platform/commands';
import { StandinOllama } from '../support/standin';
import { activateExtension, closeAllEditors, openDoc, resetSettings, screenshot, setSetting, sleep, waitFor } from './helpers';
import { freePort } from '../support/freePort';

const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'bin', 'ollama');
const SETTINGS = ['hearth.host', 'hearth.ollama.path', 'hearth.ollama.env', 'hearth.ollama.autoStart', 'hearth.model.completion', 'hearth.model.chat'];

interface DaemonFacts {
  binary: string | null;
  owner: string;
  env: Record<string, string> | null;
  running: { name: string; gpuShare: number }[];
}

describe('daemon management', function () {
  this.timeout(90_000);
  let api: HearthApi;
  let standin: StandinOllama;

  const text = (): string => api.daemon.statusText();
  async function waitForText(pattern: RegExp, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(text())) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for the status bar text to match ${pattern}; it is "${text()}"`);
      await sleep(50);
    }
  }

  before(async () => {
    standin = await StandinOllama.start();
    await setSetting('hearth.host', standin.url);
    api = await activateExtension<HearthApi>();
    console.log(`[daemon test] window focused: ${vscode.window.state.focused}`);
  });

  afterEach(async () => {
    // Never leave a daemon behind for the next test, whatever happened in this one.
    await vscode.commands.executeCommand(Commands.stopOllama, { quiet: true });
  });

  after(async () => {
    await standin.close();
    await resetSettings(SETTINGS);
  });

  it('shows the status bar text following the daemon going down and coming back', async () => {
    // With a binary to start, a daemon that is down reads "not running" (without one: "not installed").
    await setSetting('hearth.ollama.path', FIXTURE);
    await waitForText(/^\$\(check\) Ollama 0\.32\.15/);
    await screenshot('daemon-statusbar-connected', { selector: '.part.statusbar' });

    await standin.stopListening();
    // What a feature does when its request finds the daemon gone.
    api.services.daemon.reportUnreachable();
    await waitForText(/not running/);
    assert.equal(api.daemon.status().kind, 'notRunning');
    await assert.rejects(api.services.daemon.ensureAvailable({ interactive: false }), (err: Error & { kind?: string }) => err.kind === 'unreachable');

    await standin.resume();
    // Coming back is noticed by the background backoff (2 s, 4 s…) while the window is focused,
    // or by the next feature that asks.
    if (!vscode.window.state.focused) await api.services.daemon.ensureAvailable({ interactive: false });
    await waitForText(/^\$\(check\) Ollama 0\.32\.15/, 40_000);
    assert.equal(api.daemon.status().kind, 'connected');
  });

  it('starts Ollama through the fixture executable up to "connected", shows GPU share, and stops it', async () => {
    const port = await freePort();
    await setSetting('hearth.ollama.path', FIXTURE);
    await setSetting('hearth.ollama.env', { HEARTH_FIXTURE_VRAM_SHARE: 0.6, OLLAMA_KEEP_ALIVE: '10m' });
    await setSetting('hearth.host', `http://127.0.0.1:${port}`);
    await waitForText(/not running/);
    assert.equal(api.daemon.statusTooltip().includes(FIXTURE), true, 'the tooltip names the binary');

    const result = await vscode.commands.executeCommand<StartResult>(Commands.startOllama);
    assert.equal(result.kind, 'started', JSON.stringify(result));
    await waitForText(/^\$\(check\) Ollama 0\.32\.15/);
    assert.equal(api.daemon.status().kind, 'connected');

    // A model that sits 60% in GPU memory: the status bar names the model the user works with (in an
    // editor the completion model, else the chat's) and says so after the next use.
    await setSetting('hearth.model.completion', 'llama3.2:3b');
    await setSetting('hearth.model.chat', 'llama3.2:3b');
    await api.services.gateway.loadModel('llama3.2:3b');
    await api.services.daemon.ensureAvailable();
    // Refreshes after activity are throttled to one per 15 s (the settle refresh comes at 20 s), and the
    // suite before this one may have used the last slot a moment ago.
    await waitForText(/llama3\.2:3b · \$\(warning\) 60% GPU/, 25_000);
    await screenshot('daemon-statusbar-gpu', { selector: '.part.statusbar' });
    // The warning follows the daemon's own look at /api/ps, which may come a moment after the status bar's.
    await waitFor(() => api.daemon.cpuWarnings().length > 0, { message: 'the partly-on-CPU warning', timeoutMs: 25_000 });
    assert.deepEqual(api.daemon.cpuWarnings(), ['llama3.2:3b'], 'said once, for the model partly on the CPU');

    const report = await vscode.commands.executeCommand<ConnectionCheckResult>(Commands.checkConnection, { quiet: true });
    const facts = report.facts.daemon as DaemonFacts;
    assert.equal(facts.binary, FIXTURE);
    assert.equal(facts.owner, 'thisWindow');
    assert.equal(facts.env?.OLLAMA_HOST, `127.0.0.1:${port}`);
    assert.equal(facts.env?.OLLAMA_KEEP_ALIVE, '10m');
    assert.ok(Math.abs((facts.running.find((m) => m.name === 'llama3.2:3b')?.gpuShare ?? 0) - 0.6) < 0.01, JSON.stringify(facts.running));
    assert.match(report.markdown, /## Ollama daemon/);
    assert.match(report.markdown, /llama3\.2:3b is only 60% in GPU memory/);

    const stopped = await vscode.commands.executeCommand<StopResult>(Commands.stopOllama);
    assert.deepEqual(stopped, { kind: 'stopped', outcome: 'terminated' });
    await waitForText(/not running/);
  });

  it('notices a daemon it started being killed, gives features a clear error at once, and starts again', async () => {
    const started = await vscode.commands.executeCommand<StartResult>(Commands.startOllama);
    assert.equal(started.kind, 'started', JSON.stringify(started));
    process.kill(started.kind === 'started' ? started.pid : -1, 'SIGKILL');
    await waitForText(/not running/);
    const t0 = Date.now();
    await assert.rejects(api.services.daemon.ensureAvailable({ interactive: false }), (err: Error & { kind?: string }) => err.kind === 'unreachable');
    assert.ok(Date.now() - t0 < 3_000, 'nothing hangs');
    const again = await vscode.commands.executeCommand<StartResult>(Commands.startOllama);
    assert.equal(again.kind, 'started', JSON.stringify(again));
    await waitForText(/^\$\(check\) Ollama/);
    await vscode.commands.executeCommand(Commands.stopOllama);
    await waitForText(/not running/);
  });

  it('starts Ollama for a feature that needs it when autoStart is "always", and never with "never"', async () => {
    await setSetting('hearth.ollama.autoStart', 'never');
    await waitForText(/not running/);
    await assert.rejects(api.services.daemon.ensureAvailable({ interactive: true }), (err: Error & { kind?: string }) => err.kind === 'unreachable');
    assert.equal(api.daemon.status().kind, 'notRunning');
    await setSetting('hearth.ollama.autoStart', 'always');
    await api.services.daemon.ensureAvailable({ interactive: true });
    assert.equal(api.daemon.status().kind, 'connected');
    // A non-interactive caller (e.g. inline completion) never starts anything: it gets the error.
    await vscode.commands.executeCommand(Commands.stopOllama, { quiet: true });
    await assert.rejects(api.services.daemon.ensureAvailable({ interactive: false }), (err: Error & { kind?: string }) => err.kind === 'unreachable');
    await setSetting('hearth.ollama.autoStart', undefined);
  });

  it('reports a binary that exits at once, and the status stays "not running"', async () => {
    await setSetting('hearth.ollama.env', { HEARTH_FIXTURE_EXIT: 'unable to open the model store' });
    const result = await vscode.commands.executeCommand<StartResult>(Commands.startOllama);
    assert.equal(result.kind, 'failed');
    assert.ok(result.kind === 'failed' && result.failure.kind === 'exited', JSON.stringify(result));
    assert.deepEqual(result.failure.stderr, ['Error: unable to open the model store']);
    await waitForText(/not running/);
  });

  it('shows one message, the precise one, when the start of Ollama for a feature fails', async () => {
    // The fixture still exits at once (HEARTH_FIXTURE_EXIT from the test before).
    await setSetting('hearth.ollama.autoStart', 'always');
    await waitForText(/not running/);
    const seen: string[] = [];
    const presenter = api.services.errors.usePresenter((msg) => {
      seen.push(msg.message);
      return Promise.resolve();
    });
    const editor = await openDoc('// a function that adds two numbers\n', 'typescript');
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    try {
      const outcome = await api.inline.draft({ instruction: 'write it' });
      assert.equal(outcome.status, 'failed');
      await sleep(200); // messages are shown without being awaited
      assert.equal(seen.length, 1, `one message: ${JSON.stringify(seen)}`);
      assert.match(seen[0] ?? '', /Ollama exited at once/);
      // The error the feature got is still the daemon's, for the log and the chat's banner.
      await assert.rejects(api.services.daemon.ensureAvailable({ interactive: true }), (err: Error & { kind?: string; details?: { reported?: boolean } }) => err.kind === 'unreachable' && err.details?.reported === true);
    } finally {
      presenter.dispose();
      await closeAllEditors();
      await setSetting('hearth.ollama.autoStart', undefined);
    }
  });

  it('says "not found" for a path setting that points nowhere, and Start reports why', async () => {
    await setSetting('hearth.ollama.env', undefined);
    await setSetting('hearth.ollama.path', '/nonexistent/hearth-test/ollama');
    await waitForText(/Ollama not found/);
    const result = await vscode.commands.executeCommand<StartResult>(Commands.startOllama);
    assert.deepEqual(result, { kind: 'failed', failure: { kind: 'notInstalled', missing: { kind: 'settingInvalid', path: '/nonexistent/hearth-test/ollama', problem: 'missing' } } });
  });

  it('marks a remote host refused by the privacy guard, without sending anything', async () => {
    const before = standin.requests.length;
    await setSetting('hearth.host', 'http://192.0.2.1:11434');
    await waitForText(/Ollama host refused/);
    assert.equal(api.daemon.status().kind, 'blocked');
    assert.equal(standin.requests.length, before);
  });
});
