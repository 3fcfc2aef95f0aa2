// The endpoint registry until the endpoint settings exist (issue 15): only `local`, from hearth.host /
// OLLAMA_HOST and hearth.allowRemoteHost, with the global fetch. Every feature uses it, so the router hands
// every feature the existing local OllamaGateway: zero configuration is exactly today's path.
// The real registry (settings, SecretStorage, TLS) replaces this file's use in extension.ts.
import type { EndpointConnection, EndpointRegistry } from '../../core/endpoints/types';
import { LOCAL_ENDPOINT_NAME } from '../../core/endpoints/types';
import type { GatewayConfig } from '../../core/ollama/gateway';
import { defaultFetch, type FetchLike } from '../../core/ollama/transport';
import { Emitter } from '../../core/util/events';

export function localConnection(config: GatewayConfig, fetchFn: FetchLike = defaultFetch): EndpointConnection {
  const isLoopback = config.host?.isLoopback ?? false;
  return {
    name: LOCAL_ENDPOINT_NAME,
    kind: 'ollama',
    baseUrl: config.host?.url ?? config.hostSetting,
    isLoopback,
    allowed: config.host !== undefined && (isLoopback || config.allowRemoteHost),
    fetch: fetchFn,
    secrets: () => Promise.resolve([]),
  };
}

export class LocalOnlyRegistry implements EndpointRegistry {
  // Nothing here can change apart from hearth.host, and the local gateway reads that itself on every request.
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly config: () => GatewayConfig) {}

  connectionFor(): EndpointConnection {
    return localConnection(this.config());
  }

  byName(name: string): EndpointConnection | undefined {
    return name === LOCAL_ENDPOINT_NAME ? localConnection(this.config()) : undefined;
  }

  all(): readonly EndpointConnection[] {
    return [localConnection(this.config())];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
