// The ModelResolver every feature asks "which model do I use?". Completion asks on every pause in
// typing, so a resolution is cached and a cached resolve makes no request: it is recomputed only when
// the settings change, when Hearth changes the installed models, when the Models view sees a change made
// elsewhere, or after a slow TTL.
//
// The rules: the configured model when it is installed (else a modelNotFound error that the caller shows:
// a command in one message with "Pull" and "Choose another", completion in its status item); when the
// setting is empty, the automatic choice (core/models/choice), said once in the status bar and shown for
// good in the Models view; when nothing installed fits, an offer to pull a recommended model, but only
// when the caller is interactive (that offer is then the one message).
import * as vscode from 'vscode';
import { recommendationsFor, topRecommendation, type Recommendation } from '../../core/models/catalogue';
import { chooseModel, isCloud, isEmbeddingModel, isEmbeddingOnly, type ChoiceCandidate, type ChoiceReason } from '../../core/models/choice';
import { abortable, OllamaError } from '../../core/ollama/errors';
import type { ModelGateway } from '../../core/endpoints/modelGateway';
import type { OllamaGateway } from '../../core/ollama/gateway';
import { displayModelName, isCloudModelName, sameModel } from '../../core/ollama/names';
import type { ModelDetails, ModelSummary } from '../../core/ollama/types';
import type { Feature, HearthSettings } from '../../core/settings';
import type { Event } from '../../core/util/events';
import { formatBytes } from '../../core/text/format';
import { Commands } from '../../platform/commands';
import type { ModelResolver } from '../../platform/services';
import { featureLabel, noteLabel, reasonLabel } from './labels';
import { partnerOf, type MemorySense } from './memorySense';
import type { ModelPrompts } from './prompts';

export type Resolution =
  | { kind: 'configured'; model: ModelDetails }
  | { kind: 'automatic'; model: ModelDetails; reason: ChoiceReason }
  /** The setting names a model that is not installed. */
  | { kind: 'missing'; configured: string }
  /** The setting names a model that cannot do the job (an embedding model, a refused cloud model). */
  | { kind: 'unfit'; configured: string; error: OllamaError }
  /** The setting is empty and nothing installed fits. */
  | { kind: 'none'; recommendation: Recommendation };

/** Which endpoint serves each feature (services.endpoints): features on another endpoint choose among its models. */
export interface ResolverEndpoints {
  gatewayFor(feature: Feature): ModelGateway;
  isLocal(feature: Feature): boolean;
  readonly onDidChange: Event<void>;
}

export interface ResolverDeps {
  gateway: OllamaGateway;
  /** Undefined: every feature uses `gateway` (the local Ollama). */
  endpoints?: ResolverEndpoints;
  settings: () => HearthSettings;
  onDidChangeSettings: vscode.Event<unknown>;
  prompts: ModelPrompts;
  memory: MemorySense;
  /** Remembers which automatic choices were announced, across sessions. */
  memento: vscode.Memento;
  log: vscode.LogOutputChannel;
  /** How long a resolution stays valid without an event; ms. */
  ttlMs?: number;
  /** How long a failure (daemon down) is remembered before asking again; ms. */
  failureTtlMs?: number;
  now?: () => number;
}

interface CacheEntry {
  key: string;
  at: number;
  promise: Promise<Resolution>;
  settled?: Resolution;
  failed?: boolean;
}

const ANNOUNCED_KEY = 'hearth.models.announced';

function candidateOf(m: ModelSummary | ModelDetails, template?: string): ChoiceCandidate {
  return { name: m.name, sizeBytes: m.sizeBytes, parameterSize: m.parameterSize, capabilities: m.capabilities ?? ['completion'], template, remoteHost: m.remoteHost };
}


export class HearthModelResolver implements ModelResolver, vscode.Disposable {
  private readonly cache = new Map<Feature, CacheEntry>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly now: () => number;
  /** Fires when cached resolutions were dropped (the view shows the new ones). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: ResolverDeps) {
    this.ttlMs = deps.ttlMs ?? 60_000;
    this.failureTtlMs = deps.failureTtlMs ?? 3_000;
    this.now = deps.now ?? (() => performance.now());
    const modelsChanged = deps.gateway.onDidChangeModels(() => this.invalidate());
    const endpointsChanged = deps.endpoints?.onDidChange(() => this.invalidate());
    this.subscriptions = [
      deps.onDidChangeSettings(() => this.invalidate()),
      new vscode.Disposable(() => modelsChanged.dispose()),
      new vscode.Disposable(() => endpointsChanged?.dispose()),
    ];
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }

  /** Drops every cached resolution (settings or installed models changed). */
  invalidate(): void {
    this.cache.clear();
    this.changed.fire();
  }

