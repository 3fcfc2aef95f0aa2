// Daemon management: finds, starts, stops and watches `ollama serve`, shows where things stand in the
// status bar, and answers features' "can I use the daemon?" through DaemonService (DaemonAccess).
//
// extension.ts builds the service first (it is part of HearthServices), then calls register().
import * as vscode from 'vscode';
import type { DaemonStatus } from '../../core/daemon';
import type { RunningModel } from '../../core/ollama/types';
import type { HearthServices } from '../../platform/services';
import type * as ConnectionBundle from '../../lazy/connection';
import { lazyBundle } from '../../platform/lazy';
import { registerDaemonCommands } from './commands';
import type { ContainerGpuCheck, ContainerGpuNote } from './containerGpu';
import type * as ContainerBundle from '../../lazy/container';
import { ContainerPromptsHolder, type ContainerPrompts } from './containerPrompts';
import { registerGpuWarning } from './gpuWarning';
import { unexpectedExitMessage } from './messages';
import { DaemonService } from './service';
import { daemonWords } from './reportWords';
import { StartFlow } from './startFlow';
import { DaemonStatusBar } from './statusBar';

export { DaemonService } from './service';

/** Report order: after the foundation's connection section (0), before the installed models (100). */
const REPORT_ORDER = 50;

/** What integration tests (and other extensions) can read of the daemon's state. */
export interface DaemonApi {
  status(): DaemonStatus;
  /** The status bar item's text, e.g. "$(check) Ollama 0.32.15 · llama3.2:3b · 100% GPU". */
  statusText(): string;
  /** The status bar item's tooltip (Markdown). */
  statusTooltip(): string;
  runningModels(): readonly RunningModel[];
  /** Models the "partly on the CPU" warning was shown for in this session (normalised names). */
  cpuWarnings(): string[];
  onDidChangeStatus: (listener: (status: DaemonStatus) => void) => vscode.Disposable;
  /** Answers the container route's questions (the image download) instead of the window, until disposed. */
  useContainerPrompts(prompts: ContainerPrompts): vscode.Disposable;
  /** What was said this session about the container running on the CPU. */
  containerNotes(): ContainerGpuNote[];
  /** The lines the "Ollama" log channel holds now (a started daemon's output, or a container's `logs`). */
  ollamaLogLines(): readonly string[];
}

export function register(services: HearthServices, daemon: DaemonService): { disposable: vscode.Disposable; api: DaemonApi } {
  const containerPrompts = new ContainerPromptsHolder();
  // Loaded with the container route (a container was just started, so that bundle is loaded already).
  let gpuCheck: ContainerGpuCheck | undefined;
  const flow = new StartFlow(daemon, services.errors, containerPrompts, (container) => {
    gpuCheck ??= new (lazyBundle<typeof ContainerBundle>('container')().ContainerGpuCheck)(daemon, containerPrompts);
    void gpuCheck.afterStart(container);
  });
  daemon.attachStartFlow(flow);
  const statusBar = new DaemonStatusBar(daemon, services.state, services.endpointRegistry);
  const gpuWarning = registerGpuWarning(daemon.running, services.context.globalState);
  // Views' welcome content offers Install instead of Start when there is no ollama to start.
  let missing: boolean | undefined;
  const setMissing = (connection: DaemonStatus): void => {
    const now = connection.kind === 'notInstalled';
    if (now === missing) return;
    missing = now;
    void vscode.commands.executeCommand('setContext', 'hearth.ollama.missing', now);
  };
  setMissing(services.state.snapshot.connection);
  const disposables: vscode.Disposable[] = [
    statusBar,
    services.state.onDidChange((change) => setMissing(change.snapshot.connection)),
    gpuWarning.disposable,
    registerDaemonCommands(daemon, flow, services.errors),
    // The section's code loads with the rest of the report, at the first Check Connection.
    services.report.addSection(REPORT_ORDER, (signal, facts) => lazyBundle<typeof ConnectionBundle>('connection')().daemonSection(services, daemon, daemonWords)(signal, facts)),
    daemon.supervisor.onDidExitUnexpectedly(({ exit, stderr }) => {
      void services.errors.showMessage(unexpectedExitMessage(exit.signal ?? String(exit.code ?? '?'), stderr), 'background');
    }),
  ];
  const api: DaemonApi = {
    status: () => services.state.snapshot.connection,
    statusText: () => statusBar.text,
    statusTooltip: () => statusBar.tooltip,
    runningModels: () => daemon.running.models,
    cpuWarnings: () => gpuWarning.warned(),
    useContainerPrompts: (prompts) => containerPrompts.use(prompts),
    containerNotes: () => [...(gpuCheck?.notes ?? [])],
    ollamaLogLines: () => daemon.ollamaLog.lines,
    onDidChangeStatus: (listener) =>
      services.state.onDidChange((change) => {
        if (change.parts.has('connection')) listener(change.snapshot.connection);
      }),
  };
  return { disposable: { dispose: () => disposables.forEach((d) => d.dispose()) }, api };
}
