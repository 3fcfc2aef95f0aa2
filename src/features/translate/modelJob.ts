// What a summary or translation needs before its first request: the daemon up, the model chosen, and the
// context window for the whole job: the one the gateway runs this model with for every feature.
import type * as vscode from 'vscode';
import type { ChatParams, ModelDetails, TextChunk } from '../../core/ollama/types';
import type { HearthServices } from '../../platform/services';

export interface ModelJob {
  model: ModelDetails;
  /** The model's context window (OllamaGateway.contextWindow): every prompt and answer of the job fits in it. */
  numCtx: number;
  chat: (params: ChatParams, signal?: AbortSignal) => AsyncIterable<TextChunk>;
}

export async function prepareModelJob(services: HearthServices, feature: 'summarize' | 'translate', signal: AbortSignal): Promise<ModelJob> {
  await services.daemon.ensureAvailable({ signal, interactive: true });
  const model = await services.models.resolve(feature, { signal, interactive: true });
  const numCtx = await services.gateway.contextWindow(model.name, { signal });
  services.log.info(`${feature}: ${model.name}, context window ${numCtx} (model context ${model.contextLength ?? '?'}, hearth.contextLength ${services.config.settings.contextLength || 'left to the server'})`);
  return { model, numCtx, chat: (params, s) => services.gateway.chat(params, s) };
}

/** An AbortSignal that fires with the token; dispose the listener when the job ends. */
export function abortOnCancel(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const sub = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => sub.dispose() };
}
