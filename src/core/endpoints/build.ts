// Builds the gateway of an endpoint other than `local` from its connection (the router caches the result).
// An `ollama` endpoint gets its own OllamaGateway on the connection's URL and fetch (which carries its TLS and
// secret headers); an `openai-compatible` one gets the OpenAI-compatible adapter.
import { OllamaGateway, type GatewayConfig } from '../ollama/gateway';
import { parseHost } from '../ollama/host';
import type { StallTimes } from '../ollama/stall';
import type { Logger } from '../util/log';
import { blottingFetch } from './blot';
import type { ModelGateway } from './modelGateway';
import type { EndpointConnection } from './types';

export interface BuildDeps {
  /** The local gateway's settings (keep_alive, hearth.contextLength, cloud models): shared by every Ollama endpoint. */
  ollamaConfig: () => GatewayConfig;
  /** The OpenAI-compatible adapter, for `openai-compatible` endpoints. */
  openai: (connection: EndpointConnection) => ModelGateway;
  log?: Logger;
  stallTimes?: () => StallTimes;
}

/** The gateway config of an Ollama endpoint: its own address and opt-in, the shared generation settings. */
export function ollamaEndpointConfig(connection: EndpointConnection, shared: GatewayConfig): GatewayConfig {
  const parsed = parseHost(connection.baseUrl);
  return {
    ...shared,
    // The registry's judgement of the endpoint (loopback or allowed) is the one the guard applies.
    host: parsed ? { ...parsed, source: 'setting', isLoopback: connection.isLoopback } : undefined,
    hostSetting: connection.baseUrl,
    hostProblem: parsed ? undefined : `The address of the endpoint "${connection.name}" (${connection.baseUrl}) is not valid.`,
    // The registry decided whether this endpoint may be used (loopback, or the user's opt-in for it).
    allowRemoteHost: connection.allowed,
  };
}

export function buildGateway(connection: EndpointConnection, deps: BuildDeps): ModelGateway {
  if (connection.kind === 'openai-compatible') return deps.openai(connection);
  const gateway = new OllamaGateway({
    endpoint: connection.name,
    config: () => ollamaEndpointConfig(connection, deps.ollamaConfig()),
    // Ollama's own errors carry the server's text into messages: a proxy's echo of the token is blotted out first.
    fetch: blottingFetch(connection.fetch, () => connection.secrets()),
    log: deps.log,
    stallTimes: deps.stallTimes?.(),
  });
  return gateway;
}
