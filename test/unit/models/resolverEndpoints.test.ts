// The model resolver for a feature on another endpoint (issue 15): hearth.model.<feature> when that server
// serves it, else the automatic choice among the served models (a single one is the obvious choice), with
// the same OllamaError kinds as for the local Ollama, and never an offer to pull. Features on `local` keep
// today's path. Against the OpenAI-compatible stand-in over real HTTP, with a minimal `vscode`.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ModelGateway } from '../../../src/core/endpoints/modelGateway';
import { OllamaError } from '../../../src/core/ollama/errors';
import type { ModelSummary } from '../../../src/core/ollama/types';
import { OpenAICompatibleGateway } from '../../../src/core/openai/adapter';
import type { Feature, HearthSettings } from '../../../src/core/settings';
import { Emitter } from '../../../src/core/util/events';
import type * as ResolverModule from '../../../src/features/models/resolver';
import { createFakeVscode, installFakeVscode } from '../../support/fakeVscode';
import { StandinOpenAI, type OpenAIStandinModel } from '../../support/openaiStandin';

const root = path.resolve(__dirname, '..', '..', '..', '..');

function settings(model: Partial<Record<Feature, string>> = {}): HearthSettings {
  return { host: '', allowRemoteHost: false, allowCloudModels: false, model: { completion: '', chat: '', summarize: '', translate: '', embedding: '', ...model }, keepAlive: '', contextLength: 0 };
}

describe('models: the resolver on another endpoint', () => {
  let restore: () => void;
  let Resolver: typeof ResolverModule.HearthModelResolver;
  let server: StandinOpenAI;
  let remote: ModelGateway;
  let localLists: number;
  let notified: string[];
  let current: HearthSettings;
  let resolver: ResolverModule.HearthModelResolver;

  before(() => {
    restore = installFakeVscode(createFakeVscode(root));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the fake vscode is installed
    Resolver = (require(path.join(root, 'out', 'src', 'features', 'models', 'resolver.js')) as typeof ResolverModule).HearthModelResolver;
  });
  after(() => restore());

  async function start(models: OpenAIStandinModel[]): Promise<void> {
    server = await StandinOpenAI.start({ flavour: 'vllm', models });
    remote = new OpenAICompatibleGateway({
      connection: { name: 'team', kind: 'openai-compatible', baseUrl: server.url, isLoopback: true, allowed: true, fetch: (i, init) => fetch(i, init), secrets: () => Promise.resolve([]) },
      config: () => ({ contextLength: 0 }),
    });
    localLists = 0;
    notified = [];
    current = settings();
    const local = {
      onDidChangeModels: new Emitter<void>().event,
      listModels: (): Promise<ModelSummary[]> => {
        localLists++;
        return Promise.resolve([]);
      },
      showModel: () => Promise.reject(new OllamaError('modelNotFound', 'none')),
    };
    resolver = new Resolver({
      gateway: local as unknown as ResolverModule.ResolverDeps['gateway'],
      endpoints: { gatewayFor: () => remote, isLocal: (f) => f === 'completion', onDidChange: new Emitter<void>().event },
      settings: () => current,
      onDidChangeSettings: () => ({ dispose: () => undefined }),
      prompts: {
        notify: (_s: string, message: string) => {
          notified.push(message);
          return Promise.resolve(undefined);
        },
        status: () => undefined,
      } as unknown as ResolverModule.ResolverDeps['prompts'],
      memory: { fitsNextTo: () => Promise.resolve(undefined) } as unknown as ResolverModule.ResolverDeps['memory'],
      memento: { get: <T>(_k: string, d: T) => d, update: () => Promise.resolve(), keys: () => [] } as unknown as ResolverModule.ResolverDeps['memento'],
      log: { info: () => undefined, warn: () => undefined, debug: () => undefined, trace: () => undefined, error: () => undefined } as unknown as ResolverModule.ResolverDeps['log'],
    });
  }

  afterEach(async () => {
    resolver.dispose();
    await server.close();
  });

  it('a single served model is the automatic choice (vLLM usually serves one), with its context', async () => {
    await start([{ id: 'Qwen/Qwen2.5-Coder-32B-Instruct', maxModelLen: 32768 }]);
    const model = await resolver.resolve('chat');
    assert.equal(model.name, 'Qwen/Qwen2.5-Coder-32B-Instruct');
    assert.equal(model.contextLength, 32768);
    assert.equal(localLists, 0, 'the local Ollama was not asked');
  });

  it('among several, the ranking of the local choice (an instruct model of reasonable size for chat)', async () => {
    await start([{ id: 'meta-llama/Llama-3.1-70B-Instruct' }, { id: 'Qwen/Qwen2.5-7B-Instruct' }, { id: 'BAAI/bge-m3-embedding-base' }]);
    assert.equal((await resolver.resolve('summarize')).name, 'Qwen/Qwen2.5-7B-Instruct');
  });

  it('hearth.model.<feature> when the server serves it; modelNotFound when it does not', async () => {
    await start([{ id: 'a-7b-instruct' }, { id: 'b-7b-instruct' }]);
    current = settings({ translate: 'b-7b-instruct' });
    assert.equal((await resolver.resolve('translate')).name, 'b-7b-instruct');
    current = settings({ translate: 'c' });
    await assert.rejects(resolver.resolve('translate', { interactive: true }), (e: unknown) => e instanceof OllamaError && e.kind === 'modelNotFound' && e.details.model === 'c');
    assert.deepEqual(notified, [], 'nothing to pull from a team server');
  });

  it('a server that serves nothing: modelNotFound naming the endpoint, no offer to pull', async () => {
    await start([]);
    await assert.rejects(resolver.resolve('chat', { interactive: true }), (e: unknown) => e instanceof OllamaError && e.kind === 'modelNotFound' && /"team"/.test(e.message));
    assert.deepEqual(notified, []);
  });

  it('a feature on the local endpoint keeps the local path', async () => {
    await start([{ id: 'm' }]);
    await assert.rejects(resolver.resolve('completion'), (e: unknown) => e instanceof OllamaError && e.kind === 'modelNotFound');
    assert.equal(localLists, 1);
  });
});
