// What every model command works with, and the small helpers they share.
import * as vscode from 'vscode';
import type { OllamaGateway } from '../../../core/ollama/gateway';
import { displayModelName } from '../../../core/ollama/names';
import type { ModelSummary } from '../../../core/ollama/types';
import type { Feature } from '../../../core/settings';
import type { ReadOnlyDocuments } from '../../../platform/readonlyDocument';
import type { HearthServices } from '../../../platform/services';
import { modelFacts } from '../labels';
import type { MemorySense } from '../memorySense';
import type { ModelPrompts } from '../prompts';
import type { PullManager } from '../pulls';
import type { HearthModelResolver } from '../resolver';
import type { ModelsState } from '../state';

export interface ModelsContext {
  services: HearthServices;
  gateway: OllamaGateway;
  prompts: ModelPrompts;
  state: ModelsState;
  pulls: PullManager;
  resolver: HearthModelResolver;
  memory: MemorySense;
  documents: ReadOnlyDocuments;
}

/** A model name from a command argument: a string, a tree node or `{ name }`. */
export function nameFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'name' in arg && typeof (arg as { name: unknown }).name === 'string') return (arg as { name: string }).name;
  return undefined;
}

/** True when the daemon answers; otherwise the user has been told (with Start Ollama where it applies). */
export async function daemonReady(ctx: ModelsContext): Promise<boolean> {
  try {
    await ctx.services.daemon.ensureAvailable({ interactive: true });
    return true;
  } catch (err) {
    await ctx.prompts.reportError(err);
    return false;
  }
}

/** The installed models, fresh; undefined (and the user told) when the daemon cannot be asked. */
export async function installedModels(ctx: ModelsContext): Promise<ModelSummary[] | undefined> {
  try {
    return await ctx.gateway.listModels({ fresh: true });
  } catch (err) {
    await ctx.prompts.reportError(err);
    return undefined;
  }
}

/** The model named by the argument, or one the user picks from `candidates` (all installed by default). */
export async function modelFromArgOrPick(ctx: ModelsContext, arg: unknown, title: string, candidates?: (models: ModelSummary[]) => ModelSummary[]): Promise<string | undefined> {
  const named = nameFromArg(arg);
  if (named) return named;
  const models = await installedModels(ctx);
  if (!models) return undefined;
  const list = candidates ? candidates(models) : models;
  if (!list.length) {
    await ctx.prompts.notify('info', vscode.l10n.t('There is no model to choose from.'));
    return undefined;
  }
  return ctx.prompts.pick(
    list.map((m) => ({ label: displayModelName(m.name), description: modelFacts(m), value: m.name })),
    { title, placeholder: vscode.l10n.t('Choose a model') },
  );
}

/** Where a feature's model setting is written: the workspace when the user set it there, else user settings. */
export function settingTarget(feature: Feature): vscode.ConfigurationTarget {
  // The setting has window scope: a workspace may choose its models, a folder cannot.
  const inspected = vscode.workspace.getConfiguration('hearth').inspect(`model.${feature}`);
  if (inspected?.workspaceValue !== undefined) return vscode.ConfigurationTarget.Workspace;
  return vscode.ConfigurationTarget.Global;
}

/** Writes `hearth.model.<feature>`; '' (automatic) removes the value at that level. */
export async function writeModelSetting(feature: Feature, model: string): Promise<void> {
  await vscode.workspace.getConfiguration('hearth').update(`model.${feature}`, model || undefined, settingTarget(feature));
}
