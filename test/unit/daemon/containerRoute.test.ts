// The fake docker/podman CLI itself, then the container route end to end against it: the runner and the
// supervisor in runMode `container` create, reuse, stop and restart Hearth's labelled container only.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import { CONTAINER_LABEL, runArgs } from '../../../src/core/daemon/container';
import { ContainerRunner, type ContainerExec } from '../../../src/core/daemon/containerRunner';
import { ContainerSupervision, type ContainerDeps } from '../../../src/core/daemon/containerStart';
import { HealthMonitor } from '../../../src/core/daemon/health';
import { processIsAlive } from '../../../src/core/daemon/ownership';
import { probeDaemon } from '../../../src/core/daemon/probe';
import { parseDaemonSettings, type DaemonSettings } from '../../../src/core/daemon/settings';
import { DaemonSupervisor } from '../../../src/core/daemon/supervisor';
import { resolveHost } from '../../../src/core/ollama';
import { execCli } from '../../../src/features/daemon/containerExec';
import { FakeDocker } from '../../support/fakeDocker';
import { freePort, gatewayFor } from './support';

function call(docker: FakeDocker, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(docker.cli, args, { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the fake docker/podman CLI', function () {
  this.timeout(20_000);
  let docker: FakeDocker;
  afterEach(async () => docker?.cleanup());

  it('records its arguments, answers version and info, and fails like the real CLI when the engine is down', () => {
    docker = FakeDocker.install();
    assert.equal(call(docker, 'info').code, 0);
    assert.match(call(docker, '--version').stdout, /Docker version/);
    docker.setDaemonDown(true);
    const down = call(docker, 'ps');
    assert.equal(down.code, 1);
    assert.match(down.stderr, /Cannot connect to the Docker daemon at unix:\/\/\/var\/run\/docker\.sock\. Is the docker daemon running\?/);
    assert.deepEqual(docker.argv(), [['info'], ['--version'], ['ps']]);
  });

  it('pulls a missing image with progress lines, runs the stand-in as the container on the published port, stops, starts and removes it', async () => {
    docker = FakeDocker.install({ pullDelayMs: 1 });
    const missing = call(docker, 'image', 'inspect', 'ollama/ollama:latest');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No such image: ollama\/ollama:latest/);
    const pulled = call(docker, 'pull', 'ollama/ollama');
    assert.equal(pulled.code, 0);
    assert.match(pulled.stdout, /: Pull complete\n/);
    assert.equal(call(docker, 'image', 'inspect', 'ollama/ollama').code, 0);

    const port = await freePort();
    const run = call(docker, ...runArgs({ engine: 'docker', image: 'ollama/ollama', vendor: 'nvidia', hostname: '127.0.0.1', port, env: { OLLAMA_KEEP_ALIVE: '10m' } }));
    assert.equal(run.code, 0, run.stderr);
    const id = run.stdout.trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    assert.deepEqual(docker.containers()[0]?.env, { OLLAMA_KEEP_ALIVE: '10m' });
    const version = await waitForVersion(port);
    assert.equal(version, '0.32.15');
    const logs = call(docker, 'logs', '--tail', '20', id.slice(0, 12));
    assert.match(logs.stderr, /Listening on/);
    assert.match(logs.stderr, /inference compute.*library=cuda/);

    assert.equal(call(docker, 'rm', id.slice(0, 12)).code, 1, 'a running container needs -f');
    assert.equal(call(docker, 'stop', '-t', '2', id.slice(0, 12)).code, 0);
    assert.equal(docker.containers()[0]?.state, 'exited');
    await assert.rejects(fetch(`http://127.0.0.1:${port}/api/version`));
    assert.equal(call(docker, 'start', 'hearth-ollama').code, 0);
    assert.equal(await waitForVersion(port), '0.32.15');
    assert.equal(call(docker, 'rm', '-f', 'hearth-ollama').code, 0);
    assert.deepEqual(docker.containers(), []);
    const gone = call(docker, 'stop', 'hearth-ollama');
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /No such container: hearth-ollama/);
  });

  it('lists by label filter, and says so when a foreign container is touched', () => {
    docker = FakeDocker.install();
    const foreign = docker.addForeignContainer('ollama');
    assert.equal(call(docker, 'ps', '-a', '--filter', `label=${CONTAINER_LABEL}`, '--format', '{{.ID}}').stdout, '');
    assert.match(call(docker, 'ps', '-a', '--format', '{{.Names}}').stdout, /^ollama\n$/);
    assert.equal(call(docker, 'stop', 'ollama').code, 1);
    assert.equal(docker.callsNaming(foreign).length, 1);
  });

  it('speaks Podman when installed as podman', () => {
    docker = FakeDocker.install({ name: 'podman' });
    docker.setDaemonDown(true);
    const down = call(docker, 'info');
    assert.equal(down.code, 125);
    assert.match(down.stderr, /Cannot connect to Podman/);
  });
});

