// POST /v1/chat/completions, /v1/completions and llama.cpp's /infill: validation in the order the servers
// check things (model, stream options, response_format, suffix, context), then the slot, then the tokens,
// streamed as SSE or returned as one JSON body.

import { sleep } from '../standin/delays';
import { countTokens, tokenize } from '../standin/tokens';
import { ChunkEmitter } from './emitter';
import type { SseExchange } from './exchange';
import type { StreamFault } from './faults';
import { CREATED, errorBody, overflowError, reasoningKey, unknownModelError } from './flavours';
import type { OpenAIStandinState } from './state';
import type { ReplyContext } from './types';

export type Route = 'chat' | 'completion' | 'infill';

interface Job {
  ex: SseExchange;
  state: OpenAIStandinState;
  body: Record<string, unknown>;
  fault: StreamFault | undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function messagesOf(v: unknown): { role: string; content: string }[] {
  if (!Array.isArray(v)) return [];
  return v.map((m) => {
    const r = (m ?? {}) as Record<string, unknown>;
    const content = Array.isArray(r['content'])
      ? (r['content'] as Record<string, unknown>[]).map((p) => str(p['text'])).join('')
      : str(r['content']);
    return { role: str(r['role']), content };
  });
}

/** A 400 (or other) answer before any byte is streamed, in the flavour's shape. */
function reject(job: Job, status: number, message: string, extra: { type?: string; param?: string } = {}): void {
  job.ex.sendJson(status, errorBody(job.state.settings.flavour, status, message, extra));
}

/** Checks shared by chat and completions. Returns false when the request was answered with an error. */
function validate(job: Job, route: Route): boolean {
  const { flavour } = job.state.settings;
  const { body } = job;
  const model = str(body['model']);
  if (route !== 'infill' && !job.state.model(model)) {
    if (flavour === 'vllm' && model === '') return true; // vLLM: `model` optional, the first served one
    const err = unknownModelError(flavour, model);
    if (err) {
      job.ex.sendJson(err.status, err.body);
      return false;
    }
  }
  if (flavour === 'vllm' && body['stream_options'] !== undefined && body['stream_options'] !== null && body['stream'] !== true) {
    reject(job, 400, 'Stream options can only be defined when `stream=True`.');
    return false;
  }
  const format = body['response_format'] as Record<string, unknown> | undefined;
  if (format && format['type'] === 'json_schema') {
    if (!job.state.settings.jsonSchema) {
      reject(job, 400, 'response_format type must be one of "text" or "json_object", but got: json_schema');
      return false;
    }
    const spec = format['json_schema'] as Record<string, unknown> | undefined;
    if (flavour === 'vllm' && !spec) {
      reject(job, 400, "When response_format type is 'json_schema', the 'json_schema' field must be provided.");
      return false;
    }
    if (flavour === 'vllm' && typeof spec?.['name'] !== 'string') {
      reject(job, 400, '1 validation error for ChatCompletionRequest\nresponse_format.json_schema.name\n  Field required', { type: 'Bad Request' });
      return false;
    }
  }
  if (route === 'completion' && body['suffix'] !== undefined && body['suffix'] !== null) {
    if (flavour === 'vllm') {
      reject(job, 400, 'suffix is not currently supported');
      return false;
    }
    if (flavour === 'llamacpp') {
      reject(job, 500, 'Unsupported param: suffix');
      return false;
    }
  }
  return true;
}

/** The context this request runs in: vLLM and LM Studio per model, llama.cpp per slot. */
function contextOf(job: Job): number {
  const { settings } = job.state;
  if (settings.flavour === 'llamacpp') return settings.nCtx;
  return job.state.model(str(job.body['model']))?.maxModelLen ?? settings.models[0]?.maxModelLen ?? 4096;
}

/** The output cap: what the request asked, else each server's default. undefined = until the context is full. */
function maxTokensOf(job: Job, route: Route, promptTokens: number, context: number): number | undefined {
  const { flavour } = job.state.settings;
  const { body } = job;
  if (route === 'infill') {
    const n = num(body['n_predict']);
    return n === undefined || n < 0 ? undefined : n;
  }
  const asked = flavour === 'vllm' ? (num(body['max_completion_tokens']) ?? num(body['max_tokens'])) : num(body['max_tokens']);
  if (asked !== undefined && asked >= 0) return asked;
  if (flavour === 'vllm') return route === 'completion' ? 16 : Math.max(0, context - promptTokens);
  return undefined;
}

export async function handleGeneration(route: Route, ex: SseExchange, state: OpenAIStandinState, body: Record<string, unknown>, fault: StreamFault | undefined): Promise<void> {
  const job: Job = { ex, state, body, fault };
  const { flavour } = state.settings;
  if (!validate(job, route)) return;

  const messages = route === 'chat' ? messagesOf(body['messages']) : undefined;
  const rendered =
    route === 'chat'
      ? (messages ?? []).map((m) => `<|${m.role}|>\n${m.content}\n`).join('')
      : route === 'infill'
        ? `${str(body['input_prefix'])}${str(body['input_suffix'])}${str(body['prompt'])}`
        : str(body['prompt']);
  const promptTokens = countTokens(rendered) + (route === 'chat' ? 3 * (messages?.length ?? 0) + 3 : route === 'infill' ? 4 : 0);
  const context = contextOf(job);
  const maxTokens = maxTokensOf(job, route, promptTokens, context);

  // Overflow: vLLM checks prompt + max_tokens before generating; llama.cpp and LM Studio only the prompt.
  const overflows = flavour === 'vllm' ? promptTokens + (maxTokens ?? 0) > context : promptTokens >= context;
  if (overflows) return ex.sendJson(400, overflowError(flavour, promptTokens, maxTokens ?? 0, context));

  const release = await state.pool.acquire(ex.signal);
  if (!release) return;
  try {
    const lastUser = [...(messages ?? [])].reverse().find((m) => m.role === 'user');
    const ctx: ReplyContext = {
      path: ex.rec.path,
      model: str(body['model']),
      prompt: route === 'chat' ? (lastUser?.content ?? '') : route === 'infill' ? str(body['input_prefix']) : str(body['prompt']),
      ...(messages ? { messages } : {}),
      ...(route === 'infill' ? { suffix: str(body['input_suffix']) } : typeof body['suffix'] === 'string' ? { suffix: body['suffix'] } : {}),
      ...(body['response_format'] !== undefined ? { responseFormat: body['response_format'] } : {}),
      request: ex.rec,
    };
    const reply = state.nextReply(ctx);
    // llama.cpp stops when the slot's context is full; so does every server at its own limit.
    const room = Math.max(0, context - promptTokens);
    const cap = Math.min(maxTokens ?? Infinity, room);
    const thinking = reply.thinking ? tokenize(reply.thinking) : [];
    const all = tokenize(reply.text);
    const text = all.slice(0, Math.max(0, cap - thinking.length));
    const finishReason = text.length < all.length ? 'length' : 'stop';
    const usage = { prompt_tokens: promptTokens, completion_tokens: thinking.length + text.length, total_tokens: promptTokens + thinking.length + text.length };
    const shape = new Shape(route, flavour, str(body['model']) || (state.settings.models[0]?.id ?? ''), ex.rec.id);

    if (!(await sleep(state.settings.firstTokenMs, ex.signal))) return;
    if (body['stream'] !== true) {
      ex.rec.tokensGenerated = thinking.length + text.length;
      ex.rec.tokensSent = ex.rec.tokensGenerated;
      return ex.sendJson(200, shape.whole(text.join(''), thinking.join(''), finishReason, usage));
    }

    const emitter = new ChunkEmitter(ex, flavour, fault, route !== 'infill');
    if (!(await emitter.preamble(shape.roleChunk()))) return;
    const pieces = [...thinking.map((t) => ({ thinking: t })), ...text.map((t) => ({ text: t }))];
    for (let i = 0; i < pieces.length; i++) {
      if (i > 0 && !(await sleep(state.settings.perTokenMs, ex.signal))) return;
      const piece = pieces[i] ?? {};
      if (!(await emitter.chunk(shape.piece(piece)))) return;
    }
    const options = (body['stream_options'] ?? undefined) as { include_usage?: unknown } | undefined;
    // vLLM: include_usage defaults to true once stream_options is there; llama.cpp and LM Studio: false.
    const wantsUsage = options !== undefined && options !== null && (options.include_usage === true || (flavour === 'vllm' && options.include_usage === undefined));
    await emitter.finish(shape.ending(finishReason, usage, wantsUsage));
  } finally {
    release();
  }
}

/** The JSON objects of one reply, per route and flavour. */
class Shape {
  private readonly id: string;
  constructor(
    private readonly route: Route,
    private readonly flavour: 'vllm' | 'llamacpp' | 'lmstudio',
    private readonly model: string,
    n: number,
  ) {
    this.id = route === 'chat' ? `chatcmpl-standin-${n}` : `cmpl-standin-${n}`;
  }

