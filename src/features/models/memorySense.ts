// Memory sense: when the GPU's total memory is known, warn before a pull or a model choice that the
// completion model and the model of a text feature (chat, summaries, translation) will not fit in it
// together, since Ollama would then unload one for the other at every switch.
import * as vscode from 'vscode';
import { estimateLoadedBytes, pairFits, type GpuMemoryProbe } from '../../core/models/memory';
import { architectureFacts } from '../../core/models/show';
import { numCtxToSend } from '../../core/ollama/contextWindow';
import type { OllamaGateway } from '../../core/ollama/gateway';
import { displayModelName, sameModel } from '../../core/ollama/names';
import type { Feature } from '../../core/settings';
import { formatBytes } from '../../core/text/format';
import { featureLabel } from './labels';

/** A model being considered: installed (its details are read) or not yet (its download size). */
export interface MemoryCandidate {
  name: string;
  /** For a model that is not installed: its download size. */
  fileBytes?: number;
}

/** The feature whose model competes for the GPU with this feature's. */
export function partnerOf(feature: Feature): Feature {
  return feature === 'completion' ? 'chat' : 'completion';
}

export class MemorySense {
  constructor(
    private readonly gpu: GpuMemoryProbe,
    private readonly gateway: OllamaGateway,
    /** hearth.contextLength: the KV cache grows with the window models run with. */
    private readonly contextLength: () => number,
  ) {}

  totalBytes(): Promise<number | undefined> {
    return this.gpu.totalBytes();
  }

  /** Loaded footprint of a model, at the window Hearth runs it with; undefined when it is neither installed nor sized. */
  async loadedBytes(candidate: MemoryCandidate, signal?: AbortSignal): Promise<number | undefined> {
    const installed = (await this.gateway.listModels({ signal }).catch(() => [])).find((m) => sameModel(m.name, candidate.name));
    if (!installed) {
      // Not installed: its trained context is unknown, so the setting itself (an upper bound) is assumed.
      return candidate.fileBytes !== undefined ? estimateLoadedBytes({ fileBytes: candidate.fileBytes, numCtx: numCtxToSend(this.contextLength(), undefined) }) : undefined;
    }
    const details = await this.gateway.showModel(installed.name, { signal }).catch(() => undefined);
    const numCtx = await this.gateway.contextWindow(installed.name, { signal }).catch(() => undefined);
    return estimateLoadedBytes({ fileBytes: installed.sizeBytes, facts: details ? architectureFacts(details) : undefined, numCtx });
  }

  /**
   * A warning when `candidate` (for `feature`) and `partnerModel` (the partner feature's model) do not fit
   * the GPU together; undefined when they fit or when memory cannot be known.
   */
  async pairWarning(feature: Feature, candidate: MemoryCandidate, partnerModel: string | undefined, signal?: AbortSignal): Promise<string | undefined> {
    if (!partnerModel || sameModel(partnerModel, candidate.name)) return undefined;
    const total = await this.totalBytes();
    if (total === undefined) return undefined;
    const [mine, theirs] = await Promise.all([this.loadedBytes(candidate, signal), this.loadedBytes({ name: partnerModel }, signal)]);
    if (mine === undefined || theirs === undefined) return undefined;
    const fit = pairFits(mine, theirs, total);
    if (fit.fits) return undefined;
    return vscode.l10n.t(
      '{0} (about {1} in memory) and {2} (about {3}) need {4} together, more than the {5} of GPU memory. Ollama would unload one to load the other each time you switch between {6} and {7}, which takes seconds.',
      displayModelName(candidate.name),
      formatBytes(mine),
      displayModelName(partnerModel),
      formatBytes(theirs),
      formatBytes(fit.neededBytes),
      formatBytes(total),
      featureLabel(feature),
      featureLabel(partnerOf(feature)),
    );
  }

  /** For the automatic choice: which installed models fit next to `partnerModel` (undefined: unknown). */
  async fitsNextTo(partnerModel: string | undefined, signal?: AbortSignal): Promise<((name: string, fileBytes: number) => Promise<boolean>) | undefined> {
    const total = await this.totalBytes();
    if (total === undefined) return undefined;
    const theirs = partnerModel ? ((await this.loadedBytes({ name: partnerModel }, signal)) ?? 0) : 0;
    return async (name, fileBytes) => {
      const mine = (await this.loadedBytes({ name, fileBytes }, signal)) ?? estimateLoadedBytes({ fileBytes });
      return pairFits(mine, theirs, total).fits;
    };
  }
}
