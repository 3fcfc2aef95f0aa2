// Model management: the Models view, pull with progress, the rest of the lifecycle, Modelfiles, and the
// ModelResolver the other features ask for their model. The commands' implementations are the models bundle.
import * as vscode from 'vscode';
import type { OllamaGateway } from '../../core/ollama/gateway';
import { Commands } from '../../platform/commands';
import type { ConfigService } from '../../platform/config';
import type { ErrorReporter } from '../../platform/errors';
import type { ReadOnlyDocuments } from '../../platform/readonlyDocument';
import type { HearthServices } from '../../platform/services';
import { ModelCommands } from './commandIds';
import { lazyBundle } from '../../platform/lazy';
import type * as ModelsBundle from '../../lazy/models';
import type { ModelsContext } from './commands/context';
import { LocalGpuProbe, SwappableGpuProbe } from './gpu';
import { MemorySense } from './memorySense';
import { ModelfileDiagnostics } from './modelfileWatch';
import { SwappablePrompts, VsCodePrompts, type ModelPrompts } from './prompts';
import { PullManager } from './pulls';
import { HearthModelResolver, type ResolverEndpoints } from './resolver';
import { ModelsState } from './state';
import type { ModelsTreeProvider } from './tree';
import { routedNote } from './routedNote';
import { ModelsView } from './view';

/** What the models feature builds before the other services exist (the resolver is a service). */
export interface ModelServices {
  resolver: HearthModelResolver;
  prompts: SwappablePrompts;
  gpu: SwappableGpuProbe;
  memory: MemorySense;
}

export function createModelServices(
  context: vscode.ExtensionContext,
  deps: { gateway: OllamaGateway; config: ConfigService; errors: ErrorReporter; log: vscode.LogOutputChannel; endpoints?: ResolverEndpoints },
): ModelServices {
  const prompts = new SwappablePrompts(new VsCodePrompts(deps.errors));
  const gpu = new SwappableGpuProbe(new LocalGpuProbe(() => deps.config.host?.isLoopback ?? false));
  const memory = new MemorySense(gpu, deps.gateway, () => deps.config.settings.contextLength);
  const resolver = new HearthModelResolver({
    gateway: deps.gateway,
    endpoints: deps.endpoints,
    settings: () => deps.config.settings,
    onDidChangeSettings: deps.config.onDidChange,
    prompts,
    memory,
    memento: context.globalState,
    log: deps.log,
  });
  context.subscriptions.push(resolver);
  return { resolver, prompts, gpu, memory };
}

/** Test hooks on the extension's API: read the view, answer questions, state the GPU memory. */
export interface ModelsTestApi {
  readonly tree: ModelsTreeProvider;
  readonly view: ModelsView;
  readonly state: ModelsState;
  readonly pulls: PullManager;
  readonly resolver: HearthModelResolver;
  readonly diagnostics: vscode.DiagnosticCollection;
  /** Routes every question and message to `prompts` until the returned disposable is disposed. */
  usePrompts(prompts: ModelPrompts): vscode.Disposable;
  /** Total GPU memory as tests want it (undefined: unknown); 'probe' restores the real probe. */
  setGpuMemory(bytes: number | undefined | 'probe'): void;
}

/** The model commands' implementations, loaded at the first call of one of them. */
const modelsBundle = lazyBundle<typeof ModelsBundle>('models');

export function register(services: HearthServices, documents: ReadOnlyDocuments, kit: ModelServices): { disposable: vscode.Disposable; api: ModelsTestApi } {
  const pulls = new PullManager(services.gateway, kit.prompts, services.log);
  const state = new ModelsState(services.gateway, kit.resolver, services.state);
  const registry = services.endpointRegistry;
  const view = new ModelsView(state, pulls, services.daemon, { routes: { note: () => routedNote((f) => registry.connectionFor(f)), onDidChange: (l) => registry.onDidChange(l) } });
  const diagnostics = new ModelfileDiagnostics();
  const ctx: ModelsContext = { services, gateway: services.gateway, prompts: kit.prompts, state, pulls, resolver: kit.resolver, memory: kit.memory, documents };
  const command = (id: string, run: (arg?: unknown) => unknown): vscode.Disposable => vscode.commands.registerCommand(id, run);
  const disposables: vscode.Disposable[] = [
    pulls,
    state,
    view,
    diagnostics,
    command(Commands.pullModel, (arg) => modelsBundle().pullModel(ctx, arg)),
    command(Commands.useModelFor, (arg) => modelsBundle().useModelFor(ctx, arg)),
    command(ModelCommands.deleteModel, (arg) => modelsBundle().deleteModel(ctx, arg)),
    command(ModelCommands.copyModel, (arg) => modelsBundle().copyModel(ctx, arg)),
    command(ModelCommands.showModel, (arg) => modelsBundle().showModel(ctx, arg)),
    command(ModelCommands.unloadModel, (arg) => modelsBundle().unloadModel(ctx, arg)),
    command(ModelCommands.preloadModel, (arg) => modelsBundle().preloadModel(ctx, arg)),
    command(ModelCommands.checkModelUpdates, () => modelsBundle().checkModelUpdates(ctx)),
    command(ModelCommands.createModelFromModelfile, (arg) => modelsBundle().createModelFromModelfile(ctx, diagnostics, arg)),
    command(ModelCommands.refresh, () => {
      // Forget cached details and choices (a change made in a terminal); the view refreshes on the event.
      services.gateway.invalidate();
      kit.resolver.invalidate();
      return state.latest();
    }),
    command(ModelCommands.cancelPull, (arg) => {
      const name = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && 'name' in arg ? String(arg.name) : undefined;
      return name ? pulls.cancel(name) : false;
    }),
  ];
  const api: ModelsTestApi = {
    tree: view.provider,
    view,
    state,
    pulls,
    resolver: kit.resolver,
    diagnostics: diagnostics.collection,
    usePrompts: (prompts) => kit.prompts.use(prompts),
    setGpuMemory: (bytes) => {
      kit.gpu.override = bytes === 'probe' ? undefined : { bytes };
      kit.resolver.invalidate();
    },
  };
  return { disposable: vscode.Disposable.from(...disposables), api };
}
