// The completion item in the status bar: on, working, paused or snoozed, off for this language, or stopped
// by a problem; a click opens the menu to pause, resume, snooze, switch the language off or on, and more.
import * as vscode from 'vscode';
import { isEnabledFor } from '../../core/completion/completionSettings';
import type { CompletionEngine } from '../../core/completion/engine';
import { displayModelName } from '../../core/ollama/names';
import type { DaemonStatus } from '../../core/daemon/status';
import { statusProblem } from '../../core/state/problem';
import type { HearthState } from '../../core/state/hearthState';
import { Commands } from '../../platform/commands';
import { connectionSentence } from '../../platform/connectionText';
import { userMessageFor } from '../../platform/errors';
import type { CompletionFailures } from './failures';
import type { CompletionModelSource } from './modelSource';
import type { PauseState } from './pauseState';
import type { CompletionSettingsService } from './settings';

export const SNOOZE_COMMAND = 'hearth.completion.snooze';
export const TOGGLE_LANGUAGE_COMMAND = 'hearth.completion.toggleLanguage';

/** What a click on the item does while Ollama cannot be used: the next step for that state. */
function connectionFix(status: DaemonStatus): vscode.Command | string {
  switch (status.kind) {
    case 'notRunning':
      return status.remote ? Commands.checkConnection : Commands.startOllama;
    case 'notInstalled':
      return status.missing.kind === 'notFound' ? Commands.installOllama : { command: Commands.openSettings, title: '', arguments: ['hearth.ollama.path'] };
    default:
      return Commands.checkConnection;
  }
}

function minutesLeft(until: number): number {
  return Math.max(1, Math.ceil((until - Date.now()) / 60_000));
}

