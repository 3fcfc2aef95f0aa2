// What the handlers of the OpenAI-compatible stand-in share: the settings, the one slot pool, the recorder and
// the reply source.

import { codeContinuation } from '../standin/replies';
import type { Recorder } from '../standin/recorder';
import type { SlotPool } from '../standin/slots';
import { exampleOf } from './schema';
import type { Flavour, OpenAIStandinModel, Reply, ReplyContext } from './types';

export interface OpenAIStandinSettings {
  flavour: Flavour;
  models: OpenAIStandinModel[];
  apiKey: string | undefined;
  jsonSchema: boolean;
  nCtx: number;
  infill: boolean;
  firstTokenMs: number;
  perTokenMs: number;
}

export const DEFAULT_TEXT = 'This is a reply from the OpenAI-compatible stand-in.';

export class OpenAIStandinState {
  readonly script: Array<Reply | string> = [];
  replyFn: ((ctx: ReplyContext) => Reply | string) | undefined;

  constructor(
    readonly settings: OpenAIStandinSettings,
    readonly pool: SlotPool,
    readonly recorder: Recorder,
  ) {}

  /** The served model named `id`; llama.cpp serves its one model whatever the request says. */
  model(id: string): OpenAIStandinModel | undefined {
    if (this.settings.flavour === 'llamacpp') return this.settings.models[0];
    return this.settings.models.find((m) => m.id === id);
  }

  /** The next scripted reply, else the reply function, else a default that fits the request. */
  nextReply(ctx: ReplyContext): Reply {
    const scripted = this.script.shift();
    const value = scripted ?? this.replyFn?.(ctx) ?? defaultReply(ctx);
    return typeof value === 'string' ? { text: value } : value;
  }
}

function defaultReply(ctx: ReplyContext): Reply {
  const format = ctx.responseFormat as { type?: unknown; json_schema?: { schema?: unknown }; schema?: unknown } | undefined;
  if (format?.type === 'json_schema') return { text: JSON.stringify(exampleOf(format.json_schema?.schema ?? format.schema)) };
  if (format?.type === 'json_object') return { text: '{}' };
  if (ctx.suffix !== undefined) return { text: codeContinuation(ctx.prompt, ctx.suffix) };
  return { text: DEFAULT_TEXT };
}