  async resolve(feature: Feature, opts: { signal?: AbortSignal; interactive?: boolean } = {}): Promise<ModelDetails> {
    const resolution = await abortable(this.describe(feature), opts.signal);
    switch (resolution.kind) {
      case 'configured':
        return resolution.model;
      case 'automatic':
        this.announce(feature, resolution.model.name, resolution.reason);
        return resolution.model;
      case 'missing': {
        // The caller says it: a command in one message with its buttons, completion in its status item.
        throw new OllamaError('modelNotFound', `model '${resolution.configured}' not found`, { model: resolution.configured });
      }
      case 'unfit':
        throw resolution.error;
      case 'none': {
        const rec = resolution.recommendation;
        if (opts.interactive) void this.offerPull(feature, rec);
        // The offer to pull is the one message for this cause: the caller's error is then only logged.
        throw new OllamaError('modelNotFound', `No installed model can be used for ${feature}; ${rec.name} is recommended.`, { model: rec.name, reported: opts.interactive === true });
      }
    }
  }

  /** The resolution without any message: for the Models view and the pickers. Cached like resolve(). */
  describe(feature: Feature): Promise<Resolution> {
    const settings = this.deps.settings();
    const remote = this.deps.endpoints && !this.deps.endpoints.isLocal(feature) ? this.deps.endpoints.gatewayFor(feature) : undefined;
    const key = `${remote?.endpoint ?? ''}|${settings.model[feature]}|${settings.allowCloudModels}`;
    const entry = this.cache.get(feature);
    if (entry && entry.key === key && this.now() - entry.at < (entry.failed ? this.failureTtlMs : this.ttlMs)) return entry.promise;
    const promise = remote ? this.computeServed(feature, remote, settings) : this.compute(feature, settings);
    const fresh: CacheEntry = { key, at: this.now(), promise };
    this.cache.set(feature, fresh);
    fresh.promise.then(
      (r) => {
        fresh.settled = r;
      },
      () => {
        fresh.failed = true;
      },
    );
    return fresh.promise;
  }

  /** A settled resolution from the cache, if any; never starts work. */
  peek(feature: Feature): Resolution | undefined {
    return this.cache.get(feature)?.settled;
  }

  /** The model each feature uses now (settled resolutions only). */
  modelFor(feature: Feature): string | undefined {
    const r = this.peek(feature);
    return r?.kind === 'configured' || r?.kind === 'automatic' ? r.model.name : undefined;
  }

  private async compute(feature: Feature, settings: HearthSettings): Promise<Resolution> {
    const { gateway } = this.deps;
    const configured = settings.model[feature];
    const models = await gateway.listModels();
    if (configured) return this.checkConfigured(feature, configured, models, settings.allowCloudModels);

    const usable = models.filter((m) => settings.allowCloudModels || !isCloud(m));
    // Templates tell instruct from base models; show() is cached by the gateway until models change.
    const details = await Promise.all(usable.map((m) => gateway.showModel(m.name).catch(() => undefined)));
    const candidates = usable.map((m, i) => candidateOf(details[i] ?? m, details[i]?.template));
    const fits = await this.budgetFor(feature, candidates);
    const choice = chooseModel(feature, candidates, { allowCloud: settings.allowCloudModels, fitsBudget: fits ? (c) => fits.get(c.name) : undefined });
    if (!choice) return { kind: 'none', recommendation: await this.recommend(feature) };
    return { kind: 'automatic', model: await gateway.showModel(choice.name), reason: choice.reason };
  }

  /**
   * A feature on another endpoint (a team's vLLM, a remote Ollama): the configured model when the server serves
   * it, else the automatic choice among the served models (a single one is the obvious choice: vLLM usually
   * serves one). Nothing is pulled there, so nothing is offered: no usable model is a plain modelNotFound.
   */
  private async computeServed(feature: Feature, gateway: ModelGateway, settings: HearthSettings): Promise<Resolution> {
    const configured = settings.model[feature];
    const models = await gateway.listModels();
    if (configured) {
      const served = models.find((m) => m.name === configured) ?? models.find((m) => sameModel(m.name, configured));
      if (!served) return { kind: 'missing', configured };
      const details = await gateway.showModel(served.name);
      if (isEmbeddingOnly(details)) {
        return { kind: 'unfit', configured, error: new OllamaError('capabilityMissing', `"${configured}" does not support generate`, { model: configured, capability: 'completion' }) };
      }
      return { kind: 'configured', model: details };
    }
    const details = await Promise.all(models.map((m) => gateway.showModel(m.name).catch(() => undefined)));
    // An empty template is "not known" (OpenAI-compatible servers apply their own): then the name decides.
    const candidates = models.map((m, i) => candidateOf(details[i] ?? m, details[i]?.template || undefined));
    const choice = chooseModel(feature, candidates, { allowCloud: settings.allowCloudModels });
    const single = candidates.length === 1 && !isEmbeddingOnly(candidates[0]) ? candidates[0] : undefined;
    const name = choice?.name ?? single?.name;
    if (!name) {
      throw new OllamaError('modelNotFound', `The endpoint "${gateway.endpoint}" (${gateway.label}) serves no model that can be used for ${feature}.`, { host: gateway.label, reported: false });
    }
    const reason: ChoiceReason = choice?.reason ?? (feature === 'completion' ? 'plainCompletion' : 'instruct');
    return { kind: 'automatic', model: await gateway.showModel(name), reason };
  }

