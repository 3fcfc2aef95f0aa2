// The notice itself, loaded at the first stall (dist/lazy/stall.js): see stallPrompt.ts for what it does and why
// it is a progress notification.
import * as vscode from 'vscode';
import { displayModelName } from '../core/ollama/names';
import type { StallDecision, StallInfo } from '../core/ollama/stall';
import type { StallNotice, StallPrompts } from './stallPrompt';

/** The sentence for a quiet stream, `quietMs` into the silence. */
export function stallText(info: Pick<StallInfo, 'phase' | 'model'>, quietMs: number): string {
  const seconds = Math.round(quietMs / 1000);
  const model = displayModelName(info.model);
  switch (info.phase) {
    case 'loading':
      return vscode.l10n.t('Ollama has not answered for {0} s (the model {1} is still loading). Waiting…', seconds, model);
    case 'waiting':
      return vscode.l10n.t('Ollama has not answered for {0} s (the model {1} is loaded but has not started its answer). Waiting…', seconds, model);
    default:
      return vscode.l10n.t('Ollama has not answered for {0} s (the model {1} stopped in the middle of its answer). Waiting…', seconds, model);
  }
}

export function presentAsProgress(notice: StallNotice): Promise<StallDecision> {
  const { info } = notice;
  return new Promise<StallDecision>((resolve) => {
    if (info.over.aborted) {
      resolve('wait');
      return;
    }
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, cancellable: true }, (progress, token) => {
      return new Promise<void>((end) => {
        const shownAt = Date.now();
        const tick = (): void => progress.report({ message: stallText(info, info.quietMs + Date.now() - shownAt) });
        const timer = setInterval(tick, 1_000);
        const finish = (decision: StallDecision): void => {
          clearInterval(timer);
          info.over.removeEventListener('abort', onOver);
          cancelled.dispose();
          end();
          resolve(decision);
        };
        const onOver = (): void => finish('wait');
        info.over.addEventListener('abort', onOver);
        const cancelled = token.onCancellationRequested(() => finish('cancel'));
        tick();
      });
    });
  });
}


/** What a StallPrompts handler does: log, show the notice, run the feature's cancel when the user cancels. */
export async function askAboutStall(prompts: StallPrompts, feature: string, info: StallInfo, cancel: (() => void) | undefined): Promise<StallDecision> {
  prompts.log.warn(`${feature}: Ollama at ${info.host} sent nothing for ${Math.round(info.quietMs / 1000)} s (${info.phase}, ${info.model})`);
  const notice: StallNotice = { message: stallText(info, info.quietMs), actions: [vscode.l10n.t('Cancel')], info };
  const decision = await (prompts.presenter ?? presentAsProgress)(notice);
  if (decision === 'cancel' && !info.over.aborted) cancel?.();
  return decision;
}
