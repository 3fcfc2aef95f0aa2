// One context window per model. Ollama reloads a model whenever a request's num_ctx differs from the one
// it was loaded with (seconds each time), so every feature that shares a model must send the same num_ctx:
// the gateway sets it for generate and chat, from one rule, and features budget against the same number
// (OllamaGateway.contextWindow).
//
//   hearth.contextLength > 0:  num_ctx = min(the setting, the model's trained context)
//   hearth.contextLength = 0:  no num_ctx (OLLAMA_CONTEXT_LENGTH or the server's VRAM default decides);
//                              budgets use the loaded model's window (/api/ps), else the Modelfile's num_ctx,
//                              else the server's smallest default
import type { ModelDetails } from './types';

/** The smallest window Hearth sends: below it, summaries and chat turns no longer fit. */
export const MIN_CONTEXT_LENGTH = 2048;
/** What Ollama allocates when nothing sets num_ctx and the model is not loaded: the smallest VRAM tier. */
export const ASSUMED_SERVER_CONTEXT = 4096;

/** The num_ctx the gateway sends for a model; undefined = leave it to the server (setting 0). */
export function numCtxToSend(setting: number, trainedContext: number | undefined): number | undefined {
  if (!Number.isFinite(setting) || setting <= 0) return undefined;
  const wanted = Math.max(MIN_CONTEXT_LENGTH, Math.floor(setting));
  // Ollama clamps num_ctx to the trained context itself; clamping here keeps the budget honest.
  return trainedContext && trainedContext > 0 ? Math.min(wanted, trainedContext) : wanted;
}

/** `PARAMETER num_ctx` of the model's Modelfile, which the server uses when a request sets none. */
export function modelfileNumCtx(details: Pick<ModelDetails, 'parameters'>): number | undefined {
  const value = Number(details.parameters['num_ctx']?.[0]);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
}

/** The window the server gives a request that sets no num_ctx. */
export function serverContextWindow(facts: { trainedContext?: number; modelfileNumCtx?: number; loadedContext?: number }): number {
  if (facts.loadedContext && facts.loadedContext > 0) return facts.loadedContext;
  const wanted = facts.modelfileNumCtx ?? ASSUMED_SERVER_CONTEXT;
  return facts.trainedContext && facts.trainedContext > 0 ? Math.min(wanted, facts.trainedContext) : wanted;
}
