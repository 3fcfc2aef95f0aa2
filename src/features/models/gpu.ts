// Total GPU memory of this machine (NVIDIA, AMD or Apple Silicon; see core/models/gpuMemory.ts). Asked once
// per session, and only when the daemon is on this machine (a remote daemon's GPU is not ours to measure).
// Anything that goes wrong (no tool, no driver, a timeout) means "unknown", and memory sense stays silent.
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import { probeGpuMemory, type ToolRunner } from '../../core/models/gpuMemory';
import type { GpuMemoryProbe } from '../../core/models/memory';

const runTool: ToolRunner = (file, args) =>
  new Promise((resolve) => {
    execFile(file, [...args], { timeout: 3_000, windowsHide: true }, (err, stdout) => resolve(err ? undefined : String(stdout)));
  });

export class LocalGpuProbe implements GpuMemoryProbe {
  private result: Promise<number | undefined> | undefined;

  constructor(private readonly isLocalDaemon: () => boolean) {}

  totalBytes(): Promise<number | undefined> {
    if (!this.isLocalDaemon()) return Promise.resolve(undefined);
    this.result ??= probeGpuMemory({ platform: process.platform, arch: process.arch, totalMemory: os.totalmem(), run: runTool });
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
