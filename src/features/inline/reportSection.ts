// The "Inline completion" section of the Check Connection report: the model and its context window, how its
// prompts are laid out, whether completion is paused, and what the engine has done so far this session.
import * as vscode from 'vscode';
import type { CompletionEngine } from '../../core/completion/engine';
import { OllamaError } from '../../core/ollama/errors';
import { displayModelName } from '../../core/ollama/names';
import { chooseFormat } from '../../core/prompts/completionPrompt';
import { userMessageFor } from '../../platform/errors';
import type { ReportLine, SectionProvider } from '../../platform/report';
import type { CompletionModelSource } from './modelSource';
import type { PauseState } from './pauseState';
import type { CompletionSettingsService } from './settings';

export function completionSection(
  settings: CompletionSettingsService,
  models: CompletionModelSource,
  pause: PauseState,
  engine: CompletionEngine,
): SectionProvider {
  return async (signal, facts) => {
    if (!facts.connected) return undefined;
    const lines: ReportLine[] = [];
    const until = pause.until;
    lines.push({
      label: vscode.l10n.t('State'),
      value: until === undefined ? vscode.l10n.t('on') : until === 'forever' ? vscode.l10n.t('paused') : vscode.l10n.t('snoozed until {0}', new Date(until).toLocaleTimeString()),
    });
    let format: string | undefined;
    try {
      const model = await models.get(signal);
      const chosen = chooseFormat(model, settings.current.promptFormat);
      format = chosen.format === 'template' ? `${chosen.family}` : chosen.format;
      lines.push({ label: vscode.l10n.t('Model'), value: displayModelName(model.name), ok: true });
      // The window every feature's requests for this model run with (hearth.contextLength).
      lines.push({ label: vscode.l10n.t('Context window'), value: vscode.l10n.t('{0} tokens', model.contextWindow.toLocaleString()) });
      lines.push({ label: vscode.l10n.t('Prompt layout'), value: chosen.format === 'template' ? vscode.l10n.t('{0} fill-in-the-middle tokens', chosen.family ?? '?') : chosen.format === 'suffix' ? vscode.l10n.t('the API suffix (the model’s own template)') : vscode.l10n.t('plain continuation') });
    } catch (err) {
      const error = err instanceof OllamaError ? err : new OllamaError('server', String(err));
      lines.push({ label: vscode.l10n.t('Model'), value: userMessageFor(error, { feature: 'completion' }).message, ok: false });
    }
    const s = engine.stats;
    lines.push({
      label: vscode.l10n.t('This session'),
      value: vscode.l10n.t('{0} requests for {1} keystrokes, {2} answered from memory, {3} aborted', s.requests, s.calls, s.cacheHits + s.typedAheadHits + s.streamHits, s.aborted),
    });
    return { section: { title: vscode.l10n.t('Inline completion'), lines }, facts: { completion: { format, ...s } } };
  };
}
