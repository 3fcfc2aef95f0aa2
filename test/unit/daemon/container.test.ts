// The container route's plain logic: the `run` arguments per GPU vendor and engine, what `ps` and `pull`
// print read back, Ollama's GPU lines, and the host's GPU.
import * as assert from 'node:assert/strict';
import {
  CONTAINER_LABEL,
  approxDownloadBytes,
  cliProblem,
  configDigest,
  containerGpuFinding,
  detectGpu,
  engineOf,
  foldPullLine,
  gpuFlags,
  imageFor,
  parsePs,
  psArgs,
  publishes,
  runArgs,
  withTag,
  type PullProgress,
  type RunSpec,
} from '../../../src/core/daemon/container';
import { bindAddress } from '../../../src/core/daemon/containerStart';

const spec = (over: Partial<RunSpec> = {}): RunSpec => ({ engine: 'docker', image: 'ollama/ollama', vendor: 'none', hostname: '127.0.0.1', port: 11434, env: {}, ...over });

describe('container: run arguments', () => {
  it('runs detached, named, labelled, on loopback only, with the models in a named volume and the env as -e', () => {
    const args = runArgs(spec({ port: 11500, env: { OLLAMA_KEEP_ALIVE: '10m', OLLAMA_FLASH_ATTENTION: '1' } }));
    assert.deepEqual(args.slice(0, 6), ['run', '-d', '--name', 'hearth-ollama', '--label', `${CONTAINER_LABEL}=1`]);
    assert.equal(args[args.indexOf('-p') + 1], '127.0.0.1:11500:11434');
    assert.equal(args[args.indexOf('-v') + 1], 'hearth-ollama:/root/.ollama');
    const envs = args.flatMap((a, i) => (a === '-e' ? [args[i + 1]] : []));
    assert.deepEqual(envs, ['OLLAMA_KEEP_ALIVE=10m', 'OLLAMA_FLASH_ATTENTION=1']);
    assert.equal(args.at(-1), 'ollama/ollama', 'the image comes last');
    assert.ok(!args.some((a) => /^-p$/.test(a) && false));
    assert.ok(!args.includes('--gpus=all') && !args.includes('--device'), 'no GPU flags without a GPU');
  });

  it('passes the GPU per vendor and engine: --gpus=all on Docker, CDI on Podman, /dev/kfd and /dev/dri for AMD', () => {
    assert.deepEqual(gpuFlags('nvidia', 'docker'), ['--gpus=all']);
    assert.deepEqual(gpuFlags('nvidia', 'podman'), ['--device', 'nvidia.com/gpu=all', '--security-opt=label=disable']);
    assert.deepEqual(gpuFlags('amd', 'docker'), ['--device', '/dev/kfd', '--device', '/dev/dri']);
    assert.deepEqual(gpuFlags('amd', 'podman'), ['--device', '/dev/kfd', '--device', '/dev/dri']);
    assert.deepEqual(gpuFlags('none', 'docker'), []);
    const nvidia = runArgs(spec({ vendor: 'nvidia' }));
    assert.ok(nvidia.indexOf('--gpus=all') < nvidia.indexOf('ollama/ollama'), 'flags before the image');
  });

  it('chooses the image: ollama/ollama, :rocm for AMD, fully qualified for Podman, the setting when given', () => {
    assert.equal(imageFor('', 'none', 'docker'), 'ollama/ollama');
    assert.equal(imageFor('', 'nvidia', 'docker'), 'ollama/ollama');
    assert.equal(imageFor('', 'amd', 'docker'), 'ollama/ollama:rocm');
    assert.equal(imageFor('', 'amd', 'podman'), 'docker.io/ollama/ollama:rocm');
    assert.equal(imageFor(' ollama/ollama:0.33.0 ', 'amd', 'docker'), 'ollama/ollama:0.33.0');
    assert.equal(withTag('ollama/ollama'), 'ollama/ollama:latest');
    assert.equal(withTag('localhost:5000/ollama'), 'localhost:5000/ollama:latest');
    assert.equal(withTag('ollama/ollama:rocm'), 'ollama/ollama:rocm');
    assert.ok(approxDownloadBytes('ollama/ollama:rocm') > approxDownloadBytes('ollama/ollama'));
  });

  it('publishes IPv6 loopback in brackets and localhost as 127.0.0.1', () => {
    assert.equal(runArgs(spec({ hostname: '::1' }))[runArgs(spec({ hostname: '::1' })).indexOf('-p') + 1], '[::1]:11434:11434');
    assert.equal(bindAddress('localhost'), '127.0.0.1');
  });

  it('tells the engine from the CLI name and gives a digest that changes with what the container is made of', () => {
    assert.equal(engineOf('/usr/bin/podman'), 'podman');
    assert.equal(engineOf('C:\\Program Files\\Docker\\docker.exe'), 'docker');
    assert.equal(configDigest(spec()), configDigest(spec()));
    assert.notEqual(configDigest(spec()), configDigest(spec({ port: 11500 })));
    assert.notEqual(configDigest(spec()), configDigest(spec({ env: { OLLAMA_DEBUG: '1' } })));
    assert.equal(configDigest(spec({ env: { A: '1', B: '2' } })), configDigest(spec({ env: { B: '2', A: '1' } })));
  });
});

