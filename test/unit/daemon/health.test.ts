// The health monitor's schedule, on a fake clock: how many /api/version requests an hour costs in each
// situation, the backoff after failures, focus, and one event per change of state.
import * as assert from 'node:assert/strict';
import { OllamaError } from '../../../src/core/ollama/errors';
import { HealthMonitor, backoffDelay, DEFAULT_SCHEDULE, type Health } from '../../../src/core/daemon/health';
import type { ProbeResult } from '../../../src/core/daemon/probe';
import { FakeClock, settle } from './fakeClock';

const HOUR = 3600_000;
/** Read through a function so that an assertion on one state does not narrow the next read. */
const kindOf = (monitor: HealthMonitor): Health['kind'] => monitor.health.kind;
const up: ProbeResult = { kind: 'up', version: '0.32.15', host: 'http://127.0.0.1:11434', remote: false };
const down: ProbeResult = {
  kind: 'down',
  error: new OllamaError('unreachable', 'refused', { reason: 'refused', host: 'http://127.0.0.1:11434' }),
  host: 'http://127.0.0.1:11434',
  remote: false,
};

/** A monitor whose probe answers what `answer` says now, recording when each probe ran. */
function harness(initial: ProbeResult = up): { clock: FakeClock; monitor: HealthMonitor; probes: number[]; events: Health[]; set(r: ProbeResult): void; gate?: () => void } {
  const clock = new FakeClock();
  const probes: number[] = [];
  const events: Health[] = [];
  let answer = initial;
  const monitor = new HealthMonitor({
    clock,
    probe: async () => {
      probes.push(clock.now());
      return answer;
    },
  });
  monitor.onDidChange((h) => events.push(h));
  return { clock, monitor, probes, events, set: (r) => (answer = r) };
}

