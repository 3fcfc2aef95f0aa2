// What the gateway makes of replies that are not Ollama's (a proxy's HTML page, a plain-text answer) and of
// streams that go quiet or break after the daemon was reached: against the stand-in over real HTTP.
import * as assert from 'node:assert/strict';
import { OllamaError, OllamaGateway, type GatewayConfig, type OllamaErrorKind, type StallInfo, resolveHost, toOllamaError } from '../../../src/core/ollama';
import type { TextChunk } from '../../../src/core/ollama/types';
import type { Logger } from '../../../src/core/util/log';
import { StandinOllama } from '../../support/standin';

const QUIET = { loadingMs: 600, waitingMs: 250, streamingMs: 250 };

function recordingLog(lines: string[]): Logger {
  const push = (level: string) => (message: string | Error) => lines.push(`${level} ${String(message)}`);
  return { trace: push('trace'), debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

function gatewayFor(url: string, log: Logger, overrides: Partial<GatewayConfig> = {}): OllamaGateway {
  return new OllamaGateway({
    config: () => ({ host: resolveHost(url, undefined), hostSetting: url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: 8192, ...overrides }),
    metadataTimeoutMs: 2_000,
    stallTimes: QUIET,
    log,
  });
}

async function collect(stream: AsyncIterable<TextChunk>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.text;
  return text;
}

async function failure(promise: Promise<unknown>): Promise<OllamaError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof OllamaError, `expected an OllamaError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a failure');
}

function expectKind(err: OllamaError, kind: OllamaErrorKind, reason?: string): void {
  assert.equal(err.kind, kind, `${err.kind}/${String(err.details.reason)}: ${err.message}`);
  if (reason !== undefined) assert.equal(err.details.reason, reason, err.message);
}

describe('gateway: replies that are not Ollama’s, quiet and broken streams', function () {
  let standin: StandinOllama;
  let gateway: OllamaGateway;
  let log: string[];
  const original = console.log;
  let consoleLines: string[];

  beforeEach(async () => {
    standin = await StandinOllama.start();
    log = [];
    gateway = gatewayFor(standin.url, recordingLog(log));
    consoleLines = [];
    console.log = (...args: unknown[]) => consoleLines.push(args.map(String).join(' '));
  });
  afterEach(async () => {
    console.log = original;
    await standin.close();
  });

  describe('error bodies', () => {
    it('an HTML 500 page (another program or a proxy) names the host and the status, with the body only in the log', async () => {
      await standin.addFault({ fault: { kind: 'status', status: 500, contentType: 'html' }, path: '/api/chat' });
      const err = await failure(collect(gateway.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }] })));
      expectKind(err, 'protocol', 'foreign');
      assert.equal(err.details.status, 500);
      assert.equal(err.details.host, standin.url);
      assert.match(err.message, /HTTP 500/);
      assert.ok(err.message.includes(standin.url), err.message);
      assert.doesNotMatch(err.message, /<html|<center|nginx/i);
      assert.equal(err.details.serverMessage, undefined, 'no server message a feature could show');
      assert.match(err.details.body ?? '', /<title>500 Internal Server Error<\/title>/);
      assert.ok(log.some((l) => l.startsWith('warn') && l.includes('HTTP 500') && l.includes('<title>500 Internal Server Error</title>')), log.join('\n'));
      assert.deepEqual(consoleLines, [], 'the client did not read the body ("Getting text from response")');
    });

    it('a plain-text 502 from a proxy and an HTML 403 asking for credentials are the same kind of reply, with their status', async () => {
      await standin.addFault({ fault: { kind: 'status', status: 502, error: 'Bad Gateway\n', contentType: 'text' }, path: '/api/generate', times: 1 });
      const bad = await failure(collect(gateway.generate({ model: 'llama3.2:3b', prompt: 'hi' })));
      expectKind(bad, 'protocol', 'foreign');
      assert.equal(bad.details.status, 502);
      assert.equal(bad.details.body, 'Bad Gateway');
      await standin.addFault({ fault: { kind: 'status', status: 403, contentType: 'html' }, path: '/api/tags', times: 1 });
      const refused = await failure(gateway.listModels({ fresh: true }));
      expectKind(refused, 'protocol', 'foreign');
      assert.equal(refused.details.status, 403);
      assert.equal(refused.details.path, '/api/tags');
    });

    it("a 404 for an unknown route (Ollama's own text) is not read as a missing model", async () => {
      await standin.addFault({ fault: { kind: 'status', status: 404, error: '404 page not found', contentType: 'text' }, path: '/api/show', times: 1 });
      const err = await failure(gateway.showModel('llama3.2:3b'));
      expectKind(err, 'protocol', 'foreign');
      assert.equal(err.details.status, 404);
    });

    it("Ollama's own JSON errors keep their words and kinds", async () => {
      await standin.addFault({ fault: { kind: 'status', status: 500, error: 'model requires more system memory (9 GiB) than is available (4 GiB)' }, path: '/api/chat', times: 1 });
      const err = await failure(collect(gateway.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }] })));
      expectKind(err, 'server');
      assert.match(err.details.serverMessage ?? '', /more system memory/);
      expectKind(await failure(collect(gateway.generate({ model: 'nosuch:7b', prompt: 'hi' }))), 'modelNotFound');
    });
  });

  describe('after the headers arrived', () => {
    it('a connection dropped after the headers is a broken reply naming the host, never "cannot reach"', async () => {
      await standin.addFault({ fault: { kind: 'drop', afterTokens: 1 }, path: '/api/generate' });
      const err = await failure(collect(gateway.generate({ model: 'llama3.2:3b', prompt: 'hi' })));
      expectKind(err, 'protocol', 'dropped');
      assert.ok(err.message.includes(standin.url), err.message);
    });

    it('a stream whose headers came and then nothing: without a callback it ends as stalled, not unreachable', async () => {
      await standin.addFault({ fault: { kind: 'stall', afterTokens: 0, headers: true }, path: '/api/chat' });
      const err = await failure(collect(gateway.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }] })));
      expectKind(err, 'protocol', 'stalled');
      assert.match(err.message, /no answer for \d+ s/);
      assert.ok((err.details.quietMs ?? 0) >= QUIET.waitingMs);
      const req = standin.requests.find((r) => r.path === '/api/chat');
      assert.ok(req?.headersSentAt !== undefined, 'the stand-in sent the headers');
      await standin.waitForClose(req);
      assert.ok(req.closedEarly, 'the stalled request was closed');
    });

    it('a stream that stops mid-answer asks the callback in the streaming phase; Cancel ends it as cancelled', async () => {
      standin.scriptReplies(['one two three four five']);
      await standin.addFault({ fault: { kind: 'stall', afterTokens: 2 }, path: '/api/generate' });
      const asked: StallInfo[] = [];
      const seen: string[] = [];
      const err = await failure(
        (async () => {
          const stream = gateway.generate({ model: 'llama3.2:3b', prompt: 'hi' }, undefined, {
            onStall: async (info) => {
              asked.push(info);
              return asked.length < 2 ? 'wait' : 'cancel';
            },
          });
          for await (const c of stream) seen.push(c.text);
        })(),
      );
      expectKind(err, 'aborted', 'stalled');
      assert.equal(seen.length, 2);
      assert.equal(asked.length, 2, 'asked again after Keep Waiting');
      assert.deepEqual(
        asked.map((a) => a.phase),
        ['streaming', 'streaming'],
      );
      assert.equal(asked[0].model, 'llama3.2:3b');
      assert.ok(asked[0].quietMs >= QUIET.streamingMs);
      assert.ok(asked.every((a) => a.over.aborted), 'every question was ended');
    });

    it('while the model is not in memory, allows the loading time and says so; the question ends when the caller cancels', async () => {
      // Nothing comes, not even headers, and the model is not in /api/ps: Ollama is (or will be) loading it.
      await standin.addFault({ fault: { kind: 'stallBeforeHeaders' }, path: '/api/chat' });
      const caller = new AbortController();
      let question: StallInfo | undefined;
      const err = await failure(
        collect(
          gateway.chat({ model: 'qwen3:4b', messages: [{ role: 'user', content: 'hi' }] }, caller.signal, {
            onStall: (info) => {
              question = info;
              caller.abort();
              return new Promise(() => undefined);
            },
          }),
        ),
      );
      expectKind(err, 'aborted');
      assert.ok(question, 'asked');
      assert.equal(question.phase, 'loading');
      assert.ok(question.quietMs >= QUIET.loadingMs, `quiet ${question.quietMs}`);
      assert.ok(question.over.aborted, 'the question ended with the request');
    });

    it('a loaded model that sends headers and then nothing is "waiting", with the shorter quiet time', async () => {
      await collect(gateway.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'warm up' }] }));
      await standin.addFault({ fault: { kind: 'stall', afterTokens: 0, headers: true }, path: '/api/chat' });
      const asked: StallInfo[] = [];
      const err = await failure(collect(gateway.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }] }, undefined, { onStall: async (info) => (asked.push(info), 'cancel') })));
      expectKind(err, 'aborted', 'stalled');
      assert.deepEqual(
        asked.map((a) => a.phase),
        ['waiting'],
      );
      assert.ok(asked[0].quietMs < QUIET.loadingMs, `quiet ${asked[0].quietMs}`);
    });

    it('no stall while the answer flows slowly but steadily, nor while the consumer holds a chunk', async () => {
      const slow = await StandinOllama.start({ perTokenMs: 100 });
      try {
        const g = gatewayFor(slow.url, recordingLog([]));
        slow.scriptReplies(['a b c d e f g h']);
        let asked = 0;
        let text = '';
        for await (const c of g.generate({ model: 'llama3.2:3b', prompt: 'hi' }, undefined, { onStall: async () => (asked++, 'wait') })) {
          text += c.text;
          if (text.length < 3) await new Promise((r) => setTimeout(r, QUIET.streamingMs * 2));
        }
        assert.equal(asked, 0);
        assert.match(text, /h/);
      } finally {
        await slow.close();
      }
    });
  });
});

describe('toOllamaError: reached or not', () => {
  const socket = (): Error => Object.assign(new TypeError('terminated'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });

  it('a socket error before any response is unreachable; after the headers it is a closed connection naming the host', () => {
    const before = toOllamaError(socket(), { host: 'http://127.0.0.1:11434' });
    expectKind(before, 'unreachable', 'reset');
    const after = toOllamaError(socket(), { host: 'http://127.0.0.1:11434', reached: true });
    expectKind(after, 'protocol', 'dropped');
    assert.match(after.message, /connection to Ollama at http:\/\/127\.0\.0\.1:11434 closed before the answer was complete \(UND_ERR_SOCKET\)/);
  });

  it('a call timing out after the headers (a body that never ends) is not "did not answer"', () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    expectKind(toOllamaError(timeout, { host: 'h', timedOut: true }), 'unreachable', 'timeout');
    expectKind(toOllamaError(timeout, { host: 'h', timedOut: true, reached: true }), 'protocol', 'dropped');
  });
});
