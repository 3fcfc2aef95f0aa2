import * as assert from 'node:assert/strict';
import type { DaemonStatus } from '../../../src/core/daemon';
import { OllamaError } from '../../../src/core/ollama/errors';
import {
  FIRST_RUN_KEY, hasEarlierState, MILESTONES, PROGRESS_KEY, readProgress, shouldOpenOnFirstRun, WalkthroughProgress, type ProgressStore,
} from '../../../src/core/walkthrough/progress';
import { milestonesForStatus, modelsReady } from '../../../src/core/walkthrough/signals';

/** globalState as a Map, with writes that can be held back to check their order. */
class MapStore implements ProgressStore {
  readonly data = new Map<string, unknown>();
  writes = 0;
  delayMs = 0;
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    const delay = this.delayMs;
    this.delayMs = 0;
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    this.writes++;
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, structuredClone(value));
  }
  keys(): readonly string[] {
    return [...this.data.keys()];
  }
}

describe('walkthrough progress', () => {
  it('records each milestone once, stores it, and a new instance (a restart) reads it back', async () => {
    const store = new MapStore();
    let t = 1000;
    const progress = new WalkthroughProgress(store, () => t++);
    assert.deepEqual(progress.reached(), []);
    assert.equal(progress.reach('summarized'), true);
    assert.equal(progress.reach('summarized'), false, 'the second time is not news');
    assert.equal(progress.reach('ollamaFound'), true);
    await progress.flushed();
    assert.equal(store.writes, 2, 'one write per new milestone, none for a repeat');
    assert.deepEqual(store.get(PROGRESS_KEY), { summarized: 1000, ollamaFound: 1001 });

    const restarted = new WalkthroughProgress(store);
    assert.deepEqual(restarted.reached(), ['ollamaFound', 'summarized'], 'in the walkthrough order');
    assert.equal(restarted.has('summarized'), true);
    assert.equal(restarted.has('chatted'), false);
  });

  it('keeps the later record when an earlier write is slower', async () => {
    const store = new MapStore();
    const progress = new WalkthroughProgress(store);
    store.delayMs = 30; // the first write is slow
    progress.reach('ollamaFound');
    progress.reach('ollamaRunning');
    await progress.flushed();
    assert.deepEqual(Object.keys(store.get<object>(PROGRESS_KEY) ?? {}).sort(), ['ollamaFound', 'ollamaRunning']);
  });

  it('ignores damaged or unknown state instead of failing', () => {
    const store = new MapStore();
    for (const bad of [null, 'x', 42, ['drafted'], { drafted: 'yes', chatted: Number.NaN, somethingNew: 5 }]) {
      store.data.set(PROGRESS_KEY, bad);
      assert.deepEqual(readProgress(store), {}, JSON.stringify(bad));
    }
    store.data.set(PROGRESS_KEY, { drafted: 5, somethingNew: 6 });
    assert.deepEqual(new WalkthroughProgress(store).reached(), ['drafted']);
  });

  it('lists the milestones in the order of the steps', () => {
    assert.deepEqual([...MILESTONES], ['ollamaFound', 'ollamaRunning', 'modelsReady', 'drafted', 'summarized', 'translated', 'chatted']);
  });
});

describe('walkthrough: opening on the first install', () => {
  it('opens only on a fresh install that has not decided yet, and only when VS Code allows it', () => {
    assert.equal(shouldOpenOnFirstRun({ handled: false, upgraded: false, openOnInstall: true }), true);
    assert.equal(shouldOpenOnFirstRun({ handled: true, upgraded: false, openOnInstall: true }), false, 'once');
    assert.equal(shouldOpenOnFirstRun({ handled: false, upgraded: false, openOnInstall: false }), false, 'workbench.welcomePage.walkthroughs.openOnInstall: false');
    assert.equal(shouldOpenOnFirstRun({ handled: false, upgraded: true, openOnInstall: true }), false, 'an upgrade is not an install');
  });

  it('tells an upgrade by Hearth state kept before the walkthrough existed', () => {
    assert.equal(hasEarlierState([]), false);
    assert.equal(hasEarlierState([FIRST_RUN_KEY, PROGRESS_KEY]), false, 'its own keys do not count');
    assert.equal(hasEarlierState(['other.extension.key']), false);
    assert.equal(hasEarlierState(['hearth.models.announced']), true);
  });
});

describe('walkthrough: what the daemon and the models prove', () => {
  const error = new OllamaError('unreachable', 'connection refused', { reason: 'refused' });
  const cases: [DaemonStatus, string[]][] = [
    [{ kind: 'checking' }, []],
    [{ kind: 'connected', version: '0.32.15', host: 'http://127.0.0.1:11434', remote: false }, ['ollamaFound', 'ollamaRunning']],
    [{ kind: 'connected', version: '0.32.15', host: 'http://gpu-box:11434', remote: true }, ['ollamaFound', 'ollamaRunning']],
    [{ kind: 'starting', host: 'http://127.0.0.1:11434' }, ['ollamaFound']],
    [{ kind: 'notRunning', host: 'http://127.0.0.1:11434', remote: false, error }, ['ollamaFound']],
    [{ kind: 'notRunning', host: 'http://gpu-box:11434', remote: true, error }, []],
    [{ kind: 'notInstalled', host: 'http://127.0.0.1:11434', missing: { kind: 'notFound', searched: [] }, error }, []],
    [{ kind: 'blocked', error }, []],
  ];
  for (const [status, expected] of cases) {
    it(`${status.kind}${'remote' in status && status.remote ? ' (remote)' : ''} → ${expected.join(', ') || 'nothing'}`, () => {
      assert.deepEqual(milestonesForStatus(status), expected);
    });
  }

  it('needs a model for completion and one for chat', () => {
    assert.equal(modelsReady('model', 'model'), true);
    assert.equal(modelsReady('model', 'none'), false);
    assert.equal(modelsReady('none', 'model'), false);
    assert.equal(modelsReady('unknown', 'model'), false);
  });
});
