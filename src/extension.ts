// Activation builds the shared services and registers each feature; nothing here talks to the
// daemon, so activation stays fast and makes no network call.
import * as vscode from 'vscode';
import { OllamaGateway } from './core/ollama/gateway';
import * as connection from './features/connection';
import * as models from './features/models';
import { DirectDaemonAccess } from './platform/basicServices';
import { ConfigService } from './platform/config';
import { ErrorReporter } from './platform/errors';
import { createLog } from './platform/log';
import { ReadOnlyDocuments } from './platform/readonlyDocument';
import { ConnectionReport } from './platform/report';
import type { HearthServices } from './platform/services';

/** What activate() returns: the services, for integration tests and for other extensions. */
export interface HearthApi {
  readonly services: HearthServices;
  /** Test hooks of the models feature (the Models view's tree, prompts, GPU memory). */
  readonly models: models.ModelsTestApi;
}

export function activate(context: vscode.ExtensionContext): HearthApi {
  const log = createLog();
  const config = new ConfigService();
  const gateway = new OllamaGateway({ config: () => config.gatewayConfig(), log });
  const documents = new ReadOnlyDocuments();
  const errors = new ErrorReporter(log);
  const modelServices = models.createModelServices(context, { gateway, config, errors, log });
  const services: HearthServices = {
    context,
    config,
    log,
    gateway,
    errors,
    daemon: new DirectDaemonAccess(gateway),
    models: modelServices.resolver,
    report: new ConnectionReport(),
  };
  context.subscriptions.push(log, config, documents, { dispose: () => gateway.dispose() });
  context.subscriptions.push(connection.register(services, documents));
  const modelsFeature = models.register(services, documents, modelServices);
  context.subscriptions.push(modelsFeature.disposable);
  return { services, models: modelsFeature.api };
}

export function deactivate(): void {}
