// One request from arrival to handler: record it, read the body, check the key where the server does, route
// it, settle a status fault, and hand generation routes their stream fault.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { SseExchange } from './exchange';
import { HTML_500, type OpenAIFaultBook, isStreamFault } from './faults';
import { errorBody, keyAccepted, modelList, needsKey, unauthorizedBody } from './flavours';
import { handleGeneration } from './generation';
import type { OpenAIStandinState } from './state';

function parse(body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function notFound(ex: SseExchange, state: OpenAIStandinState): void {
  switch (state.settings.flavour) {
    case 'vllm':
      return ex.sendJson(404, { detail: 'Not Found' });
    case 'llamacpp':
      return ex.sendJson(404, { error: { message: 'File Not Found', type: 'not_found_error', code: 404 } });
    case 'lmstudio':
      return ex.sendJson(404, { error: `Unexpected endpoint or method. (${ex.rec.method} ${ex.rec.path})` });
  }
}

function props(state: OpenAIStandinState): unknown {
  const model = state.settings.models[0];
  return {
    default_generation_settings: { n_ctx: state.settings.nCtx, params: { n_predict: -1, temperature: 0.8, top_p: 0.95 } },
    total_slots: 1,
    model_alias: model?.id ?? '',
    model_path: `/models/${model?.id ?? 'model'}.gguf`,
    modalities: { vision: false, audio: false },
    chat_template: '',
    bos_token: '<|endoftext|>',
    eos_token: '<|im_end|>',
    build_info: 'b6000-standin',
  };
}

export async function dispatch(req: IncomingMessage, res: ServerResponse, state: OpenAIStandinState, faults: OpenAIFaultBook): Promise<void> {
  const rec = state.recorder.begin(req);
  const { flavour } = state.settings;
  const ex = new SseExchange(req, res, rec, state.recorder, flavour === 'llamacpp' ? { Server: 'llama.cpp' } : {});
  try {
    const text = await ex.readBody();
    rec.body = parse(text);
    state.recorder.changed();
    if (ex.closed) return;

    const key = state.settings.apiKey;
    if (key !== undefined && needsKey(flavour, rec.path) && !keyAccepted(flavour, rec.headers, key)) {
      return ex.sendJson(401, unauthorizedBody(flavour));
    }

    const route = `${rec.method} ${rec.path}`;
    const generation =
      route === 'POST /v1/chat/completions' ? 'chat' : route === 'POST /v1/completions' ? 'completion' : route === 'POST /infill' && flavour === 'llamacpp' ? 'infill' : undefined;

    const fault = faults.take(rec.path);
    if (fault?.kind === 'status') {
      const body = fault.body ?? JSON.stringify(errorBody(flavour, fault.status, fault.message ?? `status ${fault.status}`));
      return ex.sendBody(fault.status, fault.contentType ?? 'application/json', body);
    }
    if (fault?.kind === 'html500') return ex.sendBody(500, 'text/html', HTML_500);

    if (generation) {
      const body = rec.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return ex.sendJson(400, errorBody(flavour, 400, 'The request body is not a JSON object.'));
      }
      const b = body as Record<string, unknown>;
      if (generation === 'infill') {
        if (!state.settings.infill) return ex.sendJson(501, errorBody(flavour, 501, 'Infill is not supported by this model: prefix token is missing. '));
        if (typeof b['input_prefix'] !== 'string' || typeof b['input_suffix'] !== 'string') {
          return ex.sendJson(400, errorBody(flavour, 400, '"input_prefix" and "input_suffix" are required'));
        }
      }
      return await handleGeneration(generation, ex, state, b, fault && isStreamFault(fault) ? fault : undefined);
    }

    switch (route) {
      case 'GET /v1/models':
        return ex.sendJson(200, modelList(flavour, state.settings.models, state.settings.nCtx));
      case 'GET /models':
        if (flavour === 'llamacpp') return ex.sendJson(200, modelList(flavour, state.settings.models, state.settings.nCtx));
        break;
      case 'GET /health':
        if (flavour === 'vllm') return ex.sendBody(200, undefined, '');
        if (flavour === 'llamacpp') return ex.sendJson(200, { status: 'ok' });
        break;
      case 'GET /version':
        if (flavour === 'vllm') return ex.sendJson(200, { version: '0.11.0' });
        break;
      case 'GET /api/v1/models':
        // LM Studio's own API (0.4+): every downloaded model, its maximum and what is loaded with which context.
        if (flavour === 'lmstudio') {
          return ex.sendJson(200, {
            models: state.settings.models.map((m) => ({
              type: 'llm',
              key: m.id,
              max_context_length: 131072,
              loaded_instances: [{ id: m.id, config: { context_length: m.maxModelLen ?? 4096, parallel: 1 } }],
            })),
          });
        }
        break;
      case 'GET /props':
        if (flavour === 'llamacpp') return ex.sendJson(200, props(state));
        break;
      default:
        break;
    }
    return notFound(ex, state);
  } catch (e) {
    if (ex.headersSent) ex.destroy();
    else ex.sendJson(500, errorBody(flavour, 500, e instanceof Error ? e.message : String(e)));
  }
}
