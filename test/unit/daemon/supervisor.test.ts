// Starting and stopping real processes: the `ollama` fixture runs the stand-in on OLLAMA_HOST, so these
// tests exercise Hearth's process handling (spawn, wait for health, early exit, timeout, kill, the stop
// rules) end to end. Linux and macOS only (the fixture is a shell script).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DaemonChild, type SpawnOptions } from '../../../src/core/daemon/child';
import { findOllama, nodeDiscoveryHost, type Discovery } from '../../../src/core/daemon/discovery';
import { HealthMonitor } from '../../../src/core/daemon/health';
import { processIsAlive, type OriginHost, type SpawnRecord } from '../../../src/core/daemon/ownership';
import { probeDaemon } from '../../../src/core/daemon/probe';
import { parseDaemonSettings, type DaemonSettings } from '../../../src/core/daemon/settings';
import type { DaemonStatus } from '../../../src/core/daemon/status';
import { DaemonSupervisor, type StartResult, type UnexpectedExit } from '../../../src/core/daemon/supervisor';
import { OllamaError, resolveHost } from '../../../src/core/ollama';
import { StandinOllama } from '../../support/standin';
import { FIXTURE_OLLAMA, freePort, gatewayFor, hangUpServer, isAlive, otherHttpServer, waitUntil } from './support';

interface Rig {
  url: string;
  port: number;
  supervisor: DaemonSupervisor;
  monitor: HealthMonitor;
  spawned: DaemonChild[];
  statuses: DaemonStatus[];
  exits: UnexpectedExit[];
  lines: string[];
  records: { value: SpawnRecord | undefined };
  settings: DaemonSettings;
  dispose(): Promise<void>;
}

const originHost = (): OriginHost => ({ platform: 'linux', env: {}, homedir: os.homedir(), exists: async () => false, isAlive: processIsAlive, selfPid: process.pid });

async function rig(options: { port?: number; settings?: Partial<DaemonSettings>; env?: Record<string, unknown>; discover?: (setting: string) => Promise<Discovery>; logFile?: string; records?: { value: SpawnRecord | undefined } } = {}): Promise<Rig> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const gateway = gatewayFor(url);
  const monitor = new HealthMonitor({ probe: (signal) => probeDaemon(gateway, { timeoutMs: 2_000, signal }) });
  monitor.start(false);
  const settings: DaemonSettings = { ...parseDaemonSettings(() => undefined), path: FIXTURE_OLLAMA, env: options.env ?? {}, ...options.settings };
  const spawned: DaemonChild[] = [];
  const statuses: DaemonStatus[] = [];
  const exits: UnexpectedExit[] = [];
  const lines: string[] = [];
  const records: { value: SpawnRecord | undefined } = options.records ?? { value: undefined };
  const supervisor = new DaemonSupervisor({
    monitor,
    host: () => resolveHost(url, undefined),
    settings: () => settings,
    discover: options.discover ?? ((setting) => findOllama(setting, nodeDiscoveryHost())),
    baseEnv: process.env,
    originHost: originHost(),
    records: { get: () => records.value, set: (r) => (records.value = r) },
    logFile: () => options.logFile,
    onOutput: (line) => lines.push(line),
    spawn: (o: SpawnOptions) => {
      const child = new DaemonChild(o);
      spawned.push(child);
      return child;
    },
  });
  supervisor.onDidChangeStatus((s) => statuses.push(s));
  supervisor.onDidExitUnexpectedly((e) => exits.push(e));
  return {
    url,
    port,
    supervisor,
    monitor,
    spawned,
    statuses,
    exits,
    lines,
    records,
    settings,
    dispose: async () => {
      for (const child of spawned) await child.stop(500);
      supervisor.dispose();
      monitor.dispose();
    },
  };
}

function started(result: StartResult): Extract<StartResult, { kind: 'started' }> {
  assert.equal(result.kind, 'started', JSON.stringify(result));
  return result as Extract<StartResult, { kind: 'started' }>;
}

function failure(result: StartResult): string {
  assert.equal(result.kind, 'failed', JSON.stringify(result));
  return result.kind === 'failed' ? result.failure.kind : '';
}

