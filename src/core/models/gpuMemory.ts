// How much memory the GPUs Ollama can use have, per vendor: NVIDIA (nvidia-smi), AMD (rocm-smi) and Apple
// Silicon, where the GPU shares the machine's memory and Metal lets it use a fixed part of it. Pure
// functions over what the tools print, so every format is tested without the hardware.
import { parseNvidiaSmiTotal } from './memory';

const GIB = 1024 ** 3;

/** Runs a program; resolves its stdout, or undefined when it is missing, fails or times out. */
export type ToolRunner = (file: string, args: readonly string[]) => Promise<string | undefined>;

export interface GpuHost {
  platform: NodeJS.Platform;
  arch: string;
  /** Total system memory, bytes (os.totalmem). */
  totalMemory: number;
  run: ToolRunner;
}

/**
 * `rocm-smi --showmeminfo vram --json` prints `{"card0": {"VRAM Total Memory (B)": "17163091968", …}, …}`.
 * GPUs add up, as for NVIDIA. Undefined when nothing parses.
 */
export function parseRocmSmiTotal(stdout: string): number | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  let total = 0;
  for (const card of Object.values(parsed as Record<string, unknown>)) {
    if (typeof card !== 'object' || card === null) continue;
    for (const [key, value] of Object.entries(card as Record<string, unknown>)) {
      if (!/^VRAM Total Memory \(B\)$/i.test(key)) continue;
      const bytes = Number(value);
      if (Number.isFinite(bytes) && bytes > 0) total += bytes;
    }
  }
  return total > 0 ? total : undefined;
}

/**
 * Apple Silicon: Metal's recommended working set is about two thirds of the memory on machines with up to
 * 36 GB and three quarters above; Ollama keeps models within it.
 */
export function appleUnifiedGpuBytes(totalMemory: number): number {
  return Math.floor(totalMemory * (totalMemory <= 36 * GIB ? 2 / 3 : 3 / 4));
}

/** The total GPU memory on this machine, trying each vendor's way in turn; undefined when none knows. */
export async function probeGpuMemory(host: GpuHost): Promise<number | undefined> {
  if (host.platform === 'darwin') {
    // Intel Macs run Ollama on the CPU: no GPU memory to plan with.
    return host.arch === 'arm64' && host.totalMemory > 0 ? appleUnifiedGpuBytes(host.totalMemory) : undefined;
  }
  const nvidia = await host.run('nvidia-smi', ['--query-gpu=memory.total', '--format=csv,noheader,nounits']);
  const nvidiaTotal = nvidia === undefined ? undefined : parseNvidiaSmiTotal(nvidia);
  if (nvidiaTotal !== undefined) return nvidiaTotal;
  const amd = await host.run('rocm-smi', ['--showmeminfo', 'vram', '--json']);
  return amd === undefined ? undefined : parseRocmSmiTotal(amd);
}
