// Turns Ollama's pull (and create) progress lines into one figure the user can read: the overall
// percentage across layers, bytes done of the total, speed and time left.
//
// What the stream looks like (protocol reference §2.9): `pulling manifest`, then for each layer in
// turn `pulling <hex>` lines with digest/total/completed (completed left out at 0, total possibly missing
// before the size is known), then `verifying sha256 digest`, `writing manifest`, maybe
// `removing unused layers`, and `success`. A layer already on disk is one line with completed = total;
// a layer resumed from an earlier, cancelled pull starts at its partial size. Those bytes were not
// downloaded now, so they count towards the percentage but not towards the speed.
import type { ProgressEvent } from '../ollama/types';

export type PullPhase = 'starting' | 'manifest' | 'downloading' | 'verifying' | 'writing' | 'cleaning' | 'done' | 'other';

export interface PullSnapshot {
  phase: PullPhase;
  /** The last status line as the server wrote it. */
  status: string;
  /** Bytes on disk across the layers seen so far (downloaded now, resumed or cached). */
  completedBytes: number;
  /** Sum of the known layer sizes; undefined while no layer has reported a size. */
  totalBytes: number | undefined;
  /** 0..1, never going back; undefined while nothing is known. Reaches 1 only at `success`. */
  fraction: number | undefined;
  /** Bytes downloaded in this pull (excluding resumed and cached bytes). */
  downloadedBytes: number;
  /** Bytes per second over the recent window; undefined until it can be measured. */
  bytesPerSecond: number | undefined;
  /** Time left at the current speed, ms; undefined when unknown. */
  etaMs: number | undefined;
  layers: number;
  layersDone: number;
  /** Bytes that were already there when their layer first appeared (resumed or cached). */
  reusedBytes: number;
}

interface Layer {
  total: number | undefined;
  completed: number;
  /** completed as first seen: what was on disk before this pull touched the layer. */
  initial: number;
}

interface Sample {
  at: number;
  downloaded: number;
}

export interface PullProgressOptions {
  /** Milliseconds, monotonic. Injected by tests. */
  clock?: () => number;
  /** How far back the speed looks. */
  windowMs?: number;
  /** Below this much measured time the speed is not reported (it would jump around). */
  minSpeedSpanMs?: number;
}

function phaseOf(status: string, hasDigest: boolean): PullPhase {
  const s = status.toLowerCase();
  if (s === 'success') return 'done';
  if (s.startsWith('pulling manifest') || s.startsWith('retrieving manifest')) return 'manifest';
  if (s.startsWith('verifying')) return 'verifying';
  if (s.startsWith('writing manifest')) return 'writing';
  if (s.startsWith('removing')) return 'cleaning';
  if (hasDigest || s.startsWith('pulling') || s.startsWith('pushing') || s.startsWith('downloading')) return 'downloading';
  return 'other';
}

export class PullProgress {
  private readonly layers = new Map<string, Layer>();
  private readonly samples: Sample[] = [];
  private readonly clock: () => number;
  private readonly windowMs: number;
  private readonly minSpanMs: number;
  private lastFraction: number | undefined;
  private current: PullSnapshot;

  constructor(options: PullProgressOptions = {}) {
    this.clock = options.clock ?? (() => performance.now());
    this.windowMs = options.windowMs ?? 8_000;
    this.minSpanMs = options.minSpeedSpanMs ?? 1_000;
    this.current = this.compute('starting', '');
  }

  get snapshot(): PullSnapshot {
    return this.current;
  }

  /** Feeds one progress line; returns the new overall state. */
  update(event: ProgressEvent): PullSnapshot {
    const phase = phaseOf(event.status, event.digest !== undefined);
    // A layer line without `completed` means 0 bytes so far (the server leaves zero out).
    if (event.digest && phase === 'downloading') {
      const known = this.layers.get(event.digest);
      const total = event.total !== undefined && event.total > 0 ? event.total : known?.total;
      const raw = Math.max(0, event.completed ?? 0);
      const completed = total !== undefined ? Math.min(raw, total) : raw;
      if (known) {
        known.total = total;
        // Progress of one layer never goes back (a retried chunk may re-report a lower figure).
        known.completed = Math.max(known.completed, completed);
      } else {
        this.layers.set(event.digest, { total, completed, initial: completed });
      }
    }
    this.current = this.compute(phase, event.status);
    return this.current;
  }

  private compute(phase: PullPhase, status: string): PullSnapshot {
    let completedBytes = 0;
    let totalBytes = 0;
    let knownTotals = 0;
    let downloadedBytes = 0;
    let reusedBytes = 0;
    let layersDone = 0;
    let completedOfKnown = 0;
    for (const layer of this.layers.values()) {
      completedBytes += layer.completed;
      downloadedBytes += layer.completed - layer.initial;
      reusedBytes += layer.initial;
      if (layer.total !== undefined) {
        knownTotals++;
        totalBytes += layer.total;
        completedOfKnown += layer.completed;
        if (layer.completed >= layer.total) layersDone++;
      }
    }
    const now = this.clock();
    this.samples.push({ at: now, downloaded: downloadedBytes });
    while (this.samples.length > 2 && now - this.samples[1].at >= this.windowMs) this.samples.shift();

    let fraction: number | undefined;
    if (phase === 'done') fraction = 1;
    else if (knownTotals > 0 && totalBytes > 0) {
      // 100% belongs to `success`: verifying and writing the manifest still take a moment.
      fraction = Math.min(0.99, completedOfKnown / totalBytes);
    } else if (phase === 'verifying' || phase === 'writing' || phase === 'cleaning') fraction = 0.99;
    if (fraction !== undefined && this.lastFraction !== undefined) fraction = Math.max(fraction, this.lastFraction);
    if (fraction !== undefined) this.lastFraction = fraction;

    const first = this.samples[0];
    const span = now - first.at;
    const bytesPerSecond = span >= this.minSpanMs ? ((downloadedBytes - first.downloaded) * 1000) / span : undefined;
    const remaining = knownTotals > 0 ? Math.max(0, totalBytes - completedOfKnown) : undefined;
    let etaMs: number | undefined;
    if (phase === 'done') etaMs = 0;
    else if (phase === 'downloading' && remaining !== undefined && bytesPerSecond !== undefined && bytesPerSecond > 0) {
      etaMs = (remaining / bytesPerSecond) * 1000;
    }
    return {
      phase,
      status,
      completedBytes,
      totalBytes: knownTotals > 0 ? totalBytes : undefined,
      fraction,
      downloadedBytes,
      bytesPerSecond,
      etaMs,
      layers: this.layers.size,
      layersDone,
      reusedBytes,
    };
  }
}
