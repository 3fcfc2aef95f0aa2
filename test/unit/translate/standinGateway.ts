// A gateway pointed at a fresh stand-in (and the traffic checks of budgetCheck.ts, re-exported).
import { OllamaGateway, resolveHost } from '../../../src/core/ollama';
import type { ChatParams, TextChunk } from '../../../src/core/ollama/types';
import type { StandinOllama } from '../../support/standin';

/** `contextLength` is hearth.contextLength: jobs budget against `gateway.contextWindow(model)`, which it decides. */
export function gatewayFor(standin: StandinOllama, contextLength = 8192): OllamaGateway {
  return new OllamaGateway({
    config: () => ({ host: resolveHost(standin.url, undefined), hostSetting: standin.url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength }),
    metadataTimeoutMs: 2_000,
  });
}

export function chatOf(gateway: OllamaGateway): (params: ChatParams, signal?: AbortSignal) => AsyncIterable<TextChunk> {
  return (params, signal) => gateway.chat(params, signal);
}

export { assertWithinBudget, bodyOf, chatRequests, userPrompt, type ChatBody } from './budgetCheck';
