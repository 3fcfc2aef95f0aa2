// /api/ps: refreshed only when something can have changed (no request while idle), and the GPU share
// of each loaded model, including a model that spilled partly onto the CPU.
import * as assert from 'node:assert/strict';
import { adviceFor, partlyOnCpu } from '../../../src/core/daemon/gpu';
import { RunningModelsWatcher } from '../../../src/core/daemon/running';
import type { RunningModel } from '../../../src/core/ollama/types';
import { DEFAULT_MODELS, StandinOllama } from '../../support/standin';
import { FakeClock, settle } from './fakeClock';
import { gatewayFor } from './support';

const HOUR = 3600_000;

function model(name: string, share: number, extra: Partial<RunningModel> = {}): RunningModel {
  const size = 5e9;
  return { name, sizeBytes: size, vramBytes: Math.round(size * share), gpuShare: share, contextLength: 4096, family: 'qwen2', parameterSize: '7B', quantization: 'Q4_K_M', ...extra };
}

function harness(list: () => RunningModel[], wall = { now: 1_000_000 }): { clock: FakeClock; watcher: RunningModelsWatcher; events: RunningModel[][] } {
  const clock = new FakeClock();
  const watcher = new RunningModelsWatcher({ clock, wallNow: () => wall.now + clock.now(), fetch: async () => list() });
  const events: RunningModel[][] = [];
  watcher.onDidChange((m) => events.push(m));
  return { clock, watcher, events };
}

describe('daemon: running models and GPU share', () => {
  it('asks once when the daemon comes up and never while idle', async () => {
    const h = harness(() => []);
    h.watcher.setConnected(true);
    await h.clock.advance(HOUR);
    assert.equal(h.watcher.requests, 1);
  });

  it('refreshes shortly after a feature used the daemon, throttled, plus once after it settles', async () => {
    let models: RunningModel[] = [];
    const h = harness(() => models);
    h.watcher.setConnected(true);
    await settle();
    models = [model('qwen2.5-coder:1.5b', 1, { expiresAt: new Date(Number.MAX_SAFE_INTEGER / 2) })];
    // A minute of typing: a completion every second.
    for (let i = 0; i < 60; i++) {
      h.watcher.noteActivity();
      await h.clock.advance(1_000);
    }
    const whileTyping = h.watcher.requests - 1;
    assert.ok(whileTyping >= 3 && whileTyping <= 5, `throttled to one per 15 s while typing: ${whileTyping}`);
    await h.clock.advance(HOUR);
    const afterTyping = h.watcher.requests - 1 - whileTyping;
    assert.ok(afterTyping >= 1 && afterTyping <= 2, `the pending one and the settle refresh after the typing stopped: ${afterTyping}`);
    const settled = h.watcher.requests;
    await h.clock.advance(HOUR);
    assert.equal(h.watcher.requests, settled, 'then nothing while idle');
    assert.equal(h.events.length, 1, 'one change: the model appeared');
  });

  it('refreshes when a loaded model is due to expire, and drops it', async () => {
    const wall = { now: 1_000_000 };
    let models = [model('llama3.2:3b', 1, { expiresAt: new Date(wall.now + 5 * 60_000) })];
    const h = harness(() => models, wall);
    h.watcher.setConnected(true);
    await settle();
    assert.equal(h.watcher.models.length, 1);
    models = [];
    await h.clock.advance(5 * 60_000 - 1);
    assert.equal(h.watcher.requests, 1, 'nothing before the expiry');
    await h.clock.advance(2_000);
    assert.equal(h.watcher.requests, 2);
    assert.equal(h.watcher.models.length, 0);
    await h.clock.advance(HOUR);
    assert.equal(h.watcher.requests, 2);
  });

  it('clears the list when the daemon goes away and asks nothing until it is back', async () => {
    const h = harness(() => [model('llama3.2:3b', 1)]);
    h.watcher.setConnected(true);
    await settle();
    h.watcher.setConnected(false);
    h.watcher.noteActivity();
    await h.clock.advance(HOUR);
    assert.deepEqual(h.watcher.models, []);
    assert.equal(h.watcher.requests, 1);
    assert.deepEqual(h.events.map((e) => e.length), [1, 0]);
  });

  it('finds a model partly on the CPU and suggests the likely fixes', () => {
    const loaded = [model('qwen2.5:14b', 0.62, { contextLength: 32768 }), model('llama3.2:3b', 1), model('cpu-only', 0)];
    assert.deepEqual(partlyOnCpu(loaded).map((m) => m.name), ['qwen2.5:14b']);
    assert.deepEqual(adviceFor(loaded[0], loaded), ['fewerModels', 'shorterContext', 'smallerQuantization']);
    assert.deepEqual(adviceFor(model('solo', 0.8), [model('solo', 0.8)]), ['smallerQuantization', 'shorterContext']);
  });

  it('reads the GPU share from the stand-in\'s /api/ps', async () => {
    const standin = await StandinOllama.start({ models: DEFAULT_MODELS.map((m) => (m.name === 'llama3.2:3b' ? { ...m, vramShare: 0.5 } : m)) });
    try {
      const gateway = gatewayFor(standin.url);
      await gateway.loadModel('llama3.2:3b');
      await gateway.loadModel('qwen2.5-coder:1.5b');
      const watcher = new RunningModelsWatcher({ fetch: (signal) => gateway.runningModels({ signal }) });
      watcher.setConnected(true);
      const models = await watcher.refresh();
      watcher.dispose();
      const llama = models.find((m) => m.name === 'llama3.2:3b');
      assert.ok(llama && Math.abs(llama.gpuShare - 0.5) < 0.001, JSON.stringify(llama));
      assert.deepEqual(partlyOnCpu(models).map((m) => m.name), ['llama3.2:3b']);
    } finally {
      await standin.close();
    }
  });
});
