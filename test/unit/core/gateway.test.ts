// The gateway against the Ollama stand-in over real HTTP on 127.0.0.1: every typed error, every
// cancellation path, the privacy guards and the request shape.
import * as assert from 'node:assert/strict';
import { OllamaGateway, type GatewayConfig, resolveHost } from '../../../src/core/ollama';
import type { TextChunk } from '../../../src/core/ollama/types';
import { StandinOllama, DEFAULT_MODELS, type StandinModel } from '../../support/standin';
import { expectKind } from '../../support/expectKind';

function gatewayFor(url: string, overrides: Partial<GatewayConfig> = {}): OllamaGateway {
  return new OllamaGateway({
    config: () => ({ host: resolveHost(url, undefined), hostSetting: url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: 8192, ...overrides }),
    metadataTimeoutMs: 2_000,
  });
}

async function collect(stream: AsyncIterable<TextChunk>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.text;
  return text;
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream);
}

const lastBody = (standin: StandinOllama, path: string): Record<string, unknown> => {
  const found = standin.requests.filter((r) => r.path === path).at(-1);
  assert.ok(found, `a request to ${path}`);
  return found.body as Record<string, unknown>;
};

describe('gateway against the stand-in', function () {
  let standin: StandinOllama;
  let gateway: OllamaGateway;

  beforeEach(async () => {
    standin = await StandinOllama.start();
    gateway = gatewayFor(standin.url);
  });
  afterEach(async () => {
    await standin.close();
  });

  describe('metadata', () => {
    it('reads the version, the models, their details and what is running', async () => {
      assert.match(await gateway.version(), /^\d+\.\d+\.\d+/);
      const models = await gateway.listModels();
      assert.equal(models.length, DEFAULT_MODELS.length);
      const coder = models.find((m) => m.name === 'qwen2.5-coder:1.5b');
      assert.ok(coder);
      assert.ok(coder.sizeBytes > 0);
      assert.equal(coder.family, 'qwen2');
      const details = await gateway.showModel('qwen2.5-coder:1.5b');
      assert.ok(details.capabilities.includes('insert'));
      assert.equal(details.contextLength, 32768);
      assert.equal(details.architecture, 'qwen2');
      assert.deepEqual(await gateway.runningModels(), []);
      await gateway.loadModel('llama3.2:3b');
      const running = await gateway.runningModels();
      assert.equal(running[0]?.name, 'llama3.2:3b');
      assert.ok(running[0].gpuShare >= 0 && running[0].gpuShare <= 1);
      await gateway.unloadModel('llama3.2:3b');
      assert.deepEqual(await gateway.runningModels(), []);
    });

    it('caches details and normalises names (x = x:latest)', async () => {
      standin.setModels([...DEFAULT_MODELS, { ...DEFAULT_MODELS[0], name: 'mymodel:latest' }]);
      await gateway.showModel('mymodel');
      await gateway.showModel('MyModel:latest');
      assert.equal(standin.requests.filter((r) => r.path === '/api/show').length, 1);
      gateway.invalidate();
      await gateway.showModel('mymodel');
      assert.equal(standin.requests.filter((r) => r.path === '/api/show').length, 2);
    });
  });

  describe('typed errors', () => {
    it('unreachable (refused) when nothing listens', async () => {
      await standin.stopListening();
      await expectKind(gateway.version(), 'unreachable', (e) => assert.equal(e.details.reason, 'refused'));
      await expectKind(collect(gateway.generate({ model: 'llama3.2:3b', prompt: 'hi' })), 'unreachable');
    });

    it('unreachable (timeout) when the server never answers', async () => {
      standin.addFault({ fault: { kind: 'stallBeforeHeaders' }, path: '/api/tags' });
      await expectKind(gateway.listModels({ timeoutMs: 150 }), 'unreachable', (e) => assert.equal(e.details.reason, 'timeout'));
    });

    it('modelNotFound for a model that is not installed', async () => {
      await expectKind(collect(gateway.generate({ model: 'nosuch:7b', prompt: 'hi' })), 'modelNotFound', (e) => assert.equal(e.details.status, 404));
      await expectKind(gateway.showModel('nosuch'), 'modelNotFound');
    });

    it('capabilityMissing for suffix on a model without insert, and generate on an embedding model', async () => {
      await expectKind(collect(gateway.generate({ model: 'codellama:7b-code', prompt: 'a', suffix: 'b' })), 'capabilityMissing', (e) => assert.equal(e.details.capability, 'insert'));
      await expectKind(collect(gateway.generate({ model: 'nomic-embed-text', prompt: 'a' })), 'capabilityMissing', (e) => assert.equal(e.details.capability, 'generate'));
    });

    it('busy on 503', async () => {
      standin.addFault({ fault: { kind: 'status', status: 503, error: 'server busy, please try again.  maximum pending requests exceeded' }, path: '/api/generate' });
      await expectKind(collect(gateway.generate({ model: 'llama3.2:3b', prompt: 'hi' })), 'busy');
    });

    it('contextOverflow when the server refuses a long prompt', async () => {
      const message = 'the prompt is longer than the context length currently available to the model; shorten the prompt, adjust the context length in settings, or use a model with a longer context length';
      standin.addFault({ fault: { kind: 'status', status: 400, error: message }, path: '/api/chat' });
      await expectKind(collect(gateway.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'x' }] })), 'contextOverflow');
    });

    it('server on 500, with the server message kept', async () => {
      standin.addFault({ fault: { kind: 'status', status: 500, error: 'model requires more system memory (9 GiB) than is available (4 GiB)' }, path: '/api/generate' });
      await expectKind(collect(gateway.generate({ model: 'llama3.2:3b', prompt: 'hi' })), 'server', (e) => assert.match(e.details.serverMessage ?? '', /more system memory/));
    });

    it('server for an error line in the middle of a stream, after the first chunks arrived', async () => {
      standin.scriptReplies(['one two three four five six']);
      standin.addFault({ fault: { kind: 'errorMidStream', afterTokens: 2, error: 'an error was encountered while running the model' }, path: '/api/generate' });
      const seen: string[] = [];
      await expectKind(
        (async () => {
          for await (const c of gateway.generate({ model: 'llama3.2:3b', prompt: 'hi' })) seen.push(c.text);
        })(),
        'server',
        (e) => assert.match(e.details.serverMessage ?? '', /while running the model/),
      );
      assert.equal(seen.length, 2);
    });

    it('protocol for a stream that ends without done', async () => {
      standin.addFault({ fault: { kind: 'noDone' }, path: '/api/generate' });
      await expectKind(collect(gateway.generate({ model: 'llama3.2:3b', prompt: 'hi' })), 'protocol', (e) => assert.equal(e.details.reason, 'noDone'));
    });

    it('protocol for a malformed line (the client alone would skip it silently)', async () => {
      standin.addFault({ fault: { kind: 'malformedLine', afterTokens: 1 }, path: '/api/generate' });
      await expectKind(collect(gateway.generate({ model: 'llama3.2:3b', prompt: 'hi' })), 'protocol', (e) => assert.equal(e.details.reason, 'malformed'));
    });

    it('protocol for a connection dropped mid-stream', async () => {
      standin.addFault({ fault: { kind: 'drop', afterTokens: 2 }, path: '/api/generate' });
      await expectKind(collect(gateway.generate({ model: 'llama3.2:3b', prompt: 'hi' })), 'protocol', (e) => assert.equal(e.details.reason, 'dropped'));
    });

    it('aborted when the caller cancels, before or during the request', async () => {
      const controller = new AbortController();
      controller.abort();
      await expectKind(collect(gateway.generate({ model: 'llama3.2:3b', prompt: 'hi' }, controller.signal)), 'aborted');
      await expectKind(gateway.listModels({ signal: controller.signal }), 'aborted');
    });
  });

  describe('cancellation', () => {
    it('closes the connection when the signal fires mid-stream, and frees the slot for the next request', async () => {
      standin.setDelays({ perTokenMs: 20 });
      standin.scriptReplies(['a b c d e f g h i j k l m n o p q r s t u v w x y z']);
      const controller = new AbortController();
      let chunks = 0;
      await expectKind(
        (async () => {
          for await (const _ of gateway.generate({ model: 'llama3.2:3b', prompt: 'slow' }, controller.signal)) {
            if (++chunks === 2) controller.abort();
          }
        })(),
        'aborted',
      );
      const first = standin.requests.find((r) => r.path === '/api/generate');
      assert.ok(first);
      await standin.waitForClose(first, 1_000);
      assert.equal(first.closedEarly, true);
      standin.setDelays({ perTokenMs: 0 });
      assert.ok((await collect(gateway.generate({ model: 'llama3.2:3b', prompt: 'next' }))).length > 0);
    });

    it('closes the connection when the consumer stops iterating (break)', async () => {
      standin.setDelays({ perTokenMs: 20 });
      standin.scriptReplies(['a b c d e f g h i j k l m n o p q r s t u v w x y z']);
      for await (const _ of gateway.generate({ model: 'llama3.2:3b', prompt: 'slow' })) break;
      const first = standin.requests.find((r) => r.path === '/api/generate');
      assert.ok(first);
      await standin.waitForClose(first, 1_000);
      assert.equal(first.closedEarly, true);
    });

    it('cancels a request still waiting for headers (queued behind another)', async () => {
      standin.setDelays({ perTokenMs: 30 });
      standin.scriptReplies(['a b c d e f g h i j k l m n o p']);
      const busy = collect(gateway.generate({ model: 'llama3.2:3b', prompt: 'first' }));
      await standin.waitForRequest((r) => r.path === '/api/generate' && (r.body as { prompt?: string }).prompt === 'first');
      const controller = new AbortController();
      const queued = collect(gateway.generate({ model: 'llama3.2:3b', prompt: 'second' }, controller.signal));
      const second = await standin.waitForRequest((r) => r.path === '/api/generate' && (r.body as { prompt?: string }).prompt === 'second');
      assert.equal(second.headersSentAt, undefined, 'the second request is waiting for the slot');
      controller.abort();
      await expectKind(queued, 'aborted');
      await standin.waitForClose(second, 1_000);
      assert.equal(second.closedEarly, true);
      assert.equal(second.headersSentAt, undefined);
      await busy;
    });

    it('cancels a pull: the stand-in sees the close and the model is not installed', async () => {
      const controller = new AbortController();
      let events = 0;
      await expectKind(
        (async () => {
          for await (const p of gateway.pull('qwen2.5:7b', controller.signal)) {
            if (p.completed && ++events === 2) controller.abort();
          }
        })(),
        'aborted',
      );
      const pull = standin.requests.find((r) => r.path === '/api/pull');
      assert.ok(pull);
      await standin.waitForClose(pull, 1_000);
      assert.ok(!(await gateway.listModels({ fresh: true })).some((m) => m.name === 'qwen2.5:7b'));
    });
  });

  describe('privacy guards', () => {
    it('refuses a remote host without sending anything', async () => {
      const remote = gatewayFor('http://10.255.255.1:11434');
      await expectKind(remote.version(), 'remoteHostRefused');
      await expectKind(collect(remote.generate({ model: 'llama3.2:3b', prompt: 'secret' })), 'remoteHostRefused');
      assert.equal(standin.requests.length, 0);
    });

    it('uses a remote host when the user allowed it', async () => {
      // The stand-in is on loopback; "remote" is simulated by a host name that is not loopback but resolves here.
      const allowed = new OllamaGateway({
        config: () => ({ host: { ...resolveHost(standin.url, undefined)!, isLoopback: false }, hostSetting: standin.url, allowRemoteHost: true, allowCloudModels: false, keepAlive: '', contextLength: 8192 }),
      });
      assert.match(await allowed.version(), /\d/);
    });

    it('refuses cloud models by name and by remote_host, unless allowed', async () => {
      const cloudStub: StandinModel = { ...DEFAULT_MODELS[0], name: 'gpt-oss:120b', remoteHost: 'https://ollama.com:443' };
      standin.setModels([...DEFAULT_MODELS, cloudStub]);
      await expectKind(collect(gateway.generate({ model: 'gpt-oss:120b-cloud', prompt: 'x' })), 'cloudModelRefused');
      await expectKind(collect(gateway.chat({ model: 'gpt-oss:120b', messages: [{ role: 'user', content: 'x' }] })), 'cloudModelRefused');
      await expectKind(drain(gateway.pull('kimi-k2:cloud')), 'cloudModelRefused');
      assert.ok(!standin.requests.some((r) => r.path === '/api/generate' || r.path === '/api/chat' || r.path === '/api/pull'));
      const allowing = gatewayFor(standin.url, { allowCloudModels: true });
      assert.ok((await collect(allowing.chat({ model: 'gpt-oss:120b', messages: [{ role: 'user', content: 'x' }] }))).length > 0);
    });
  });

  describe('request shape', () => {
    it('sends keep_alive only when configured, as the server accepts it', async () => {
      await collect(gateway.generate({ model: 'llama3.2:3b', prompt: 'a' }));
      assert.ok(!('keep_alive' in lastBody(standin, '/api/generate')));
      await collect(gatewayFor(standin.url, { keepAlive: '10m' }).generate({ model: 'llama3.2:3b', prompt: 'a' }));
      assert.equal(lastBody(standin, '/api/generate').keep_alive, '10m');
      await collect(gatewayFor(standin.url, { keepAlive: '300' }).generate({ model: 'llama3.2:3b', prompt: 'a' }));
      assert.equal(lastBody(standin, '/api/generate').keep_alive, 300);
    });

    it("passes think:false, suffix, raw and options through, adding the model's shared num_ctx", async () => {
      await collect(gateway.generate({ model: 'qwen2.5-coder:1.5b', prompt: 'def f(', suffix: '\n', think: false, options: { num_predict: 16, temperature: 0.1, stop: ['\n\n'] } }));
      const body = lastBody(standin, '/api/generate');
      assert.equal(body.think, false);
      assert.equal(body.suffix, '\n');
      assert.equal(body.stream, true);
      assert.deepEqual(body.options, { num_predict: 16, temperature: 0.1, stop: ['\n\n'], num_ctx: 8192 });
    });

    it('reports thinking separately from the answer', async () => {
      standin.scriptReplies([{ text: 'The answer.', thinking: 'Let me think.' }]);
      let thinking = '';
      let text = '';
      for await (const c of gateway.chat({ model: 'qwen3:4b', messages: [{ role: 'user', content: 'q' }] })) {
        thinking += c.thinking ?? '';
        text += c.text;
      }
      assert.equal(thinking, 'Let me think.');
      assert.equal(text, 'The answer.');
    });
  });
});
