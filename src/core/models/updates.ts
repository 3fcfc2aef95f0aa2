// "Check for Model Updates": Ollama has no "is there a newer version" call; the only way to know is to
// pull again. Unchanged layers are not downloaded, so an up-to-date model costs a manifest request, and
// a changed one downloads what changed. The manifest digest before and after tells which changed.
import { sameModel } from '../ollama/names';
import type { ModelSummary } from '../ollama/types';
import { isCloud } from './choice';
import { runPull, type PullFailure, type PullSource } from './pull';
import type { PullSnapshot } from './progress';

export type UpdateOutcome = 'updated' | 'unchanged' | 'failed' | 'cancelled' | 'skipped';

export interface ModelUpdateResult {
  name: string;
  outcome: UpdateOutcome;
  digestBefore: string;
  digestAfter?: string;
  failure?: PullFailure;
}

export interface UpdateSource extends PullSource {
  listModels(opts: { fresh: true; signal?: AbortSignal }): Promise<ModelSummary[]>;
}

export interface UpdateOptions {
  signal?: AbortSignal;
  /** Before each model: its index (0-based) and name. */
  onModel?: (index: number, name: string) => void;
  onProgress?: (snapshot: PullSnapshot) => void;
}

/** Models whose update can be checked: cloud stubs are proxies, not downloads. */
export function updatableModels(models: readonly ModelSummary[]): ModelSummary[] {
  return models.filter((m) => !isCloud(m));
}

/** Pulls each model in turn and compares manifest digests. Stops at cancellation; never throws. */
export async function checkForUpdates(source: UpdateSource, models: readonly ModelSummary[], options: UpdateOptions = {}): Promise<ModelUpdateResult[]> {
  const results: ModelUpdateResult[] = [];
  for (const [index, model] of models.entries()) {
    const base = { name: model.name, digestBefore: model.digest };
    if (isCloud(model)) {
      results.push({ ...base, outcome: 'skipped' });
      continue;
    }
    if (options.signal?.aborted) {
      results.push({ ...base, outcome: 'cancelled' });
      continue;
    }
    options.onModel?.(index, model.name);
    const outcome = await runPull(source, model.name, { signal: options.signal, onProgress: options.onProgress });
    if (outcome.kind === 'cancelled') {
      results.push({ ...base, outcome: 'cancelled' });
      continue;
    }
    if (outcome.kind === 'failed') {
      results.push({ ...base, outcome: 'failed', failure: outcome.failure });
      continue;
    }
    let after: ModelSummary | undefined;
    try {
      after = (await source.listModels({ fresh: true, signal: options.signal })).find((m) => sameModel(m.name, model.name));
    } catch {
      // The pull succeeded; without the new list the digest is unknown, which reads as "changed".
    }
    const digestAfter = after?.digest;
    results.push({ ...base, digestAfter, outcome: digestAfter === model.digest ? 'unchanged' : 'updated' });
  }
  return results;
}
