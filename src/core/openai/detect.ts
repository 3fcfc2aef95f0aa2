// Which engine an OpenAI-compatible endpoint is, and where it reports the context a request may use
// (reference/openai-compatible-protocol.md §2 and §7). Probe and branch on what the server answers, never on a
// version: these servers move their routes around. The adapter uses the kind to choose /infill (llama.cpp)
// or `suffix` (Ollama /v1) or a hand-built FIM prompt (vLLM), and to budget prompts.
import { isAuthFailure } from './errors';
import type { OpenAIClient } from './client';
import type { CallOptions, OpenAIEndpoint } from './types';

export type ServerKind = 'ollama' | 'llamacpp' | 'vllm' | 'lmstudio' | 'litellm' | 'generic';

function json(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)) : [];
}

/** First match wins, as in the reference's order. Throws (an OllamaError) only when nothing answers. */
export async function detectServer(client: OpenAIClient, endpoint: OpenAIEndpoint, opts: CallOptions = {}): Promise<ServerKind> {
  const root = await client.probe(endpoint, '/', opts);
  if (root.server?.toLowerCase().includes('llama.cpp')) return 'llamacpp';
  if (root.status === 200 && root.text.includes('Ollama is running')) {
    const version = json((await client.probe(endpoint, '/api/version', opts)).text);
    if (typeof version?.['version'] === 'string') return 'ollama';
  }
  const props = await client.probe(endpoint, '/props', opts);
  const p = props.status === 200 ? json(props.text) : undefined;
  if (props.server?.toLowerCase().includes('llama.cpp') || (p && ('build_info' in p || 'total_slots' in p))) return 'llamacpp';

  const version = await client.probe(endpoint, '/version', opts);
  if (version.status === 200 && typeof json(version.text)?.['version'] === 'string') {
    try {
      const models = await client.listModels(endpoint, opts);
      if (models.some((m) => m.ownedBy === 'vllm' || m.contextLength !== undefined)) return 'vllm';
    } catch (err) {
      // vLLM guards /v1 only: /version answered, /v1/models wants the token.
      if (isAuthFailure(err)) return 'vllm';
      throw err;
    }
  }

  const lmStudio = await client.probe(endpoint, '/api/v1/models', opts);
  if (lmStudio.status === 200 && records(json(lmStudio.text)?.['models']).some((m) => typeof m['key'] === 'string')) return 'lmstudio';
  const lmStudioV0 = await client.probe(endpoint, '/api/v0/models', opts);
  if (lmStudioV0.status === 200 && records(json(lmStudioV0.text)?.['data']).some((m) => typeof m['state'] === 'string')) return 'lmstudio';

  const liveliness = await client.probe(endpoint, '/health/liveliness', opts);
  if (liveliness.status === 200 && liveliness.text.includes("I'm alive")) return 'litellm';
  return 'generic';
}

/**
 * The context (prompt + output) a request for `model` runs in, as the server reports it; undefined when it does
 * not (then a setting decides). Ollama's lives on its native API (/api/show, /api/ps): the Ollama adapter's job.
 */
export async function serverContextLength(client: OpenAIClient, endpoint: OpenAIEndpoint, kind: ServerKind, model: string, opts: CallOptions = {}): Promise<number | undefined> {
  switch (kind) {
    case 'llamacpp':
      // One model per server; the per-slot size, not the training context of /v1/models' meta.
      return (await client.serverProps(endpoint, opts))?.contextLength;
    case 'lmstudio': {
      const answer = await client.probe(endpoint, '/api/v1/models', opts);
      if (answer.status !== 200) return undefined;
      const card = records(json(answer.text)?.['models']).find((m) => m['key'] === model);
      const loaded = records(card?.['loaded_instances'])[0];
      const context = (loaded?.['config'] as Record<string, unknown> | undefined)?.['context_length'];
      return typeof context === 'number' && context > 0 ? context : undefined;
    }
    case 'ollama':
      return undefined;
    default:
      return (await client.listModels(endpoint, opts)).find((m) => m.id === model)?.contextLength;
  }
}
