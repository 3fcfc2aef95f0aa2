// Says once per model (per session) when a loaded model sits partly in CPU memory, with the fixes
// that usually bring it back onto the GPU. "Don't Show Again" turns it off for good.
import * as vscode from 'vscode';
import { adviceFor, DAEMON_SETTINGS, partlyOnCpu, type CpuAdvice } from '../../core/daemon';
import { displayModelName, normalizeModelName } from '../../core/ollama/names';
import type { RunningModel } from '../../core/ollama/types';
import { formatPercent } from '../../core/text/format';
import { Commands } from '../../platform/commands';
import type { RunningModelsWatcher } from '../../core/daemon';

const OFF_KEY = 'hearth.daemon.gpuWarningOff';

function adviceText(advice: CpuAdvice, model: RunningModel, loaded: readonly RunningModel[]): string {
  switch (advice) {
    case 'fewerModels':
      return vscode.l10n.t('unload the other models ({0} loaded now, or set OLLAMA_MAX_LOADED_MODELS=1)', loaded.length);
    case 'shorterContext':
      // Hearth sends num_ctx from hearth.contextLength; only when that is 0 does the server's default apply.
      return vscode.l10n.t('a shorter context (now {0} tokens): lower hearth.contextLength, or OLLAMA_CONTEXT_LENGTH when that setting is 0', model.contextLength ?? '?');
    case 'smallerQuantization':
      return model.quantization
        ? vscode.l10n.t('a smaller quantization or model than {0} {1}', model.parameterSize, model.quantization)
        : vscode.l10n.t('a smaller quantization or a smaller model');
  }
}

export function cpuWarningText(model: RunningModel, loaded: readonly RunningModel[]): string {
  const fixes = adviceFor(model, loaded).map((a) => adviceText(a, model, loaded));
  return vscode.l10n.t(
    '{0} is only {1} in GPU memory; the rest runs on the CPU, which is much slower. Likely fixes: {2}.',
    displayModelName(model.name),
    formatPercent(model.gpuShare),
    fixes.join(vscode.l10n.t('; ')),
  );
}

/** Shows the warning once per model; `warned()` lists the models it was shown for (tests read it). */
export function registerGpuWarning(running: RunningModelsWatcher, state: vscode.Memento): { disposable: vscode.Disposable; warned(): string[] } {
  const warned = new Set<string>();
  const disposable = running.onDidChange((models) => {
    if (state.get<boolean>(OFF_KEY)) return;
    for (const model of partlyOnCpu(models)) {
      const key = normalizeModelName(model.name).toLowerCase();
      if (warned.has(key)) continue;
      warned.add(key);
      void show(model, models, state);
    }
  });
  return { disposable, warned: () => [...warned] };
}

async function show(model: RunningModel, loaded: readonly RunningModel[], state: vscode.Memento): Promise<void> {
  const settings = vscode.l10n.t('Ollama Settings');
  const never = vscode.l10n.t("Don't Show Again");
  const picked = await vscode.window.showWarningMessage(cpuWarningText(model, loaded), settings, never);
  if (picked === settings) await vscode.commands.executeCommand(Commands.openSettings, DAEMON_SETTINGS.env);
  if (picked === never) await state.update(OFF_KEY, true);
}
