// Inline drafting: ghost-text completions while typing (code, comments and prose), the manual trigger
// (Alt+\), pause/resume/snooze from the status bar, and the "Draft here" command.
import * as vscode from 'vscode';
import { engineConfigOf } from '../../core/completion/completionSettings';
import { CompletionEngine } from '../../core/completion/engine';
import type { EngineEvent, EngineStats } from '../../core/completion/stats';
import type { Event } from '../../core/util/events';
import type { CommentSyntaxProvider } from '../../platform/commentSyntax';
import { Commands } from '../../platform/commands';
import type { HearthServices } from '../../platform/services';
import { COMPLETION_SELECTOR, normalizedOffset } from '../../platform/documentSource';
import type { DraftHere, DraftOptions, DraftOutcome } from '../draft/draftHere';
import type * as ConnectionBundle from '../../lazy/connection';
import type * as DraftBundle from '../../lazy/draft';
import { lazyBundle } from '../../platform/lazy';
import { EditWatch } from './editWatch';
import { CompletionFailures } from './failures';
import { CompletionModelSource } from './modelSource';
import { PauseState } from './pauseState';
import { ACCEPTED_COMMAND, HearthInlineProvider, type ProvidedSuggestion } from './provider';
import { CompletionSettingsService } from './settings';
import { CompletionStatus, pickSnooze, showCompletionMenu, SNOOZE_COMMAND, toggleLanguage, TOGGLE_LANGUAGE_COMMAND } from './statusBar';

/** What the feature exposes through the extension's API: for integration tests and diagnostics. */
/** The connection report's sections (this feature's among them): loaded at the first Check Connection. */
const connectionReport = lazyBundle<typeof ConnectionBundle>('connection');

export interface InlineApi {
  stats(): EngineStats;
  readonly onEngineEvent: Event<EngineEvent>;
  readonly onDidProvide: vscode.Event<ProvidedSuggestion>;
  /** Times VS Code asked the provider. */
  providerCalls(): number;
  /** Suggestions accepted (Tab) since activation. */
  accepted(): number;
  /** Runs Draft here without the input box. */
  draft(options: DraftOptions): Promise<DraftOutcome>;
  readonly paused: () => boolean;
  /** The inline item in the status bar as the user sees it. */
  statusItem(): { text: string; tooltip: string; visible: boolean };
}

export interface InlineFeature extends vscode.Disposable {
  readonly api: InlineApi;
}

export function register(services: HearthServices, syntaxes: CommentSyntaxProvider): InlineFeature {
  const settings = new CompletionSettingsService(services);
  const engine = new CompletionEngine({
    // The completion feature's endpoint, asked per request: the router keeps one gateway per endpoint.
    generate: (params, signal) => services.endpoints.gatewayFor('completion').generate(params, signal),
    config: () => engineConfigOf(settings.current),
  });
  const models = new CompletionModelSource(services);
  const pause = new PauseState(services.context.globalState);
  const failures = new CompletionFailures(services);
  // The provider reads each edit's time from the watch; the watch hands line breaks to the provider.
  const provider = new HearthInlineProvider({ engine, settings, models, pause, failures, syntaxes, log: services.log, keyTime: (document): number | undefined => edits.keyTime(document) });
  const edits = new EditWatch(engine, provider);
  const status = new CompletionStatus(engine, settings, pause, failures, models, services.state);
  // Draft Here loads at its first use; until then there is nothing to stop or dispose.
  const draftBundle = lazyBundle<typeof DraftBundle>('draft');
  let draftSession: DraftHere | undefined;
  const draft = (): DraftHere => (draftSession ??= new (draftBundle().DraftHere)(services, syntaxes));
  let accepted = 0;
  /** Draft here, telling the walkthrough when a draft was written in full. */
  const runDraft = async (options: DraftOptions): Promise<DraftOutcome> => {
    const outcome = await draft().run(options);
    if (outcome.status === 'done') services.milestones.reach('drafted');
    return outcome;
  };

  const disposables: vscode.Disposable[] = [
    settings,
    models,
    pause,
    failures,
    provider,
    status,
    { dispose: () => draftSession?.dispose() },
    { dispose: () => engine.dispose() },
    vscode.languages.registerInlineCompletionItemProvider(COMPLETION_SELECTOR, provider),
    edits,
    engine.onEvent((e) => {
      if (e.type === 'response' && e.ok) failures.succeeded();
      // The first line was shown early and the whole block has arrived: let the editor ask again, where
      // the cursor still is, so the ghost text grows to the block instead of waiting for a Tab.
      if (e.type === 'extended') {
        const editor = vscode.window.activeTextEditor;
        const here = editor && editor.document.uri.toString() === e.documentId && editor.selections.length === 1 ? normalizedOffset(editor.document, editor.selection.active) : -1;
        // VS Code keeps the suggestion it shows when merely asked to trigger: hide it first so that it asks.
        if (here === e.offset) {
          void vscode.commands.executeCommand('editor.action.inlineSuggest.hide').then(() => vscode.commands.executeCommand('editor.action.inlineSuggest.trigger'));
        }
      }
    }),
    settings.onDidChange(() => engine.clear()),
    models.onDidInvalidate(() => {
      engine.clear();
      failures.reset();
    }),
    // The section's code is in the connection report's lazy bundle: only Check Connection runs it.
    services.report.addSection(250, (signal, facts) => connectionReport().completionSection(settings, models, pause, engine)(signal, facts)),
    vscode.commands.registerCommand(Commands.draftHere, (options?: DraftOptions) => runDraft(typeof options === 'object' ? options : {})),
    vscode.commands.registerCommand(Commands.stopDraft, () => draftSession?.stop()),
    vscode.commands.registerCommand(Commands.triggerCompletion, () => vscode.commands.executeCommand('editor.action.inlineSuggest.trigger')),
    vscode.commands.registerCommand(Commands.completionMenu, () => showCompletionMenu(settings, pause)),
    vscode.commands.registerCommand(Commands.pauseCompletion, () => pause.pause()),
    vscode.commands.registerCommand(Commands.resumeCompletion, () => pause.resume()),
    vscode.commands.registerCommand(SNOOZE_COMMAND, () => pickSnooze(pause)),
    vscode.commands.registerCommand(TOGGLE_LANGUAGE_COMMAND, () => toggleLanguage(settings)),
    vscode.commands.registerCommand(ACCEPTED_COMMAND, () => {
      accepted++;
      services.milestones.reach('drafted');
    }),
  ];

  const api: InlineApi = {
    stats: () => engine.stats,
    onEngineEvent: engine.onEvent,
    onDidProvide: provider.onDidProvide,
    accepted: () => accepted,
    providerCalls: () => provider.calls,
    draft: (options) => runDraft(options),
    paused: () => pause.paused,
    statusItem: () => status.shown,
  };
  return { api, dispose: () => vscode.Disposable.from(...disposables).dispose() };
}
