// Every request teaches the state something: the gateway reports each outcome, whichever feature sent it,
// against the stand-in over real HTTP (a refused port, an answer, a missing model).
import * as assert from 'node:assert/strict';
import { OllamaGateway, resolveHost } from '../../../src/core/ollama';
import { loadsModel, type RequestOutcome } from '../../../src/core/ollama/outcomes';
import { freePort } from '../../support/freePort';
import { StandinOllama } from '../../support/standin';

function gatewayFor(url: string): { gateway: OllamaGateway; outcomes: RequestOutcome[] } {
  const gateway = new OllamaGateway({
    config: () => ({ host: resolveHost(url, undefined), hostSetting: url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: 0 }),
    metadataTimeoutMs: 2_000,
  });
  const outcomes: RequestOutcome[] = [];
  gateway.onDidObserve((o) => outcomes.push(o));
  return { gateway, outcomes };
}

describe('gateway: request outcomes feed the one state', () => {
  it('a refused connection is reported as definitely unreachable, with the host', async () => {
    const port = await freePort();
    const { gateway, outcomes } = gatewayFor(`http://127.0.0.1:${port}`);
    await assert.rejects(gateway.listModels());
    assert.equal(outcomes.length, 1);
    const [outcome] = outcomes;
    assert.equal(outcome.kind, 'unreachable');
    assert.ok(outcome.kind === 'unreachable' && outcome.definite);
    assert.equal(outcome.host, `http://127.0.0.1:${port}`);
  });

  it('any answer is reported as answered, and a 404 for a model as that model missing', async () => {
    const standin = await StandinOllama.start();
    try {
      const { gateway, outcomes } = gatewayFor(standin.url);
      await gateway.listModels();
      assert.deepEqual(outcomes.map((o) => o.kind), ['answered']);
      outcomes.length = 0;
      await assert.rejects(gateway.showModel('nope:1b'));
      assert.deepEqual(outcomes.map((o) => o.kind), ['answered', 'modelMissing']);
      assert.deepEqual(outcomes[1], { kind: 'modelMissing', host: standin.url, model: 'nope:1b' });
      assert.ok(outcomes[0].kind === 'answered' && outcomes[0].path === '/api/show');
    } finally {
      await standin.close();
    }
  });

  it('tells the routes that load a model from the rest (only those make the loaded list worth reading again)', () => {
    assert.deepEqual(['/api/generate', '/api/chat', '/api/embed', '/api/ps', '/api/tags', '/api/version', '/proxy/api/chat'].map(loadsModel), [true, true, true, false, false, false, true]);
  });

  it('a cancelled request teaches nothing', async () => {
    const port = await freePort();
    const { gateway, outcomes } = gatewayFor(`http://127.0.0.1:${port}`);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(gateway.listModels({ signal: controller.signal }));
    assert.deepEqual(outcomes, []);
  });
});
