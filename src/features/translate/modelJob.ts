// What a summary or translation needs before its first request: the daemon up, the model chosen, and the
// context size for the whole job (the model's context length, capped by the user's setting).
import type * as vscode from 'vscode';
import type { ChatParams, ModelDetails, TextChunk } from '../../core/ollama/types';
import { chooseNumCtx } from '../../core/text/budget';
import type { HearthServices } from '../../platform/services';

export interface ModelJob {
  model: ModelDetails;
  numCtx: number;
  chat: (params: ChatParams, signal?: AbortSignal) => AsyncIterable<TextChunk>;
}

export async function prepareModelJob(services: HearthServices, feature: 'summarize' | 'translate', contextCap: number, signal: AbortSignal): Promise<ModelJob> {
  await services.daemon.ensureAvailable({ signal, interactive: true });
  const model = await services.models.resolve(feature, { signal, interactive: true });
  const numCtx = chooseNumCtx(model.contextLength, contextCap);
  services.log.info(`${feature}: ${model.name}, num_ctx ${numCtx} (model context ${model.contextLength ?? '?'}, cap ${contextCap})`);
  return { model, numCtx, chat: (params, s) => services.gateway.chat(params, s) };
}

/** An AbortSignal that fires with the token; dispose the listener when the job ends. */
export function abortOnCancel(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const sub = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => sub.dispose() };
}

/** A positive number setting, or the fallback. */
export function positiveSetting(services: HearthServices, key: string, fallback: number): number {
  const value = services.config.get<unknown>(key, fallback);
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
