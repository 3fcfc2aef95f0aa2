// Delete, Copy, Unload, Preload and Show: the rest of a model's life, each asking first where the
// change cannot be undone, and each leaving the view up to date.
import * as vscode from 'vscode';
import { isEmbeddingOnly } from '../../../core/models/choice';
import { checkModelName, isInstalled, suggestCopyName } from '../../../core/models/names';
import { isAbort, isOllamaError } from '../../../core/ollama/errors';
import { displayModelName, sameModel } from '../../../core/ollama/names';
import { FEATURES, type Feature } from '../../../core/settings';
import { formatBytes } from '../../../core/text/format';
import { Commands } from '../../../platform/commands';
import { featureLabel, nameProblemLabel } from '../labels';
import { modelDocument } from '../showDocument';
import { installedModels, modelFromArgOrPick, nameFromArg, type ModelsContext } from './context';

function list(features: Feature[]): string {
  return features.map(featureLabel).join(', ');
}

/** The model disappeared between the list and the action (deleted in a terminal, say). */
async function vanished(ctx: ModelsContext, name: string): Promise<void> {
  ctx.gateway.invalidate();
  ctx.resolver.invalidate();
  void ctx.prompts.notify('info', vscode.l10n.t('{0} is no longer installed (it was removed outside Hearth). The list is up to date now.', displayModelName(name)));
  await ctx.state.latest();
}

export async function deleteModel(ctx: ModelsContext, arg?: unknown): Promise<boolean> {
  const name = await modelFromArgOrPick(ctx, arg, vscode.l10n.t('Delete a Model'));
  if (!name) return false;
  const shown = displayModelName(name);
  const snapshot = await ctx.state.refresh();
  const settings = ctx.services.config.settings;
  const configuredFor = FEATURES.filter((f) => settings.model[f] && sameModel(settings.model[f], name));
  const chosenFor = snapshot.uses.filter((u) => u.automatic && u.model && sameModel(u.model, name)).map((u) => u.feature);
  const installed = snapshot.installed.find((m) => sameModel(m.name, name));
  const loaded = snapshot.running.some((m) => sameModel(m.name, name));
  const detail: string[] = [];
  if (installed) detail.push(vscode.l10n.t('This frees up to {0} on the Ollama host (layers other models share stay).', formatBytes(installed.sizeBytes)));
  if (configuredFor.length) detail.push(vscode.l10n.t('Your settings use it for {0}: Hearth will ask you to pull it again or choose another model.', list(configuredFor)));
  if (chosenFor.length) detail.push(vscode.l10n.t('Hearth chose it for {0} and will choose another model.', list(chosenFor)));
  if (loaded) detail.push(vscode.l10n.t('It is loaded in memory now: Hearth unloads it first.'));
  const answer = await ctx.prompts.confirm(vscode.l10n.t('Delete {0}?', shown), detail.join('\n\n') || undefined, [{ id: 'delete', title: vscode.l10n.t('Delete') }]);
  if (answer !== 'delete') return false;
  try {
    if (loaded) await ctx.gateway.unloadModel(name).catch(() => undefined);
    await ctx.gateway.deleteModel(name);
  } catch (err) {
    if (isOllamaError(err, 'modelNotFound')) await vanished(ctx, name);
    else await ctx.prompts.reportError(err, { model: name });
    return false;
  }
  ctx.prompts.status(vscode.l10n.t('Deleted {0}.', shown));
  await ctx.state.latest();
  if (configuredFor.length) {
    const choose = { id: 'choose', title: vscode.l10n.t('Choose Another…') };
    void ctx.prompts.notify('info', vscode.l10n.t('{0} was the model for {1}. Choose another one?', shown, list(configuredFor)), [choose]).then((id) => {
      if (id === 'choose') void vscode.commands.executeCommand(Commands.useModelFor, configuredFor[0]);
    });
  }
  return true;
}

