// "Show Model": a read-only Markdown document with a model's details, capabilities, context length,
// parameters, template, system prompt, the start of its license and a Modelfile to build on.
import * as vscode from 'vscode';
import { architectureFacts, fenced, parameterRows, rebuildableModelfile, shortenText } from '../../core/models/show';
import { displayModelName } from '../../core/ollama/names';
import type { ModelDetails, RunningModel } from '../../core/ollama/types';
import { formatBytes, formatPercent } from '../../core/text/format';
import { capabilityLabel, featureLabel } from './labels';
import type { FeatureUse } from './state';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function modelDocument(details: ModelDetails, context: { running?: RunningModel; uses: FeatureUse[] }): string {
  const name = displayModelName(details.name);
  const facts = architectureFacts(details);
  const out: string[] = [`# ${name}`, ''];
  const rows: [string, string][] = [
    [vscode.l10n.t('Family'), [details.family, details.architecture !== details.family ? details.architecture : ''].filter(Boolean).join(' / ')],
    [vscode.l10n.t('Parameters'), details.parameterSize],
    [vscode.l10n.t('Quantization'), details.quantization],
    [vscode.l10n.t('Size'), details.sizeBytes ? formatBytes(details.sizeBytes) : ''],
    [vscode.l10n.t('Context length'), details.contextLength ? vscode.l10n.t('{0} tokens', details.contextLength.toLocaleString()) : ''],
    [vscode.l10n.t('Embedding length'), facts.embeddingLength ? String(facts.embeddingLength) : ''],
    [vscode.l10n.t('Capabilities'), details.capabilities.map((c) => `${c} (${capabilityLabel(c)})`).join(', ')],
    [vscode.l10n.t('Used for'), context.uses.map((u) => (u.automatic ? vscode.l10n.t('{0} (chosen automatically)', featureLabel(u.feature)) : featureLabel(u.feature))).join(', ')],
    [
      vscode.l10n.t('Loaded'),
      context.running
        ? vscode.l10n.t('{0} in memory, {1} on the GPU, {2} tokens of context', formatBytes(context.running.sizeBytes), formatPercent(context.running.gpuShare), String(context.running.contextLength ?? '?'))
        : vscode.l10n.t('no'),
    ],
    [vscode.l10n.t('Runs on'), details.remoteHost ?? ''],
    [vscode.l10n.t('Modified'), details.modifiedAt ? new Date(details.modifiedAt).toLocaleString() : ''],
    [vscode.l10n.t('Digest'), details.digest],
  ];
  out.push(`| | |`, `|---|---|`);
  for (const [label, value] of rows) if (value) out.push(`| ${cell(label)} | ${cell(value)} |`);
  out.push('');

  const params = parameterRows(details.parameters);
  if (params.length) {
    out.push(`## ${vscode.l10n.t('Parameters')}`, '', `| ${vscode.l10n.t('Name')} | ${vscode.l10n.t('Value')} |`, '|---|---|');
    for (const p of params) out.push(`| ${cell(p.key)} | \`${cell(p.value)}\` |`);
    out.push('');
  }
  if (details.system) out.push(`## ${vscode.l10n.t('System prompt')}`, '', fenced(details.system, 'text'), '');
  if (details.template) out.push(`## ${vscode.l10n.t('Template')}`, '', fenced(details.template, 'go-template'), '');
  if (details.license) {
    const license = shortenText(details.license);
    out.push(`## ${vscode.l10n.t('License')}`, '', fenced(license.text, 'text'));
    if (license.shortened) out.push('', vscode.l10n.t('(shortened: the license has {0} lines in all; the Modelfile below has the whole text)', license.totalLines));
    out.push('');
  }
  if (details.modelfile) {
    out.push(
      `## ${vscode.l10n.t('Modelfile')}`,
      '',
      vscode.l10n.t('Copy it into a file named Modelfile, edit it, and run "Hearth: Create Model from Modelfile" to make your own variant.'),
      '',
      fenced(rebuildableModelfile(details.modelfile, details.name), 'modelfile'),
      '',
    );
  }
  return out.join('\n');
}
