// One way to tell the user that something went wrong: a clear sentence for each kind of failure and
// the buttons that fix it (Start Ollama, Pull model, Choose another, Open settings, Show logs).
// Background repeats are suppressed so that work running on every keystroke cannot flood the screen; a
// command the user ran always shows its outcome. A message about the connection is ended by Hearth when
// it stops being true (Ollama came back), so no stale "not running" stays beside what is true now.
import * as vscode from 'vscode';
import type { DaemonStatus } from '../core/daemon/status';
import { authFailureStatus, certificateFailureCode } from '../core/endpoints/failures';
import { OllamaError, fromHttpLayer, isAbort, toOllamaError } from '../core/ollama/errors';
import { displayModelName } from '../core/ollama/names';
import type { Feature } from '../core/settings';
import { Commands } from './commands';
import { describeError } from './log';

export interface ErrorAction {
  title: string;
  command: string;
  args?: unknown[];
}

export interface ErrorContext {
  feature?: Feature;
  /** The model involved, if the error does not name one. */
  model?: string;
  /** The host, for messages about reaching the daemon. */
  host?: string;
}

export interface UserMessage {
  message: string;
  actions: ErrorAction[];
  severity: 'error' | 'warning';
}

const REPEAT_WINDOW_MS = 60_000;

function capabilityText(capability: string | undefined): string {
  switch (capability) {
    case 'insert':
      return vscode.l10n.t('fill in the middle of code (the "insert" capability)');
    case 'tools':
      return vscode.l10n.t('call tools');
    case 'vision':
      return vscode.l10n.t('read images');
    case 'thinking':
      return vscode.l10n.t('think before answering');
    case 'generate':
    case 'completion':
    case 'chat':
      return vscode.l10n.t('generate text (it is an embedding model)');
    default:
      return capability ?? '?';
  }
}

/**
 * What an error status with a body that is not Ollama's JSON likely means (the body itself is only logged:
 * it can be a whole HTML page).
 */
function foreignReplyText(status: number, host: string): string {
  switch (status) {
    case 401:
    case 403:
    case 407:
      return vscode.l10n.t('The server at {0} refused access (HTTP {1}): a proxy that needs credentials?', host, status);
    case 502:
    case 503:
    case 504:
      return vscode.l10n.t('A proxy at {0} could not get an answer from Ollama behind it (HTTP {1}): is Ollama running there?', host, status);
    default:
      return vscode.l10n.t('Another program or a proxy answers at {0} (HTTP {1}), not Ollama?', host, status);
  }
}

