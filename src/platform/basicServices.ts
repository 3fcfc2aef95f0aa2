// The simplest DaemonAccess and ModelResolver: enough for the foundation. The daemon feature
// replaces DaemonAccess with a health monitor, the models feature replaces ModelResolver with the
// automatic choice and its prompts.
import { OllamaError } from '../core/ollama/errors';
import type { OllamaGateway } from '../core/ollama/gateway';
import { sameModel } from '../core/ollama/names';
import type { ModelDetails } from '../core/ollama/types';
import type { Feature } from '../core/settings';
import type { ConfigService } from './config';
import type { DaemonAccess, ModelResolver } from './services';

export class DirectDaemonAccess implements DaemonAccess {
  constructor(private readonly gateway: OllamaGateway) {}

  async ensureAvailable(opts: { signal?: AbortSignal } = {}): Promise<void> {
    await this.gateway.version({ signal: opts.signal, timeoutMs: 3_000 });
  }

  reportUnreachable(): void {}
}

export class ConfiguredModelResolver implements ModelResolver {
  constructor(
    private readonly gateway: OllamaGateway,
    private readonly config: ConfigService,
  ) {}

  async resolve(feature: Feature, opts: { signal?: AbortSignal } = {}): Promise<ModelDetails> {
    const configured = this.config.settings.model[feature];
    const models = await this.gateway.listModels({ signal: opts.signal });
    if (configured) {
      if (!models.some((m) => sameModel(m.name, configured))) {
        throw new OllamaError('modelNotFound', `model '${configured}' not found`, { model: configured });
      }
      return this.gateway.showModel(configured, { signal: opts.signal });
    }
    for (const summary of models) {
      const details = await this.gateway.showModel(summary.name, { signal: opts.signal });
      if (details.capabilities.includes('completion')) return details;
    }
    throw new OllamaError('modelNotFound', 'No installed model can generate text.', {});
  }
}
