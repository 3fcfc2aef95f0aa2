// Endpoints (issue 15): where a feature's requests go. Plain values only; the platform layer builds them from
// settings and SecretStorage, the gateways in core consume them. Two branches were built against this file:
// change it only together with everything that uses it.
import type { FetchLike } from '../ollama/transport';
import type { Feature } from '../settings';
import type { Event } from '../util/events';

export type EndpointKind = 'ollama' | 'openai-compatible';

/** The implicit endpoint: `hearth.host` / OLLAMA_HOST, kind `ollama`. Zero configuration means only this one. */
export const LOCAL_ENDPOINT_NAME = 'local';

/** One entry of the machine-scoped endpoint list, as the user wrote it (validated). */
export interface EndpointSetting {
  readonly name: string;
  readonly url: string;
  readonly kind: EndpointKind;
}

/**
 * One endpoint, ready to be talked to. `fetch` already carries the endpoint's TLS settings (CA file) and its
 * secret headers (token, custom headers from SecretStorage): core code never sees or logs a credential, and a
 * credential can never reach another endpoint because each endpoint has its own fetch.
 */
export interface EndpointConnection {
  readonly name: string;
  readonly kind: EndpointKind;
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:11434` or `https://gpu.lab/v1`'s origin+path. */
  readonly baseUrl: string;
  /** Loopback endpoints need no opt-in; others only after the user allowed this endpoint. */
  readonly isLoopback: boolean;
  /** Requests to this endpoint are allowed (loopback, or the user opted in for this endpoint). */
  readonly allowed: boolean;
  readonly fetch: FetchLike;
  /** Secret values to blot out of error text and logs (some proxies echo the key they got). */
  secrets(): Promise<readonly string[]>;
}

/** Which endpoint serves each feature, and every configured endpoint. Implemented in the platform layer. */
export interface EndpointRegistry {
  /** The endpoint a feature's generation requests go to (`local` unless the user chose another). */
  connectionFor(feature: Feature): EndpointConnection;
  byName(name: string): EndpointConnection | undefined;
  all(): readonly EndpointConnection[];
  /** Endpoints, a feature's choice, a token or the CA file changed: drop cached clients. */
  readonly onDidChange: Event<void>;
}