describe('container: reading the CLI', () => {
  it('lists only by Hearth label and reads Docker and Podman label formats', () => {
    assert.deepEqual(psArgs().slice(0, 4), ['ps', '-a', '--filter', `label=${CONTAINER_LABEL}`]);
    const digest = configDigest(spec());
    const docker = parsePs(`abc123def456\thearth-ollama\trunning\t${CONTAINER_LABEL}=1,${CONTAINER_LABEL}.config=${digest}\t127.0.0.1:11434->11434/tcp\n`);
    assert.deepEqual(docker, [{ id: 'abc123def456', name: 'hearth-ollama', running: true, config: digest, ports: '127.0.0.1:11434->11434/tcp' }]);
    const podman = parsePs(`abc123def456\thearth-ollama\texited\tmap[${CONTAINER_LABEL}:1 ${CONTAINER_LABEL}.config:${digest}]\t\n\n`);
    assert.equal(podman[0]?.running, false);
    assert.equal(podman[0]?.config, digest);
  });

  it('checks the published port exactly', () => {
    assert.ok(publishes('127.0.0.1:11434->11434/tcp', '127.0.0.1', 11434));
    assert.ok(!publishes('127.0.0.1:11434->11434/tcp', '127.0.0.1', 1143));
    assert.ok(!publishes('0.0.0.0:11434->11434/tcp', '127.0.0.1', 11434));
    assert.ok(publishes('[::1]:11500->11434/tcp, 127.0.0.1:1->2/tcp', '::1', 11500));
  });

  it('counts pull progress from Docker lines (layers pulled) and Podman lines (blobs copied)', () => {
    const fold = (lines: string[]): PullProgress => {
      const seen = new Set<string>();
      return lines.reduce<PullProgress>((p, l) => foldPullLine(p, l, seen), { layers: 0, done: 0, message: '' });
    };
    const docker = fold(['latest: Pulling from ollama/ollama', 'aaaaaa111111: Pulling fs layer', 'bbbbbb222222: Pulling fs layer', 'cccccc333333: Already exists', 'aaaaaa111111: Download complete', 'aaaaaa111111: Pull complete']);
    assert.equal(docker.layers, 3);
    assert.equal(docker.done, 2);
    assert.equal(docker.message, 'aaaaaa111111: Pull complete');
    const podman = fold(['Trying to pull docker.io/ollama/ollama:latest...', `Copying blob sha256:${'a'.repeat(64)}`, `Copying blob sha256:${'b'.repeat(64)} done   | `, `Copying blob sha256:${'a'.repeat(64)} done   | `]);
    assert.equal(podman.layers, 2);
    assert.equal(podman.done, 2);
  });

  it('reads the GPU from Ollama log lines', () => {
    assert.equal(containerGpuFinding(['msg="no compatible GPUs were discovered"', 'msg="inference compute" id=0 library=cpu']), 'cpuOnly');
    assert.equal(containerGpuFinding(['msg="inference compute" id=GPU-0 library=cuda variant=v12']), 'gpu');
    assert.equal(containerGpuFinding(['msg="inference compute" id=0 library="rocm"']), 'gpu');
    assert.equal(containerGpuFinding(['msg="Listening on [::]:11434"']), 'unknown');
    // The log of a container started twice: the last start decides.
    const twice = ['msg="server config" env=map[]', 'msg="inference compute" id=GPU-0 library=cuda', 'msg="server config" env=map[]', 'msg="no compatible GPUs were discovered"'];
    assert.equal(containerGpuFinding(twice), 'cpuOnly');
  });

  it('names the CLI errors Hearth has words for', () => {
    assert.equal(cliProblem('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?'), 'engineDown');
    assert.equal(cliProblem('docker: Error response from daemon: could not select device driver "" with capabilities: [[gpu]].'), 'noGpuRuntime');
    assert.equal(cliProblem('Error: setting up CDI devices: unresolvable CDI devices nvidia.com/gpu=all'), 'noGpuRuntime');
    assert.equal(cliProblem('Bind for 127.0.0.1:11434 failed: port is already allocated.'), 'portInUse');
    assert.equal(cliProblem('something else'), 'other');
  });

  it('finds the host GPU from its device nodes on Linux only, and honours the setting', async () => {
    const host = (files: string[], platform: NodeJS.Platform = 'linux') => ({ platform, exists: async (f: string) => files.includes(f) });
    assert.equal(await detectGpu('auto', host(['/dev/nvidiactl'])), 'nvidia');
    assert.equal(await detectGpu('auto', host(['/dev/kfd', '/dev/dri'])), 'amd');
    assert.equal(await detectGpu('auto', host([])), 'none');
    assert.equal(await detectGpu('auto', host(['/dev/nvidiactl'], 'darwin')), 'none');
    assert.equal(await detectGpu('amd', host([])), 'amd');
    assert.equal(await detectGpu('none', host(['/dev/nvidiactl'])), 'none');
  });
});
