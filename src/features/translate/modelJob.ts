// What a summary or translation needs before its first request: the daemon up, the model chosen, and the
// context window for the whole job: the one the gateway runs this model with for every feature.
import type * as vscode from 'vscode';
import type { GenerationOptions } from '../../core/generation';
import type { ChatParams, ModelDetails, TextChunk } from '../../core/ollama/types';
import { readyGateway } from '../../platform/endpointReady';
import type { HearthServices } from '../../platform/services';

export interface ModelJob {
  model: ModelDetails;
  /** The model's context window (ModelGateway.contextWindow of the feature's endpoint): every prompt and answer of the job fits in it. */
  numCtx: number;
  /** hearth.generation.<feature>, validated. */
  generation: GenerationOptions;
  chat: (params: ChatParams, signal?: AbortSignal) => AsyncIterable<TextChunk>;
}

export async function prepareModelJob(services: HearthServices, feature: 'summarize' | 'translate', signal: AbortSignal): Promise<ModelJob> {
  const generation = services.custom.generation(feature);
  const gateway = await readyGateway(services, feature, { signal, interactive: true });
  const model = await services.models.resolve(feature, { signal, interactive: true });
  // The feature's own context length, when set, is both what the budgets plan against and the num_ctx sent.
  const contextLength = generation.contextLength;
  const numCtx = await gateway.contextWindow(model.name, { signal, contextLength });
  const shared = `hearth.contextLength ${services.config.settings.contextLength || 'left to the server'}`;
  services.log.info(`${feature}: ${model.name} on ${gateway.endpoint}, context window ${numCtx} (model context ${model.contextLength ?? '?'}, ${contextLength ? `hearth.generation.${feature}.contextLength ${contextLength}` : shared})`);
  return { model, numCtx, generation, chat: (params, s) => gateway.chat({ ...params, contextLength }, s, { onStall: services.stalls.handler(feature) }) };
}

/** An AbortSignal that fires with the token; dispose the listener when the job ends. */
export function abortOnCancel(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const sub = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => sub.dispose() };
}
