// What a feature the user invoked shows when Ollama goes quiet in the middle of it: "Ollama has not answered
// for N s (the model X is still loading)…" with Cancel, as a progress notification, because that is the one
// kind of notification Hearth can end: it goes away by itself when data arrives again or the request ends,
// so it never stays on screen once untrue. Keeping waiting is what happens while it shows (VS Code gives a
// progress notification no other button); Cancel stops the request as the feature's own Cancel would.
import * as vscode from 'vscode';
import { displayModelName } from '../core/ollama/names';
import type { StallDecision, StallHandler, StallInfo } from '../core/ollama/stall';

export interface StallNotice {
  /** The sentence on screen when the notice appears (the count of seconds goes on while it shows). */
  message: string;
  /** Button titles, in order. */
  actions: string[];
  info: StallInfo;
}

/** Puts a notice on screen; resolves with the user's answer, or 'wait' once `notice.info.over` fired (the notice must then go). */
export type StallPresenter = (notice: StallNotice) => Promise<StallDecision>;

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

function presentAsProgress(notice: StallNotice): Promise<StallDecision> {
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

export class StallPrompts {
  private presenter: StallPresenter = presentAsProgress;

  constructor(private readonly log: Pick<vscode.LogOutputChannel, 'warn' | 'info'>) {}

  /**
   * The stall callback for one request of a feature the user invoked. `cancel`: the feature's own way to stop
   * (the chat's Stop), run when the user cancels here so that the feature ends as cancelled, not failed.
   */
  handler(feature: string, cancel?: () => void): StallHandler {
    return async (info) => {
      this.log.warn(`${feature}: Ollama at ${info.host} sent nothing for ${Math.round(info.quietMs / 1000)} s (${info.phase}, ${info.model})`);
      const decision = await this.presenter({ message: stallText(info, info.quietMs), actions: [vscode.l10n.t('Cancel')], info });
      if (decision === 'cancel' && !info.over.aborted) {
        this.log.info(`${feature}: cancelled by the user after ${Math.round(info.quietMs / 1000)} s without an answer`);
        cancel?.();
      }
      return decision;
    };
  }

  /** Replaces how notices reach the screen (integration tests answer them); dispose to restore the window. */
  usePresenter(presenter: StallPresenter): { dispose(): void } {
    this.presenter = presenter;
    return { dispose: () => (this.presenter = presentAsProgress) };
  }
}
