// Which gateway serves a feature (issue 15). The registry says which endpoint each feature uses; the router
// keeps one gateway per endpoint: the existing local OllamaGateway for `local` (so zero configuration is
// exactly today's path), a gateway built from the connection for every other endpoint (an OllamaGateway on
// its URL and fetch, or the OpenAI-compatible adapter). Built gateways are cached per endpoint and dropped
// when the registry changes (an endpoint's URL, token, CA file or a feature's choice): a cached client must
// never keep sending an old token or to an old address.
import type { RequestOutcome } from '../ollama/outcomes';
import type { Feature } from '../settings';
import { Emitter, type Disposable, type Event } from '../util/events';
import type { ModelGateway } from './modelGateway';
import { LOCAL_ENDPOINT_NAME, type EndpointConnection, type EndpointRegistry } from './types';

export interface RouterOptions {
  registry: EndpointRegistry;
  /** The gateway of the `local` endpoint (services.gateway): never rebuilt, never disposed here. */
  local: ModelGateway;
  /** Builds the gateway of any other endpoint (core/endpoints/build.ts). */
  build: (connection: EndpointConnection) => ModelGateway;
}

/** An outcome of a request to an endpoint other than `local` (the local one feeds the daemon's state as before). */
export interface EndpointOutcome {
  endpoint: string;
  outcome: RequestOutcome;
}

interface Entry {
  gateway: ModelGateway;
  subscription: Disposable;
}

export class GatewayRouter implements Disposable {
  private readonly cache = new Map<string, Entry>();
  private readonly changed = new Emitter<void>();
  private readonly observed = new Emitter<EndpointOutcome>();
  private readonly registrySubscription: Disposable;
  /** Fires after the registry changed and the cached gateways were dropped: features resolve their model again. */
  readonly onDidChange: Event<void> = this.changed.event;
  /** Outcomes of requests to endpoints other than `local`, whichever feature sent them. */
  readonly onDidObserve: Event<EndpointOutcome> = this.observed.event;

  constructor(private readonly options: RouterOptions) {
    this.registrySubscription = options.registry.onDidChange(() => {
      this.drop();
      this.changed.fire();
    });
  }

  /** The gateway a feature's generation requests go to. */
  gatewayFor(feature: Feature): ModelGateway {
    return this.gatewayOf(this.options.registry.connectionFor(feature));
  }

  /** The gateway of a named endpoint; undefined when no such endpoint is configured. */
  gatewayByName(name: string): ModelGateway | undefined {
    const connection = this.options.registry.byName(name);
    return connection ? this.gatewayOf(connection) : undefined;
  }

  /** Whether a feature uses the local Ollama (the daemon Hearth can start, the Models view's models). */
  isLocal(feature: Feature): boolean {
    return this.options.registry.connectionFor(feature).name === LOCAL_ENDPOINT_NAME;
  }

  /** The endpoint a feature uses, as a plain value (name, kind, URL). */
  connectionFor(feature: Feature): EndpointConnection {
    return this.options.registry.connectionFor(feature);
  }

  dispose(): void {
    this.registrySubscription.dispose();
    this.drop();
    this.changed.dispose();
    this.observed.dispose();
  }

  private gatewayOf(connection: EndpointConnection): ModelGateway {
    if (connection.name === LOCAL_ENDPOINT_NAME) return this.options.local;
    // Cached by name: the registry fires onDidChange whenever a connection's URL, token or TLS changes.
    const cached = this.cache.get(connection.name);
    if (cached) return cached.gateway;
    const gateway = this.options.build(connection);
    const subscription = gateway.onDidObserve((outcome) => this.observed.fire({ endpoint: connection.name, outcome }));
    this.cache.set(connection.name, { gateway, subscription });
    return gateway;
  }

  private drop(): void {
    for (const [name, entry] of [...this.cache]) this.release(name, entry);
  }

  private release(name: string, entry: Entry): void {
    this.cache.delete(name);
    entry.subscription.dispose();
    // Streams already running keep their own request objects; dispose only stops events and caches.
    entry.gateway.dispose();
  }
}
