// The container CLI as the core's runner calls it: `docker …` / `podman …` spawned without a shell, its
// output read line by line (pull progress), bounded in time, cancelled with the user's cancel. Also the
// host facts the container route needs: which CLI is on PATH, which GPU devices exist.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { detectGpu, findContainerCli, nodeDiscoveryHost, type CliResult, type ContainerDeps, type ExecOptions } from '../../core/daemon';

/** Output kept per stream: enough for `logs --tail 500`, never unbounded. */
const MAX_OUTPUT = 1024 * 1024;

export function execCli(cli: string, args: string[], options: ExecOptions = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let pending = '';
    const emit = (chunk: string): void => {
      if (!options.onLine) return;
      pending += chunk;
      let nl = pending.search(/\r?\n|\r/);
      while (nl >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl).replace(/^(\r\n|\n|\r)/, '');
        if (line.trim()) options.onLine(line);
        nl = pending.search(/\r?\n|\r/);
      }
    };
    let child;
    try {
      child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, env: process.env });
    } catch (err) {
      resolve({ code: -1, stdout: '', stderr: String(err) });
      return;
    }
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    const onAbort = (): void => void child.kill('SIGTERM');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (c: Buffer) => {
      const text = c.toString('utf8');
      if (stdout.length < MAX_OUTPUT) stdout += text;
      emit(text);
    });
    child.stderr.on('data', (c: Buffer) => {
      const text = c.toString('utf8');
      if (stderr.length < MAX_OUTPUT) stderr += text;
      emit(text);
    });
    let settled = false;
    const finish = (result: CliResult): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (pending.trim()) options.onLine?.(pending);
      resolve(result);
    };
    child.once('error', (err: NodeJS.ErrnoException) => finish({ code: -1, stdout, stderr: `${stderr}${err.message}` }));
    child.once('close', (code, signal) => finish({ code: code ?? (signal ? 128 : -1), stdout, stderr }));
  });
}

/** The real machine's container route: spawn, PATH lookup (`docker`, then `podman`), GPU device nodes. */
export function nodeContainerDeps(): ContainerDeps {
  return {
    exec: execCli,
    findCli: (setting) => findContainerCli(setting, nodeDiscoveryHost()),
    gpu: (setting) => detectGpu(setting, { platform: process.platform, exists: (file) => fs.promises.access(file).then(() => true, () => false) }),
  };
}
