// Use Model for…: choose the model of a feature from the installed models that can do its job (fill in
// the middle for completion, instruct models for the rest), with size and whether it is loaded, or go
// back to the automatic choice. Writes the setting where the user keeps it.
import * as vscode from 'vscode';
import { isCloud, isEmbeddingOnly, rankForFeature, suitsFeature, type ChoiceCandidate } from '../../../core/models/choice';
import { displayModelName, sameModel } from '../../../core/ollama/names';
import type { ModelSummary } from '../../../core/ollama/types';
import { FEATURES, type Feature } from '../../../core/settings';
import { Commands } from '../../../platform/commands';
import { capabilityLabel, featureLabel, featureTitle, modelFacts } from '../labels';
import { partnerOf } from '../memorySense';
import type { ModelGateway } from '../../../core/endpoints/modelGateway';
import { installedModels, nameFromArg, writeModelSetting, type ModelsContext } from './context';

export interface UseModelResult {
  feature: Feature;
  /** '' = automatic. */
  model: string;
}

function isFeature(value: unknown): value is Feature {
  return typeof value === 'string' && (FEATURES as readonly string[]).includes(value);
}

/**
 * Where a feature's models come from: the local Ollama, or (issue 15) the endpoint the feature is routed to, whose
 * served models are the choice then. Memory advice, "loaded" and Pull are the local Ollama's and left out there.
 */
interface Source {
  readonly gateway: Pick<ModelGateway, 'listModels' | 'showModel'>;
  /** The endpoint's name when it is not the local Ollama. */
  readonly endpoint?: string;
}

function sourceFor(ctx: ModelsContext, feature: Feature): Source {
  const endpoints = ctx.services.endpoints;
  if (endpoints.isLocal(feature)) return { gateway: ctx.gateway };
  return { gateway: endpoints.gatewayFor(feature), endpoint: endpoints.connectionFor(feature).name };
}

async function servedModels(ctx: ModelsContext, source: Source): Promise<ModelSummary[] | undefined> {
  if (!source.endpoint) return installedModels(ctx);
  try {
    return await source.gateway.listModels({ fresh: true });
  } catch (err) {
    await ctx.prompts.reportError(err);
    return undefined;
  }
}

async function candidatesOf(ctx: ModelsContext, models: ModelSummary[], source: Source = { gateway: ctx.gateway }): Promise<ChoiceCandidate[]> {
  const details = await Promise.all(models.map((m) => source.gateway.showModel(m.name).catch(() => undefined)));
  return models.map((m, i) => ({
    name: m.name,
    sizeBytes: m.sizeBytes,
    parameterSize: m.parameterSize,
    capabilities: details[i]?.capabilities ?? m.capabilities ?? ['completion'],
    // An empty template is "not known" on an OpenAI-compatible server (it applies its own): the name decides then.
    template: source.endpoint ? details[i]?.template || undefined : details[i]?.template,
    remoteHost: details[i]?.remoteHost ?? m.remoteHost,
  }));
}

function currentText(ctx: ModelsContext, feature: Feature): string {
  const configured = ctx.services.config.settings.model[feature];
  if (configured) return displayModelName(configured);
  const auto = ctx.resolver.modelFor(feature);
  return auto ? vscode.l10n.t('{0} (chosen automatically)', displayModelName(auto)) : vscode.l10n.t('automatic');
}

async function pickFeature(ctx: ModelsContext, model: string | undefined): Promise<Feature | undefined> {
  await Promise.all(FEATURES.map((f) => ctx.resolver.describe(f).catch(() => undefined)));
  return ctx.prompts.pick(
    FEATURES.map((f) => ({ label: featureTitle(f), description: currentText(ctx, f), value: f })),
    { title: model ? vscode.l10n.t('Use {0} for…', displayModelName(model)) : vscode.l10n.t('Use Model for…'), placeholder: vscode.l10n.t('Choose a feature') },
  );
}