describe('daemon: starting and stopping ollama serve (fixture executable)', function () {
  if (process.platform === 'win32') return;
  this.timeout(20_000);
  let r: Rig | undefined;
  afterEach(async () => {
    await r?.dispose();
    r = undefined;
  });

  it('starts the daemon when nothing answers, and the status goes not running → starting → connected', async () => {
    r = await rig();
    await r.monitor.check();
    await r.supervisor.refreshStatus();
    const result = started(await r.supervisor.start());
    assert.equal(result.binary, FIXTURE_OLLAMA);
    assert.equal(result.version, '0.32.15');
    assert.ok(result.elapsedMs < r.settings.startTimeoutMs);
    assert.deepEqual(r.statuses.map((s) => s.kind), ['notRunning', 'starting', 'connected']);
    assert.equal(r.spawned.length, 1);
    assert.deepEqual(await r.supervisor.owner(), { kind: 'thisWindow', pid: result.pid, binary: FIXTURE_OLLAMA, startedAt: r.supervisor.spawnedDaemon?.startedAt });
    assert.equal(r.records.value?.daemonPid, result.pid, 'other windows can see who started it');
    assert.ok(r.lines.some((l) => /Listening on 127\.0\.0\.1:\d+/.test(l)), 'the daemon\'s output reaches the log');
  });

  it('starts once when asked twice at the same time', async () => {
    r = await rig();
    const [a, b] = await Promise.all([r.supervisor.start(), r.supervisor.start()]);
    assert.equal(started(a).pid, started(b).pid);
    assert.equal(r.spawned.length, 1);
  });

  it('uses a daemon that already answers (another window, a service) and never stops it', async () => {
    const port = await freePort();
    const standin = await StandinOllama.start({ port });
    try {
      r = await rig({ port });
      const result = await r.supervisor.start();
      assert.equal(result.kind, 'alreadyRunning');
      assert.equal(r.spawned.length, 0);
      assert.deepEqual(await r.supervisor.stop(), { kind: 'notOwned', owner: { kind: 'external', origin: 'unknown' } });
      assert.ok(standin.isListening);
      assert.equal((await r.monitor.check()).kind, 'up');
    } finally {
      await standin.close();
    }
  });

  it('says who started a daemon when another window\'s Hearth did', async () => {
    r = await rig();
    const first = started(await r.supervisor.start());
    const other = await rig({ port: r.port });
    try {
      other.records.value = { daemonPid: first.pid, ownerPid: process.ppid, host: r.url, binary: FIXTURE_OLLAMA, startedAt: Date.now() };
      assert.equal((await other.supervisor.start()).kind, 'alreadyRunning');
      assert.deepEqual(await other.supervisor.owner(), { kind: 'external', origin: 'otherWindow' });
      assert.equal((await other.supervisor.stop()).kind, 'notOwned');
      assert.ok(isAlive(first.pid), 'the other window\'s daemon keeps running');
    } finally {
      await other.dispose();
    }
  });

  it('two windows starting at the same moment end up with one daemon, and the record names the winner', async () => {
    r = await rig();
    // The two windows share VS Code's global state, where the record lives.
    const other = await rig({ port: r.port, records: r.records });
    try {
      // Both see nothing on the port and spawn; the loser cannot bind, sees Ollama answer, and uses it.
      const [a, b] = await Promise.all([r.supervisor.start(), other.supervisor.start()]);
      const kinds = [a.kind, b.kind].sort();
      assert.deepEqual(kinds, ['alreadyRunning', 'started'], JSON.stringify([a, b]));
      const winner = (a.kind === 'started' ? a : b) as Extract<StartResult, { kind: 'started' }>;
      const alive = [...r.spawned, ...other.spawned].filter((c) => c.isRunning);
      assert.deepEqual(alive.map((c) => c.pid), [winner.pid], 'one daemon runs');
      assert.equal(r.records.value?.daemonPid, winner.pid);
    } finally {
      await other.dispose();
    }
  });

  it('reports a missing binary with what it searched, and the status says not installed', async () => {
    r = await rig({ discover: async () => ({ kind: 'notFound', searched: ['/usr/bin', '/usr/local/bin/ollama'] }) });
    const result = await r.supervisor.start();
    assert.deepEqual(result, { kind: 'failed', failure: { kind: 'notInstalled', missing: { kind: 'notFound', searched: ['/usr/bin', '/usr/local/bin/ollama'] } } });
    await r.supervisor.refreshStatus();
    assert.equal(r.supervisor.status.kind, 'notInstalled');
    assert.equal(r.spawned.length, 0);
  });

  it('reports a path setting that is not executable', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-sup-'));
    try {
      const file = path.join(dir, 'ollama');
      fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o644 });
      r = await rig({ settings: { path: file } });
      const result = await r.supervisor.start();
      assert.deepEqual(result, { kind: 'failed', failure: { kind: 'notInstalled', missing: { kind: 'settingInvalid', path: file, problem: 'notExecutable' } } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a binary that exits at once with its last stderr lines', async () => {
    r = await rig({ env: { HEARTH_FIXTURE_EXIT: 'could not open the model store /nonexistent: permission denied' } });
    const result = await r.supervisor.start();
    assert.equal(failure(result), 'exited');
    assert.ok(result.kind === 'failed' && result.failure.kind === 'exited');
    assert.equal(result.failure.exit.code, 1);
    assert.deepEqual(result.failure.stderr, ['Error: could not open the model store /nonexistent: permission denied']);
    assert.equal(result.failure.portInUse, false);
    assert.equal(r.exits.length, 0, 'an early exit is the start\'s failure, not an unexpected exit');
    assert.equal(r.records.value, undefined);
  });

  it('refuses to start over a port that another HTTP server holds', async () => {
    const other = await otherHttpServer({ status: 200, type: 'text/html', body: '<html>dev server</html>' });
    try {
      r = await rig({ port: other.port });
      const result = await r.supervisor.start();
      assert.equal(failure(result), 'notOllama');
      assert.equal(r.spawned.length, 0);
      await r.supervisor.refreshStatus();
      assert.equal(r.supervisor.status.kind, 'notOllama');
    } finally {
      await other.close();
    }
  });

  it('explains a port held by something that does not speak HTTP: the daemon cannot bind it', async () => {
    const holder = await hangUpServer();
    try {
      r = await rig({ port: holder.port });
      const result = await r.supervisor.start();
      assert.equal(failure(result), 'exited');
      assert.ok(result.kind === 'failed' && result.failure.kind === 'exited' && result.failure.portInUse, JSON.stringify(result));
    } finally {
      await holder.close();
    }
  });

  it('never starts a daemon for a remote host', async () => {
    const monitor = new HealthMonitor({
      probe: async () => ({ kind: 'down', error: new OllamaError('unreachable', 'refused', { reason: 'refused' }), host: 'http://192.0.2.7:11434', remote: true }),
    });
    const spawns: SpawnOptions[] = [];
    const supervisor = new DaemonSupervisor({
      monitor,
      host: () => resolveHost('http://192.0.2.7:11434', undefined),
      settings: () => ({ ...parseDaemonSettings(() => undefined), path: FIXTURE_OLLAMA }),
      discover: (s) => findOllama(s, nodeDiscoveryHost()),
      baseEnv: {},
      originHost: originHost(),
      records: { get: () => undefined, set: () => {} },
      spawn: (o) => {
        spawns.push(o);
        throw new Error('must not spawn');
      },
    });
    try {
      assert.deepEqual(await supervisor.start(), { kind: 'failed', failure: { kind: 'remoteHost', host: 'http://192.0.2.7:11434' } });
      assert.equal(spawns.length, 0);
      await supervisor.refreshStatus();
      assert.deepEqual(supervisor.status.kind === 'notRunning' && supervisor.status.remote, true);
    } finally {
      supervisor.dispose();
      monitor.dispose();
    }
  });

  it('stops a daemon whose start outlasts the timeout, and says so', async () => {
    r = await rig({ env: { HEARTH_FIXTURE_DELAY_MS: '10000' }, settings: { startTimeoutMs: 1_000 } });
    const result = await r.supervisor.start();
    assert.equal(failure(result), 'timeout');
    assert.ok(result.kind === 'failed' && result.failure.kind === 'timeout' && result.failure.stderr.some((l) => l.includes('test fixture')));
    const pid = r.spawned[0].pid ?? -1;
    await waitUntil(() => !isAlive(pid), 3_000, 'the slow daemon to be stopped');
    assert.equal((await r.monitor.check()).kind, 'down');
  });

  it('notices a daemon it started being killed: the status flips, requests fail fast, and a restart works', async () => {
    r = await rig();
    const first = started(await r.supervisor.start());
    process.kill(first.pid, 'SIGKILL');
    await waitUntil(() => r?.exits.length === 1, 3_000, 'the unexpected exit');
    assert.equal(r.exits[0].exit.signal, 'SIGKILL');
    await waitUntil(() => r?.supervisor.status.kind === 'notRunning', 3_000, 'the status to flip');
    const t0 = performance.now();
    await assert.rejects(gatewayFor(r.url).listModels(), (err: OllamaError) => err.kind === 'unreachable');
    assert.ok(performance.now() - t0 < 1_000, 'a feature gets its error at once, nothing hangs');
    assert.equal(r.supervisor.spawnedDaemon, undefined);
    const second = started(await r.supervisor.start());
    assert.notEqual(second.pid, first.pid);
    assert.equal(r.supervisor.status.kind, 'connected');
  });

  it('stops its own daemon gracefully (SIGTERM) and forcibly when SIGTERM is ignored', async () => {
    r = await rig();
    const a = started(await r.supervisor.start());
    assert.deepEqual(await r.supervisor.stop(), { kind: 'stopped', outcome: 'terminated' });
    assert.ok(!isAlive(a.pid));
    assert.equal(r.supervisor.status.kind, 'notRunning');
    assert.equal(r.exits.length, 0, 'a requested stop is not an unexpected exit');
    assert.deepEqual(await r.supervisor.stop(), { kind: 'notRunning' });

    r.settings.env = { HEARTH_FIXTURE_IGNORE_SIGTERM: '1' };
    const b = started(await r.supervisor.start());
    const t0 = performance.now();
    assert.deepEqual(await r.supervisor.stop(300), { kind: 'stopped', outcome: 'killed' });
    assert.ok(performance.now() - t0 < 2_000);
    assert.ok(!isAlive(b.pid));
  });

  it('restarts its own daemon with the new environment', async () => {
    const envFile = path.join(os.tmpdir(), `hearth-env-${process.pid}-${Date.now()}.json`);
    try {
      r = await rig({ env: { HEARTH_FIXTURE_ENV_FILE: envFile, OLLAMA_KEEP_ALIVE: '1h', OLLAMA_CONTEXT_LENGTH: 8192 } });
      const a = started(await r.supervisor.start());
      const seen = JSON.parse(fs.readFileSync(envFile, 'utf8')) as Record<string, string>;
      assert.equal(seen.OLLAMA_HOST, `127.0.0.1:${r.port}`);
      assert.equal(seen.OLLAMA_KEEP_ALIVE, '1h');
      assert.equal(seen.OLLAMA_CONTEXT_LENGTH, '8192');
      r.settings.env = { HEARTH_FIXTURE_ENV_FILE: envFile, OLLAMA_KEEP_ALIVE: '5m' };
      const b = await r.supervisor.restart();
      assert.equal(b.kind, 'started');
      assert.notEqual(b.kind === 'started' && b.pid, a.pid);
      assert.equal((JSON.parse(fs.readFileSync(envFile, 'utf8')) as Record<string, string>).OLLAMA_KEEP_ALIVE, '5m');
    } finally {
      fs.rmSync(envFile, { force: true });
    }
  });

  it('cancels a start: the process being started is stopped', async () => {
    r = await rig({ env: { HEARTH_FIXTURE_DELAY_MS: '10000' } });
    const controller = new AbortController();
    const pending = r.supervisor.start({ cancel: controller.signal });
    await waitUntil(() => (r?.spawned.length ?? 0) === 1 && r?.spawned[0].pid !== undefined, 3_000, 'the spawn');
    controller.abort();
    assert.deepEqual(await pending, { kind: 'failed', failure: { kind: 'cancelled' } });
    assert.ok(!r.spawned[0].isRunning);
  });

  it('stops its daemon on shutdown with stopOnExit, and leaves a file-logging one running without it', async () => {
    r = await rig();
    const a = started(await r.supervisor.start());
    await r.supervisor.shutdown(true);
    assert.ok(!isAlive(a.pid));

    const logFile = path.join(os.tmpdir(), `hearth-serve-${process.pid}-${Date.now()}.log`);
    const keep = await rig({ settings: { stopOnExit: false }, logFile });
    try {
      const b = started(await keep.supervisor.start());
      await waitUntil(() => keep.lines.some((l) => l.includes('Listening on')), 3_000, 'output followed from the log file');
      await keep.supervisor.shutdown(false);
      assert.ok(isAlive(b.pid), 'left running for the next window');
      assert.match(fs.readFileSync(logFile, 'utf8'), /Listening on/);
      process.kill(-b.pid, 'SIGTERM');
      await waitUntil(() => !isAlive(b.pid), 3_000, 'cleanup');
    } finally {
      await keep.dispose();
      fs.rmSync(logFile, { force: true });
    }
  });
});
