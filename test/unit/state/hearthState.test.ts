// The one state every view renders from: one event per change, nothing claimed about models while the
// daemon cannot be asked, and a model the daemon called missing dropped at once.
import * as assert from 'node:assert/strict';
import { OllamaError } from '../../../src/core/ollama/errors';
import type { ModelSummary, RunningModel } from '../../../src/core/ollama/types';
import { HearthState, type StateChange } from '../../../src/core/state/hearthState';

const host = 'http://127.0.0.1:11434';
const connected = { kind: 'connected' as const, version: '0.32.15', host, remote: false };
const refused = new OllamaError('unreachable', 'refused', { reason: 'refused', host });
const notRunning = { kind: 'notRunning' as const, host, remote: false, error: refused };

function summary(name: string): ModelSummary {
  return { name, digest: `sha256:${name}`, sizeBytes: 1, family: 'qwen2', families: ['qwen2'], parameterSize: '1.5B', quantization: 'Q4_K_M' };
}

function running(name: string): RunningModel {
  return { name, sizeBytes: 10, vramBytes: 10, gpuShare: 1, family: 'llama', parameterSize: '3B', quantization: 'Q4_K_M' };
}

function recorder(state: HearthState): StateChange[] {
  const changes: StateChange[] = [];
  state.onDidChange((c) => changes.push(c));
  return changes;
}

describe('the one state (core/state)', () => {
  it('fires one event per change, none for the same news twice', () => {
    const state = new HearthState();
    const changes = recorder(state);
    state.setConnection(connected);
    state.setConnection({ ...connected });
    state.setInstalled([summary('a')], 1);
    state.setInstalled([summary('a')], 2);
    state.setRunning([running('a')]);
    state.setRunning([running('a')]);
    state.setUses([{ feature: 'chat', model: 'a', automatic: true }]);
    state.setUses([{ feature: 'chat', model: 'a', automatic: true }]);
    assert.deepEqual(changes.map((c) => [...c.parts]), [['connection'], ['installed'], ['running'], ['uses']]);
    assert.equal(changes[0].connectionKindChanged, true);
    assert.equal(state.snapshot.revision, 4);
  });

  it('claims nothing about models while the daemon cannot be asked, in the same event', () => {
    const state = new HearthState();
    state.setConnection(connected);
    state.setInstalled([summary('a')], 1);
    state.setRunning([running('a')]);
    const changes = recorder(state);
    state.setConnection(notRunning);
    assert.equal(changes.length, 1, 'one event, so no view draws a half-changed state');
    assert.deepEqual([...changes[0].parts].sort(), ['connection', 'installed', 'running']);
    assert.equal(state.snapshot.installed.kind, 'unknown');
    assert.deepEqual(state.snapshot.running, []);
    assert.equal(state.connected, false);
  });

  it('tells a change of kind from a change of details', () => {
    const state = new HearthState();
    state.setConnection(connected);
    const changes = recorder(state);
    state.setConnection({ ...connected, version: '0.33.0' });
    assert.equal(changes.length, 1);
    assert.equal(changes[0].connectionKindChanged, false);
  });

  it('drops a model the daemon called missing from the list and from the features that used it', () => {
    const state = new HearthState();
    state.setConnection(connected);
    state.setInstalled([summary('qwen2.5-coder:1.5b'), summary('llama3.2:3b')], 1);
    state.setUses([
      { feature: 'completion', model: 'qwen2.5-coder:1.5b', automatic: false },
      { feature: 'chat', model: 'llama3.2:3b', automatic: true },
    ]);
    const changes = recorder(state);
    state.modelMissing('qwen2.5-coder:1.5b');
    assert.equal(changes.length, 1);
    const installed = state.snapshot.installed;
    assert.ok(installed.kind === 'known');
    assert.deepEqual(installed.models.map((m) => m.name), ['llama3.2:3b']);
    assert.deepEqual(state.use('completion'), { feature: 'completion', automatic: false, missing: 'qwen2.5-coder:1.5b' });
    assert.equal(state.use('chat')?.model, 'llama3.2:3b');
    state.modelMissing('not-there:1b');
    assert.equal(changes.length, 1, 'news about a model nobody listed changes nothing');
  });

  it('finds the loaded entry of a model by any spelling of its name', () => {
    const state = new HearthState();
    state.setConnection(connected);
    state.setRunning([running('llama3.2:latest')]);
    assert.equal(state.loaded('llama3.2')?.name, 'llama3.2:latest');
    assert.equal(state.loaded(undefined), undefined);
  });
});
