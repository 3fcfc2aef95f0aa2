// POST /api/chat, in ChatHandler's order: name (400 `model is required`), model, unload, thinking,
// capabilities (completion, tools), load, empty-messages load reply, then the slot and the tokens.

import { randomBytes } from 'node:crypto';
import { decodeBody } from '../decode';
import { keepAliveMs } from '../duration';
import { canonicalOf, parseName } from '../names';
import { shapeReply } from '../replies';
import { CHAT } from '../schemas';
import { LineEmitter } from '../streaming';
import { utcTimestamp } from '../timefmt';
import { countTokens } from '../tokens';
import type { ChatMessage, ReplyContext } from '../types';
import {
  PROMPT_TOO_LONG,
  effectiveStop,
  loadModel,
  modelKey,
  metricFields,
  numCtxFor,
  optionsError,
  promptEvalCount,
  runGeneration,
  unload,
  withSlot,
} from './inference';
import { type HandlerContext, record, str, wantsStream } from './route';

/** `call_` plus 8 characters from [a-z0-9], as toolCallId makes them. */
function toolCallId(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `call_${[...randomBytes(8)].map((b) => letters[b % letters.length]).join('')}`;
}

function toMessages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value)) return [];
  return value.map((m) => {
    const r = record(m) ?? {};
    const msg: ChatMessage = { role: str(r['role']).toLowerCase(), content: str(r['content']) };
    if (typeof r['thinking'] === 'string') msg.thinking = r['thinking'];
    if (Array.isArray(r['images'])) msg.images = r['images'] as string[];
    if (Array.isArray(r['tool_calls'])) msg.tool_calls = r['tool_calls'] as unknown[];
    if (typeof r['tool_name'] === 'string') msg.tool_name = r['tool_name'];
    return msg;
  });
}

export async function handleChat({ ex, state, body, fault }: HandlerContext): Promise<void> {
  const req = decodeBody(body, CHAT);
  const modelArg = str(req['model']);
  if (modelArg === '') return ex.sendError(400, 'model is required');
  if (!parseName(modelArg)) return ex.sendError(400, 'invalid model name');
  const model = state.installed.get(modelArg);
  if (!model) return ex.sendError(404, `model '${modelArg}' not found`);

  const messages = toMessages(req['messages']);
  const keepAlive = req['keep_alive'] === undefined ? undefined : keepAliveMs(req['keep_alive']);
  const head = (): Record<string, unknown> => ({
    model: modelArg,
    ...(model.remoteHost ? { remote_model: model.remoteModel ?? model.name, remote_host: model.remoteHost } : {}),
    created_at: utcTimestamp(),
  });

  if (messages.length === 0 && keepAlive === 0) {
    state.loaded.unload(model);
    return ex.sendJson(200, { ...head(), message: { role: 'assistant', content: '' }, done: true, done_reason: 'unload' });
  }

  const caps = model.capabilities;
  const tools = Array.isArray(req['tools']) ? (req['tools'] as unknown[]) : undefined;
  let think = req['think'];
  const thinkingModel = caps.includes('thinking');
  if (thinkingModel) {
    if (think === undefined) think = true;
  } else if (think === true || typeof think === 'string') {
    return ex.sendError(400, `"${modelArg}" does not support thinking`);
  }
  if (!caps.includes('completion')) return ex.sendError(400, `"${modelArg}" does not support chat`);
  if (tools && tools.length > 0 && !caps.includes('tools')) {
    return ex.sendError(400, `${canonicalOf(model.name)} does not support tools`);
  }

  const options = record(req['options']);
  const badOption = optionsError(options);
  if (badOption) return ex.sendError(400, badOption);

  const numCtx = numCtxFor(model, options, state.settings.defaultNumCtx);
  const loaded = await loadModel(state, ex, model, keepAlive, numCtx);
  if (!loaded) return;
  try {
    if (messages.length === 0) {
      return ex.sendJson(200, { ...head(), message: { role: 'assistant', content: '' }, done: true, done_reason: 'load' });
    }

    await withSlot(state, ex, model, async () => {
      const lastUser = [...messages].reverse().find((m) => m.role === 'user');
      const system = messages.find((m) => m.role === 'system')?.content ?? model.system;
      const rendered = `${messages[0]?.role !== 'system' && model.system ? `${model.system}\n` : ''}${messages.map((m) => m.content).join('\n')}`;
      const promptTokens = countTokens(rendered) + 5 * messages.length + 3;
      if (req['shift'] === false && promptTokens >= numCtx) return ex.sendError(400, PROMPT_TOO_LONG);

      const thinking = thinkingModel && think !== false;
      const ctx: ReplyContext = {
        path: '/api/chat',
        model: modelArg,
        prompt: lastUser?.content ?? '',
        messages,
        ...(system !== undefined ? { system } : {}),
        ...(options ? { options } : {}),
        stop: effectiveStop(model, options),
        ...(req['format'] !== undefined ? { format: req['format'] } : {}),
        ...(req['think'] !== undefined ? { think: req['think'] } : {}),
        thinking,
        ...(tools ? { tools } : {}),
        request: ex.rec,
      };
      const shaped = shapeReply(state.nextReply(ctx), ctx);
      const emitter = new LineEmitter(ex, wantsStream(req) ? 'stream' : 'buffer', fault);
      const buffered = emitter.mode === 'buffer';
      const content = shaped.tokens.filter((t) => t.kind === 'content').map((t) => t.text).join('');
      const thought = shaped.tokens.filter((t) => t.kind === 'thinking').map((t) => t.text).join('');
      // The server parses tool calls only when the request offered tools.
      const toolCalls =
        tools && tools.length > 0 && shaped.toolCalls && shaped.toolCalls.length > 0
          ? shaped.toolCalls.map((c, index) => ({ id: toolCallId(), function: { index, name: c.name, arguments: c.arguments } }))
          : undefined;

      await runGeneration({
        ex,
        state,
        emitter,
        ctx,
        shaped,
        promptChars: rendered.length,
        kv: { rendered, key: modelKey(model) },
        promptTokens: promptEvalCount(promptTokens, numCtx),
        loaded,
        chunk: (t) => ({
          ...head(),
          message: { role: 'assistant', content: t.kind === 'content' ? t.text : '', ...(t.kind === 'thinking' ? { thinking: t.text } : {}) },
          done: false,
        }),
        ...(toolCalls && !buffered ? { extra: [{ ...head(), message: { role: 'assistant', content: '', tool_calls: toolCalls }, done: false }] } : {}),
        final: (stats) => ({
          ...head(),
          message: {
            role: 'assistant',
            content: buffered ? content : '',
            ...(buffered && thought ? { thinking: thought } : {}),
            ...(buffered && toolCalls ? { tool_calls: toolCalls } : {}),
          },
          done: true,
          done_reason: shaped.doneReason,
          ...metricFields(stats),
        }),
      });
    });
  } finally {
    unload(state, loaded);
  }
}
