// How Hearth's request options become the fields each OpenAI-compatible engine reads (reference §3.2, §3.3).
import type { ChatMessage, ThinkSetting } from '../ollama/types';
import type { ServerKind } from './detect';
import type { ResponseFormat } from './types';

/** The request fields that turn thinking off or down, per engine (reference §3.3); unknown engines get none. */
export function thinkingFields(kind: ServerKind, think: ThinkSetting | undefined): Record<string, unknown> | undefined {
  if (think === undefined || think === true) return undefined;
  switch (kind) {
    case 'vllm':
    case 'llamacpp':
      // vLLM's reasoning_effort values changed across releases; the template switch is accepted by both.
      return think === false ? { chat_template_kwargs: { enable_thinking: false } } : kind === 'vllm' ? { reasoning_effort: think } : undefined;
    case 'ollama':
      return { reasoning_effort: think === false ? 'none' : think };
    default:
      return undefined;
  }
}

/** `format` as response_format: 'json' → json_object; a schema → json_schema named "hearth" (vLLM requires a name). */
export function responseFormatOf(format: 'json' | Record<string, unknown>): ResponseFormat {
  return format === 'json' ? { type: 'json_object' } : { type: 'json_schema', name: 'hearth', schema: format };
}

/** The messages with an instruction added to the system message (or as one, first). */
export function withInstruction(messages: ChatMessage[], instruction: string): ChatMessage[] {
  const system = messages.findIndex((m) => m.role === 'system');
  if (system < 0) return [{ role: 'system', content: instruction }, ...messages];
  return messages.map((m, i) => (i === system ? { ...m, content: `${m.content}\n\n${instruction}` } : m));
}
