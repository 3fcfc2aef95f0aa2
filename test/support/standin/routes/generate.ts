// POST /api/generate, in the order GenerateHandler checks things: name, model, unload, raw conflicts,
// thinking, capabilities (completion, insert), load, empty-prompt load reply, then the slot and the tokens.

import { decodeBody } from '../decode';
import { keepAliveMs } from '../duration';
import { canonicalOf, parseName } from '../names';
import { shapeReply } from '../replies';
import { GENERATE } from '../schemas';
import { LineEmitter } from '../streaming';
import { utcTimestamp } from '../timefmt';
import { countTokens, tokenIds } from '../tokens';
import type { ReplyContext } from '../types';
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
import { type HandlerContext, optStr, record, str, wantsStream } from './route';

export async function handleGenerate({ ex, state, body, fault }: HandlerContext): Promise<void> {
  const req = decodeBody(body, GENERATE);
  const modelArg = str(req['model']);
  // An empty name falls through to the handler's own message; a malformed one is always `invalid model name`.
  if (modelArg === '') return ex.sendError(404, `model '' not found`);
  if (!parseName(modelArg)) return ex.sendError(400, 'invalid model name');
  const model = state.installed.get(modelArg);
  if (!model) return ex.sendError(404, `model '${modelArg}' not found`);

  const prompt = str(req['prompt']);
  const keepAlive = req['keep_alive'] === undefined ? undefined : keepAliveMs(req['keep_alive']);
  const head = (): Record<string, unknown> => ({
    model: modelArg,
    ...(model.remoteHost ? { remote_model: model.remoteModel ?? model.name, remote_host: model.remoteHost } : {}),
    created_at: utcTimestamp(),
  });

  if (prompt === '' && keepAlive === 0) {
    state.loaded.unload(model);
    return ex.sendJson(200, { ...head(), response: '', done: true, done_reason: 'unload' });
  }

  const raw = req['raw'] === true;
  const system = optStr(req['system']);
  const template = optStr(req['template']);
  const context = Array.isArray(req['context']) ? (req['context'] as unknown[]) : undefined;
  if (raw && (template || system || (context && context.length > 0))) {
    return ex.sendError(400, 'raw mode does not support template, system, or context');
  }

  const caps = model.capabilities;
  let think = req['think'];
  const thinkingModel = caps.includes('thinking');
  if (thinkingModel) {
    if (think === undefined) think = true;
  } else if (think === true || typeof think === 'string') {
    return ex.sendError(400, `"${modelArg}" does not support thinking`);
  }
  const suffix = optStr(req['suffix']);
  if (!caps.includes('completion')) return ex.sendError(400, `"${modelArg}" does not support generate`);
  if (suffix && !caps.includes('insert')) return ex.sendError(400, `${canonicalOf(model.name)} does not support insert`);

  const options = record(req['options']);
  const badOption = optionsError(options);
  if (badOption) return ex.sendError(400, badOption);

  const numCtx = numCtxFor(model, options, state.settings.defaultNumCtx);
  const loaded = await loadModel(state, ex, model, keepAlive, numCtx);
  if (!loaded) return;
  try {
    if (prompt === '') return ex.sendJson(200, { ...head(), response: '', done: true, done_reason: 'load' });

    await withSlot(state, ex, model, async () => {
      const effectiveSystem = raw || suffix ? undefined : (system ?? model.system);
      const rendered = raw ? prompt : `${effectiveSystem ?? ''}\n${prompt}\n${suffix ?? ''}`;
      const promptTokens = countTokens(rendered) + (raw ? 1 : suffix ? 3 : 10) + (context?.length ?? 0);
      if (req['shift'] === false && promptTokens >= numCtx) return ex.sendError(400, PROMPT_TOO_LONG);

      const thinking = thinkingModel && think !== false;
      const ctx: ReplyContext = {
        path: '/api/generate',
        model: modelArg,
        prompt,
        ...(suffix !== undefined ? { suffix } : {}),
        ...(raw ? { raw } : {}),
        ...(effectiveSystem !== undefined ? { system: effectiveSystem } : {}),
        ...(options ? { options } : {}),
        stop: effectiveStop(model, options),
        ...(req['format'] !== undefined ? { format: req['format'] } : {}),
        ...(req['think'] !== undefined ? { think: req['think'] } : {}),
        thinking,
        request: ex.rec,
      };
      const shaped = shapeReply(state.nextReply(ctx), ctx);
      const emitter = new LineEmitter(ex, wantsStream(req) ? 'stream' : 'buffer', fault);
      const allText = shaped.tokens.filter((t) => t.kind === 'content').map((t) => t.text).join('');
      const allThinking = shaped.tokens.filter((t) => t.kind === 'thinking').map((t) => t.text).join('');
      const buffered = emitter.mode === 'buffer';

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
          response: t.kind === 'content' ? t.text : '',
          ...(t.kind === 'thinking' ? { thinking: t.text } : {}),
          done: false,
        }),
        final: (stats) => ({
          ...head(),
          response: buffered ? allText : '',
          ...(buffered && allThinking ? { thinking: allThinking } : {}),
          done: true,
          done_reason: shaped.doneReason,
          ...(raw ? {} : { context: tokenIds(`${rendered}${allText}`) }),
          ...metricFields(stats),
        }),
      });
    });
  } finally {
    unload(state, loaded);
  }
}
