// The router hands each feature its endpoint's gateway: the local OllamaGateway itself for `local`, an
// OllamaGateway on the connection for another Ollama, the OpenAI-compatible adapter for the rest; one per
// endpoint, dropped when the registry changes. Against the stand-ins over real HTTP.
import * as assert from 'node:assert/strict';
import { buildGateway, ollamaEndpointConfig } from '../../../src/core/endpoints/build';
import type { ModelGateway } from '../../../src/core/endpoints/modelGateway';
import { GatewayRouter, type EndpointOutcome } from '../../../src/core/endpoints/router';
import type { EndpointConnection, EndpointKind, EndpointRegistry } from '../../../src/core/endpoints/types';
import { OllamaError } from '../../../src/core/ollama/errors';
import { OllamaGateway, type GatewayConfig } from '../../../src/core/ollama/gateway';
import { resolveHost } from '../../../src/core/ollama/host';
import { OpenAICompatibleGateway } from '../../../src/core/openai/adapter';
import type { Feature } from '../../../src/core/settings';
import { Emitter } from '../../../src/core/util/events';
import { StandinOpenAI } from '../../support/openaiStandin';
import { StandinOllama } from '../../support/standin';

function connection(name: string, kind: EndpointKind, baseUrl: string, opts: { token?: string; allowed?: boolean; loopback?: boolean } = {}): EndpointConnection {
  return {
    name,
    kind,
    baseUrl,
    isLoopback: opts.loopback ?? true,
    allowed: opts.allowed ?? true,
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      if (opts.token) headers.set('Authorization', `Bearer ${opts.token}`);
      return fetch(input, { ...init, headers });
    },
    secrets: () => Promise.resolve(opts.token ? [opts.token] : []),
  };
}

class FakeRegistry implements EndpointRegistry {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  constructor(
    public endpoints: EndpointConnection[],
    public choice: Partial<Record<Feature, string>>,
  ) {}
  connectionFor(feature: Feature): EndpointConnection {
    const name = this.choice[feature] ?? 'local';
    const found = this.endpoints.find((e) => e.name === name);
    if (!found) throw new Error(`no endpoint ${name}`);
    return found;
  }
  byName(name: string): EndpointConnection | undefined {
    return this.endpoints.find((e) => e.name === name);
  }
  all(): readonly EndpointConnection[] {
    return this.endpoints;
  }
  change(): void {
    this.changed.fire();
  }
}

const localConfig = (url: string): GatewayConfig => ({
  host: resolveHost(url, undefined),
  hostSetting: url,
  allowRemoteHost: false,
  allowCloudModels: false,
  keepAlive: '',
  contextLength: 0,
});

