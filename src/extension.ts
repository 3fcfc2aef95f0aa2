// Activation builds the shared services and registers each feature; nothing here talks to the
// daemon, so activation stays fast and makes no network call.
import * as vscode from 'vscode';
import { OllamaGateway } from './core/ollama/gateway';
import * as connection from './features/connection';
import * as summarizeFeature from './features/summarize';
import * as translateFeature from './features/translate';
import { ConfiguredModelResolver, DirectDaemonAccess } from './platform/basicServices';
import { ConfigService } from './platform/config';
import { ErrorReporter } from './platform/errors';
import { createLog } from './platform/log';
import { ReadOnlyDocuments } from './platform/readonlyDocument';
import { ConnectionReport } from './platform/report';
import type { HearthServices } from './platform/services';

/** What activate() returns: the services, for integration tests and for other extensions. */
export interface HearthApi {
  readonly services: HearthServices;
}

export function activate(context: vscode.ExtensionContext): HearthApi {
  const log = createLog();
  const config = new ConfigService();
  const gateway = new OllamaGateway({ config: () => config.gatewayConfig(), log });
  const documents = new ReadOnlyDocuments();
  const services: HearthServices = {
    context,
    config,
    log,
    gateway,
    errors: new ErrorReporter(log),
    daemon: new DirectDaemonAccess(gateway),
    models: new ConfiguredModelResolver(gateway, config),
    report: new ConnectionReport(),
  };
  context.subscriptions.push(log, config, documents, { dispose: () => gateway.dispose() });
  context.subscriptions.push(connection.register(services, documents));
  const commentSyntaxes = new translateFeature.CommentSyntaxProvider(log);
  context.subscriptions.push(
    commentSyntaxes,
    translateFeature.register(services, documents, commentSyntaxes),
    summarizeFeature.register(services, documents, commentSyntaxes),
  );
  return { services };
}

export function deactivate(): void {}
