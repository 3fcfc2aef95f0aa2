// A fake `docker` / `podman` CLI for tests: the commands Hearth's container route uses, with the real
// CLI's exit codes and error words, and a record of every call (calls.jsonl). `run -d` starts the Ollama
// stand-in (container.ts) on the published loopback port as the "container". TEST TOOL ONLY: it is never
// shipped and never presented as Docker.
//
// Started by the launcher that FakeDocker.install() writes (a node script with a shebang, named `docker`
// or `podman`); its state lives in the launcher's directory.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { callsFile, isAlive, logFile, normaliseImage, readState, withState, type FakeContainer, type FakeState } from './state';

class CliExit extends Error {
  constructor(
    readonly code: number,
    readonly stderr: string,
  ) {
    super(stderr);
  }
}

interface Io {
  out(text: string): void;
  err(text: string): void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function engineDown(cli: string): CliExit {
  return cli === 'podman'
    ? new CliExit(125, 'Cannot connect to Podman. Please verify your connection to the Linux system using `podman system connection list`, or try `podman machine init` and `podman machine start` to manage a new Linux VM\nError: unable to connect to Podman socket: dial unix /run/user/1000/podman/podman.sock: connect: no such file or directory\n')
    : new CliExit(1, 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n');
}

function noSuchContainer(cli: string, ref: string): CliExit {
  return cli === 'podman'
    ? new CliExit(125, `Error: no container with name or ID "${ref}" found: no such container\n`)
    : new CliExit(1, `Error response from daemon: No such container: ${ref}\n`);
}

/** Containers whose process died are `exited` (checked at every call, as the engine would know). */
function refresh(state: FakeState): void {
  for (const c of state.containers) {
    if (c.state === 'running' && c.runnable && !isAlive(c.pid)) {
      c.state = 'exited';
      c.pid = undefined;
      c.exitCode ??= 1;
    }
  }
}

function findContainer(state: FakeState, ref: string): FakeContainer | undefined {
  return state.containers.find((c) => c.name === ref || c.name === ref.replace(/^\//, '')) ?? (ref.length >= 3 ? state.containers.find((c) => c.id.startsWith(ref)) : undefined);
}

function portsText(c: FakeContainer): string {
  if (c.state !== 'running') return '';
  return c.ports.map((p) => `${p.host}:${p.hostPort}->${p.containerPort}/tcp`).join(', ');
}

function labelsText(c: FakeContainer, cli: string): string {
  const entries = Object.entries(c.labels);
  return cli === 'podman' ? `map[${entries.map(([k, v]) => `${k}:${v}`).join(' ')}]` : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

/** The Go-template fields `ps --format` supports here. */
function formatContainer(template: string, c: FakeContainer, cli: string): string {
  const fields: Record<string, string> = {
    ID: c.id.slice(0, 12),
    Names: c.name,
    State: c.state,
    Status: c.state === 'running' ? 'Up 2 seconds' : c.state === 'exited' ? `Exited (${c.exitCode ?? 0}) 1 second ago` : 'Created',
    Image: c.image,
    Labels: labelsText(c, cli),
    Ports: portsText(c),
  };
  return template.replace(/\\t/g, '\t').replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_m, key: string) => fields[key] ?? '<no value>');
}

function matches(c: FakeContainer, filters: string[]): boolean {
  return filters.every((f) => {
    const [kind, ...rest] = f.split('=');
    const value = rest.join('=');
    if (kind === 'label') {
      const [key, ...v] = value.split('=');
      return key !== undefined && key in c.labels && (v.length === 0 || c.labels[key] === v.join('='));
    }
    if (kind === 'name') return c.name.includes(value);
    if (kind === 'id') return c.id.startsWith(value);
    return false;
  });
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Starts the stand-in that plays the container; its output is the container's log. */
function launch(dir: string, c: FakeContainer): number {
  const out = fs.openSync(logFile(dir, c.id), 'a');
  const child = spawn(process.execPath, [path.join(__dirname, 'container.js'), dir, c.id], { detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  child.unref();
  if (child.pid === undefined) throw new CliExit(127, 'fake: could not start the container process\n');
  return child.pid;
}

async function waitForExit(pid: number | undefined, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

async function stopContainer(c: FakeContainer, graceSeconds: number): Promise<void> {
  if (c.state !== 'running' || !c.runnable) {
    if (!c.runnable) throw new CliExit(1, `Error response from daemon: fake: the test's foreign container ${c.name} was touched\n`);
    return;
  }
  const pid = c.pid;
  if (pid !== undefined) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // gone
    }
    if (!(await waitForExit(pid, graceSeconds * 1000))) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
      await waitForExit(pid, 2_000);
    }
  }
}

interface Parsed {
  flags: Map<string, string[]>;
  positional: string[];
}

/** Flags that take a value (the rest are booleans). */
const VALUE_FLAGS = new Set(['--name', '--label', '-l', '-p', '--publish', '-v', '--volume', '-e', '--env', '--device', '--gpus', '--security-opt', '--filter', '-f', '--format', '--tail', '-t', '--time', '--group-add', '-n']);

function parse(args: string[], valueFlags = VALUE_FLAGS, stopAtFirstPositional = false): Parsed {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (positional.length && stopAtFirstPositional) {
      positional.push(arg);
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      let value = eq > 0 ? arg.slice(eq + 1) : undefined;
      if (value === undefined && valueFlags.has(name)) value = args[++i] ?? '';
      flags.set(name, [...(flags.get(name) ?? []), value ?? 'true']);
    } else {
      positional.push(arg);
    }
  }
  return { flags, positional };
}

const all = (p: Parsed, ...names: string[]): string[] => names.flatMap((n) => p.flags.get(n) ?? []);
const has = (p: Parsed, ...names: string[]): boolean => names.some((n) => p.flags.has(n));

async function pull(dir: string, cli: string, image: string, io: Io): Promise<void> {
  const state = readState(dir);
  const name = normaliseImage(image);
  if (/does-not-exist|nosuch/i.test(name)) {
    throw new CliExit(1, cli === 'podman' ? `Error: initializing source docker://${name}: reading manifest: manifest unknown\n` : `Error response from daemon: pull access denied for ${name.split(':')[0]}, repository does not exist or may require 'docker login'\n`);
  }
  const layers = ['a1b2c3d4e5f6', 'b2c3d4e5f6a1', 'c3d4e5f6a1b2', 'd4e5f6a1b2c3'];
  const pause = (): Promise<void> => sleep(state.pullDelayMs);
  if (cli === 'podman') {
    io.err(`Trying to pull docker.io/${name}...\nGetting image source signatures\n`);
    for (const layer of layers) {
      await pause();
      io.err(`Copying blob sha256:${layer}${'0'.repeat(52)} done   | \n`);
    }
    io.err('Copying config sha256:feedfacefeed done   | \nWriting manifest to image destination\n');
    io.out(`${randomBytes(32).toString('hex')}\n`);
  } else {
    const [repo, tag] = name.split(':');
    io.out(`${tag}: Pulling from ${repo}\n`);
    for (const layer of layers) io.out(`${layer}: Pulling fs layer\n`);
    for (const layer of layers) {
      await pause();
      io.out(`${layer}: Verifying Checksum\n${layer}: Download complete\n`);
    }
    for (const layer of layers) {
      await pause();
      io.out(`${layer}: Pull complete\n`);
    }
    io.out(`Digest: sha256:${'f'.repeat(64)}\nStatus: Downloaded newer image for ${name}\ndocker.io/${name}\n`);
  }
  withState(dir, (s) => {
    if (!s.images.includes(name)) s.images.push(name);
  });
}

async function run(dir: string, cli: string, args: string[], io: Io): Promise<void> {
  const p = parse(args, VALUE_FLAGS, true);
  const [image, ...command] = p.positional;
  if (!image) throw new CliExit(cli === 'podman' ? 125 : 1, `"${cli} run" requires at least 1 argument.\n`);
  if (command.length) throw new CliExit(125, 'fake: a command after the image is not supported\n');
  if (!has(p, '-d', '--detach')) throw new CliExit(125, 'fake: only `run -d` is supported\n');
  const name = all(p, '--name')[0] ?? `fake_${randomBytes(3).toString('hex')}`;
  const labels = Object.fromEntries(all(p, '--label', '-l').map((l) => [l.split('=')[0] ?? l, l.includes('=') ? l.slice(l.indexOf('=') + 1) : '']));
  const ports = all(p, '-p', '--publish').map((spec) => {
    const m = /^(?:\[?([^\]]*?)\]?:)?(\d+):(\d+)(?:\/tcp)?$/.exec(spec);
    if (!m) throw new CliExit(125, `${cli}: invalid publish spec: ${spec}\n`);
    return { host: m[1] || '0.0.0.0', hostPort: Number(m[2]), containerPort: Number(m[3]) };
  });
  const env = Object.fromEntries(all(p, '-e', '--env').map((e) => [e.split('=')[0] ?? e, e.includes('=') ? e.slice(e.indexOf('=') + 1) : '']));
  const gpu = [...all(p, '--gpus').map((g) => `--gpus=${g}`), ...all(p, '--device').map((d) => `--device=${d}`)];
  const normalised = normaliseImage(image);

  if (!readState(dir).images.includes(normalised)) {
    io.err(`Unable to find image '${normalised}' locally\n`);
    await pull(dir, cli, image, { out: io.err, err: io.err });
  }
  for (const port of ports) {
    if (!(await portFree(port.host, port.hostPort))) {
      throw new CliExit(125, `${cli}: Error response from daemon: driver failed programming external connectivity on endpoint ${name}: Bind for ${port.host}:${port.hostPort} failed: port is already allocated.\n`);
    }
  }
  const id = randomBytes(32).toString('hex');
  const container: FakeContainer = { id, name, image: normalised, labels, ports, env, gpu, volumes: all(p, '-v', '--volume'), state: 'created', runnable: true, createdAt: Date.now() };
  withState(dir, (s) => {
    refresh(s);
    const taken = s.containers.find((c) => c.name === name);
    if (taken) {
      throw new CliExit(125, `${cli}: Error response from daemon: Conflict. The container name "/${name}" is already in use by container "${taken.id}". You have to remove (or rename) that container to be able to reuse that name.\n`);
    }
    s.containers.push(container);
  });
  const pid = launch(dir, container);
  withState(dir, (s) => {
    const c = s.containers.find((x) => x.id === id);
    if (c) Object.assign(c, { state: 'running', pid });
  });
  io.out(`${id}\n`);
}

async function startOrRestart(dir: string, cli: string, refs: string[], io: Io, restart: boolean, graceSeconds = 10): Promise<void> {
  for (const ref of refs) {
    const c = findContainer(readState(dir), ref);
    if (!c) throw noSuchContainer(cli, ref);
    if (!c.runnable) throw new CliExit(1, `Error response from daemon: fake: the test's foreign container ${c.name} was touched\n`);
    if (restart) await stopContainer(c, graceSeconds);
    else if (c.state === 'running') {
      io.out(`${ref}\n`);
      continue;
    }
    const pid = launch(dir, c);
    withState(dir, (s) => {
      const x = s.containers.find((y) => y.id === c.id);
      if (x) Object.assign(x, { state: 'running', pid, exitCode: undefined });
    });
    io.out(`${ref}\n`);
  }
}

async function main(argv: string[], launcher: string, io: Io): Promise<number> {
  const dir = path.dirname(launcher);
  const cli = /podman/.test(path.basename(launcher)) ? 'podman' : 'docker';
  fs.appendFileSync(callsFile(dir), `${JSON.stringify({ args: argv, at: Date.now(), cli })}\n`);
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    io.out(cli === 'podman' ? 'podman version 5.2.0-fake\n' : 'Docker version 27.3.1-fake, build hearth\n');
    return 0;
  }
  const state = readState(dir);
  const needsEngine = command !== 'version' && command !== 'help' && command !== undefined;
  if (needsEngine && state.daemonDown) throw engineDown(cli);
  withState(dir, refresh);
  // `-f` is `--filter` for ps and `--force` for rm, as in the real CLI.
  const p = command === 'rm' ? parse(rest, new Set([...VALUE_FLAGS].filter((f) => f !== '-f'))) : parse(rest);
  switch (command) {
    case undefined:
    case 'help':
      io.out(`Usage:  ${cli} [OPTIONS] COMMAND (Hearth's fake ${cli}, a test tool)\n`);
      return 0;
    case 'version':
      io.out(`Client:\n Version: 27.3.1-fake\n`);
      if (state.daemonDown) throw engineDown(cli);
      io.out(`Server:\n Version: 27.3.1-fake\n`);
      return 0;
    case 'info':
      io.out(`Server Version: 27.3.1-fake\nContainers: ${state.containers.length}\nImages: ${state.images.length}\n`);
      return 0;
    case 'image': {
      const [sub, ...names] = p.positional;
      if (sub === 'inspect') {
        const missing = names.find((n) => !state.images.includes(normaliseImage(n)));
        if (missing) throw new CliExit(cli === 'podman' ? 125 : 1, cli === 'podman' ? `Error: ${missing}: image not known\n` : `Error response from daemon: No such image: ${missing}\n`);
        io.out(`${JSON.stringify(names.map((n) => ({ Id: `sha256:${'e'.repeat(64)}`, RepoTags: [normaliseImage(n)], Size: 3_400_000_000 })), null, 4)}\n`);
        return 0;
      }
      if (sub === 'exists') return names.every((n) => state.images.includes(normaliseImage(n))) ? 0 : 1;
      throw new CliExit(1, `${cli}: 'image ${sub ?? ''}' is not supported by the fake\n`);
    }
    case 'pull':
      if (!p.positional[0]) throw new CliExit(1, `"${cli} pull" requires exactly 1 argument.\n`);
      await pull(dir, cli, p.positional[0], io);
      return 0;
    case 'ps': {
      const list = readState(dir).containers.filter((c) => (has(p, '-a', '--all') || c.state === 'running') && matches(c, all(p, '--filter', '-f')));
      const format = all(p, '--format')[0];
      if (format) {
        for (const c of list) io.out(`${formatContainer(format, c, cli)}\n`);
      } else {
        io.out('CONTAINER ID   IMAGE   COMMAND   CREATED   STATUS   PORTS   NAMES\n');
        for (const c of list) io.out(`${formatContainer('{{.ID}}   {{.Image}}   "/bin/ollama serve"   now   {{.Status}}   {{.Ports}}   {{.Names}}', c, cli)}\n`);
      }
      return 0;
    }
    case 'run':
      await run(dir, cli, rest, io);
      return 0;
    case 'start':
      if (!p.positional.length) throw new CliExit(1, `"${cli} start" requires at least 1 argument.\n`);
      await startOrRestart(dir, cli, p.positional, io, false);
      return 0;
    case 'restart':
      await startOrRestart(dir, cli, p.positional, io, true, Number(all(p, '-t', '--time')[0] ?? 10));
      return 0;
    case 'stop': {
      const grace = Number(all(p, '-t', '--time')[0] ?? 10);
      for (const ref of p.positional) {
        const c = findContainer(readState(dir), ref);
        if (!c) throw noSuchContainer(cli, ref);
        await stopContainer(c, grace);
        withState(dir, (s) => {
          const x = s.containers.find((y) => y.id === c.id);
          if (x && x.state === 'running') Object.assign(x, { state: 'exited', pid: undefined, exitCode: 0 });
        });
        io.out(`${ref}\n`);
      }
      return 0;
    }
    case 'rm': {
      const force = has(p, '-f', '--force');
      for (const ref of p.positional) {
        const c = findContainer(readState(dir), ref);
        if (!c) throw noSuchContainer(cli, ref);
        if (!c.runnable) throw new CliExit(1, `Error response from daemon: fake: the test's foreign container ${c.name} was touched\n`);
        if (c.state === 'running' && !force) {
          throw new CliExit(1, `Error response from daemon: cannot remove container "/${c.name}": container is running: stop the container before removing or force remove\n`);
        }
        if (c.state === 'running') await stopContainer(c, 0);
        withState(dir, (s) => {
          s.containers = s.containers.filter((x) => x.id !== c.id);
        });
        fs.rmSync(logFile(dir, c.id), { force: true });
        io.out(`${ref}\n`);
      }
      return 0;
    }
    case 'logs': {
      const ref = p.positional[0] ?? '';
      const c = findContainer(readState(dir), ref);
      if (!c) throw noSuchContainer(cli, ref);
      let lines: string[] = [];
      try {
        lines = fs.readFileSync(logFile(dir, c.id), 'utf8').split('\n').filter((l) => l.length);
      } catch {
        // no output yet
      }
      const tail = all(p, '--tail', '-n')[0];
      if (tail !== undefined && tail !== 'all') lines = lines.slice(-Number(tail));
      // Ollama writes its log to stderr; `logs` replays it on stderr.
      if (lines.length) io.err(`${lines.join('\n')}\n`);
      return 0;
    }
    default:
      throw new CliExit(1, `${cli}: '${command}' is not a ${cli} command.\nSee '${cli} --help'\n`);
  }
}

/** Entry point for the launcher script: runs one CLI call and exits with its code. */
export function runCli(launcher: string): void {
  const io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
  main(process.argv.slice(2), launcher, io).then(
    (code) => process.exitCode = code,
    (err: unknown) => {
      if (err instanceof CliExit) {
        process.stderr.write(err.stderr);
        process.exitCode = err.code;
      } else {
        process.stderr.write(`fake ${path.basename(launcher)}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = 125;
      }
    },
  );
}
