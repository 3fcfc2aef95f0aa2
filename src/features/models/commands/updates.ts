// Check for Model Updates: Ollama can only tell by pulling, so Hearth says so and asks first, pulls each
// model in turn (cancellable), and reports which ones changed by their manifest digest.
import * as vscode from 'vscode';
import { checkForUpdates, updatableModels, type ModelUpdateResult } from '../../../core/models/updates';
import { displayModelName } from '../../../core/ollama/names';
import { formatBytes } from '../../../core/text/format';
import { progressText } from '../labels';
import { daemonReady, installedModels, type ModelsContext } from './context';

function outcomeText(r: ModelUpdateResult): string {
  switch (r.outcome) {
    case 'updated':
      return vscode.l10n.t('updated');
    case 'unchanged':
      return vscode.l10n.t('up to date');
    case 'skipped':
      return vscode.l10n.t('skipped (runs in a cloud)');
    case 'cancelled':
      return vscode.l10n.t('not checked (cancelled)');
    case 'failed':
      return r.failure?.kind === 'unknownModel' ? vscode.l10n.t('not in the library (made locally?)') : vscode.l10n.t('failed: {0}', r.failure?.serverMessage ?? '?');
  }
}

function report(results: ModelUpdateResult[]): string {
  const short = (digest: string | undefined): string => (digest ? digest.slice(0, 12) : '');
  return [
    `# ${vscode.l10n.t('Model updates')}`,
    '',
    `| ${vscode.l10n.t('Model')} | ${vscode.l10n.t('Result')} | ${vscode.l10n.t('Digest before')} | ${vscode.l10n.t('Digest after')} |`,
    '|---|---|---|---|',
    ...results.map((r) => `| ${displayModelName(r.name)} | ${outcomeText(r).replace(/\|/g, '\\|')} | ${short(r.digestBefore)} | ${short(r.digestAfter)} |`),
    '',
  ].join('\n');
}

function summary(results: ModelUpdateResult[]): string {
  const names = (outcome: ModelUpdateResult['outcome']): string[] => results.filter((r) => r.outcome === outcome).map((r) => displayModelName(r.name));
  const updated = names('updated');
  const failed = [...names('failed')];
  const checked = results.filter((r) => r.outcome === 'updated' || r.outcome === 'unchanged').length;
  const parts = [updated.length ? vscode.l10n.t('Updated: {0}.', updated.join(', ')) : vscode.l10n.t('No model changed.')];
  parts.push(vscode.l10n.t('{0} of {1} models checked.', checked, results.length));
  if (failed.length) parts.push(vscode.l10n.t('Could not check: {0}.', failed.join(', ')));
  return parts.join(' ');
}

export async function checkModelUpdates(ctx: ModelsContext): Promise<ModelUpdateResult[] | undefined> {
  if (!(await daemonReady(ctx))) return undefined;
  const models = await installedModels(ctx);
  if (!models) return undefined;
  const updatable = updatableModels(models);
  if (!updatable.length) {
    await ctx.prompts.notify('info', vscode.l10n.t('There are no downloaded models to check.'));
    return undefined;
  }
  const total = updatable.reduce((n, m) => n + m.sizeBytes, 0);
  const answer = await ctx.prompts.confirm(
    vscode.l10n.t('Check {0} models for updates?', updatable.length),
    vscode.l10n.t(
      'Ollama cannot tell whether a model has a newer version without pulling it, so Hearth pulls each one again. Layers that did not change are not downloaded: an up-to-date model costs a quick check, a changed one downloads its new layers (at most {0} if every model changed).',
      formatBytes(total),
    ),
    [{ id: 'check', title: vscode.l10n.t('Pull and Compare') }],
  );
  if (answer !== 'check') return undefined;
  const count = updatable.length;
  const results = await ctx.prompts.progress(vscode.l10n.t('Checking for model updates'), (progress, signal) => {
    let index = 0;
    let name = '';
    return checkForUpdates(ctx.gateway, updatable, {
      signal,
      onModel: (i, n) => {
        index = i;
        name = displayModelName(n);
        progress.report(vscode.l10n.t('{0} of {1}: {2}', i + 1, count, name), i / count);
      },
      onProgress: (s) => progress.report(`${vscode.l10n.t('{0} of {1}: {2}', index + 1, count, name)} · ${progressText(s)}`, (index + (s.fraction ?? 0)) / count),
    });
  });
  await ctx.state.refresh();
  void ctx.prompts.notify('info', summary(results), [{ id: 'report', title: vscode.l10n.t('Show Report') }]).then((id) => {
    if (id === 'report') void ctx.documents.showRendered('Model updates.md', report(results));
  });
  return results;
}
