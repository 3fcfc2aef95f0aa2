// The daemon's part of "Hearth: Check Connection": the binary and how it was found, who started the
// daemon, the environment Hearth passed, and the loaded models with their share in GPU memory.
import * as vscode from 'vscode';
import type { Discovery } from '../../core/daemon';
import type { RunningModel } from '../../core/ollama/types';
import type { ReportLine, SectionProvider } from '../../platform/report';
import type { HearthServices } from '../../platform/services';
import type { DaemonWords } from './reportWords';
import type { DaemonService } from './service';

function envText(vars: Record<string, string>): string {
  const entries = Object.entries(vars);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : vscode.l10n.t('(none)');
}

/** `words` are the main bundle's (this section loads in the connection bundle, which must not copy them). */
export function daemonSection(services: HearthServices, daemon: DaemonService, words: DaemonWords): SectionProvider {
  const { binarySourceText, missingBinaryText, ownerText, partlyOnCpu, cpuWarningText, modelsTable } = words;
  return async (signal, facts) => {
    const supervisor = daemon.supervisor;
    const host = services.config.host;
    const local = host?.isLoopback !== false;
    const settings = daemon.settings;
    const spawned = supervisor.spawnedDaemon;
    const lines: ReportLine[] = [];

    let binary: Discovery | undefined;
    if (spawned) binary = { kind: 'found', path: spawned.binary, source: spawned.source };
    else if (local && settings.runMode === 'binary') binary = await supervisor.findBinary(true);
    // Without a daemon of its own, the binary is the one Start Ollama would run (not necessarily the one running).
    const label = spawned ? vscode.l10n.t('Ollama binary') : vscode.l10n.t('Binary Hearth would start');
    if (binary?.kind === 'found') lines.push({ label, value: `${binary.path} (${binarySourceText(binary.source)})` });
    else if (binary) lines.push({ label, value: missingBinaryText(binary), ok: false });
    else if (!local) lines.push({ label, value: vscode.l10n.t('not looked for: the host is another computer') });
    lines.push({ label: vscode.l10n.t('How Hearth runs Ollama'), value: `hearth.ollama.runMode: ${settings.runMode}` });

    const owner = await supervisor.owner();
    lines.push({ label: vscode.l10n.t('Started by'), value: ownerText(owner) });
    if (owner.kind === 'container') lines.push({ label: vscode.l10n.t('Container'), value: `${owner.name} ${owner.id.slice(0, 12)} (${owner.cli})` });
    if (spawned) {
      lines.push({ label: vscode.l10n.t('Environment passed'), value: envText(spawned.env.passed) });
      if (Object.keys(spawned.env.inherited).length) lines.push({ label: vscode.l10n.t('Inherited from VS Code'), value: envText(spawned.env.inherited) });
      if (spawned.env.removed.length) lines.push({ label: vscode.l10n.t('Removed'), value: spawned.env.removed.join(', ') });
      if (spawned.env.problems.length) {
        lines.push({ label: vscode.l10n.t('Skipped in hearth.ollama.env'), value: spawned.env.problems.map((p) => `${p.key || 'hearth.ollama.env'} (${p.reason})`).join(', '), ok: false });
      }
    } else if (owner.kind === 'external') {
      lines.push({ label: vscode.l10n.t('Environment passed'), value: vscode.l10n.t('not known: Hearth did not start this daemon') });
    }
    lines.push({ label: vscode.l10n.t('Start automatically'), value: settings.autoStart });
    lines.push({ label: vscode.l10n.t('Stop when VS Code closes'), value: settings.stopOnExit ? vscode.l10n.t('yes (only a daemon Hearth started)') : vscode.l10n.t('no') });

    let running: RunningModel[] = [];
    let markdown: string | undefined;
    if (facts.connected) {
      running = await services.gateway.runningModels({ signal, timeoutMs: 5_000 }).catch(() => []);
      const warnings = partlyOnCpu(running).map((m) => `> ⚠ ${cpuWarningText(m, running)}`);
      markdown = [`**${vscode.l10n.t('Loaded models')}**`, '', modelsTable(running), ...(warnings.length ? ['', ...warnings] : [])].join('\n');
    }
    return {
      section: { title: vscode.l10n.t('Ollama daemon'), lines, markdown },
      facts: {
        daemon: {
          status: daemon.status.kind,
          binary: binary?.kind === 'found' ? binary.path : null,
          binarySource: binary?.kind === 'found' ? binary.source : null,
          owner: owner.kind === 'external' ? owner.origin : owner.kind,
          env: spawned ? spawned.env.passed : null,
          running: running.map((m) => ({ name: m.name, sizeBytes: m.sizeBytes, gpuShare: m.gpuShare, contextLength: m.contextLength ?? null, expiresAt: m.expiresAt?.toISOString() ?? null })),
        },
      },
    };
  };
}