  private head(object: string): Record<string, unknown> {
    return { id: this.id, object, created: CREATED, model: this.model };
  }

  private timings(usage: Usage): Record<string, unknown> {
    return { cache_n: 0, prompt_n: usage.prompt_tokens, prompt_ms: 1, predicted_n: usage.completion_tokens, predicted_ms: 1 };
  }

  roleChunk(): unknown | undefined {
    if (this.route !== 'chat') return undefined;
    const content = this.flavour === 'llamacpp' ? null : '';
    return { ...this.head('chat.completion.chunk'), choices: [{ index: 0, delta: { role: 'assistant', content }, logprobs: null, finish_reason: null }] };
  }

  piece(p: { text?: string; thinking?: string }): unknown {
    if (this.route === 'infill') return { index: 0, content: p.text ?? '', stop: false, tokens: [] };
    if (this.route === 'completion') {
      return { ...this.head('text_completion'), choices: [{ index: 0, text: p.text ?? '', logprobs: null, finish_reason: null }] };
    }
    const delta = p.thinking !== undefined ? { [reasoningKey(this.flavour)]: p.thinking } : { content: p.text ?? '' };
    return { ...this.head('chat.completion.chunk'), choices: [{ index: 0, delta, logprobs: null, finish_reason: null }] };
  }

