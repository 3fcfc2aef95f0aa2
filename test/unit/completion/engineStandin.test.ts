// The engine through the real gateway against the Ollama stand-in over HTTP: what reaches the daemon, and
// that aborts and early stops really close the connection (the stand-in sees it), with one request open.
import * as assert from 'node:assert/strict';
import { CompletionEngine, DEFAULT_ENGINE_CONFIG } from '../../../src/core/completion/engine';
import { OllamaGateway, resolveHost } from '../../../src/core/ollama';
import { completionModelOf } from '../../../src/core/prompts/completionPrompt';
import { EditorSim } from '../../support/completion/editorSim';
import { splitFimPrompt, StandinOllama, type RecordedRequest, type ReplyContext } from '../../support/standin';

const TARGET = '    return a + b';
const DOC = 'def add(a, b):\n    |\n\nprint(add(1, 2))\n';

function completeTarget(ctx: ReplyContext): string {
  const prefix = splitFimPrompt(ctx.prompt)?.prefix ?? ctx.prompt;
  const line = prefix.slice(prefix.lastIndexOf('\n') + 1);
  return TARGET.startsWith(line) ? TARGET.slice(line.length) : 'something else';
}

describe('completion engine against the stand-in', function () {
  this.timeout(10_000);
  let standin: StandinOllama;
  let gateway: OllamaGateway;
  let engine: CompletionEngine;
  const generates = (): RecordedRequest[] => standin.requests.filter((r) => r.path === '/api/generate');

  beforeEach(async () => {
    standin = await StandinOllama.start({ perTokenMs: 1 });
    standin.setReply(completeTarget);
    gateway = new OllamaGateway({
      config: () => ({ host: resolveHost(standin.url, undefined), hostSetting: standin.url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: 8192 }),
    });
    engine = new CompletionEngine({ generate: (p, s) => gateway.generate(p, s), config: () => ({ ...DEFAULT_ENGINE_CONFIG, debounceMinMs: 10, debounceMaxMs: 10 }) });
  });

  afterEach(async () => {
    engine.dispose();
    await standin.close();
  });

  it("sends a raw FIM prompt with think:false and the model's shared num_ctx, and no keep_alive of its own", async () => {
    const sim = new EditorSim(engine, DOC);
    sim.insert('r');
    const result = await sim.ask();
    assert.deepEqual(result, { text: 'eturn a + b', source: 'model' });
    const body = generates()[0].body as Record<string, unknown>;
    assert.equal(body.raw, true);
    assert.equal(body.think, false);
    assert.equal(body.keep_alive, undefined);
    assert.equal(body.suffix, undefined);
    assert.equal((body.options as { num_ctx: number }).num_ctx, await gateway.contextWindow('qwen2.5-coder:1.5b'));
    assert.equal((body.options as { num_ctx: number }).num_ctx, 8192);
    assert.ok(String(body.prompt).endsWith('<|fim_middle|>    r'));
  });

  it('closes the request in flight when the user types something else, and keeps one request open', async () => {
    standin.setDelays({ perTokenMs: 200 });
    const sim = new EditorSim(engine, DOC);
    sim.insert('r');
    void sim.ask();
    const first = await standin.waitForRequest((r) => r.path === '/api/generate' && r.tokensSent >= 1);
    const next = sim.type('x');
    await standin.waitForClose(first);
    assert.equal(first.closedEarly, true);
    standin.setDelays({ perTokenMs: 1 });
    await next;
    assert.equal(generates().length, 2);
    assert.equal(standin.maxInFlight, 1);
  });

  it('serves the typist from the stream still arriving, without a second request', async () => {
    standin.setDelays({ perTokenMs: 150 });
    const sim = new EditorSim(engine, DOC);
    sim.insert('r');
    void sim.ask();
    await standin.waitForRequest((r) => r.path === '/api/generate' && r.tokensSent >= 1);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the first token reaches the engine
    const result = await sim.type('e');
    assert.deepEqual(result, { text: 'turn a + b', source: 'stream' });
    assert.equal(generates().length, 1);
    assert.equal(generates()[0].closedEarly, false);
  });

  it('stops the generation once a one-line suggestion is complete', async () => {
    standin.setReply(() => ' = a + b\n    return total\n\n\ndef other():\n    pass\n');
    standin.setDelays({ perTokenMs: 30 });
    const sim = new EditorSim(engine, 'def add(a, b):\n    total| \n');
    const result = await sim.ask();
    assert.equal(result?.text, ' = a + b');
    const request = generates()[0];
    await standin.waitForClose(request);
    assert.equal(request.closedEarly, true, 'Hearth closed it');
    assert.ok(request.tokensGenerated < 12, `${request.tokensGenerated} tokens generated`);
  });

  for (const name of ['qwen3:4b', 'llama3.2:3b']) {
    it(`${name} (no insert, no FIM layout): a raw continuation with think:false that stops at the template's turn markers`, async () => {
      const details = await gateway.showModel(name);
      const model = completionModelOf(details);
      const marker = name.startsWith('qwen3') ? '<|im_end|>\n<|im_start|>user\nThanks' : '<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nThanks';
      standin.setReply((ctx) => `${completeTarget(ctx)}${marker}`);
      const sim = new EditorSim(engine, DOC, { model });
      sim.insert('r');
      const result = await sim.ask();
      assert.deepEqual(result, { text: 'eturn a + b', source: 'model' });
      const body = generates()[0].body as { raw?: boolean; think?: boolean; suffix?: string; options: { stop?: string[] } };
      assert.equal(body.raw, true);
      assert.equal(body.think, false);
      assert.equal(body.suffix, undefined);
      const expected = name.startsWith('qwen3') ? ['<|im_start|>', '<|im_end|>'] : ['<|start_header_id|>', '<|end_header_id|>', '<|eot_id|>'];
      for (const token of expected) assert.ok(body.options.stop?.includes(token), `${token} in ${JSON.stringify(body.options.stop)}`);
    });
  }
});
