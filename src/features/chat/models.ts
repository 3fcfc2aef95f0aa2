// The model picker: installed models that can chat, and which one the next message goes to
// (the conversation's choice, else hearth.model.chat, else the automatic choice).
import { OllamaError, toOllamaError } from '../../core/ollama/errors';
import { displayModelName, sameModel } from '../../core/ollama/names';
import type { ModelDetails, ModelSummary } from '../../core/ollama/types';
import type { ModelOption } from '../../shared/protocol';
import type { HearthServices } from '../../platform/services';

function canChat(capabilities: readonly string[]): boolean {
  return capabilities.includes('completion');
}

/** Installed models that can chat. Servers older than 0.30 do not list capabilities: those are asked one by one. */
export async function chatModels(services: HearthServices, signal?: AbortSignal): Promise<ModelOption[]> {
  const models = await services.gateway.listModels({ signal });
  const out: ModelOption[] = [];
  for (const m of models) {
    const caps = m.capabilities ?? (await services.gateway.showModel(m.name, { signal }).then((d) => d.capabilities, () => [] as string[]));
    if (canChat(caps)) out.push(option(m, caps));
  }
  return out;
}

function option(m: ModelSummary, caps: readonly string[]): ModelOption {
  const name = displayModelName(m.name);
  return { name, label: name, thinking: caps.includes('thinking') };
}

/** The model for the next message: `preferred` if installed and able to chat, else the configured or automatic choice. */
export async function modelFor(services: HearthServices, preferred: string | undefined, signal?: AbortSignal): Promise<ModelDetails> {
  if (preferred) {
    const installed = await services.gateway.listModels({ signal });
    if (installed.some((m) => sameModel(m.name, preferred))) {
      const details = await services.gateway.showModel(preferred, { signal });
      if (!canChat(details.capabilities)) throw new OllamaError('capabilityMissing', `${preferred} cannot chat`, { model: preferred, capability: 'chat' });
      return details;
    }
    throw new OllamaError('modelNotFound', `model '${preferred}' not found`, { model: preferred });
  }
  try {
    return await services.models.resolve('chat', { signal, interactive: true });
  } catch (err) {
    throw toOllamaError(err, {});
  }
}
