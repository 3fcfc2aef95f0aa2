// Memory sense on every kind of GPU Ollama runs on: NVIDIA, AMD and Apple Silicon's unified memory.
import * as assert from 'node:assert/strict';
import { appleUnifiedGpuBytes, parseRocmSmiTotal, probeGpuMemory, type GpuHost } from '../../../src/core/models/gpuMemory';

const GiB = 1024 ** 3;

function host(platform: NodeJS.Platform, outputs: Record<string, string | undefined>, extra: Partial<GpuHost> = {}): GpuHost & { asked: string[] } {
  const asked: string[] = [];
  return {
    platform,
    arch: 'x64',
    totalMemory: 32 * GiB,
    run: async (file) => {
      asked.push(file);
      return outputs[file];
    },
    asked,
    ...extra,
  };
}

describe('models: GPU memory per vendor', () => {
  it('reads rocm-smi VRAM totals and adds GPUs up', () => {
    const two = JSON.stringify({ card0: { 'VRAM Total Memory (B)': '17163091968', 'VRAM Total Used Memory (B)': '123' }, card1: { 'VRAM Total Memory (B)': '8589934592' } });
    assert.equal(parseRocmSmiTotal(two), 17163091968 + 8589934592);
    assert.equal(parseRocmSmiTotal('{"system": {"Driver version": "6.1"}}'), undefined);
    assert.equal(parseRocmSmiTotal('ERROR: No AMD GPUs specified'), undefined);
    assert.equal(parseRocmSmiTotal('null'), undefined);
  });

  it('Apple Silicon: two thirds of the memory up to 36 GB, three quarters above', () => {
    assert.equal(appleUnifiedGpuBytes(16 * GiB), Math.floor((16 * GiB * 2) / 3));
    assert.equal(appleUnifiedGpuBytes(36 * GiB), 24 * GiB);
    assert.equal(appleUnifiedGpuBytes(64 * GiB), 48 * GiB);
  });

  it('uses nvidia-smi first, and does not ask rocm-smi when it answers', async () => {
    const h = host('linux', { 'nvidia-smi': '12288\n', 'rocm-smi': '{}' });
    assert.equal(await probeGpuMemory(h), 12 * GiB);
    assert.deepEqual(h.asked, ['nvidia-smi']);
  });

  it('falls back to rocm-smi when nvidia-smi is missing or has no driver', async () => {
    const amd = JSON.stringify({ card0: { 'VRAM Total Memory (B)': String(16 * GiB) } });
    assert.equal(await probeGpuMemory(host('linux', { 'rocm-smi': amd })), 16 * GiB);
    const noDriver = host('win32', { 'nvidia-smi': 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.', 'rocm-smi': amd });
    assert.equal(await probeGpuMemory(noDriver), 16 * GiB);
    assert.deepEqual(noDriver.asked, ['nvidia-smi', 'rocm-smi']);
  });

  it('is unknown when no tool answers, and on Intel Macs (Ollama runs on the CPU there)', async () => {
    assert.equal(await probeGpuMemory(host('linux', {})), undefined);
    const intelMac = host('darwin', {}, { arch: 'x64' });
    assert.equal(await probeGpuMemory(intelMac), undefined);
    const m2 = host('darwin', {}, { arch: 'arm64', totalMemory: 24 * GiB });
    assert.equal(await probeGpuMemory(m2), 16 * GiB);
    assert.deepEqual(m2.asked, [], 'no tool is run on a Mac');
  });
});