async function pickModel(ctx: ModelsContext, feature: Feature, models: ModelSummary[], source: Source): Promise<string | undefined> {
  const [candidates, running] = await Promise.all([candidatesOf(ctx, models, source), source.endpoint ? [] : ctx.gateway.runningModels().catch(() => [])]);
  const ranked = rankForFeature(feature, candidates, { allowCloud: ctx.services.config.settings.allowCloudModels });
  // A server says little about its models (no template, no capabilities): what it serves, bar embedding models,
  // is the choice there, the ones that look fit first (the resolver's automatic choice reads them the same way).
  if (source.endpoint) ranked.push(...candidates.filter((c) => !ranked.includes(c) && !isEmbeddingOnly(c) && (ctx.services.config.settings.allowCloudModels || !isCloud(c))));
  if (!ranked.length && source.endpoint) {
    await ctx.prompts.notify('warning', vscode.l10n.t('The endpoint {0} serves no model that can be used for {1}.', source.endpoint, featureLabel(feature)));
    return undefined;
  }
  if (!ranked.length) {
    const id = await ctx.prompts.notify('warning', vscode.l10n.t('No installed model can be used for {0}.', featureLabel(feature)), [{ id: 'pull', title: vscode.l10n.t('Pull a Model…') }]);
    if (id === 'pull') await vscode.commands.executeCommand(Commands.pullModel);
    return undefined;
  }
  const configured = ctx.services.config.settings.model[feature];
  const auto = await ctx.resolver.describe(feature).catch(() => undefined);
  const autoName = auto?.kind === 'automatic' ? auto.model.name : undefined;
  const loaded = vscode.l10n.t('loaded');
  return ctx.prompts.pick(
    [
      {
        label: `$(sparkle) ${vscode.l10n.t('Automatic')}`,
        description: autoName ? vscode.l10n.t('Hearth chooses; now {0}', displayModelName(autoName)) : vscode.l10n.t('Hearth chooses'),
        value: '',
        picked: !configured,
      },
      { label: source.endpoint ? vscode.l10n.t('Models of the endpoint {0} that can do it', source.endpoint) : vscode.l10n.t('Installed models that can do it'), separator: true },
      ...ranked.map((c) => {
        const summary = models.find((m) => m.name === c.name);
        const isLoaded = running.some((r) => sameModel(r.name, c.name));
        return {
          label: displayModelName(c.name),
          description: [summary ? modelFacts(summary) : '', isLoaded ? loaded : ''].filter(Boolean).join(' · '),
          detail: c.capabilities.filter((cap) => cap !== 'completion').map(capabilityLabel).join(', ') || undefined,
          value: c.name,
          picked: !!configured && sameModel(configured, c.name),
        };
      }),
    ],
    { title: vscode.l10n.t('Model for {0}', featureLabel(feature)), placeholder: vscode.l10n.t('Current: {0}', currentText(ctx, feature)), matchOnDetail: true },
  );
}

/** Asks when the choice will not fit in GPU memory next to the partner feature's model. */
async function memoryAllows(ctx: ModelsContext, feature: Feature, model: string): Promise<boolean> {
  const partner = await ctx.resolver.describe(partnerOf(feature)).catch(() => undefined);
  const partnerModel = partner?.kind === 'configured' || partner?.kind === 'automatic' ? partner.model.name : undefined;
  const warning = await ctx.memory.pairWarning(feature, { name: model }, partnerModel);
  if (!warning) return true;
  return (await ctx.prompts.confirm(warning, undefined, [{ id: 'use', title: vscode.l10n.t('Use Anyway') }])) === 'use';
}

/** `hearth.useModelFor [feature | model]`. */
export async function useModelFor(ctx: ModelsContext, arg?: unknown): Promise<UseModelResult | undefined> {
  const presetModel = isFeature(arg) ? undefined : nameFromArg(arg);
  const feature = isFeature(arg) ? arg : await pickFeature(ctx, presetModel);
  if (!feature) return undefined;
  const source = sourceFor(ctx, feature);
  const models = await servedModels(ctx, source);
  if (!models) return undefined;
  let model: string | undefined;
  if (presetModel) {
    const [candidate] = await candidatesOf(ctx, models.filter((m) => sameModel(m.name, presetModel)), source);
    const fits = (c: ChoiceCandidate): boolean => (source.endpoint ? !isEmbeddingOnly(c) : suitsFeature(feature, c));
    if (!candidate || !fits(candidate)) {
      await ctx.prompts.notify('error', vscode.l10n.t('{0} cannot be used for {1}.', displayModelName(presetModel), featureLabel(feature)));
      return undefined;
    }
    model = candidate.name;
  } else {
    model = await pickModel(ctx, feature, models, source);
  }
  if (model === undefined) return undefined;
  // GPU memory advice is about this computer's GPU: not for a model served elsewhere.
  if (model && !source.endpoint && !(await memoryAllows(ctx, feature, model))) return undefined;
  await writeModelSetting(feature, model);
  ctx.prompts.status(
    model ? vscode.l10n.t('Hearth now uses {0} for {1}.', displayModelName(model), featureLabel(feature)) : vscode.l10n.t('Hearth chooses the model for {0} automatically.', featureLabel(feature)),
  );
  return { feature, model };
}
