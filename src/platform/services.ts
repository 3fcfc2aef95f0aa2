// The services every feature receives. extension.ts builds them once; features never construct
// their own gateway or read settings on their own.
import type * as vscode from 'vscode';
import type { DaemonStatus } from '../core/daemon/status';
import type { OllamaGateway } from '../core/ollama/gateway';
import type { HearthState } from '../core/state/hearthState';
import type { ModelDetails } from '../core/ollama/types';
import type { Feature } from '../core/settings';
import type { ConfigService } from './config';
import type { CustomisationService } from './customisation';
import type { ErrorReporter } from './errors';
import type { Milestones } from './milestones';
import type { ConnectionReport } from './report';
import type { StallPrompts } from './stallPrompt';
import type { WorkspaceIndexAccess } from './workspaceIndexAccess';

/** Access to the daemon's health. Features ask this instead of probing the daemon themselves. */
export interface DaemonAccess {
  /**
   * Resolves when the daemon answers; otherwise rejects with an OllamaError (unreachable, or refused
   * by a privacy guard). `interactive` allows asking the user (e.g. to start Ollama).
   */
  ensureAvailable(opts?: { signal?: AbortSignal; interactive?: boolean }): Promise<void>;
  /** A feature's request found the daemon unreachable: check again soon. */
  reportUnreachable(): void;
  /** Checks now and returns the combined status (the connection report renders from it). */
  check(signal?: AbortSignal): Promise<DaemonStatus>;
}

/** Chooses the model a feature uses. */
export interface ModelResolver {
  /**
   * The configured model when it is installed, else an automatic choice. Rejects with an OllamaError
   * (`modelNotFound` when nothing fits, `capabilityMissing` when the configured model cannot do the job).
   */
  resolve(feature: Feature, opts?: { signal?: AbortSignal; interactive?: boolean }): Promise<ModelDetails>;
}

export interface HearthServices {
  readonly context: vscode.ExtensionContext;
  readonly config: ConfigService;
  readonly log: vscode.LogOutputChannel;
  readonly gateway: OllamaGateway;
  /** The one truth about the daemon and the models: every view renders from it. */
  readonly state: HearthState;
  readonly errors: ErrorReporter;
  /** Asks the user what to do when Ollama goes quiet in the middle of something they asked for. */
  readonly stalls: StallPrompts;
  readonly daemon: DaemonAccess;
  readonly models: ModelResolver;
  readonly report: ConnectionReport;
  /** The user's prompt templates and generation options per feature. */
  readonly custom: CustomisationService;
  /** First-run progress for the Get Started walkthrough: features report what the user has done. */
  readonly milestones: Milestones;
  /** The local index of the workspace's files (issue 16): what the chat's @workspace retrieves from. */
  readonly workspaceIndex: WorkspaceIndexAccess;
}
