// The index's scheduler with a fake clock: it waits while the user types and while another request runs,
// stays paused until resumed, and lets one step run at a time.
import * as assert from 'node:assert/strict';
import { IndexScheduler } from '../../../src/core/indexing/scheduler';

function fake(busy: () => boolean = () => false) {
  let t = 0;
  const sleeps: number[] = [];
  const scheduler = new IndexScheduler({
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
      await Promise.resolve();
    },
    busy,
    quietMs: 1000,
    pollMs: 100,
  });
  return { scheduler, sleeps, advance: (ms: number) => (t += ms), now: () => t };
}

describe('indexing: the scheduler', () => {
  it('waits until the user has stopped typing for the quiet time', async () => {
    const f = fake();
    f.advance(5000);
    f.scheduler.noteTyping();
    f.advance(300);
    assert.equal(f.scheduler.blockedBy(), 'typing');
    await f.scheduler.turn();
    assert.deepEqual(f.sleeps, [700], 'slept exactly until the quiet time was over');
    assert.equal(f.scheduler.blockedBy(), undefined);
  });

  it('waits while another request runs', async () => {
    let running = 3;
    const f = fake(() => running-- > 0);
    f.advance(5000);
    await f.scheduler.turn();
    assert.deepEqual(f.sleeps, [100, 100, 100]);
  });

  it('stays paused until resumed, and rejects when its signal aborts', async () => {
    const f = fake();
    f.advance(5000);
    f.scheduler.pause();
    let went = false;
    const waiting = f.scheduler.turn().then(() => (went = true));
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(went, false);
    f.scheduler.resume();
    await waiting;
    assert.equal(went, true);
    f.scheduler.pause();
    const controller = new AbortController();
    const aborted = f.scheduler.turn(controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(aborted, /stop/);
  });

  it('runs one exclusive step at a time, in order', async () => {
    const f = fake();
    f.advance(5000);
    let inFlight = 0;
    let most = 0;
    const order: number[] = [];
    const step = (i: number) => async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      order.push(i);
      inFlight--;
      return i;
    };
    const results = await Promise.all([0, 1, 2, 3].map((i) => f.scheduler.exclusive(step(i))));
    assert.deepEqual(results, [0, 1, 2, 3]);
    assert.deepEqual(order, [0, 1, 2, 3]);
    assert.equal(most, 1, 'never two at once');
  });

  it('checks for typing again before each exclusive step', async () => {
    const f = fake();
    f.advance(5000);
    await f.scheduler.exclusive(async () => f.scheduler.noteTyping());
    f.sleeps.length = 0;
    await f.scheduler.exclusive(async () => undefined);
    assert.deepEqual(f.sleeps, [1000], 'the second step waited for the quiet time');
  });
});