export class CompletionStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly engine: CompletionEngine,
    private readonly settings: CompletionSettingsService,
    private readonly pause: PauseState,
    private readonly failures: CompletionFailures,
    private readonly models: CompletionModelSource,
    private readonly state: HearthState,
  ) {
    this.item = vscode.window.createStatusBarItem('hearth.completion', vscode.StatusBarAlignment.Right, 99);
    this.item.name = vscode.l10n.t('Hearth Inline Completion');
    this.item.command = Commands.completionMenu;
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      settings.onDidChange(() => this.update()),
      pause.onDidChange(() => this.update()),
      failures.onDidChange(() => this.update()),
      state.onDidChange((change) => {
        if (change.connectionKindChanged) this.update();
      }),
      engine.onEvent((e) => {
        if (e.type === 'request' || e.type === 'response' || e.type === 'abort') this.update();
      }),
    );
    this.update();
  }

  /** What the item shows now (tests read it). */
  get shown(): { text: string; tooltip: string; visible: boolean } {
    const tooltip = this.item.tooltip;
    return { text: this.item.text, tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''), visible: this.visible };
  }

  private visible = false;

  update(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      this.item.hide();
      this.visible = false;
      return;
    }
    const language = editor.document.languageId;
    const until = this.pause.until;
    const error = this.failures.error;
    const model = this.models.name ? displayModelName(this.models.name) : vscode.l10n.t('chosen automatically');
    this.item.backgroundColor = undefined;
    this.item.command = Commands.completionMenu;
    this.scheduleTicker(typeof until === 'number');
    const connection = this.state.snapshot.connection;
    const down = statusProblem(connection) !== undefined;
    if (down && until === undefined && isEnabledFor(this.settings.current.enable, language)) {
      // Said here, not in a notification: the click leads to the fix (Start, Install, Settings).
      this.item.text = '$(debug-disconnect) Hearth';
      this.item.tooltip = vscode.l10n.t('Inline completion waits for Ollama: {0}', connectionSentence(connection));
      this.item.command = connectionFix(connection);
    } else if (error && this.failures.state.kind === 'blocked') {
      this.item.text = '$(warning) Hearth';
      this.item.tooltip = vscode.l10n.t('Inline completion is stopped: {0}', userMessageFor(error, { feature: 'completion' }).message);
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else if (until === 'forever') {
      this.item.text = '$(debug-pause) Hearth';
      this.item.tooltip = vscode.l10n.t('Inline completion is paused. Click to resume or for more options.');
    } else if (typeof until === 'number') {
      this.item.text = `$(clock) ${vscode.l10n.t('{0} min', minutesLeft(until))}`;
      this.item.tooltip = vscode.l10n.t('Inline completion is snoozed for {0} more minutes.', minutesLeft(until));
    } else if (!isEnabledFor(this.settings.current.enable, language)) {
      this.item.text = '$(circle-slash) Hearth';
      this.item.tooltip = vscode.l10n.t('Automatic inline completion is off for {0}. Alt+\\ still suggests on demand.', language);
    } else if (this.engine.busy) {
      this.item.text = '$(loading~spin) Hearth';
      this.item.tooltip = vscode.l10n.t('Asking {0} for a suggestion…', model);
    } else {
      this.item.text = '$(sparkle) Hearth';
      this.item.tooltip = error
        ? vscode.l10n.t('Inline completion is waiting for Ollama: {0}', userMessageFor(error, { feature: 'completion' }).message)
        : vscode.l10n.t('Inline completion is on ({0}). Click to pause, snooze or change it.', model);
    }
    this.item.show();
    this.visible = true;
  }

  private scheduleTicker(on: boolean): void {
    if (on && !this.ticker) this.ticker = setInterval(() => this.update(), 30_000);
    if (!on && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}

interface MenuItem extends vscode.QuickPickItem {
  run: () => unknown;
}

/** The menu behind the status bar item. */
export async function showCompletionMenu(settings: CompletionSettingsService, pause: PauseState): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const items: MenuItem[] = [];
  if (pause.paused) {
    items.push({ label: `$(debug-start) ${vscode.l10n.t('Resume inline completion')}`, run: () => pause.resume() });
  } else {
    items.push({ label: `$(debug-pause) ${vscode.l10n.t('Pause inline completion')}`, run: () => pause.pause() });
    items.push({ label: `$(clock) ${vscode.l10n.t('Snooze for 30 minutes')}`, run: () => pause.snooze(30 * 60_000) });
    items.push({ label: `$(clock) ${vscode.l10n.t('Snooze…')}`, run: () => vscode.commands.executeCommand(SNOOZE_COMMAND) });
  }
  if (editor) {
    const language = editor.document.languageId;
    const on = isEnabledFor(settings.current.enable, language);
    items.push({
      label: on ? `$(circle-slash) ${vscode.l10n.t('Turn off for {0}', language)}` : `$(check) ${vscode.l10n.t('Turn on for {0}', language)}`,
      run: () => vscode.commands.executeCommand(TOGGLE_LANGUAGE_COMMAND),
    });
    items.push({ label: `$(sparkle) ${vscode.l10n.t('Suggest here now')}`, description: 'Alt+\\', run: () => vscode.commands.executeCommand(Commands.triggerCompletion) });
    items.push({ label: `$(edit) ${vscode.l10n.t('Draft here…')}`, run: () => vscode.commands.executeCommand(Commands.draftHere) });
  }
  const known = new Set(await vscode.commands.getCommands(true));
  if (known.has(Commands.useModelFor)) {
    items.push({ label: `$(server-process) ${vscode.l10n.t('Choose the completion model…')}`, run: () => vscode.commands.executeCommand(Commands.useModelFor, 'completion') });
  }
  items.push({ label: `$(gear) ${vscode.l10n.t('Completion settings')}`, run: () => vscode.commands.executeCommand(Commands.openSettings, 'hearth.completion') });
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Hearth inline completion') });
  await picked?.run();
}

/** Asks how long to snooze, then snoozes. */
export async function pickSnooze(pause: PauseState): Promise<void> {
  const choices = [15, 30, 60, 120].map((minutes) => ({
    label: minutes < 60 ? vscode.l10n.t('{0} minutes', minutes) : vscode.l10n.t('{0} hours', minutes / 60),
    minutes,
  }));
  const picked = await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Snooze inline completion for…') });
  if (picked) await pause.snooze(picked.minutes * 60_000);
}

/** Turns automatic completion off or on for the active editor's language in the user settings. */
export async function toggleLanguage(settings: CompletionSettingsService): Promise<void> {
  const language = vscode.window.activeTextEditor?.document.languageId;
  if (!language) return;
  const config = vscode.workspace.getConfiguration('hearth.completion');
  const current = config.inspect<Record<string, boolean>>('enable')?.globalValue ?? {};
  const enable = { ...current, [language]: !isEnabledFor(settings.current.enable, language) };
  await config.update('enable', enable, vscode.ConfigurationTarget.Global);
}
