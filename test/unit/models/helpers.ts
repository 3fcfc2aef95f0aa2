// Shared bits for the models unit tests: a gateway pointed at a stand-in, and a manual clock.
import { OllamaGateway, resolveHost } from '../../../src/core/ollama';
import { StandinOllama, type StandinOptions } from '../../support/standin';

export function gatewayFor(url: string): OllamaGateway {
  return new OllamaGateway({
    config: () => ({ host: resolveHost(url, undefined), hostSetting: url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: 8192 }),
    metadataTimeoutMs: 2_000,
  });
}

/** A stand-in and a gateway for each test of the suite. */
export function useStandinGateway(options: StandinOptions = {}): { readonly standin: StandinOllama; readonly gateway: OllamaGateway } {
  let standin: StandinOllama | undefined;
  let gateway: OllamaGateway | undefined;
  beforeEach(async () => {
    standin = await StandinOllama.start(options);
    gateway = gatewayFor(standin.url);
  });
  afterEach(async () => {
    gateway?.dispose();
    await standin?.close();
    standin = undefined;
    gateway = undefined;
  });
  return {
    get standin(): StandinOllama {
      if (!standin) throw new Error('stand-in not started');
      return standin;
    },
    get gateway(): OllamaGateway {
      if (!gateway) throw new Error('gateway not started');
      return gateway;
    },
  };
}

/** A clock the test moves by hand. */
export class ManualClock {
  now = 0;
  readonly read = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}
