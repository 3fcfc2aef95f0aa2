// Will the completion model and the chat model fit in GPU memory together? If not, Ollama unloads one
// to load the other on every switch between typing and chatting, which costs seconds each time. The
// estimate is deliberately simple and on the generous side: weights as on disk, an f16 KV cache for the
// context Ollama will allocate, and a margin for the compute graph. It is only used when the total GPU
// memory can be known; otherwise Hearth stays silent rather than guess.
import type { ArchitectureFacts } from './show';

/** Where the total GPU memory comes from (the vendor tools on the machine, see gpuMemory.ts; a fake in tests). */
export interface GpuMemoryProbe {
  /** Total memory of the GPUs Ollama can use, bytes; undefined when it cannot be known. */
  totalBytes(signal?: AbortSignal): Promise<number | undefined>;
}

/** A probe that knows nothing: memory sense stays off. */
export const unknownGpuMemory: GpuMemoryProbe = { totalBytes: async () => undefined };

const MIB = 1024 * 1024;

/**
 * `nvidia-smi --query-gpu=memory.total --format=csv,noheader,nounits` prints one MiB figure per GPU.
 * Ollama spreads a model over several GPUs, so they add up. Undefined when nothing parses.
 */
export function parseNvidiaSmiTotal(stdout: string): number | undefined {
  let total = 0;
  let found = 0;
  for (const line of stdout.split(/\r?\n/)) {
    const value = Number(line.trim());
    if (line.trim() && Number.isFinite(value) && value > 0) {
      total += value * MIB;
      found++;
    }
  }
  return found > 0 ? total : undefined;
}

/** The context Ollama allocates when nobody sets num_ctx (the < 24 GiB VRAM tier). */
export const DEFAULT_NUM_CTX = 4096;

export interface LoadEstimateInput {
  /** Size on disk (what /api/tags reports). */
  fileBytes: number;
  facts?: ArchitectureFacts;
  /** The context the model will run with; default 4096. */
  numCtx?: number;
}

/** f16 K and V for every layer and KV head. */
function kvCacheBytes(facts: ArchitectureFacts | undefined, numCtx: number, fileBytes: number): number {
  if (facts?.blockCount && facts.headCountKv && facts.headDim) {
    return 2 * facts.blockCount * facts.headCountKv * facts.headDim * numCtx * 2;
  }
  // Without the model's shape: about 8% of the weights per 4k tokens covers the common 1–14B models.
  return fileBytes * 0.08 * (numCtx / DEFAULT_NUM_CTX);
}

/** Bytes the model takes in memory once loaded. */
export function estimateLoadedBytes(input: LoadEstimateInput): number {
  const numCtx = input.numCtx ?? DEFAULT_NUM_CTX;
  const graph = Math.max(300 * MIB, input.fileBytes * 0.06);
  return Math.round(input.fileBytes + kvCacheBytes(input.facts, numCtx, input.fileBytes) + graph);
}

export interface PairFit {
  fits: boolean;
  /** What the two models need together, bytes. */
  neededBytes: number;
  totalBytes: number;
}

/** Whether two loaded footprints fit the GPU together (a little headroom kept for the desktop). */
export function pairFits(aBytes: number, bBytes: number, totalBytes: number): PairFit {
  const neededBytes = aBytes + bBytes;
  const usable = totalBytes - Math.min(512 * MIB, totalBytes * 0.05);
  return { fits: neededBytes <= usable, neededBytes, totalBytes };
}
