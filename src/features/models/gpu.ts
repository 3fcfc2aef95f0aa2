// Total GPU memory from `nvidia-smi`, when it is installed. Asked once per session, and only when the
// daemon is on this machine (a remote daemon's GPU is not ours to measure). Anything that goes wrong
// (no nvidia-smi, no driver, a timeout) means "unknown", and memory sense stays silent.
import { execFile } from 'node:child_process';
import { parseNvidiaSmiTotal, type GpuMemoryProbe } from '../../core/models/memory';

const ARGS = ['--query-gpu=memory.total', '--format=csv,noheader,nounits'];

export class NvidiaSmiProbe implements GpuMemoryProbe {
  private result: Promise<number | undefined> | undefined;

  constructor(private readonly isLocalDaemon: () => boolean) {}

  totalBytes(): Promise<number | undefined> {
    if (!this.isLocalDaemon()) return Promise.resolve(undefined);
    this.result ??= new Promise((resolve) => {
      execFile('nvidia-smi', ARGS, { timeout: 3_000, windowsHide: true }, (err, stdout) => {
        resolve(err ? undefined : parseNvidiaSmiTotal(String(stdout)));
      });
    });
    return this.result;
  }
}

/** Lets tests state the GPU memory; undefined falls back to the real probe. */
export class SwappableGpuProbe implements GpuMemoryProbe {
  override: { bytes: number | undefined } | undefined;

  constructor(private readonly real: GpuMemoryProbe) {}

  totalBytes(signal?: AbortSignal): Promise<number | undefined> {
    return this.override ? Promise.resolve(this.override.bytes) : this.real.totalBytes(signal);
  }
}
