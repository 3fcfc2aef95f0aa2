// After a failure: one message, then quiet; transient failures retry, user-fixable ones wait for a change.
import * as assert from 'node:assert/strict';
import { FailureGate } from '../../../src/core/completion/gate';
import { FakeClock } from '../../support/completion/fakeClock';

describe('completion: failure gate', () => {
  it('asks to notify once per failure kind, then stays quiet', () => {
    const gate = new FailureGate(new FakeClock());
    assert.equal(gate.recordFailure('modelNotFound').notify, true);
    for (let i = 0; i < 20; i++) assert.equal(gate.recordFailure('modelNotFound').notify, false);
  });

  it('blocks on a missing model for a minute, retries quietly, and at once after a change', async () => {
    const clock = new FakeClock();
    const gate = new FailureGate(clock);
    gate.recordFailure('modelNotFound');
    await clock.advance(59_000);
    assert.equal(gate.allows(), false);
    await clock.advance(1_000);
    assert.equal(gate.allows(), true, 'retried in case it was pulled outside Hearth');
    assert.equal(gate.recordFailure('modelNotFound').notify, false, 'without a second message');
    assert.equal(gate.allows(), false);
    gate.reset();
    assert.equal(gate.allows(), true);
    assert.equal(gate.recordFailure('modelNotFound').notify, true, 'tells again after a change');
  });

  it('backs off from an unreachable daemon, longer each time, and probes when the wait is over', async () => {
    const clock = new FakeClock();
    const gate = new FailureGate(clock);
    gate.recordFailure('unreachable');
    assert.equal(gate.allows(), false);
    assert.equal(gate.probing, true);
    await clock.advance(5_000);
    assert.equal(gate.allows(), true);
    assert.equal(gate.recordFailure('unreachable').notify, false, 'one message per outage');
    await clock.advance(5_000);
    assert.equal(gate.allows(), false, 'the second wait is longer');
    await clock.advance(5_000);
    assert.equal(gate.allows(), true);
    gate.recordSuccess();
    assert.equal(gate.current.kind, 'open');
    assert.equal(gate.recordFailure('unreachable').notify, true, 'a new outage is told');
  });

  it('never notifies for a busy daemon, and ignores cancellations', () => {
    const gate = new FailureGate(new FakeClock());
    assert.equal(gate.recordFailure('busy').notify, false);
    assert.equal(gate.recordFailure('aborted').notify, false);
  });
});
