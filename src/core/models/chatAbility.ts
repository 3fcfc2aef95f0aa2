// Whether a model can hold a conversation, from what Ollama says about it. Two facts decide:
//
// - its capabilities: without `completion` it generates nothing (an embedding model);
// - its template: a chat model's template lays out turns (a range over `.Messages`, a `.System` slot, a
//   `.Response` slot, or the family's turn markers such as `<|im_start|>` or `[INST]`). A base model's
//   template is just `{{ .Prompt }}`, perhaps with a fill-in-the-middle branch around it
//   (`qwen2.5-coder:1.5b-base`, `codellama:7b-code`): given a conversation it would only continue the text.
//
// When the template is not known (the model's details could not be read), the name decides, as the
// library names base variants (`-code`, `-base`, `-text`, StarCoder).
import type { Capability } from '../ollama/types';

export interface ChatFacts {
  name: string;
  capabilities: readonly Capability[];
  /** From /api/show; undefined when unknown. */
  template?: string;
}

/** Template variables that only a template framing a conversation uses. */
const TURN_VARIABLES = /\.(?:Messages|System|Response)\b/;
/** Turn markers of templates written before `.Messages` existed, across the common families. */
const TURN_MARKERS =
  /<\|im_start\|>|\[INST\]|<start_of_turn>|<\|start_header_id\|>|<\|(?:user|assistant|system)\|>|<｜(?:User|Assistant)｜>|^\s*#{2,3}\s*(?:Instruction|User|Response|System)\b|^\s*(?:USER|ASSISTANT|User|Assistant)\s*:/m;
const BASE_NAME = /[:-](?:code|base|text)(?=$|[-_.:])/i;

/** Whether a model template lays out a conversation (rather than passing the prompt through). */
export function hasTurnStructure(template: string): boolean {
  return TURN_VARIABLES.test(template) || TURN_MARKERS.test(template);
}

/** Whether a model generates text at all (an embedding model does not). */
export function generatesText(c: Pick<ChatFacts, 'capabilities'>): boolean {
  return c.capabilities.includes('completion');
}

/** Whether the model can chat: it generates text and its template renders a conversation. */
export function canChat(c: ChatFacts): boolean {
  if (!generatesText(c)) return false;
  if (c.template !== undefined) return hasTurnStructure(c.template);
  return !BASE_NAME.test(c.name) && !/starcoder/i.test(c.name);
}