export async function copyModel(ctx: ModelsContext, arg?: unknown): Promise<string | undefined> {
  const source = await modelFromArgOrPick(ctx, arg, vscode.l10n.t('Copy a Model'));
  if (!source) return undefined;
  const models = await installedModels(ctx);
  if (!models) return undefined;
  const destination = await ctx.prompts.input({
    title: vscode.l10n.t('Copy {0}', displayModelName(source)),
    prompt: vscode.l10n.t('Name of the copy, as model:tag'),
    value: suggestCopyName(source, models.map((m) => m.name)),
    validate: (text) => {
      const check = checkModelName(text);
      if (!check.ok) return nameProblemLabel(check.problem);
      return sameModel(check.name, source) ? vscode.l10n.t('That is the model itself: choose another name.') : undefined;
    },
  });
  const check = checkModelName(destination ?? '');
  if (!destination || !check.ok || sameModel(check.name, source)) return undefined;
  if (isInstalled(check.name, models)) {
    const answer = await ctx.prompts.confirm(
      vscode.l10n.t('{0} already exists. Replace it with a copy of {1}?', displayModelName(check.name), displayModelName(source)),
      vscode.l10n.t('The model now named {0} will be gone; its files stay only if other models use them.', displayModelName(check.name)),
      [{ id: 'replace', title: vscode.l10n.t('Replace') }],
    );
    if (answer !== 'replace') return undefined;
  }
  try {
    await ctx.gateway.copyModel(source, check.name);
  } catch (err) {
    if (isOllamaError(err, 'modelNotFound')) await vanished(ctx, source);
    else await ctx.prompts.reportError(err, { model: source });
    return undefined;
  }
  ctx.prompts.status(vscode.l10n.t('Copied {0} to {1}.', displayModelName(source), displayModelName(check.name)));
  await ctx.state.latest();
  return check.name;
}

export async function unloadModel(ctx: ModelsContext, arg?: unknown): Promise<boolean> {
  let name = nameFromArg(arg);
  if (!name) {
    const running = await ctx.gateway.runningModels().catch(async (err: unknown) => {
      await ctx.prompts.reportError(err);
      return undefined;
    });
    if (!running) return false;
    if (!running.length) {
      await ctx.prompts.notify('info', vscode.l10n.t('No model is loaded in memory.'));
      return false;
    }
    name = await ctx.prompts.pick(
      running.map((m) => ({ label: displayModelName(m.name), description: formatBytes(m.sizeBytes), value: m.name })),
      { title: vscode.l10n.t('Unload a Model'), placeholder: vscode.l10n.t('Choose a model to free its memory') },
    );
    if (!name) return false;
  }
  try {
    await ctx.gateway.unloadModel(name);
  } catch (err) {
    await ctx.prompts.reportError(err, { model: name });
    return false;
  }
  ctx.prompts.status(vscode.l10n.t('Unloaded {0}.', displayModelName(name)));
  await ctx.state.refresh();
  return true;
}

export async function preloadModel(ctx: ModelsContext, arg?: unknown): Promise<boolean> {
  const name = await modelFromArgOrPick(ctx, arg, vscode.l10n.t('Preload a Model'), (models) => models.filter((m) => !isEmbeddingOnly({ capabilities: m.capabilities ?? ['completion'] })));
  if (!name) return false;
  const shown = displayModelName(name);
  try {
    await ctx.prompts.progress(vscode.l10n.t('Loading {0} into memory…', shown), (_progress, signal) => ctx.gateway.loadModel(name, { signal }));
  } catch (err) {
    if (!isAbort(err)) await ctx.prompts.reportError(err, { model: name });
    return false;
  }
  const snapshot = await ctx.state.refresh();
  const running = snapshot.running.find((m) => sameModel(m.name, name));
  ctx.prompts.status(running ? vscode.l10n.t('{0} is loaded ({1}).', shown, formatBytes(running.sizeBytes)) : vscode.l10n.t('{0} is loaded.', shown));
  return true;
}

/** Opens the details document; resolves with its text (for tests). */
export async function showModel(ctx: ModelsContext, arg?: unknown): Promise<string | undefined> {
  const name = await modelFromArgOrPick(ctx, arg, vscode.l10n.t('Show a Model'));
  if (!name) return undefined;
  let details;
  try {
    details = await ctx.gateway.showModel(name);
  } catch (err) {
    if (isOllamaError(err, 'modelNotFound')) await vanished(ctx, name);
    else await ctx.prompts.reportError(err, { model: name });
    return undefined;
  }
  const snapshot = ctx.state.snapshot ?? (await ctx.state.refresh());
  const text = modelDocument(details, {
    running: snapshot.running.find((m) => sameModel(m.name, name)),
    uses: snapshot.uses.filter((u) => u.model && sameModel(u.model, name)),
  });
  await ctx.documents.showRendered(`${displayModelName(name).replace(/[:/\\]/g, '_')}.md`, text);
  return text;
}
