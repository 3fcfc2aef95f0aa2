// Starting Ollama as the user sees it: one progress notification however many callers ask, the
// autoStart question (asked once: Start / Always Start / Never), and one clear message per outcome.
import * as vscode from 'vscode';
import { AutoStartGate, DAEMON_SETTINGS, type AutoStartAnswer, type ContainerStarted, type StartResult } from '../../core/daemon';
import { formatDuration } from '../../core/text/format';
import type { ErrorReporter } from '../../platform/errors';
import type { ContainerPromptsHolder } from './containerPrompts';
import type * as FailureWords from '../../lazy/daemonMessages';
import { lazyBundle } from '../../platform/lazy';
import { approxSize, ownerText } from './messages';
import type { DaemonService } from './service';

/** The words for a failed Start: loaded at the first failure. */
const failureWords = lazyBundle<typeof FailureWords>('daemonMessages');

export type StartOrigin = 'command' | 'auto';

export class StartFlow {
  private running: Promise<StartResult> | undefined;
  private readonly gate = new AutoStartGate(
    () => askToStart(),
    (value) => Promise.resolve(vscode.workspace.getConfiguration().update(DAEMON_SETTINGS.autoStart, value, vscode.ConfigurationTarget.Global)),
  );

  constructor(
    private readonly service: DaemonService,
    private readonly errors: ErrorReporter,
    private readonly prompts: ContainerPromptsHolder,
    /** After Hearth started its container: the check of the GPU Ollama found in it (containerGpu.ts). */
    private readonly afterContainerStart: (container: ContainerStarted) => void,
  ) {}

  /** Starts with a cancellable progress notification; concurrent calls share it. */
  start(origin: StartOrigin): Promise<StartResult> {
    this.running ??= this.run(origin).finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * Starts when `hearth.ollama.autoStart` allows it (asking once for `ask`); undefined when not allowed,
   * 'declined' when the user was just asked and did not choose Start (that question was the message).
   */
  async startIfAllowed(): Promise<StartResult | 'declined' | undefined> {
    // Without a binary (or container CLI) there is nothing to start: the feature's own error offers Install instead.
    const found = await this.service.supervisor.canStart();
    const decision = await this.gate.decide(this.service.settings.autoStart, found);
    if (decision === 'declined') return 'declined';
    if (decision === 'no') return undefined;
    return this.start('auto');
  }

  private async run(origin: StartOrigin): Promise<StartResult> {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting Ollama…'), cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        const container = {
          confirmDownload: (image: string, bytes: number): Promise<boolean> =>
            this.prompts.current.confirm(
              vscode.l10n.t('Download the Ollama image {0} ({1})?', image, approxSize(bytes)),
              vscode.l10n.t('Hearth runs Ollama in a container, and the image is not on this computer yet. It is a download of {0} (a rough figure), and the models you pull later come on top.', approxSize(bytes)),
              vscode.l10n.t('Download'),
            ),
          onPullProgress: (p: { layers: number; done: number }) => {
            const percent = p.layers ? Math.floor((100 * p.done) / p.layers) : 0;
            progress.report({ message: vscode.l10n.t('Downloading the Ollama image: {0} of {1} layers', p.done, p.layers), increment: Math.max(0, percent - reported) });
            reported = Math.max(reported, percent);
          },
        };
        return this.service.supervisor.start({ cancel: controller.signal, container }).finally(() => subscription.dispose());
      },
    );
    this.present(result, origin);
    return result;
  }

  private present(result: StartResult, origin: StartOrigin): void {
    switch (result.kind) {
      case 'started':
        vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Ollama started in {0}', formatDuration(result.elapsedMs)), 5_000);
        if (result.container) this.afterContainerStart(result.container);
        return;
      case 'alreadyRunning':
        if (origin === 'command') {
          void vscode.window.showInformationMessage(vscode.l10n.t('Ollama {0} is already running. Started by: {1}.', result.version, ownerText(result.owner)));
        }
        return;
      case 'failed': {
        const message = failureWords().startFailureMessage(result.failure);
        if (message) void this.errors.showMessage(message);
      }
    }
  }
}

async function askToStart(): Promise<AutoStartAnswer> {
  const start = vscode.l10n.t('Start');
  const always = vscode.l10n.t('Always Start');
  const never = vscode.l10n.t('Never');
  const picked = await vscode.window.showInformationMessage(vscode.l10n.t('Ollama is not running. Start it now?'), start, always, never);
  return picked === start ? 'start' : picked === always ? 'always' : picked === never ? 'never' : undefined;
}