/** The words and buttons for an error. Pure apart from l10n, so tests can check every kind. */
export function userMessageFor(err: OllamaError, ctx: ErrorContext = {}): UserMessage {
  const model = displayModelName(err.details.model ?? ctx.model ?? '?');
  const host = err.details.host ?? ctx.host ?? '?';
  const logs: ErrorAction = { title: vscode.l10n.t('Show Logs'), command: Commands.showLogs };
  const settings = (query: string): ErrorAction => ({ title: vscode.l10n.t('Open Settings'), command: Commands.openSettings, args: [query] });
  const chooseAnother: ErrorAction = { title: vscode.l10n.t('Choose Another Model'), command: Commands.useModelFor, args: ctx.feature ? [ctx.feature] : [] };
  // The two failures only the user can fix, whatever engine met them: credentials and certificates.
  const status = authFailureStatus(err);
  if (status) {
    return {
      message:
        status === 401
          ? vscode.l10n.t('The server at {0} refused Hearth (HTTP 401): it needs a token, or the token Hearth sends is wrong.', host)
          : vscode.l10n.t('The server at {0} refused access (HTTP 403): it needs credentials (a token or a header), or the ones Hearth sends are not allowed to do this.', host),
      actions: [
        { title: vscode.l10n.t('Set Token…'), command: Commands.setEndpointToken, args: [{ host }] },
        { title: vscode.l10n.t('Set Header…'), command: Commands.setEndpointHeader, args: [{ host }] },
        logs,
      ],
      severity: 'error',
    };
  }
  const certificate = certificateFailureCode(err);
  if (certificate) {
    return {
      message: vscode.l10n.t('The certificate of {0} is not trusted ({1}). If the server uses your own certificate authority, set its file in hearth.tls.caFile.', host, certificate),
      actions: [{ title: vscode.l10n.t('Set CA File…'), command: Commands.openSettings, args: ['hearth.tls.caFile'] }, logs],
      severity: 'error',
    };
  }
  switch (err.kind) {
    case 'unreachable':
      switch (err.details.reason) {
        case 'refused':
          return {
            message: vscode.l10n.t('Ollama is not running at {0}.', host),
            actions: [{ title: vscode.l10n.t('Start Ollama'), command: Commands.startOllama }, settings('hearth.host'), logs],
            severity: 'error',
          };
        case 'dns':
          return { message: vscode.l10n.t('Cannot find the Ollama host {0}. Check the address in settings.', host), actions: [settings('hearth.host')], severity: 'error' };
        case 'timeout':
          return { message: vscode.l10n.t('Ollama at {0} did not answer in time.', host), actions: [logs, settings('hearth.host')], severity: 'error' };
        case 'invalidHost':
          // The guard's own sentence says what is wrong with the setting; nothing was sent anywhere.
          return { message: err.message, actions: [settings('hearth.host')], severity: 'error' };
        default:
          return { message: vscode.l10n.t('Cannot reach Ollama at {0}: {1}', host, err.message), actions: [settings('hearth.host'), logs], severity: 'error' };
      }
    case 'modelNotFound':
      return {
        message: vscode.l10n.t('The model {0} is not installed.', model),
        actions: [{ title: vscode.l10n.t('Pull {0}', model), command: Commands.pullModel, args: [model] }, chooseAnother],
        severity: 'error',
      };
    case 'capabilityMissing':
      return {
        message: vscode.l10n.t('The model {0} cannot {1}.', model, capabilityText(err.details.capability)),
        actions: [chooseAnother],
        severity: 'error',
      };
    case 'busy':
      return { message: vscode.l10n.t('Ollama is busy with other requests. Try again in a moment.'), actions: [], severity: 'warning' };
    case 'contextOverflow':
      return { message: vscode.l10n.t('The text is too long for the context window of {0}.', model), actions: [], severity: 'warning' };
    case 'protocol':
      switch (err.details.reason) {
        case 'malformed':
          return { message: vscode.l10n.t('Ollama sent a reply that Hearth could not read.'), actions: [logs], severity: 'error' };
        case 'foreign':
          return { message: foreignReplyText(err.details.status ?? 0, host), actions: [settings('hearth.host'), logs], severity: 'error' };
        case 'stalled':
          return { message: vscode.l10n.t('Ollama at {0} sent no answer for {1} s.', host, Math.round((err.details.quietMs ?? 0) / 1000)), actions: [logs], severity: 'error' };
        default:
          return { message: vscode.l10n.t('The connection to Ollama at {0} closed before the answer was complete.', host), actions: [logs], severity: 'error' };
      }
    case 'remoteHostRefused':
      return {
        message: vscode.l10n.t('Hearth did not send anything to {0}: it is not on this computer. Allow remote hosts in settings only if you trust that machine.', host),
        // The endpoint `local` is allowed by hearth.allowRemoteHost; any other endpoint by the Allow command.
        actions: [{ title: vscode.l10n.t('Allow…'), command: Commands.allowEndpoint, args: [{ host }] }, settings('hearth.allowRemoteHost')],
        severity: 'warning',
      };
    case 'cloudModelRefused':
      return {
        message: vscode.l10n.t('{0} runs on a cloud service, so Hearth did not use it: your text stays on this computer. Allow cloud models in settings to use it.', model),
        actions: [chooseAnother, settings('hearth.allowCloudModels')],
        severity: 'warning',
      };
    case 'aborted':
      return { message: vscode.l10n.t('Cancelled.'), actions: [], severity: 'warning' };
    case 'badRequest':
    case 'server':
    default:
      return { message: vscode.l10n.t('Ollama reported an error: {0}', err.details.serverMessage ?? err.message), actions: [logs], severity: 'error' };
  }
}

/**
 * How a message reaches the screen. `notice` is set for a problem with the connection that Hearth can see
 * end (the daemon comes back, starts, is installed): the window shows it as a notification Hearth closes
 * itself when it is no longer true, instead of an error pop-up that would stay behind, stale.
 */
export interface Presentation {
  /** Resolves when the connection left the state this message is about. */
  until?: Promise<void>;
}

/** Puts a message on screen; resolves when the user dismissed it or ran an action (or it was superseded). */
export type Presenter = (msg: UserMessage, error: OllamaError | undefined, presentation?: Presentation) => Promise<void>;

