import * as assert from 'node:assert/strict';
import { PullProgress } from '../../../src/core/models/progress';
import { ManualClock } from './helpers';

const A = 'sha256:' + 'a'.repeat(64);
const B = 'sha256:' + 'b'.repeat(64);
const C = 'sha256:' + 'c'.repeat(64);
const MB = 1_000_000;

describe('models: pull progress aggregation', () => {
  it('adds up several layers into one percentage, bytes, speed and time left', () => {
    const clock = new ManualClock();
    const p = new PullProgress({ clock: clock.read, windowMs: 10_000, minSpeedSpanMs: 1_000 });
    assert.equal(p.update({ status: 'pulling manifest' }).phase, 'manifest');
    assert.equal(p.snapshot.fraction, undefined);
    p.update({ status: 'pulling aaaaaaaaaaaa', digest: A, total: 100 * MB });
    clock.advance(1_000);
    let s = p.update({ status: 'pulling aaaaaaaaaaaa', digest: A, total: 100 * MB, completed: 10 * MB });
    assert.equal(s.phase, 'downloading');
    assert.equal(s.completedBytes, 10 * MB);
    assert.equal(s.totalBytes, 100 * MB);
    assert.equal(s.fraction, 0.1);
    assert.equal(s.bytesPerSecond, 10 * MB);
    assert.equal(s.etaMs, 9_000);
    clock.advance(1_000);
    s = p.update({ status: 'pulling aaaaaaaaaaaa', digest: A, total: 100 * MB, completed: 100 * MB });
    assert.equal(s.layersDone, 1);
    assert.equal(s.fraction, 0.99, 'not 100% before success');
    // A second, small layer appears: the total grows, the percentage does not go back.
    s = p.update({ status: 'pulling bbbbbbbbbbbb', digest: B, total: 2 * MB });
    assert.equal(s.totalBytes, 102 * MB);
    assert.equal(s.layers, 2);
    assert.ok(s.fraction !== undefined && s.fraction >= 0.99);
    clock.advance(100);
    s = p.update({ status: 'pulling bbbbbbbbbbbb', digest: B, total: 2 * MB, completed: 2 * MB });
    assert.equal(s.completedBytes, 102 * MB);
    assert.equal(p.update({ status: 'verifying sha256 digest' }).phase, 'verifying');
    assert.equal(p.update({ status: 'writing manifest' }).phase, 'writing');
    assert.equal(p.update({ status: 'removing unused layers' }).phase, 'cleaning');
    s = p.update({ status: 'success' });
    assert.equal(s.phase, 'done');
    assert.equal(s.fraction, 1);
    assert.equal(s.etaMs, 0);
    assert.equal(s.downloadedBytes, 102 * MB);
  });

  it('stays indeterminate while totals are missing, and counts bytes anyway', () => {
    const clock = new ManualClock();
    const p = new PullProgress({ clock: clock.read });
    let s = p.update({ status: 'pulling aaaaaaaaaaaa', digest: A });
    assert.equal(s.totalBytes, undefined);
    assert.equal(s.fraction, undefined);
    clock.advance(2_000);
    s = p.update({ status: 'pulling aaaaaaaaaaaa', digest: A, completed: 4 * MB });
    assert.equal(s.completedBytes, 4 * MB);
    assert.equal(s.fraction, undefined);
    assert.equal(s.etaMs, undefined, 'no time left without a total');
    assert.equal(s.bytesPerSecond, 2 * MB);
    // The size becomes known later.
    s = p.update({ status: 'pulling aaaaaaaaaaaa', digest: A, total: 8 * MB, completed: 4 * MB });
    assert.equal(s.fraction, 0.5);
    // A layer that never states its total does not spoil the percentage of the others.
    s = p.update({ status: 'pulling bbbbbbbbbbbb', digest: B, completed: 1 * MB });
    assert.equal(s.totalBytes, 8 * MB);
    assert.equal(s.fraction, 0.5);
    assert.equal(s.completedBytes, 5 * MB);
  });

  it('counts resumed and cached layers towards the percentage but not the speed', () => {
    const clock = new ManualClock();
    const p = new PullProgress({ clock: clock.read, minSpeedSpanMs: 1_000 });
    // Layer A resumes at 60 MB of 100 MB (a cancelled pull left a partial file).
    let s = p.update({ status: 'pulling aaaaaaaaaaaa', digest: A, total: 100 * MB, completed: 60 * MB });
    assert.equal(s.fraction, 0.6);
    assert.equal(s.reusedBytes, 60 * MB);
    assert.equal(s.downloadedBytes, 0);
    clock.advance(2_000);
    s = p.update({ status: 'pulling aaaaaaaaaaaa', digest: A, total: 100 * MB, completed: 80 * MB });
    assert.equal(s.downloadedBytes, 20 * MB);
    assert.equal(s.bytesPerSecond, 10 * MB, 'only the 20 MB fetched now count');
    assert.equal(s.etaMs, 2_000);
    // Layer C is already on disk: one line, completed = total.
    s = p.update({ status: 'pulling cccccccccccc', digest: C, total: 5 * MB, completed: 5 * MB });
    assert.equal(s.reusedBytes, 65 * MB);
    assert.equal(s.layersDone, 1);
    assert.equal(s.bytesPerSecond, 10 * MB);
  });

  it('never lets a layer or the percentage go back, and clamps nonsense', () => {
    const clock = new ManualClock();
    const p = new PullProgress({ clock: clock.read });
    p.update({ status: 'pulling aaaaaaaaaaaa', digest: A, total: 10 * MB, completed: 5 * MB });
    let s = p.update({ status: 'pulling aaaaaaaaaaaa', digest: A, total: 10 * MB, completed: 3 * MB });
    assert.equal(s.completedBytes, 5 * MB);
    s = p.update({ status: 'pulling aaaaaaaaaaaa', digest: A, total: 10 * MB, completed: 50 * MB });
    assert.equal(s.completedBytes, 10 * MB, 'completed is capped at the total');
    s = p.update({ status: 'pulling aaaaaaaaaaaa', digest: A, total: 10 * MB, completed: -4 });
    assert.equal(s.completedBytes, 10 * MB);
  });

  it('measures speed over a sliding window', () => {
    const clock = new ManualClock();
    const p = new PullProgress({ clock: clock.read, windowMs: 4_000, minSpeedSpanMs: 1_000 });
    let done = 0;
    // 10 s at 1 MB/s, then 4 s at 5 MB/s: the window only sees the recent speed.
    for (let t = 0; t < 10; t++) {
      clock.advance(1_000);
      done += 1 * MB;
      p.update({ status: 'pulling aaaaaaaaaaaa', digest: A, total: 1_000 * MB, completed: done });
    }
    for (let t = 0; t < 6; t++) {
      clock.advance(1_000);
      done += 5 * MB;
      p.update({ status: 'pulling aaaaaaaaaaaa', digest: A, total: 1_000 * MB, completed: done });
    }
    const speed = p.snapshot.bytesPerSecond ?? 0;
    assert.ok(Math.abs(speed - 5 * MB) < 0.01 * MB, `speed ${speed}`);
  });
});