describe('daemon: health monitor schedule (fake clock)', () => {
  it('makes no request at activation; the first comes shortly after, and only while focused', async () => {
    const focused = harness();
    focused.monitor.start(true);
    await settle();
    assert.equal(focused.probes.length, 0, 'nothing during activation');
    await focused.clock.advance(DEFAULT_SCHEDULE.firstProbeDelayMs);
    assert.deepEqual(focused.probes, [DEFAULT_SCHEDULE.firstProbeDelayMs]);

    const unfocused = harness();
    unfocused.monitor.start(false);
    await unfocused.clock.advance(HOUR);
    assert.equal(unfocused.probes.length, 0, 'an unfocused window that nobody uses costs nothing');
    unfocused.monitor.setFocused(true);
    await unfocused.clock.advance(DEFAULT_SCHEDULE.firstProbeDelayMs);
    assert.equal(unfocused.probes.length, 1, 'the first check waits for focus');
  });

  it('costs 120 requests per idle hour while healthy and focused (a stop is seen within 30 s)', async () => {
    const h = harness(up);
    h.monitor.start(true);
    await h.clock.advance(HOUR);
    assert.equal(h.probes.length, 120, `first hour: ${h.probes.length}`);
    const before = h.probes.length;
    await h.clock.advance(HOUR);
    assert.equal(h.probes.length - before, 120, 'steady state: one every 30 s');
    assert.equal(h.events.length, 1, 'one event (unknown → up), none for the repeats');
  });

  it('checks after 1 s, then every 2 s while down and focused, so a restarted daemon is seen within about 2 s', async () => {
    const h = harness(down);
    h.monitor.start(true);
    await h.clock.advance(HOUR);
    const gaps = h.probes.slice(1, 8).map((t, i) => t - h.probes[i]);
    assert.deepEqual(gaps, [1_000, 2_000, 2_000, 2_000, 2_000, 2_000, 2_000]);
    // 1.5 s, then 1 s, then every 2 s: 2 + floor((3600 - 2.5) / 2) = 1 800 refused loopback connections an hour.
    assert.equal(h.probes.length, 1_800);
    assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelay(DEFAULT_SCHEDULE, n)), [1_000, 2_000, 2_000, 2_000]);
    const restartedAt = h.clock.now();
    h.set(up);
    await h.clock.advance(DEFAULT_SCHEDULE.backoffMaxMs);
    assert.equal(h.monitor.health.kind, 'up', 'seen within one down interval');
    assert.ok((h.probes.at(-1) ?? 0) - restartedAt <= 2_000);
  });

  it('a refused request marks the daemon down at once, without a probe; an answer while down checks at once', async () => {
    const h = harness(up);
    h.monitor.start(true);
    await h.clock.advance(2_000);
    assert.equal(h.monitor.health.kind, 'up');
    const probes = h.probes.length;
    h.set(down);
    h.monitor.markDown({ error: new OllamaError('unreachable', 'refused', { reason: 'refused' }), host: 'http://127.0.0.1:11434', remote: false });
    assert.equal(h.monitor.health.kind, 'down', 'synchronously, before any probe');
    assert.equal(h.probes.length, probes);
    assert.deepEqual(h.events.map((e) => e.kind), ['up', 'down']);
    h.set(up);
    h.monitor.markAnswered();
    await settle();
    assert.equal(h.probes.length, probes + 1, 'one probe at once, no waiting for the schedule');
    assert.equal(kindOf(h.monitor), 'up');
    h.monitor.markAnswered();
    await settle();
    assert.equal(h.probes.length, probes + 1, 'an answer while up costs no probe');
  });

  it('an answer while up counts as a fresh check (no probe while requests succeed)', async () => {
    const h = harness(up);
    h.monitor.start(true);
    await h.clock.advance(2_000);
    const count = h.probes.length;
    for (let i = 0; i < 12; i++) {
      await h.clock.advance(DEFAULT_SCHEDULE.healthyIntervalMs - 1_000);
      h.monitor.markAnswered();
    }
    assert.equal(h.probes.length, count);
  });

  it('stops checking when the window loses focus, and checks at once on focus when the answer is stale', async () => {
    const h = harness(up);
    h.monitor.start(true);
    await h.clock.advance(2_000);
    assert.equal(h.probes.length, 1);
    h.monitor.setFocused(false);
    await h.clock.advance(HOUR);
    assert.equal(h.probes.length, 1, 'unfocused and nothing pending: no request');
    h.monitor.setFocused(true);
    await settle();
    assert.equal(h.probes.length, 2, 'an hour-old answer is checked again as soon as the window is focused');
    h.monitor.setFocused(false);
    h.monitor.setFocused(true);
    await settle();
    assert.equal(h.probes.length, 2, 'a fresh answer is reused on focus');
  });

  it('checks soon after a feature reports the daemon unreachable, even unfocused, and coalesces a burst', async () => {
    const h = harness(up);
    h.monitor.start(false);
    await h.clock.advance(1_000);
    for (let i = 0; i < 20; i++) h.monitor.reportUnreachable();
    h.set(down);
    await h.clock.advance(DEFAULT_SCHEDULE.suspectDelayMs);
    assert.equal(h.probes.length, 1, 'twenty reports, one request');
    assert.equal(h.monitor.health.kind, 'down');
    await h.clock.advance(HOUR);
    assert.equal(h.probes.length, 1, 'no polling while unfocused once the report is answered');
  });

  it('keeps checking while unfocused during a hold (a start in progress)', async () => {
    const h = harness(down);
    h.monitor.start(false);
    const hold = h.monitor.hold();
    await h.clock.advance(10_000);
    assert.ok(h.probes.length >= 3, `probes during the hold: ${h.probes.length}`);
    hold.dispose();
    const count = h.probes.length;
    await h.clock.advance(HOUR);
    assert.equal(h.probes.length, count);
  });

  it('fires one event per change of state, never for a repeated answer', async () => {
    const h = harness(up);
    h.monitor.start(true);
    await h.clock.advance(2_000);
    h.set(down);
    await h.monitor.check();
    await h.monitor.check();
    h.set(up);
    await h.monitor.check();
    await h.monitor.check();
    assert.deepEqual(h.events.map((e) => e.kind), ['up', 'down', 'up']);
    assert.equal(h.probes.length, 5);
  });

  it('resets the backoff after a recovery', async () => {
    const h = harness(down);
    h.monitor.start(true);
    await h.clock.advance(60_000);
    h.set(up);
    await h.clock.advance(30_000);
    const recoveredAt = h.probes.at(-1) ?? 0;
    const count = h.probes.length;
    assert.equal(h.monitor.health.kind, 'up');
    await h.clock.advance(recoveredAt + DEFAULT_SCHEDULE.healthyIntervalMs - 1 - h.clock.now());
    assert.equal(h.probes.length, count, 'healthy: no check before the healthy interval has passed');
    await h.clock.advance(1);
    assert.deepEqual(h.probes.slice(count), [recoveredAt + DEFAULT_SCHEDULE.healthyIntervalMs]);
  });

  it('shares one request among concurrent callers; a caller\'s cancel does not cancel the check', async () => {
    const clock = new FakeClock();
    let release!: (r: ProbeResult) => void;
    let calls = 0;
    const monitor = new HealthMonitor({
      clock,
      probe: () => {
        calls++;
        return new Promise<ProbeResult>((resolve) => (release = resolve));
      },
    });
    const controller = new AbortController();
    const a = monitor.check(controller.signal);
    const b = monitor.check();
    const c = monitor.ensureFresh();
    controller.abort();
    await assert.rejects(a, (err: Error) => err.name === 'AbortError');
    release(up);
    assert.equal((await b).kind, 'up');
    assert.equal((await c).kind, 'up');
    assert.equal(calls, 1);
  });

  it('reuses a fresh healthy answer and a failure from the last second for features', async () => {
    const h = harness(up);
    await h.monitor.check();
    await h.clock.advance(DEFAULT_SCHEDULE.healthyIntervalMs / 2);
    assert.equal((await h.monitor.ensureFresh()).kind, 'up');
    assert.equal(h.probes.length, 1, 'healthy and recent: no request');
    await h.clock.advance(DEFAULT_SCHEDULE.healthyIntervalMs);
    await h.monitor.ensureFresh();
    assert.equal(h.probes.length, 2, 'stale: one request');
    h.set(down);
    h.monitor.reportUnreachable();
    await h.monitor.ensureFresh();
    assert.equal(h.probes.length, 3, 'a report makes the next feature check');
    for (let i = 0; i < 50; i++) await h.monitor.ensureFresh();
    assert.equal(h.probes.length, 3, 'a feature on every keystroke reuses the failure of the last second');
    await h.clock.advance(DEFAULT_SCHEDULE.downCacheMs);
    await h.monitor.ensureFresh();
    assert.equal(h.probes.length, 4);
  });

  it('does not poll a blocked host (nothing would be sent); a settings change checks again', async () => {
    const blocked: ProbeResult = { kind: 'blocked', error: new OllamaError('remoteHostRefused', 'remote', { host: 'http://10.0.0.2:11434' }) };
    const h = harness(blocked);
    h.monitor.start(true);
    await h.clock.advance(HOUR);
    assert.equal(h.probes.length, 1);
    h.set(up);
    h.monitor.reset();
    await settle();
    assert.equal(h.probes.length, 2);
    assert.equal(h.monitor.health.kind, 'up');
  });

  it('discards an answer that started before the settings changed', async () => {
    const clock = new FakeClock();
    const pending: ((r: ProbeResult) => void)[] = [];
    const monitor = new HealthMonitor({ clock, probe: () => new Promise<ProbeResult>((resolve) => pending.push(resolve)) });
    const first = monitor.check();
    monitor.reset();
    pending[0]({ ...up, host: 'http://127.0.0.1:1' });
    await settle();
    assert.equal(pending.length, 2, 'asked again for the new host');
    pending[1](up);
    assert.equal(((await first) as { host: string }).host, up.host);
    assert.equal((monitor.health as { host: string }).host, up.host);
  });

  it('makes no request after dispose', async () => {
    const h = harness(up);
    h.monitor.start(true);
    h.monitor.dispose();
    await h.clock.advance(HOUR);
    h.monitor.reportUnreachable();
    await h.monitor.check();
    assert.equal(h.probes.length, 0);
  });
});
