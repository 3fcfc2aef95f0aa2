// The model picker: installed models that can chat, and which one the next message goes to
// (the conversation's choice, else hearth.model.chat, else the automatic choice).
import { canChat, generatesText } from '../../core/models/chatAbility';
import { OllamaError, toOllamaError } from '../../core/ollama/errors';
import { displayModelName, sameModel } from '../../core/ollama/names';
import type { ModelGateway } from '../../core/endpoints/modelGateway';
import type { ModelDetails, ModelSummary } from '../../core/ollama/types';
import type { ModelOption } from '../../shared/protocol';
import type { HearthServices } from '../../platform/services';

/**
 * Installed models that can chat: no embedding models, no base models (whose template has no turns).
 * The templates come from /api/show, which the gateway caches until the installed models change (the
 * automatic model choice reads the same). A model whose details cannot be read is judged by its listed
 * capabilities and its name.
 */
export async function chatModels(services: { gateway: Pick<ModelGateway, 'listModels' | 'showModel'> }, signal?: AbortSignal): Promise<ModelOption[]> {
  const models = await services.gateway.listModels({ signal });
  const details = await Promise.all(models.map((m) => services.gateway.showModel(m.name, { signal }).catch(() => undefined)));
  const out: ModelOption[] = [];
  for (const [i, m] of models.entries()) {
    const d = details[i];
    const capabilities = d?.capabilities ?? m.capabilities ?? [];
    // An empty template is "not known" (an OpenAI-compatible server applies its own): then the name decides.
    if (canChat({ name: m.name, capabilities, template: d?.template || undefined })) out.push(option(m, capabilities));
  }
  return out;
}

function option(m: ModelSummary, caps: readonly string[]): ModelOption {
  const name = displayModelName(m.name);
  return { name, label: name, thinking: caps.includes('thinking') };
}

/**
 * The model for the next message: `preferred` if the chat's endpoint serves it and it can chat, else the
 * configured or automatic choice.
 */
export async function modelFor(services: HearthServices, gateway: ModelGateway, preferred: string | undefined, signal?: AbortSignal): Promise<ModelDetails> {
  if (preferred) {
    const installed = await gateway.listModels({ signal });
    const served = installed.find((m) => m.name === preferred) ?? installed.find((m) => sameModel(m.name, preferred));
    if (served) {
      const details = await gateway.showModel(served.name, { signal });
      // A model named explicitly (the conversation's or the setting's) is used as long as it generates
      // text at all: the menu offers only chat models, but a deliberate choice is the user's.
      if (!generatesText(details)) throw new OllamaError('capabilityMissing', `${preferred} cannot chat`, { model: preferred, capability: 'chat' });
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
