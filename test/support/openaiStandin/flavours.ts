// The wire shapes that differ between servers: error bodies, the 401, which paths need the key, the model list,
// the context-overflow error. Sources: reference/openai-compatible-protocol.md §2, §3.7, §5, §6.

import type { Flavour, OpenAIStandinModel } from './types';

function vllmType(status: number): string {
  switch (status) {
    case 400:
      return 'BadRequestError';
    case 404:
      return 'NotFoundError';
    case 501:
      return 'NotImplementedError';
    default:
      return 'InternalServerError';
  }
}

function llamaType(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 501:
      return 'not_supported_error';
    case 503:
      return 'unavailable_error';
    default:
      return 'server_error';
  }
}

/** The error JSON each server writes for `status` (before any byte of a stream). */
export function errorBody(flavour: Flavour, status: number, message: string, extra: { type?: string; param?: string; code?: string } = {}): Record<string, unknown> {
  switch (flavour) {
    case 'vllm':
      return { error: { message, type: extra.type ?? vllmType(status), param: extra.param ?? null, code: status } };
    case 'llamacpp':
      return { error: { code: status, message, type: extra.type ?? llamaType(status) } };
    case 'lmstudio':
      return { error: { message, type: extra.type ?? 'invalid_request_error', param: extra.param ?? null, code: extra.code ?? null } };
  }
}

/** Whether `path` needs the API key on this server. */
export function needsKey(flavour: Flavour, path: string): boolean {
  switch (flavour) {
    case 'vllm':
      return path.startsWith('/v1');
    case 'llamacpp':
      return !['/', '/health', '/v1/health', '/models', '/v1/models', '/api/tags'].includes(path);
    case 'lmstudio':
      return true;
  }
}

/** Whether the request carries the key the way this server accepts it. */
export function keyAccepted(flavour: Flavour, headers: Record<string, string>, key: string): boolean {
  const auth = headers['authorization'] ?? '';
  if (flavour === 'llamacpp') return auth === `Bearer ${key}` || headers['x-api-key'] === key;
  const match = /^bearer\s+(.*)$/i.exec(auth);
  return match?.[1] === key;
}

/** The 401 each server answers without (or with a wrong) key. LM Studio's body is unconfirmed: OpenAI-shaped. */
export function unauthorizedBody(flavour: Flavour): Record<string, unknown> {
  switch (flavour) {
    case 'vllm':
      return { error: 'Unauthorized' };
    case 'llamacpp':
      return { error: { message: 'Invalid API Key', type: 'authentication_error', code: 401 } };
    case 'lmstudio':
      return errorBody('lmstudio', 401, 'Invalid or missing API token.', { code: 'invalid_api_key' });
  }
}

export const CREATED = 1767225600;

/** `GET /v1/models` as each server answers it. */
export function modelList(flavour: Flavour, models: OpenAIStandinModel[], nCtx: number): Record<string, unknown> {
  switch (flavour) {
    case 'vllm':
      return {
        object: 'list',
        data: models.map((m) => ({
          id: m.id,
          object: 'model',
          created: CREATED,
          owned_by: m.ownedBy ?? 'vllm',
          root: `/models/${m.id}`,
          parent: null,
          max_model_len: m.maxModelLen ?? 4096,
          permission: [{ object: 'model_permission' }],
        })),
      };
    case 'llamacpp': {
      const m = models[0];
      if (!m) return { models: [], object: 'list', data: [] };
      return {
        models: [{ name: m.id, model: m.id, capabilities: ['completion'], details: { format: 'gguf' } }],
        object: 'list',
        data: [{ id: m.id, object: 'model', created: CREATED, owned_by: m.ownedBy ?? 'llamacpp', meta: { vocab_type: 2, n_vocab: 151936, n_ctx_train: m.maxModelLen ?? nCtx, n_params: 7615616512, size: 4683073536 } }],
      };
    }
    case 'lmstudio':
      return { object: 'list', data: models.map((m) => ({ id: m.id, object: 'model', owned_by: m.ownedBy ?? 'organization_owner' })) };
  }
}

/** A served model the request may not name: vLLM and LM Studio answer 404; llama.cpp ignores `model`. */
export function unknownModelError(flavour: Flavour, model: string): { status: number; body: Record<string, unknown> } | undefined {
  switch (flavour) {
    case 'vllm':
      return { status: 404, body: errorBody('vllm', 404, `The model \`${model}\` does not exist.`, { param: 'model' }) };
    case 'lmstudio':
      return { status: 404, body: errorBody('lmstudio', 404, `Model "${model}" not found. Please specify a valid model.`, { param: 'model', code: 'model_not_found' }) };
    case 'llamacpp':
      return undefined;
  }
}

/** The 400 for a prompt that does not fit, in each server's words. */
export function overflowError(flavour: Flavour, promptTokens: number, maxTokens: number, context: number): Record<string, unknown> {
  switch (flavour) {
    case 'vllm':
      return errorBody(
        'vllm',
        400,
        `This model's maximum context length is ${context} tokens. However, you requested ${promptTokens + maxTokens} tokens (${promptTokens} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`,
      );
    case 'llamacpp':
      return {
        error: {
          code: 400,
          message: 'the request exceeds the available context size, try increasing it',
          type: 'exceed_context_size_error',
          n_prompt_tokens: promptTokens,
          n_ctx: context,
        },
      };
    case 'lmstudio':
      return errorBody('lmstudio', 400, 'The number of tokens to keep from the initial prompt is greater than the context length.');
  }
}

/** The field thinking text travels in. */
export function reasoningKey(flavour: Flavour): 'reasoning' | 'reasoning_content' {
  return flavour === 'llamacpp' ? 'reasoning_content' : 'reasoning';
}
