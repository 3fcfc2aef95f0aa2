// The chat's own settings and the context window it budgets for.
import { sameModel } from '../../core/ollama/names';
import type { ModelDetails } from '../../core/ollama/types';
import { SETTING_DEFAULTS } from '../../core/settings';
import type { HearthServices } from '../../platform/services';

/** What Ollama uses when nothing sets num_ctx and the model is not loaded: the smallest VRAM tier. */
export const ASSUMED_SERVER_CONTEXT = 4096;

export function systemPromptSetting(services: HearthServices): string {
  const value = services.config.get<unknown>('hearth.chat.systemPrompt', SETTING_DEFAULTS['hearth.chat.systemPrompt']);
  return typeof value === 'string' ? value : '';
}

export interface ContextWindow {
  /** Tokens the prompt and the answer must share. */
  tokens: number;
  /** Sent as options.num_ctx, only when the user set hearth.chat.contextLength. */
  numCtx?: number;
}

/**
 * The context window to budget for. With hearth.chat.contextLength set, that (up to the model's
 * training context) is sent as num_ctx. Otherwise Hearth sends no num_ctx (so it never forces a model
 * reload) and budgets for what the server uses: the loaded model's window when /api/ps reports one,
 * else the server's smallest default, 4096.
 */
export async function contextWindow(services: HearthServices, model: ModelDetails): Promise<ContextWindow> {
  const training = model.contextLength && model.contextLength > 0 ? model.contextLength : undefined;
  const configured = services.config.get<unknown>('hearth.chat.contextLength', SETTING_DEFAULTS['hearth.chat.contextLength']);
  if (typeof configured === 'number' && configured > 0) {
    const tokens = Math.max(512, Math.min(Math.floor(configured), training ?? Number.MAX_SAFE_INTEGER));
    return { tokens, numCtx: tokens };
  }
  const running = await services.gateway.runningModels({ timeoutMs: 2_000 }).catch(() => []);
  const loaded = running.find((m) => sameModel(m.name, model.name))?.contextLength;
  if (loaded && loaded > 0) return { tokens: loaded };
  return { tokens: Math.min(ASSUMED_SERVER_CONTEXT, training ?? ASSUMED_SERVER_CONTEXT) };
}
