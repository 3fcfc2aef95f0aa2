// The foundation's sections of the connection report: where the daemon is, whether it answers,
// which models are installed and which model each feature will use.
import * as vscode from 'vscode';
import { statusProblem } from '../../core/state/problem';
import { OllamaError } from '../../core/ollama/errors';
import { displayModelName } from '../../core/ollama/names';
import { FEATURES } from '../../core/settings';
import { formatBytes } from '../../core/text/format';
import type { HearthServices } from '../../platform/services';
import type { SectionProvider } from '../../platform/report';
import { connectionSentence } from '../../platform/connectionText';
import { userMessageFor } from '../../platform/errors';

function hostSourceText(source: string): string {
  switch (source) {
    case 'setting':
      return vscode.l10n.t('from the setting hearth.host');
    case 'environment':
      return vscode.l10n.t('from the environment variable OLLAMA_HOST');
    default:
      return vscode.l10n.t('default');
  }
}

export function connectionSection(services: HearthServices): SectionProvider {
  return async (signal) => {
    const host = services.config.host;
    const title = vscode.l10n.t('Connection');
    const lines = [
      {
        label: vscode.l10n.t('Host'),
        value: host ? `${host.url} (${hostSourceText(host.source)})` : services.config.gatewayConfig().hostSetting,
        ok: host ? undefined : false,
      },
    ];
    // One check, and every section reads the state it left: the report cannot say "connected" in one
    // place and "not running" in another.
    const status = await services.daemon.check(signal);
    if (status.kind === 'connected') {
      lines.push({ label: vscode.l10n.t('Ollama version'), value: status.version, ok: true });
      return { section: { title, lines }, facts: { connected: true, host: host?.url, hostSource: host?.source, version: status.version } };
    }
    const error = statusProblem(status) ?? new OllamaError('unreachable', 'Ollama has not answered yet.', { reason: 'other' });
    lines.push({ label: vscode.l10n.t('Status'), value: connectionSentence(status), ok: false });
    return {
      section: { title, lines },
      failure: error,
      facts: { connected: false, host: host?.url, hostSource: host?.source, error: { kind: error.kind, message: error.message } },
    };
  };
}

export function modelsSection(services: HearthServices): SectionProvider {
  return async (signal, facts) => {
    if (!facts.connected) return undefined;
    const models = await services.gateway.listModels({ signal, fresh: true });
    const rows = models.map((m) => {
      const caps = (m.capabilities ?? []).join(', ');
      return `| ${displayModelName(m.name)} | ${formatBytes(m.sizeBytes)} | ${m.parameterSize} | ${m.quantization} | ${caps} |`;
    });
    const table = models.length
      ? [`| ${vscode.l10n.t('Model')} | ${vscode.l10n.t('Size')} | ${vscode.l10n.t('Parameters')} | ${vscode.l10n.t('Quantization')} | ${vscode.l10n.t('Capabilities')} |`, '|---|---|---|---|---|', ...rows].join('\n')
      : vscode.l10n.t('No models are installed yet.');
    return {
      section: {
        title: vscode.l10n.t('Installed models'),
        lines: [{ label: vscode.l10n.t('Count'), value: String(models.length), ok: models.length > 0 }],
        markdown: table,
      },
      facts: { models: models.map((m) => m.name) },
    };
  };
}

export function featuresSection(services: HearthServices): SectionProvider {
  return async (signal, facts) => {
    if (!facts.connected) return undefined;
    const lines = [];
    const chosen: Record<string, string | null> = {};
    for (const feature of FEATURES) {
      const configured = services.config.settings.model[feature];
      try {
        const model = await services.models.resolve(feature, { signal, interactive: false });
        chosen[feature] = model.name;
        const how = configured ? vscode.l10n.t('set in settings') : vscode.l10n.t('chosen automatically');
        lines.push({ label: feature, value: `${displayModelName(model.name)} (${how})`, ok: true });
      } catch (err) {
        chosen[feature] = null;
        const error = err instanceof OllamaError ? err : new OllamaError('server', String(err));
        lines.push({ label: feature, value: userMessageFor(error, { feature, model: configured }).message, ok: false });
      }
    }
    return { section: { title: vscode.l10n.t('Models per feature'), lines }, facts: { features: chosen } };
  };
}