  /** What to offer when nothing fits: the preferred model, or the largest that fits next to the partner's. */
  private async recommend(feature: Feature): Promise<Recommendation> {
    const fits = await this.deps.memory.fitsNextTo(this.modelFor(partnerOf(feature)));
    if (!fits) return topRecommendation(feature);
    const entries = await Promise.all(recommendationsFor(feature).map(async (r) => [r.name, await fits(r.name, r.downloadBytes)] as const));
    const fitting = new Map(entries);
    return topRecommendation(feature, (r) => fitting.get(r.name) ?? true);
  }

  private async checkConfigured(feature: Feature, configured: string, models: ModelSummary[], allowCloud: boolean): Promise<Resolution> {
    const refused = (host?: string): Resolution => ({
      kind: 'unfit',
      configured,
      error: new OllamaError('cloudModelRefused', `${configured} runs on a cloud service and cloud models are not allowed.`, { model: configured, host }),
    });
    if (!allowCloud && isCloudModelName(configured)) return refused();
    const installed = models.find((m) => sameModel(m.name, configured));
    if (!installed) return { kind: 'missing', configured };
    const details = await this.deps.gateway.showModel(installed.name);
    if (!allowCloud && details.remoteHost) return refused(details.remoteHost);
    if (feature === 'embedding') {
      if (isEmbeddingModel(details)) return { kind: 'configured', model: details };
      return {
        kind: 'unfit',
        configured,
        error: new OllamaError('capabilityMissing', `"${configured}" does not support embedding`, { model: configured, capability: 'embedding' }),
      };
    }
    if (isEmbeddingOnly(details)) {
      return {
        kind: 'unfit',
        configured,
        error: new OllamaError('capabilityMissing', `"${configured}" does not support generate`, { model: configured, capability: 'completion' }),
      };
    }
    return { kind: 'configured', model: details };
  }

  /** For text features, when GPU memory is known: which candidates fit next to the completion model. */
  private async budgetFor(feature: Feature, candidates: ChoiceCandidate[]): Promise<Map<string, boolean> | undefined> {
    if (feature === 'completion' || feature === 'embedding') return undefined;
    const completion = await this.describe('completion').catch(() => undefined);
    const partner = completion?.kind === 'configured' || completion?.kind === 'automatic' ? completion.model.name : undefined;
    const fits = await this.deps.memory.fitsNextTo(partner);
    if (!fits) return undefined;
    const result = new Map<string, boolean>();
    for (const c of candidates) result.set(c.name, await fits(c.name, c.sizeBytes));
    return result;
  }

  /** Says once (across sessions) which model an empty setting resolved to. */
  private announce(feature: Feature, model: string, reason: ChoiceReason): void {
    const announced = this.deps.memento.get<Partial<Record<Feature, string>>>(ANNOUNCED_KEY, {});
    if (announced[feature] !== undefined && sameModel(announced[feature], model)) return;
    void this.deps.memento.update(ANNOUNCED_KEY, { ...announced, [feature]: model });
    this.deps.log.info(`models: ${feature} uses ${model} (automatic: ${reason})`);
    // Said once, in the status bar (the Models view shows it for good): an automatic choice needs no answer.
    const message = vscode.l10n.t('Hearth uses {0} for {1}: {2}.', displayModelName(model), featureLabel(feature), reasonLabel(reason));
    this.deps.prompts.status(`$(info) ${message}`);
  }

  private async offerPull(feature: Feature, rec: Recommendation): Promise<void> {
    const message = vscode.l10n.t(
      'No installed model can be used for {0}. Hearth recommends {1} ({2} download): {3}',
      featureLabel(feature),
      rec.name,
      formatBytes(rec.downloadBytes),
      noteLabel(rec.note),
    );
    const id = await this.deps.prompts.notify('warning', message, [
      { id: 'pull', title: vscode.l10n.t('Pull {0}', rec.name) },
      { id: 'other', title: vscode.l10n.t('Other Models…') },
    ]);
    if (id === 'pull') await vscode.commands.executeCommand(Commands.pullModel, rec.name);
    else if (id === 'other') await vscode.commands.executeCommand(Commands.pullModel);
  }
}