/** Where the message comes from: a command the user ran always shows its outcome; background work is de-duplicated. */
export type ReportOrigin = 'user' | 'background';

export interface ShowOptions extends ErrorContext {
  /** Default 'user'. */
  origin?: ReportOrigin;
}

/** The connection state the reporter reads: Install or Start is offered by what is really there. */
export interface ConnectionSource {
  readonly snapshot: { readonly connection: DaemonStatus };
  readonly onDidChange: (listener: (change: { snapshot: { readonly connection: DaemonStatus } }) => void) => { dispose(): void };
}

/** The connection problems a message can be about; the message ends when the connection leaves it. */
function connectionCause(status: DaemonStatus): 'notRunning' | 'notInstalled' | 'notOllama' | undefined {
  return status.kind === 'notRunning' || status.kind === 'notInstalled' || status.kind === 'notOllama' ? status.kind : undefined;
}

/**
 * A refused connection reads "not running, Start Ollama" only where Start can work: with no binary the
 * message says Ollama is not installed and offers Install; for another computer it never offers Start.
 */
export function adjustForConnection(msg: UserMessage, error: OllamaError, status: DaemonStatus): UserMessage {
  // A refused certificate is no reason to install or start anything: its own message says what to do.
  if (error.kind !== 'unreachable' || certificateFailureCode(error)) return msg;
  const withoutStart = msg.actions.filter((a) => a.command !== Commands.startOllama);
  if (status.kind === 'notInstalled') {
    return {
      message:
        status.missing.kind === 'notFound'
          ? vscode.l10n.t('Ollama is not running at {0}, and it is not installed on this computer.', status.host)
          : vscode.l10n.t('Ollama is not running at {0}, and the ollama program set in hearth.ollama.path was not found.', status.host),
      actions:
        status.missing.kind === 'notFound'
          ? [{ title: vscode.l10n.t('Install Ollama'), command: Commands.installOllama }, { title: vscode.l10n.t('Get Started'), command: Commands.openWalkthrough }]
          : [{ title: vscode.l10n.t('Open Settings'), command: Commands.openSettings, args: ['hearth.ollama.path'] }],
      severity: msg.severity,
    };
  }
  if (status.kind === 'notRunning' && status.remote) return { ...msg, actions: withoutStart };
  return msg;
}

