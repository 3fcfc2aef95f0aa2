// Pull Model: a pick of recommended models per feature (with download sizes) plus any name typed in,
// validated before anything is sent; a memory warning when a recommended model would not fit next to
// the other feature's model; then the pull itself (PullManager).
import * as vscode from 'vscode';
import { RECOMMENDATIONS, type Recommendation } from '../../../core/models/catalogue';
import { checkModelName, isInstalled } from '../../../core/models/names';
import type { PullOutcome } from '../../../core/models/pull';
import type { Feature } from '../../../core/settings';
import { formatBytes } from '../../../core/text/format';
import { nameProblemLabel, noteLabel } from '../labels';
import { partnerOf } from '../memorySense';
import type { PickItem } from '../prompts';
import { daemonReady, nameFromArg, type ModelsContext } from './context';

interface PullChoice {
  name: string;
  recommendation?: Recommendation;
}

async function pickModelToPull(ctx: ModelsContext): Promise<PullChoice | undefined> {
  const installed = await ctx.gateway.listModels().catch(() => []);
  const item = (r: Recommendation): PickItem<PullChoice> => ({
    label: r.name,
    description: [formatBytes(r.downloadBytes), r.parameterSize, isInstalled(r.name, installed) ? vscode.l10n.t('installed') : ''].filter(Boolean).join(' · '),
    detail: noteLabel(r.note),
    value: { name: r.name, recommendation: r },
  });
  const items: PickItem<PullChoice>[] = [
    { label: vscode.l10n.t('For completion (fill in the middle)'), separator: true },
    ...RECOMMENDATIONS.filter((r) => r.features.includes('completion')).map(item),
    { label: vscode.l10n.t('For chat, summaries and translation'), separator: true },
    ...RECOMMENDATIONS.filter((r) => !r.features.includes('completion')).map(item),
  ];
  return ctx.prompts.pick(items, {
    title: vscode.l10n.t('Pull a Model'),
    placeholder: vscode.l10n.t('Choose a recommended model, or type any name from ollama.com/library (e.g. gemma3:4b)'),
    freeText: (text) => {
      const check = checkModelName(text);
      if (!check.ok) return { invalid: nameProblemLabel(check.problem) };
      return { item: { label: `$(cloud-download) ${check.name}`, description: vscode.l10n.t('Pull this name from the Ollama library'), value: { name: check.name } } };
    },
  });
}

/** The feature whose memory pairing a recommended model is checked against. */
function featureOf(r: Recommendation): Feature {
  return r.features.includes('completion') ? 'completion' : 'chat';
}

/** Asks before pulling a recommended model that will not fit next to the partner feature's model. */
async function memoryAllows(ctx: ModelsContext, choice: PullChoice): Promise<boolean> {
  const r = choice.recommendation;
  if (!r) return true;
  const feature = featureOf(r);
  const partner = await ctx.resolver.describe(partnerOf(feature)).catch(() => undefined);
  const partnerModel = partner?.kind === 'configured' || partner?.kind === 'automatic' ? partner.model.name : undefined;
  const warning = await ctx.memory.pairWarning(feature, { name: r.name, fileBytes: r.downloadBytes }, partnerModel);
  if (!warning) return true;
  return (await ctx.prompts.confirm(warning, undefined, [{ id: 'pull', title: vscode.l10n.t('Pull Anyway') }])) === 'pull';
}

/** `hearth.pullModel [name]`: resolves with the outcome (undefined when nothing was pulled). */
export async function pullModel(ctx: ModelsContext, arg?: unknown): Promise<PullOutcome | undefined> {
  const named = nameFromArg(arg);
  let choice: PullChoice | undefined;
  if (named !== undefined) {
    const check = checkModelName(named);
    if (!check.ok) {
      await ctx.prompts.notify('error', vscode.l10n.t('"{0}" is not a valid model name. {1}', named, nameProblemLabel(check.problem)));
      return undefined;
    }
    choice = { name: check.name, recommendation: RECOMMENDATIONS.find((r) => r.name === check.name) };
  } else {
    choice = await pickModelToPull(ctx);
  }
  if (!choice) return undefined;
  if (!(await daemonReady(ctx))) return undefined;
  if (!(await memoryAllows(ctx, choice))) return undefined;
  return ctx.pulls.pull(choice.name);
}
