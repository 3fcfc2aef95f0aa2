// Completes the first three steps from what Hearth already knows: the daemon's status (found, running)
// and, once it answers, whether completion and chat each have a model. Never asks the daemon itself
// before the health monitor has found it answering, and stops asking once the models step is done.
import * as vscode from 'vscode';
import type { DaemonStatus } from '../../core/daemon';
import type { Feature } from '../../core/settings';
import { milestonesForStatus, modelsReady, type ModelAvailability } from '../../core/walkthrough/signals';
import type { Resolution } from '../models/resolver';
import type { WalkthroughMilestones } from './progressKeys';

export interface DaemonStatusSource {
  status(): DaemonStatus;
  onDidChangeStatus(listener: (status: DaemonStatus) => void): vscode.Disposable;
}

/** The resolver's side-effect-free view (no "Hearth chose…" message, no pull offer). */
export interface ModelChoices {
  describe(feature: Feature): Promise<Resolution>;
  readonly onDidChange: vscode.Event<void>;
}

function availability(r: Resolution | undefined): ModelAvailability {
  if (!r) return 'unknown';
  return r.kind === 'configured' || r.kind === 'automatic' ? 'model' : 'none';
}

export function watchSetup(milestones: WalkthroughMilestones, daemon: DaemonStatusSource, models: ModelChoices, log: vscode.LogOutputChannel): vscode.Disposable {
  let checking = false;
  let again = false;

  const checkModels = async (): Promise<void> => {
    if (milestones.has('modelsReady') || daemon.status().kind !== 'connected') return;
    if (checking) {
      again = true;
      return;
    }
    checking = true;
    try {
      do {
        again = false;
        const [completion, chat] = await Promise.all((['completion', 'chat'] as const).map((f) => models.describe(f).catch(() => undefined)));
        if (modelsReady(availability(completion), availability(chat))) milestones.reach('modelsReady');
      } while (again && !milestones.has('modelsReady'));
    } catch (err) {
      log.warn(`Get started: checking the models: ${String(err)}`);
    } finally {
      checking = false;
    }
  };

  const statusChanged = (status: DaemonStatus): void => {
    for (const m of milestonesForStatus(status)) milestones.reach(m);
    if (status.kind === 'connected') void checkModels();
  };

  statusChanged(daemon.status());
  return vscode.Disposable.from(
    daemon.onDidChangeStatus(statusChanged),
    // Models pulled, deleted or chosen in settings: the resolver dropped its answers.
    models.onDidChange(() => void checkModels()),
  );
}