export class ErrorReporter {
  /** When each background message was last shown: background work repeats, the user did not ask again. */
  private readonly lastBackground = new Map<string, number>();
  private presenter: Presenter = (msg, _error, presentation) => this.presentInWindow(msg, presentation);
  /** Commands known to exist; actions for missing commands are not offered. */
  private knownCommands: Set<string> | undefined;
  /** The connection notice on screen, ended when a newer one replaces it (one per cause). */
  private notice: { cause: string; end(): void } | undefined;
  /** The words for a feature on another endpoint than the local Ollama (issue 15); undefined = the local words. */
  private endpointMessage: ((error: OllamaError, ctx: ShowOptions) => UserMessage | undefined) | undefined;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly connection?: ConnectionSource,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Logs the error and shows it. A command the user ran always shows its outcome, however recently the
   * same words were shown; background reports (`origin: 'background'`) are shown once a minute at most.
   * Cancellation is never shown, nor an error the user has already been told about (`details.reported`).
   * Resolves when the user dismissed the message, ran an action, or the message stopped being true.
   */
  async show(err: unknown, ctx: ShowOptions = {}): Promise<void> {
    if (isAbort(err)) return;
    if (!fromHttpLayer(err)) {
      // Hearth's own failure (a bug, the file system, VS Code refusing something): not Ollama's to carry.
      this.log.error(`${ctx.feature ?? 'hearth'}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      const reason = err instanceof Error ? err.message : String(err);
      await this.showMessage(
        {
          message: vscode.l10n.t('Hearth could not finish this: {0}', reason),
          actions: [{ title: vscode.l10n.t('Show Logs'), command: Commands.showLogs }],
          severity: 'error',
        },
        ctx.origin,
      );
      return;
    }
    const error = err instanceof OllamaError ? err : toOllamaError(err, { model: ctx.model, host: ctx.host });
    this.log.error(
      `${ctx.feature ?? 'hearth'}: ${describeError(error)}${error.details.serverMessage ? ` (server: ${error.details.serverMessage})` : ''}${error.details.reported ? ' (already shown)' : ''}`,
    );
    if (error.details.reported) return;
    const elsewhere = this.endpointMessage?.(error, ctx);
    if (elsewhere) {
      // The local daemon's state says nothing about another endpoint: no Start button, no connection notice.
      if (ctx.origin === 'background' && this.repeated(elsewhere.message)) return;
      await this.presenter(elsewhere, error);
      return;
    }
    const status = this.connection?.snapshot.connection;
    let msg = userMessageFor(error, ctx);
    if (status) msg = adjustForConnection(msg, error, status);
    if (ctx.origin === 'background' && this.repeated(msg.message)) return;
    const cause = error.kind === 'unreachable' && status ? connectionCause(status) : undefined;
    if (!cause) {
      await this.presenter(msg, error);
      return;
    }
    await this.presenter(msg, error, { until: this.untilConnectionLeaves(cause) });
  }

  /** How failures of features on other endpoints are worded (set once the endpoints are known). */
  useEndpointMessages(describe: (error: OllamaError, ctx: ShowOptions) => UserMessage | undefined): void {
    this.endpointMessage = describe;
  }

  /** Shows a message that is not an OllamaError (de-duplicated only for background reports). */
  async showMessage(msg: UserMessage, origin: ReportOrigin = 'user'): Promise<void> {
    if (origin === 'background' && this.repeated(msg.message)) return;
    await this.presenter(msg, undefined);
  }

  private repeated(message: string): boolean {
    const last = this.lastBackground.get(message);
    if (last !== undefined && this.now() - last < REPEAT_WINDOW_MS) return true;
    this.lastBackground.set(message, this.now());
    return false;
  }

  /**
   * Resolves when the connection is no longer in `cause` (Ollama came back, is starting, was installed), or
   * when a newer notice about the connection replaces this one: one notice on screen per cause.
   */
  private untilConnectionLeaves(cause: string): Promise<void> {
    this.notice?.end();
    return new Promise<void>((resolve) => {
      const source = this.connection;
      const subscription = source?.onDidChange((change) => {
        if (connectionCause(change.snapshot.connection) !== cause) end();
      });
      const notice = { cause, end: (): void => end() };
      const end = (): void => {
        subscription?.dispose();
        if (this.notice === notice) this.notice = undefined;
        resolve();
      };
      this.notice = notice;
    });
  }

  /**
   * Replaces how messages reach the screen (tests count what users would see, after de-duplication)
   * and forgets earlier messages so that repeats from a previous test are not suppressed.
   * Dispose to restore the window.
   */
  usePresenter(presenter: Presenter): { dispose(): void } {
    this.presenter = presenter;
    this.lastBackground.clear();
    return {
      dispose: () => {
        this.presenter = (msg, _error, presentation) => this.presentInWindow(msg, presentation);
        this.lastBackground.clear();
      },
    };
  }

  private async presentInWindow(msg: UserMessage, presentation: Presentation | undefined): Promise<void> {
    this.knownCommands ??= new Set(await vscode.commands.getCommands(true));
    const actions = msg.actions.filter((a) => this.knownCommands?.has(a.command));
    if (presentation?.until) {
      await presentUntil(msg, actions, presentation.until);
      return;
    }
    const show = msg.severity === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    const picked = await show(msg.message, ...actions.map((a) => a.title));
    const action = actions.find((a) => a.title === picked);
    if (action) await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
  }

  /** Commands registered after the first message (features register lazily) become available. */
  refreshCommands(): void {
    this.knownCommands = undefined;
  }
}

function commandLink(action: ErrorAction): string {
  const args = action.args?.length ? `?${encodeURIComponent(JSON.stringify(action.args))}` : '';
  return `[${action.title.replace(/[[\]]/g, '')}](command:${action.command}${args})`;
}

/**
 * A notification that Hearth ends itself: VS Code cannot close an error pop-up, but it closes a progress
 * notification when its task ends. The actions are links in its text (notifications render them).
 */
async function presentUntil(msg: UserMessage, actions: ErrorAction[], until: Promise<void>): Promise<void> {
  const links = actions.map(commandLink).join(' · ');
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `${msg.message}${links ? ` ${links}` : ''}`, cancellable: true },
    (_progress, token) =>
      new Promise<void>((resolve) => {
        const subscription = token.onCancellationRequested(() => resolve());
        void until.then(() => {
          subscription.dispose();
          resolve();
        });
      }),
  );
}
