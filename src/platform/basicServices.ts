// The simplest DaemonAccess: enough for the foundation. The daemon feature replaces it with a health
// monitor. (The ModelResolver is the models feature's HearthModelResolver.)
import type { OllamaGateway } from '../core/ollama/gateway';
import type { DaemonAccess } from './services';

export class DirectDaemonAccess implements DaemonAccess {
  constructor(private readonly gateway: OllamaGateway) {}

  async ensureAvailable(opts: { signal?: AbortSignal } = {}): Promise<void> {
    await this.gateway.version({ signal: opts.signal, timeoutMs: 3_000 });
  }

  reportUnreachable(): void {}
}
