// Activation builds the shared services and registers each feature; nothing here talks to the
// daemon, so activation stays fast and makes no network call.
import * as vscode from 'vscode';
import { buildGateway } from './core/endpoints/build';
import { GatewayRouter } from './core/endpoints/router';
import { OllamaGateway } from './core/ollama/gateway';
import { HearthState } from './core/state/hearthState';
import * as chat from './features/chat';
import * as connection from './features/connection';
import * as customisation from './features/customisation';
import * as daemonFeature from './features/daemon';
import * as endpointsFeature from './features/endpoints';
import * as models from './features/models';
import * as inline from './features/inline';
import * as summarizeFeature from './features/summarize';
import * as translateFeature from './features/translate';
import * as walkthrough from './features/walkthrough';
import * as workspaceIndex from './features/workspaceIndex';
import { CommentSyntaxProvider } from './platform/commentSyntax';
import { Commands } from './platform/commands';
import { ConfigService } from './platform/config';
import { CustomisationService } from './platform/customisation';
import { endpointMessageFor } from './platform/endpointErrors';
import { ErrorReporter } from './platform/errors';
import { StallPrompts } from './platform/stallPrompt';
import { createLog } from './platform/log';
import { EndpointRegistryService } from './platform/endpoints/registry';
import { redactingLog } from './platform/endpoints/redactingLog';
import { ReadOnlyDocuments } from './platform/readonlyDocument';
import { ConnectionReport } from './platform/report';
import type { HearthServices } from './platform/services';
import { lazyBundle } from './platform/lazy';
import type * as OpenAIBundle from './lazy/openai';

/** What activate() returns: the services and each feature's typed hooks (integration tests use them). */
export interface HearthApi {
  readonly services: HearthServices;
  readonly chat: chat.ChatApi;
  /** The daemon's status and status bar text. */
  readonly daemon: daemonFeature.DaemonApi;
  /** The Models view's tree, prompts and GPU memory. */
  readonly models: models.ModelsTestApi;
  /** Inline completion and Draft here (tests and diagnostics). */
  readonly inline: inline.InlineApi;
  /** The Get Started walkthrough's progress. */
  readonly walkthrough: walkthrough.WalkthroughApi;
  /** The endpoints, their credentials and the commands' inputs (tests answer them). */
  readonly endpoints: endpointsFeature.EndpointsApi;
  /** The workspace index service (tests drive and inspect it). */
  readonly workspaceIndex: workspaceIndex.WorkspaceIndex;
}

/** Kept for deactivate(): a daemon this window started is stopped when VS Code closes the window. */
let daemon: daemonFeature.DaemonService | undefined;

export function activate(context: vscode.ExtensionContext): HearthApi {
  // Decided before any feature writes to globalState (its keys tell an upgrade from a fresh install).
  const firstRun = walkthrough.decideFirstRun(context);
  const channel = createLog();
  // Every endpoint's secret values are blotted out of whatever reaches the log, from the first line on.
  let secretValues: () => readonly string[] = () => [];
  const log = redactingLog(channel, () => secretValues());
  const config = new ConfigService();
  const endpointRegistry = new EndpointRegistryService({ context, config, log });
  secretValues = () => endpointRegistry.allSecrets();
  // The local Ollama is the endpoint `local`: its fetch carries its token, headers and the CA file.
  const gateway = new OllamaGateway({ config: () => config.gatewayConfig(), log, fetch: (input, init) => endpointRegistry.local().fetch(input, init) });
  // Which gateway each generation feature uses: `local` unless hearth.endpoint.<feature> names another endpoint.
  const openaiBundle = lazyBundle<typeof OpenAIBundle>('openai');
  const endpoints = new GatewayRouter({
    registry: endpointRegistry,
    local: gateway,
    build: (connection) =>
      buildGateway(connection, {
        ollamaConfig: () => config.gatewayConfig(),
        openai: (c) => new (openaiBundle().OpenAICompatibleGateway)({ connection: c, config: () => ({ contextLength: config.settings.contextLength }), log, stallTimes: gateway.stallTimes }),
        log,
        stallTimes: () => gateway.stallTimes,
      }),
  });
  const documents = new ReadOnlyDocuments();
  const state = new HearthState();
  const errors = new ErrorReporter(log, state);
  endpointRegistry.notify = (message, setting) =>
    void errors.showMessage({ message, actions: [{ title: vscode.l10n.t('Open Settings'), command: Commands.openSettings, args: [setting] }], severity: 'warning' });
  errors.useEndpointMessages((error, ctx) => {
    if (!ctx.feature || endpoints.isLocal(ctx.feature)) return undefined;
    const gw = endpoints.gatewayFor(ctx.feature);
    return endpointMessageFor(error, { name: gw.endpoint, label: gw.label }, ctx);
  });
  daemon = new daemonFeature.DaemonService({ context, config, log, gateway, state });
  const milestones = new walkthrough.WalkthroughMilestones(context.globalState, log);
  const modelServices = models.createModelServices(context, { gateway, config, errors, log, endpoints });
  const base = {
    context,
    config,
    log,
    gateway,
    endpoints,
    state,
    errors,
    stalls: new StallPrompts(log),
    daemon,
    models: modelServices.resolver,
    report: new ConnectionReport(),
    custom: new CustomisationService(config, log),
    milestones,
    endpointRegistry,
  };
  const endpointCommands = endpointsFeature.register(endpointRegistry);
  // Built before any feature that asks it; nothing runs until the user turns indexing on.
  const index = workspaceIndex.createWorkspaceIndex(base);
  const services: HearthServices = { ...base, workspaceIndex: index };
  context.subscriptions.push(channel, config, services.custom, documents, state, { dispose: () => gateway.dispose() }, endpoints, endpointRegistry, endpointCommands.disposable);
  context.subscriptions.push(connection.register(services, documents), customisation.register(services));
  const daemonParts = daemonFeature.register(services, daemon);
  context.subscriptions.push(daemonParts.disposable, daemon);
  const modelsFeature = models.register(services, documents, modelServices);
  context.subscriptions.push(modelsFeature.disposable);
  const chatFeature = chat.register(services);
  context.subscriptions.push(chatFeature);
  // How each language writes comments (read lazily from installed extensions), shared by three features.
  const commentSyntaxes = new CommentSyntaxProvider(log);
  context.subscriptions.push(commentSyntaxes);
  const inlineFeature = inline.register(services, commentSyntaxes);
  context.subscriptions.push(inlineFeature);
  context.subscriptions.push(
    translateFeature.register(services, documents, commentSyntaxes),
    summarizeFeature.register(services, documents, commentSyntaxes),
  );
  const walkthroughFeature = walkthrough.register(services, milestones, daemonParts.api, modelServices.resolver, firstRun);
  context.subscriptions.push(milestones, walkthroughFeature.disposable);
  context.subscriptions.push(workspaceIndex.register(index).disposable);
  return { services, chat: chatFeature.api, daemon: daemonParts.api, models: modelsFeature.api, inline: inlineFeature.api, walkthrough: walkthroughFeature.api, endpoints: endpointCommands.api, workspaceIndex: index };
}

export async function deactivate(): Promise<void> {
  await daemon?.shutdown();
  daemon = undefined;
}
