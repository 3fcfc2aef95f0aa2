// The token budget of one request. Ollama cuts an over-long prompt silently, so Hearth decides the context
// size itself (`num_ctx`) and keeps every prompt inside it:
//
//   prompt budget = num_ctx − output reserve (sent as num_predict) − chat-template overhead
//
// num_ctx is the model's context window, one per model for every feature (OllamaGateway.contextWindow; a
// different num_ctx makes Ollama reload the model), and the gateway is the one that sends it.

/** Tokens a chat template adds around the messages (role markers, BOS, the assistant header). */
export const TEMPLATE_BASE_TOKENS = 32;
export const TEMPLATE_TOKENS_PER_MESSAGE = 12;

export function templateOverhead(messages: number): number {
  return TEMPLATE_BASE_TOKENS + TEMPLATE_TOKENS_PER_MESSAGE * messages;
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