  /** The events after the text: the finish chunk and, when asked (always for llama.cpp completions), usage. */
  ending(finishReason: string, usage: Usage, wantsUsage: boolean): unknown[] {
    if (this.route === 'infill') {
      return [{ index: 0, content: '', stop: true, stop_type: finishReason === 'length' ? 'limit' : 'eos', tokens_predicted: usage.completion_tokens, tokens_evaluated: usage.prompt_tokens, truncated: false, timings: this.timings(usage) }];
    }
    const object = this.route === 'chat' ? 'chat.completion.chunk' : 'text_completion';
    const choice = this.route === 'chat' ? { index: 0, delta: {}, logprobs: null, finish_reason: finishReason } : { index: 0, text: '', logprobs: null, finish_reason: finishReason };
    const finish: Record<string, unknown> = { ...this.head(object), choices: [{ ...choice, ...(this.flavour === 'vllm' ? { stop_reason: null } : {}) }] };
    if (this.flavour === 'llamacpp' && this.route === 'completion') return [{ ...finish, usage, timings: this.timings(usage) }];
    if (!wantsUsage) return [finish];
    const usageChunk: Record<string, unknown> = { ...this.head(object), choices: [], usage };
    if (this.flavour === 'llamacpp') usageChunk['timings'] = this.timings(usage);
    return [finish, usageChunk];
  }

  whole(text: string, thinking: string, finishReason: string, usage: Usage): unknown {
    if (this.route === 'infill') {
      return { index: 0, content: text, stop: true, stop_type: finishReason === 'length' ? 'limit' : 'eos', tokens_predicted: usage.completion_tokens, tokens_evaluated: usage.prompt_tokens, truncated: false, timings: this.timings(usage) };
    }
    if (this.route === 'completion') {
      return { ...this.head('text_completion'), choices: [{ index: 0, text, logprobs: null, finish_reason: finishReason }], usage };
    }
    const message: Record<string, unknown> = { role: 'assistant', content: text };
    if (thinking) message[reasoningKey(this.flavour)] = thinking;
    return { ...this.head('chat.completion'), choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }], usage };
  }
}

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}
