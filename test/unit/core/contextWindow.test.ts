// One context window per model: every feature's requests for a model carry the same num_ctx (the gateway sets
// it), so a model shared by features never reloads; features budget against exactly that number; 0 leaves
// num_ctx to the server; the window never exceeds the model's trained context.
import * as assert from 'node:assert/strict';
import { buildContext } from '../../../src/core/chat/context';
import { budgetOf, parseCompletionSettings } from '../../../src/core/completion/completionSettings';
import { ASSUMED_SERVER_CONTEXT, MIN_CONTEXT_LENGTH, modelfileNumCtx, numCtxToSend, serverContextWindow } from '../../../src/core/ollama/contextWindow';
import { OllamaGateway, resolveHost, type GatewayConfig } from '../../../src/core/ollama';
import type { ChatParams, TextChunk } from '../../../src/core/ollama/types';
import { planCompletion } from '../../../src/core/prompts/completionPrompt';
import { readCursorContext, stringLineSource } from '../../../src/core/prompts/cursorContext';
import { buildDraftMessages, DRAFT_MAX_TOKENS } from '../../../src/core/prompts/draftPrompt';
import { findLanguage } from '../../../src/core/prompts/languages';
import { runSummary } from '../../../src/core/summarize';
import { translateItems, translateText } from '../../../src/core/translate';
import { DEFAULT_MODELS, StandinOllama, type RecordedRequest, type StandinModel } from '../../support/standin';

const MODEL = 'llama3.2:3b';
const zh = findLanguage('zh-cn')!;

function gatewayFor(standin: StandinOllama, overrides: Partial<GatewayConfig> = {}): OllamaGateway {
  return new OllamaGateway({
    config: () => ({ host: resolveHost(standin.url, undefined), hostSetting: standin.url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: 8192, ...overrides }),
    metadataTimeoutMs: 2_000,
  });
}

async function drain(stream: AsyncIterable<TextChunk>): Promise<void> {
  for await (const _ of stream);
}

const inference = (standin: StandinOllama): RecordedRequest[] => standin.requests.filter((r) => (r.path === '/api/generate' || r.path === '/api/chat') && r.status === 200);
const numCtxOf = (r: RecordedRequest): number | undefined => ((r.body as { options?: { num_ctx?: number } }).options ?? {}).num_ctx;

/** Every feature's requests for one model, built by the feature's own code, budgeted against `window`. */
async function everyFeature(gateway: OllamaGateway, model: string, window: number): Promise<string[]> {
  const chat = (params: ChatParams, signal?: AbortSignal): AsyncIterable<TextChunk> => gateway.chat(params, signal);
  const features: string[] = [];
  // Inline completion (its engine adds the model name to the plan's params).
  const settings = parseCompletionSettings(() => undefined);
  const ctx = readCursorContext(stringLineSource('def add(a, b):\n    return '), 1, 11, budgetOf(settings, window));
  const details = await gateway.showModel(model);
  const plan = planCompletion({ ctx, languageId: 'python', path: 'a.py', model: details, trigger: 'automatic' }, { maxLines: 8, format: 'auto' });
  await drain(gateway.generate({ model, ...plan.params }));
  features.push('completion');
  // Draft here.
  const draft = buildDraftMessages({ instruction: 'a docstring', before: 'def add(a, b):\n', after: '', path: 'a.py', languageId: 'python', contextTokens: window });
  await drain(gateway.chat({ model, messages: draft, think: false, options: { temperature: 0.3, num_predict: DRAFT_MAX_TOKENS } }));
  features.push('draft');
  // Chat.
  const built = buildContext({ systemPrompt: '', history: [], message: { id: 'm1', role: 'user', content: 'Hello', createdAt: 1 }, contextTokens: window });
  await drain(gateway.chat({ model, messages: built.messages }));
  features.push('chat');
  // Summarize.
  const text = 'A short text to summarize.';
  await runSummary({ text, source: { name: 'a.md', languageId: 'markdown', firstLine: 1, lastLine: 1 }, style: 'bullets', language: zh, numCtx: window }, { model, chat });
  features.push('summarize');
  // Translate comments, and a selection.
  await translateItems([{ id: 'c1', text: 'Adds two numbers.', unit: 0, segment: 0 }], { model, numCtx: window, target: zh, source: { name: 'a.py', languageId: 'python' } }, chat);
  await translateText('Hello.', { model, numCtx: window, target: zh, languageId: 'plaintext' }, chat);
  features.push('translate');
  // Preloading from the Models view.
  await gateway.loadModel(model);
  features.push('preload');
  return features;
}

