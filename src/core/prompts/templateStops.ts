// Where a completion from a model without a known FIM layout must stop: the turn and end markers of the
// model's own chat template, and the `stop` values its Modelfile sets (what `/api/show` returns as
// `template` and `parameters`).
//
// Why both matter: a raw continuation prompt bypasses the template, so a chat or thinking model (qwen3,
// llama3.2…) used for completion tends to close its "turn" and start another (`<|im_end|>\n<|im_start|>user`).
// And Ollama merges request options over the Modelfile's, so a request's `stop` list REPLACES the model's
// own stops: sending Hearth's stops alone would drop them.

/** Markers that are not of the `<|…|>` shape but end or open a turn in the templates Ollama ships. */
const LITERAL_MARKERS: readonly string[] = [
  '<end_of_turn>',
  '<start_of_turn>',
  '</s>',
  '[INST]',
  '[/INST]',
  '<eos>',
  '<EOT>',
];

/** `<|im_end|>`, `<|eot_id|>`, `<|START_OF_TURN_TOKEN|>`, `<|end|>`… (special tokens spelled in the template). */
const PIPE_TOKEN = /<\|[A-Za-z][A-Za-z0-9_]{0,40}\|>/g;
/** DeepSeek's full-width spelling: `<｜end▁of▁sentence｜>`, `<｜User｜>`. */
const FULLWIDTH_TOKEN = /<｜[^｜<>\s]{1,40}｜>/g;

/** Tokens that delimit text rather than a turn: stopping at them would cut useful output short. */
const NOT_A_STOP: ReadonlySet<string> = new Set(['<|begin_of_text|>', '<|python_tag|>', '<｜begin▁of▁sentence｜>', '<|image|>', '<|vision_start|>', '<|vision_end|>', '<|image_pad|>', '<|video_pad|>']);

/** Ollama's runner accepts any number of stops, but each one is checked on every token: keep the list short. */
export const MAX_TEMPLATE_STOPS = 16;

/** The turn and end markers a Go template spells out, in the order they first appear. */
export function templateEndTokens(template: string | undefined): string[] {
  if (!template) return [];
  const found: { at: number; token: string }[] = [];
  for (const re of [PIPE_TOKEN, FULLWIDTH_TOKEN]) {
    for (const m of template.matchAll(re)) found.push({ at: m.index ?? 0, token: m[0] });
  }
  for (const token of LITERAL_MARKERS) {
    const at = template.indexOf(token);
    if (at >= 0) found.push({ at, token });
  }
  found.sort((a, b) => a.at - b.at);
  const tokens: string[] = [];
  for (const { token } of found) {
    if (NOT_A_STOP.has(token) || tokens.includes(token)) continue;
    tokens.push(token);
    if (tokens.length >= MAX_TEMPLATE_STOPS) break;
  }
  return tokens;
}

/** The `stop` values of a model's parameters (`/api/show` → parameters, parsed), empty ones dropped. */
export function parameterStops(parameters: Readonly<Record<string, readonly string[]>> | undefined): string[] {
  return (parameters?.['stop'] ?? []).filter((s) => s !== '');
}

/**
 * Turn markers of the chat templates Ollama's library ships, for post-processing: a suggestion is cut at
 * the first that leaks through (a server that ignored a stop, or a model whose template Hearth never saw).
 */
export const CHAT_TURN_TOKENS: readonly string[] = [
  '<|im_start|>',
  '<|im_end|>',
  '<|endoftext|>',
  '<|eot_id|>',
  '<|start_header_id|>',
  '<|end_header_id|>',
  '<|end|>',
  '<|user|>',
  '<|assistant|>',
  '<|START_OF_TURN_TOKEN|>',
  '<|END_OF_TURN_TOKEN|>',
  '<start_of_turn>',
  '<end_of_turn>',
  '<｜User｜>',
  '<｜Assistant｜>',
  '<｜end▁of▁sentence｜>',
];
