// The token budget of one request. Ollama cuts an over-long prompt silently, so Hearth decides the context
// size itself (`num_ctx`) and keeps every prompt inside it:
//
//   prompt budget = num_ctx − output reserve (sent as num_predict) − chat-template overhead
//
// num_ctx is the smaller of the model's trained context and the user's cap, and it stays the same for every
// request of a job (a different num_ctx makes Ollama reload the model).

/** Tokens a chat template adds around the messages (role markers, BOS, the assistant header). */
export const TEMPLATE_BASE_TOKENS = 32;
export const TEMPLATE_TOKENS_PER_MESSAGE = 12;
/** When a model does not report its context length, assume the smallest common one. */
export const FALLBACK_CONTEXT_TOKENS = 2048;
/** Below this, no useful prompt fits. */
export const MIN_CONTEXT_TOKENS = 1024;

export function templateOverhead(messages: number): number {
  return TEMPLATE_BASE_TOKENS + TEMPLATE_TOKENS_PER_MESSAGE * messages;
}

/** num_ctx for a job: the model's context length, capped by the setting (and at least MIN_CONTEXT_TOKENS). */
export function chooseNumCtx(modelContext: number | undefined, cap: number): number {
  const model = modelContext && modelContext > 0 ? modelContext : FALLBACK_CONTEXT_TOKENS;
  const capped = Number.isFinite(cap) && cap > 0 ? Math.min(model, Math.floor(cap)) : model;
  return Math.max(Math.min(MIN_CONTEXT_TOKENS, model), capped);
}

export interface RequestBudget {
  numCtx: number;
  /** Sent as num_predict, so the answer cannot push the prompt out of the window. */
  outputReserve: number;
  overhead: number;
  /** What the messages' text may take, as estimated by estimateTokens. */
  promptBudget: number;
}

export function requestBudget(numCtx: number, outputReserve: number, messages: number): RequestBudget {
  const overhead = templateOverhead(messages);
  return { numCtx, outputReserve, overhead, promptBudget: numCtx - outputReserve - overhead };
}