async function waitForVersion(port: number, timeoutMs = 5_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const body = (await (await fetch(`http://127.0.0.1:${port}/api/version`)).json()) as { version: string };
      return body.version;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('the container route against the fake docker', function () {
  this.timeout(30_000);
  let docker: FakeDocker;
  const disposers: (() => void)[] = [];
  afterEach(async () => {
    for (const d of disposers.splice(0)) d();
    await docker?.cleanup();
  });

  function supervisorFor(port: number, settings: Partial<DaemonSettings>, deps: Partial<ContainerDeps> = {}): { supervisor: DaemonSupervisor; monitor: HealthMonitor } {
    const url = `http://127.0.0.1:${port}`;
    const gateway = gatewayFor(url);
    const monitor = new HealthMonitor({ probe: (signal) => probeDaemon(gateway, { timeoutMs: 2_000, signal }) });
    monitor.start(false);
    const all: DaemonSettings = { ...parseDaemonSettings(() => undefined), runMode: 'container', containerCli: docker.cli, ...settings };
    const supervisor = new DaemonSupervisor({
      monitor,
      host: () => resolveHost(url, undefined),
      settings: () => all,
      discover: async () => ({ kind: 'notFound', searched: [] }),
      baseEnv: {},
      originHost: { platform: 'linux', env: {}, homedir: os.homedir(), exists: async () => false, isAlive: processIsAlive, selfPid: process.pid },
      records: { get: () => undefined, set: () => undefined },
      container: { exec: execCli, findCli: async (s) => s || undefined, gpu: async (s) => (s === 'auto' ? 'none' : s), ...deps },
      containerSupervision: (d, m, o) => new ContainerSupervision(d, m, o),
    });
    disposers.push(() => {
      supervisor.dispose();
      monitor.dispose();
    });
    return { supervisor, monitor };
  }

  it('asks before the download, pulls with progress, runs the labelled container and answers; declining downloads nothing', async () => {
    docker = FakeDocker.install({ pullDelayMs: 1 });
    const foreign = docker.addForeignContainer('ollama');
    const port = await freePort();
    const { supervisor } = supervisorFor(port, { env: { OLLAMA_KEEP_ALIVE: '10m', OLLAMA_MODELS: '/home/u/models' }, containerGpu: 'nvidia' });
    const asked: { image: string; bytes: number }[] = [];
    const declined = await supervisor.start({ container: { confirmDownload: async (image, bytes) => (asked.push({ image, bytes }), false) } });
    assert.deepEqual(declined, { kind: 'failed', failure: { kind: 'container', failure: { kind: 'downloadDeclined', image: 'ollama/ollama' } } });
    assert.ok(!docker.argv().some((a) => a[0] === 'pull' || a[0] === 'run'), 'nothing downloaded or run');
    assert.equal(asked[0]?.image, 'ollama/ollama');
    assert.ok((asked[0]?.bytes ?? 0) >= 1e9, 'a size is announced');

    const progress: number[] = [];
    const result = await supervisor.start({ container: { confirmDownload: async () => true, onPullProgress: (p) => progress.push(p.done) } });
    assert.equal(result.kind, 'started', JSON.stringify(result));
    assert.equal(result.kind === 'started' && result.container?.how, 'created');
    assert.equal(result.kind === 'started' && result.container?.pulled, true);
    assert.equal(progress.at(-1), 4, `progress: ${progress.join(',')}`);
    const run = docker.argv().find((a) => a[0] === 'run') ?? [];
    assert.ok(run.includes(`127.0.0.1:${port}:11434`) && run.includes('OLLAMA_KEEP_ALIVE=10m') && run.includes('--gpus=all'), run.join(' '));
    assert.ok(!run.some((a) => a.startsWith('OLLAMA_HOST')), 'OLLAMA_HOST stays the image default inside the container');
    assert.ok(!run.some((a) => a.startsWith('OLLAMA_MODELS')), 'a folder of this computer is not passed in: the models live in the volume');
    const owner = await supervisor.owner();
    assert.equal(owner.kind, 'container');
    assert.deepEqual(docker.callsNaming(foreign), [], 'the foreign container was never named');
  });

  it('a second supervisor (another window) finds the running container and runs no second one; stop and start reuse it', async () => {
    docker = FakeDocker.install({ images: ['ollama/ollama:latest'] });
    const foreign = docker.addForeignContainer('my-ollama', { labels: { 'com.example': '1' } });
    const port = await freePort();
    const first = supervisorFor(port, {});
    const started = await first.supervisor.start({ container: { confirmDownload: async () => false } });
    assert.equal(started.kind, 'started', JSON.stringify(started));

    const second = supervisorFor(port, {});
    const again = await second.supervisor.start({ container: { confirmDownload: async () => false } });
    assert.equal(again.kind, 'alreadyRunning', JSON.stringify(again));
    assert.equal(again.kind === 'alreadyRunning' && again.owner.kind, 'container');
    assert.equal(docker.argv().filter((a) => a[0] === 'run').length, 1, 'one container');

    // The second window stops Hearth's container (it is Hearth's, whichever window started it)…
    const stopped = await second.supervisor.stop();
    assert.deepEqual(stopped, { kind: 'stopped', outcome: 'terminated' });
    assert.equal(docker.containers().find((c) => c.name === 'hearth-ollama')?.state, 'exited');
    // …and a start starts the same container again, without a new run.
    const restarted = await first.supervisor.start({ container: { confirmDownload: async () => false } });
    assert.equal(restarted.kind === 'started' && restarted.container?.how, 'restarted', JSON.stringify(restarted));
    assert.equal(docker.argv().filter((a) => a[0] === 'run').length, 1);
    // Restart (stop, start) acts on the labelled container only.
    const cycled = await first.supervisor.restart();
    assert.equal(cycled.kind, 'started', JSON.stringify(cycled));
    assert.deepEqual(docker.callsNaming(foreign), []);
    for (const args of docker.argv().filter((a) => ['stop', 'start', 'rm', 'logs', 'restart'].includes(a[0] ?? ''))) {
      const target = args.at(-1) ?? '';
      assert.ok(docker.containers().some((c) => c.name === 'hearth-ollama' && c.id.startsWith(target)), `${args.join(' ')} names Hearth's container`);
    }
    // The window that started it stops it on exit; the other does not.
    await second.supervisor.shutdown(true);
    assert.equal(docker.containers().find((c) => c.name === 'hearth-ollama')?.state, 'running');
    await first.supervisor.shutdown(true);
    assert.equal(docker.containers().find((c) => c.name === 'hearth-ollama')?.state, 'exited');
  });

  it('recreates a stopped container made with other settings, keeping the volume', async () => {
    docker = FakeDocker.install({ images: ['ollama/ollama:latest'] });
    const port = await freePort();
    const before = supervisorFor(port, {});
    assert.equal((await before.supervisor.start()).kind, 'started');
    await before.supervisor.stop();
    const after = supervisorFor(port, { env: { OLLAMA_DEBUG: '1' } });
    const result = await after.supervisor.start();
    assert.equal(result.kind === 'started' && result.container?.how, 'created', JSON.stringify(result));
    assert.equal(docker.containers().length, 1);
    assert.deepEqual(docker.containers()[0]?.env, { OLLAMA_DEBUG: '1' });
    assert.deepEqual(docker.containers()[0]?.volumes, ['hearth-ollama:/root/.ollama']);
  });

  it('says what is wrong: no CLI, engine down, runMode none', async () => {
    docker = FakeDocker.install();
    const port = await freePort();
    const noCli = supervisorFor(port, { containerCli: '' });
    assert.deepEqual(await noCli.supervisor.start(), { kind: 'failed', failure: { kind: 'container', failure: { kind: 'cliMissing', setting: '' } } });
    docker.setDaemonDown(true);
    const down = await supervisorFor(port, {}).supervisor.start();
    assert.ok(down.kind === 'failed' && down.failure.kind === 'container' && down.failure.failure.kind === 'engineDown', JSON.stringify(down));
    assert.deepEqual(await supervisorFor(port, { runMode: 'none' }).supervisor.start(), { kind: 'failed', failure: { kind: 'runModeNone' } });
  });

  it('offers the container when there is no binary but a container CLI (binary mode)', async () => {
    docker = FakeDocker.install();
    const port = await freePort();
    const { supervisor } = supervisorFor(port, { runMode: 'binary' });
    const result = await supervisor.start();
    assert.ok(result.kind === 'failed' && result.failure.kind === 'notInstalled' && result.failure.containerCli === docker.cli, JSON.stringify(result));
  });

  it('the runner acts only on what ps --filter label returned', async () => {
    docker = FakeDocker.install({ images: ['ollama/ollama:latest'] });
    docker.addForeignContainer('hearth-ollama-lookalike', { running: false });
    const exec: ContainerExec = execCli;
    const runner = new ContainerRunner(exec, docker.cli);
    assert.equal(await runner.find(), undefined);
  });
});
