// "Get started with Hearth": the walkthrough contributed in package.json, the steps completing themselves
// (context keys from the milestones features report, kept in globalState), the Get Started command, the
// samples it opens, and opening it once on the first install. Activation costs a globalState read and a
// setContext per milestone already reached; nothing here talks to the daemon until its status says it answers.
import * as vscode from 'vscode';
import { FIRST_RUN_KEY, hasEarlierState, shouldOpenOnFirstRun, type Milestone } from '../../core/walkthrough/progress';
import type * as WalkthroughBundle from '../../lazy/walkthrough';
import { lazyBundle } from '../../platform/lazy';
import type { HearthServices } from '../../platform/services';
import { WALKTHROUGH_ID, WalkthroughCommands } from './ids';
import type { WalkthroughMilestones } from './progressKeys';
import type { OpenedSample, SampleFiles } from './samples';
import { watchSetup, type DaemonStatusSource, type ModelChoices } from './setupWatch';

export { WalkthroughMilestones } from './progressKeys';
export { WALKTHROUGH_ID, WALKTHROUGH_STEPS, WalkthroughCommands } from './ids';

/** Test hooks: what has been reached, and a way to replay the first run. */
export interface WalkthroughApi {
  /** `<publisher>.<name>#hearth.getStarted`, as workbench.action.openWalkthrough takes it. */
  readonly id: string;
  reached(): Milestone[];
  readonly onDidReach: vscode.Event<Milestone>;
  /** Forgets every milestone and clears the context keys. */
  reset(): Promise<void>;
  /** Resolves once the milestones reached so far are written to globalState. */
  flushed(): Promise<void>;
}

/** The samples' code, loaded at the first sample opened. */
const walkthroughBundle = lazyBundle<typeof WalkthroughBundle>('walkthrough');

export function walkthroughId(context: vscode.ExtensionContext): string {
  return `${context.extension.id}#${WALKTHROUGH_ID}`;
}

/** Opens the walkthrough; `inactive` keeps the focus where it is (the first-run open). */
export function openWalkthrough(context: vscode.ExtensionContext, inactive = false): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughId(context), { inactive });
}

/**
 * Whether this activation opens the walkthrough: only the first activation after a fresh install decides
 * (an upgrade from a version without the walkthrough never does), and VS Code's own setting can say no.
 * Call it first in activate(), before any feature writes to globalState. Records that the decision was taken.
 */
export function decideFirstRun(context: vscode.ExtensionContext): boolean {
  const state = context.globalState;
  const handled = state.get<boolean>(FIRST_RUN_KEY) === true;
  const open = shouldOpenOnFirstRun({
    handled,
    upgraded: hasEarlierState(state.keys()),
    openOnInstall: vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true),
  });
  if (!handled) void state.update(FIRST_RUN_KEY, true);
  return open;
}

export function register(
  services: HearthServices,
  milestones: WalkthroughMilestones,
  daemon: DaemonStatusSource,
  models: ModelChoices,
  firstRun: boolean,
): { disposable: vscode.Disposable; api: WalkthroughApi } {
  const { context, log } = services;
  /** Made at the first sample opened (the bundle loads then). */
  let samples: SampleFiles | undefined;
  const disposable = vscode.Disposable.from(
    watchSetup(milestones, daemon, models, log),
    vscode.commands.registerCommand(WalkthroughCommands.open, () => openWalkthrough(context)),
    vscode.commands.registerCommand(WalkthroughCommands.openSample, (arg?: unknown): Promise<OpenedSample | undefined> => {
      const bundle = walkthroughBundle();
      samples ??= new bundle.SampleFiles(context.extensionUri, vscode.Uri.joinPath(context.globalStorageUri, 'samples'));
      return bundle.openSample(samples, arg);
    }),
    { dispose: () => samples?.dispose() },
  );
  if (firstRun) {
    log.info('First run: opening the Get Started walkthrough');
    void Promise.resolve(openWalkthrough(context, true)).catch((err: unknown) => log.warn(`opening the walkthrough: ${String(err)}`));
  }
  const api: WalkthroughApi = {
    id: walkthroughId(context),
    reached: () => milestones.reached(),
    onDidReach: milestones.onDidReach,
    reset: () => milestones.reset(),
    flushed: () => milestones.flushed(),
  };
  return { disposable, api };
}