describe('endpoints: the gateway router', () => {
  let vllm: StandinOpenAI;
  let ollama: StandinOllama;
  let remoteOllama: StandinOllama;
  let local: OllamaGateway;
  let registry: FakeRegistry;
  let router: GatewayRouter;
  let built: ModelGateway[];

  beforeEach(async () => {
    [vllm, ollama, remoteOllama] = await Promise.all([StandinOpenAI.start({ flavour: 'vllm' }), StandinOllama.start(), StandinOllama.start()]);
    local = new OllamaGateway({ config: () => localConfig(ollama.url) });
    registry = new FakeRegistry(
      [connection('local', 'ollama', ollama.url), connection('team', 'openai-compatible', vllm.url, { token: 'team-token-1' }), connection('box', 'ollama', remoteOllama.url, { token: 'box-token-2' })],
      { chat: 'team', summarize: 'team', completion: 'box' },
    );
    built = [];
    router = new GatewayRouter({
      registry,
      local,
      build: (c) => {
        const gateway = buildGateway(c, { ollamaConfig: () => localConfig(ollama.url), openai: (x) => new OpenAICompatibleGateway({ connection: x, config: () => ({ contextLength: 0 }) }) });
        built.push(gateway);
        return gateway;
      },
    });
  });

  afterEach(async () => {
    router.dispose();
    local.dispose();
    await Promise.all([vllm.close(), ollama.close(), remoteOllama.close()]);
  });

  it('picks the gateway per feature: local is the existing instance, another Ollama its own, OpenAI-compatible the adapter', () => {
    assert.equal(router.gatewayFor('translate'), local);
    assert.equal(router.isLocal('translate'), true);
    const chat = router.gatewayFor('chat');
    assert.ok(chat instanceof OpenAICompatibleGateway);
    assert.equal(chat.endpoint, 'team');
    assert.equal(router.isLocal('chat'), false);
    const completion = router.gatewayFor('completion');
    assert.ok(completion instanceof OllamaGateway);
    assert.notEqual(completion, local);
    assert.equal(completion.endpoint, 'box');
    assert.equal(router.gatewayFor('summarize'), chat, 'one gateway per endpoint, shared by its features');
    assert.equal(router.gatewayFor('chat'), chat, 'cached');
    assert.equal(built.length, 2);
  });

  it("each endpoint's requests go to its own address with its own credentials", async () => {
    const answer = async (g: ModelGateway): Promise<string> => {
      let text = '';
      const [model] = await g.listModels();
      assert.ok(model, `${g.endpoint} serves a model`);
      for await (const c of g.chat({ model: model.name, messages: [{ role: 'user', content: 'hi' }], options: { num_predict: 4 } })) text += c.text;
      return text;
    };
    assert.ok((await answer(router.gatewayFor('chat'))).length > 0);
    assert.ok((await answer(router.gatewayFor('completion'))).length > 0);
    assert.ok(vllm.requests.length > 0 && vllm.requests.every((r) => r.headers['authorization'] === 'Bearer team-token-1'));
    assert.ok(remoteOllama.requests.length > 0 && remoteOllama.requests.every((r) => r.headers['authorization'] === 'Bearer box-token-2'));
    assert.equal(ollama.requests.length, 0, 'nothing went to the local Ollama');
  });

  it('forwards outcomes of other endpoints with their name', async () => {
    const seen: EndpointOutcome[] = [];
    router.onDidObserve((o) => seen.push(o));
    await router.gatewayFor('chat').listModels();
    assert.ok(seen.some((o) => o.endpoint === 'team' && o.outcome.kind === 'answered' && o.outcome.path === '/v1/models'));
  });

  it('drops its cached gateways when the registry changes, and says so', async () => {
    const before = router.gatewayFor('chat');
    const outcomes: EndpointOutcome[] = [];
    let changes = 0;
    router.onDidChange(() => changes++);
    router.onDidObserve((o) => outcomes.push(o));
    registry.endpoints = registry.endpoints.map((e) => (e.name === 'team' ? connection('team', 'openai-compatible', vllm.url, { token: 'rotated-token-3' }) : e));
    registry.change();
    assert.equal(changes, 1);
    const after = router.gatewayFor('chat');
    assert.notEqual(after, before);
    await after.listModels();
    assert.equal(vllm.requests.at(-1)?.headers['authorization'], 'Bearer rotated-token-3');
    // The old gateway no longer reports through the router.
    outcomes.length = 0;
    await before.listModels({ fresh: true }).catch(() => undefined);
    assert.equal(outcomes.length, 0);
    assert.equal(router.gatewayFor('translate'), local, 'the local gateway is never rebuilt');
  });

  it('a feature moved to another endpoint gets that endpoint after the change', () => {
    assert.equal(router.gatewayFor('translate'), local);
    registry.choice = { ...registry.choice, translate: 'team' };
    registry.change();
    assert.equal(router.gatewayFor('translate').endpoint, 'team');
  });

  it('a proxy in front of a remote Ollama that echoes the token: the token is in no error', async () => {
    const echoing = connection('box', 'ollama', remoteOllama.url, { token: 'box-token-2' });
    const proxied: EndpointConnection = {
      ...echoing,
      fetch: () => Promise.resolve(new Response(JSON.stringify({ error: 'invalid key box-token-2' }), { status: 401, headers: { 'Content-Type': 'application/json' } })),
    };
    const gateway = buildGateway(proxied, { ollamaConfig: () => localConfig(ollama.url), openai: () => assert.fail('not OpenAI') });
    await assert.rejects(gateway.listModels(), (e: unknown) => {
      assert.ok(e instanceof OllamaError);
      assert.ok(!JSON.stringify({ message: e.message, ...e.details, cause: undefined }).includes('box-token-2'), e.message);
      assert.match(e.details.serverMessage ?? e.message, /invalid key \*\*\*/);
      return true;
    });
  });

  it('an Ollama endpoint not allowed is refused by its privacy guard before any request', async () => {
    // As the registry describes a machine elsewhere that the user has not allowed (the stand-in is on loopback).
    const refused = connection('far', 'ollama', remoteOllama.url, { allowed: false, loopback: false });
    const gateway = buildGateway(refused, { ollamaConfig: () => localConfig(ollama.url), openai: () => assert.fail('not OpenAI') });
    await assert.rejects(gateway.listModels(), (e: unknown) => e instanceof OllamaError && e.kind === 'remoteHostRefused');
    assert.equal(remoteOllama.requests.length, 0);
    assert.equal(ollamaEndpointConfig(refused, localConfig(ollama.url)).host?.url, remoteOllama.url);
  });
});