describe('one context window per model', () => {
  describe('the rule', () => {
    it('sends the setting, at least the minimum, capped by the trained context; 0 sends nothing', () => {
      assert.equal(numCtxToSend(8192, 131_072), 8192);
      assert.equal(numCtxToSend(8192, 4096), 4096);
      assert.equal(numCtxToSend(8192, undefined), 8192);
      assert.equal(numCtxToSend(1000, 131_072), MIN_CONTEXT_LENGTH);
      assert.equal(numCtxToSend(0, 131_072), undefined);
      assert.equal(numCtxToSend(Number.NaN, 131_072), undefined);
    });

    it("budgets for what the server gives without num_ctx: the loaded window, the Modelfile's, else its smallest default", () => {
      assert.equal(serverContextWindow({ trainedContext: 131_072, loadedContext: 32_768 }), 32_768);
      assert.equal(serverContextWindow({ trainedContext: 131_072, modelfileNumCtx: 16_384 }), 16_384);
      assert.equal(serverContextWindow({ trainedContext: 131_072 }), ASSUMED_SERVER_CONTEXT);
      assert.equal(serverContextWindow({ trainedContext: 2048 }), 2048);
      assert.equal(modelfileNumCtx({ parameters: { num_ctx: ['12288'] } }), 12_288);
      assert.equal(modelfileNumCtx({ parameters: { num_ctx: ['lots'] } }), undefined);
    });
  });

  describe('against the stand-in', () => {
    let standin: StandinOllama;

    beforeEach(async () => {
      standin = await StandinOllama.start();
    });
    afterEach(async () => {
      await standin.close();
    });

    it('sends the same num_ctx for a model from every feature, the one they budget against, and never reloads it', async () => {
      const gateway = gatewayFor(standin);
      const window = await gateway.contextWindow(MODEL);
      assert.equal(window, 8192);
      const features = await everyFeature(gateway, MODEL, window);
      assert.deepEqual(features, ['completion', 'draft', 'chat', 'summarize', 'translate', 'preload']);
      const requests = inference(standin);
      assert.ok(requests.length >= 7, `${requests.length} requests`);
      for (const r of requests) assert.equal(numCtxOf(r), window, `${r.path} ${JSON.stringify((r.body as { options?: unknown }).options)}`);
      assert.deepEqual(standin.loads, [{ model: MODEL, numCtx: 8192 }], 'loaded once, never reloaded');
      assert.deepEqual(
        (await gateway.runningModels()).map((m) => [m.name, m.contextLength]),
        [[MODEL, 8192]],
      );
    });

    it('keeps a num_ctx the feature set itself (and the model then reloads, which is why no feature does)', async () => {
      const gateway = gatewayFor(standin);
      await drain(gateway.generate({ model: MODEL, prompt: 'a' }));
      await drain(gateway.generate({ model: MODEL, prompt: 'b', options: { num_ctx: 4096 } }));
      assert.deepEqual(inference(standin).map(numCtxOf), [8192, 4096]);
      assert.deepEqual(standin.loads, [{ model: MODEL, numCtx: 8192 }, { model: MODEL, numCtx: 4096 }]);
    });

    it("caps the window at the model's trained context", async () => {
      const small: StandinModel = { ...DEFAULT_MODELS.find((m) => m.name === MODEL)!, name: 'tiny-chat:1b', contextLength: 2048 };
      standin.setModels([...DEFAULT_MODELS, small]);
      const gateway = gatewayFor(standin, { contextLength: 32_768 });
      assert.equal(await gateway.contextWindow('tiny-chat:1b'), 2048);
      assert.equal(await gateway.contextWindow('qwen2.5-coder:7b'), 32_768);
      await drain(gateway.chat({ model: 'tiny-chat:1b', messages: [{ role: 'user', content: 'hi' }] }));
      assert.equal(numCtxOf(inference(standin)[0]!), 2048);
    });

    it('honours 0: no num_ctx is sent, and the budget follows what the server allocates', async () => {
      await standin.close();
      // A server whose default window is 16384 (OLLAMA_CONTEXT_LENGTH, or a larger GPU).
      standin = await StandinOllama.start({ defaultNumCtx: 16_384 });
      const withModelfile: StandinModel = { ...DEFAULT_MODELS.find((m) => m.name === MODEL)!, name: 'long-notes:3b', parameters: 'num_ctx 12288' };
      standin.setModels([...DEFAULT_MODELS, withModelfile]);
      const gateway = gatewayFor(standin, { contextLength: 0 });
      // Not loaded: the server's smallest default, or the Modelfile's num_ctx.
      assert.equal(await gateway.contextWindow(MODEL), ASSUMED_SERVER_CONTEXT);
      assert.equal(await gateway.contextWindow('long-notes:3b'), 12_288);
      await everyFeature(gateway, MODEL, await gateway.contextWindow(MODEL));
      for (const r of inference(standin)) assert.equal(numCtxOf(r), undefined, `${r.path} sends no num_ctx`);
      assert.deepEqual(standin.loads, [{ model: MODEL, numCtx: 16_384 }], 'the server chose once, and kept it');
      // Loaded: what /api/ps reports.
      assert.equal(await gateway.contextWindow(MODEL), 16_384);
    });
  });
});
