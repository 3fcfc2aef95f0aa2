// Which walkthrough milestones the daemon's status and the model choices prove. Plain functions, so the
// rules ("found" includes a daemon that answers; "models ready" needs completion and chat) are tested alone.
import type { DaemonStatus } from '../daemon/status';
import type { Milestone } from './progress';

/**
 * Ollama is "found" when Hearth found its binary (it can start it: not running, starting) or a daemon
 * answers (connected, local or remote); "running" when the health monitor reports connected.
 */
export function milestonesForStatus(status: DaemonStatus): Milestone[] {
  switch (status.kind) {
    case 'connected':
      return ['ollamaFound', 'ollamaRunning'];
    case 'starting':
      return ['ollamaFound'];
    case 'notRunning':
      // A remote host that does not answer proves nothing about this computer.
      return status.remote ? [] : ['ollamaFound'];
    default:
      return [];
  }
}

/** What a feature's model resolution says, reduced to: does it have a model to use? */
export type ModelAvailability = 'model' | 'none' | 'unknown';

/**
 * The models step is done when a model for completion and one for chat are installed (summaries and
 * translation use chat's kind of model): each resolves to a configured or automatic choice.
 */
export function modelsReady(completion: ModelAvailability, chat: ModelAvailability): boolean {
  return completion === 'model' && chat === 'model';
}
