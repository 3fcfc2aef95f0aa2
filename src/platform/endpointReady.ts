// What a generation feature does before its first request, whichever endpoint serves it: the local Ollama is
// checked (and offered to start) through the daemon service as always; another endpoint only through its
// privacy guard (its own requests report whether it answers). The daemon is the local one only: a team
// server being down says nothing about it.
import type { ModelGateway } from '../core/endpoints/modelGateway';
import type { Feature } from '../core/settings';
import type { HearthServices } from './services';

type Services = Pick<HearthServices, 'endpoints' | 'daemon'>;

/** The feature's gateway, once its endpoint may be used (the local daemon available, another endpoint allowed). */
export async function readyGateway(services: Services, feature: Feature, opts: { signal?: AbortSignal; interactive?: boolean } = {}): Promise<ModelGateway> {
  const gateway = services.endpoints.gatewayFor(feature);
  if (services.endpoints.isLocal(feature)) await services.daemon.ensureAvailable(opts);
  else gateway.ensureAllowed();
  return gateway;
}

/** A request of the feature found nothing listening: the daemon service checks again, when it is the local one. */
export function reportUnreachable(services: Services, feature: Feature): void {
  if (services.endpoints.isLocal(feature)) services.daemon.reportUnreachable();
}
