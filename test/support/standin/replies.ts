// What the fake model "says". The default is deterministic and simple on purpose:
//   • chat                → `You said: <last user message>`
//   • generate with FIM   → a short code continuation chosen from the line before the cursor
//     (a `suffix`, or a raw prompt with FIM markers, or any raw prompt)
//   • generate, prose     → `Sure! Here is a reply to "<first 60 chars of the prompt>".`
//   • a `format` (json or a schema) → a JSON object that fits the schema's property types
//   • thinking models (unless think:false) → also a one-line thought
// Tests that need particular text use scriptReplies() or setReply().

import { tokenize } from './tokens';
import type { Reply, ReplyContext } from './types';

function snippet(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * Prefix and suffix of the FIM layouts listed in the protocol notes (qwen, codellama, deepseek, starcoder,
 * codestral). Text after the middle marker (llama.cpp's infill puts the start of the middle there) belongs
 * to the prefix.
 */
export function splitFimPrompt(prompt: string): { prefix: string; suffix: string } | undefined {
  const layouts: RegExp[] = [
    /<\|fim_prefix\|>([\s\S]*)<\|fim_suffix\|>([\s\S]*)<\|fim_middle\|>([\s\S]*)$/,
    /<PRE> ?([\s\S]*) <SUF>([\s\S]*) <MID>()\s*$/,
    /<｜fim▁begin｜>([\s\S]*)<｜fim▁hole｜>([\s\S]*)<｜fim▁end｜>([\s\S]*)$/,
    /<fim_prefix>([\s\S]*)<fim_suffix>([\s\S]*)<fim_middle>([\s\S]*)$/,
  ];
  for (const re of layouts) {
    const m = re.exec(prompt);
    if (m) return { prefix: (m[1] ?? '') + (m[3] ?? ''), suffix: m[2] ?? '' };
  }
  const codestral = /\[SUFFIX\]([\s\S]*)\[PREFIX\] ?([\s\S]*)$/.exec(prompt);
  if (codestral) return { prefix: codestral[2] ?? '', suffix: codestral[1] ?? '' };
  return undefined;
}

/** A plausible "middle" for the cursor position: not clever, just shaped like code. */
export function codeContinuation(prefix: string, suffix: string): string {
  const lastLine = prefix.slice(prefix.lastIndexOf('\n') + 1);
  const indent = /^\s*/.exec(lastLine)?.[0] ?? '';
  const python = /(^|\n)\s*(def|class|import|from)\s/.test(prefix) && !/[{};]\s*$/.test(prefix.trimEnd());
  const semi = python ? '' : ';';
  const trimmed = lastLine.trimEnd();
  if (trimmed.endsWith('(')) return suffix.trimStart().startsWith(')') ? 'a, b' : 'a, b)';
  if (trimmed.endsWith('{')) return `\n${indent}  return result${semi}`;
  if (trimmed.endsWith(':') && python) return `\n${indent}    return None`;
  if (/=\s*$/.test(trimmed)) return `${trimmed.endsWith(' ') ? '' : ' '}0${semi}`;
  if (trimmed === '') return `return result${semi}`;
  return `\n${indent}return result${semi}`;
}

type JsonSchema = { type?: unknown; properties?: Record<string, unknown>; items?: unknown; enum?: unknown[] };

function sampleFor(schema: unknown, depth = 0): unknown {
  if (typeof schema !== 'object' || schema === null || depth > 4) return 'stand-in';
  const s = schema as JsonSchema;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return 'stand-in';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return s.items === undefined ? [] : [sampleFor(s.items, depth + 1)];
    case 'null':
      return null;
    default: {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sampleFor(v, depth + 1);
      return out;
    }
  }
}

export function defaultReply(ctx: ReplyContext): Reply {
  const thinking = ctx.thinking ? `The user wants a reply to "${snippet(ctx.prompt, 40)}". I will keep it short.` : undefined;
  if (ctx.format !== undefined && ctx.format !== null && ctx.format !== '') {
    const value = ctx.format === 'json' ? { reply: ctx.path === '/api/chat' ? `You said: ${ctx.prompt}` : snippet(ctx.prompt) } : sampleFor(ctx.format);
    return { text: JSON.stringify(value), thinking };
  }
  if (ctx.path === '/api/chat') return { text: `You said: ${ctx.prompt}`, thinking };
  if (ctx.suffix) return { text: codeContinuation(ctx.prompt, ctx.suffix), thinking };
  if (ctx.raw) {
    const fim = splitFimPrompt(ctx.prompt);
    return { text: fim ? codeContinuation(fim.prefix, fim.suffix) : codeContinuation(ctx.prompt, ''), thinking };
  }
  return { text: `Sure! Here is a reply to "${snippet(ctx.prompt)}".`, thinking };
}

export function toReply(value: Reply | string): Reply {
  return typeof value === 'string' ? { text: value } : value;
}

export interface ReplyToken {
  kind: 'thinking' | 'content';
  text: string;
}

export interface ShapedReply {
  tokens: ReplyToken[];
  doneReason: 'stop' | 'length';
  /** Tool calls survive only when the reply was not cut by num_predict. */
  toolCalls: Reply['toolCalls'];
}

/**
 * Applies what the runner would: thinking only when on, the stop strings (`ctx.stop`) cut the text at the first one,
 * `options.num_predict` (> 0) caps thinking + content tokens and turns done_reason into 'length'.
 */
export function shapeReply(reply: Reply, ctx: ReplyContext): ShapedReply {
  let text = reply.text;
  const stops = ctx.stop.filter((s) => s !== '');
  let stopped = false;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at >= 0) {
      text = text.slice(0, at);
      stopped = true;
    }
  }
  const tokens: ReplyToken[] = [];
  if (ctx.thinking && reply.thinking) tokens.push(...tokenize(reply.thinking).map((t) => ({ kind: 'thinking' as const, text: t })));
  tokens.push(...tokenize(text).map((t) => ({ kind: 'content' as const, text: t })));
  const numPredict = ctx.options?.['num_predict'];
  if (typeof numPredict === 'number' && numPredict > 0 && tokens.length > numPredict) {
    return { tokens: tokens.slice(0, numPredict), doneReason: 'length', toolCalls: undefined };
  }
  const doneReason = reply.doneReason ?? 'stop';
  return { tokens, doneReason: stopped ? 'stop' : doneReason, toolCalls: reply.toolCalls };
}
