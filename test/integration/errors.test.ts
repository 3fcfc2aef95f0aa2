// The one error reporter every feature uses: failures of Hearth itself (its code, the file system, VS Code)
// are reported as Hearth's, never blamed on Ollama; failures of talking to Ollama keep their precise words.
import * as assert from 'assert';
import type { HearthApi } from '../../src/extension';
import type { UserMessage } from '../../src/platform/errors';
import { activateExtension } from './helpers';

describe('error reporter', function () {
  this.timeout(30_000);
  let api: HearthApi;
  let shown: UserMessage[] = [];
  let presenter: { dispose(): void } | undefined;

  before(async () => {
    api = await activateExtension<HearthApi>();
  });

  beforeEach(() => {
    shown = [];
    presenter = api.services.errors.usePresenter(async (msg) => {
      shown.push(msg);
    });
  });

  afterEach(() => presenter?.dispose());

  it('reports Hearth\'s own failure as Hearth\'s, with the logs, not as an error from Ollama', async () => {
    await api.services.errors.show(new Error('EACCES: permission denied, open \'/chat/1.json\''), { feature: 'chat' });
    assert.strictEqual(shown.length, 1);
    assert.match(shown[0].message, /^Hearth could not finish this: EACCES: permission denied/);
    assert.doesNotMatch(shown[0].message, /Ollama/);
    assert.deepStrictEqual(shown[0].actions.map((a) => a.command), ['hearth.showLogs']);
  });

  it('still reads a failed connection as Ollama not running, with Start where there is an ollama to start, else Install', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
    await api.services.errors.show(refused, { feature: 'chat', host: 'http://127.0.0.1:1' });
    assert.strictEqual(shown.length, 1);
    assert.match(shown[0].message, /Ollama is not running at /);
    const installed = api.daemon.status().kind !== 'notInstalled';
    assert.strictEqual(shown[0].actions.some((a) => a.command === 'hearth.startOllama'), installed, JSON.stringify(shown[0].actions));
    assert.strictEqual(shown[0].actions.some((a) => a.command === 'hearth.installOllama'), !installed, JSON.stringify(shown[0].actions));
  });

  it('shows a command\'s failure every time the user tries, however recently the same words were shown', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
    for (let i = 0; i < 3; i++) await api.services.errors.show(refused, { feature: 'translate', host: 'http://127.0.0.1:1' });
    assert.strictEqual(shown.length, 3);
  });

  it('shows a background report once a minute at most', async () => {
    const busy = new Error('server busy');
    Object.assign(busy, { name: 'ResponseError', status_code: 503 });
    for (let i = 0; i < 3; i++) await api.services.errors.show(busy, { feature: 'completion', origin: 'background' });
    assert.strictEqual(shown.length, 1);
  });

  it('still reads an error line from Ollama\'s client as the server\'s words', async () => {
    const fromServer = Object.assign(new Error('model requires more system memory (9.4 GiB) than is available (4.1 GiB)'), { name: 'ResponseError', status_code: 500 });
    await api.services.errors.show(fromServer, { feature: 'summarize', model: 'qwen2.5:14b' });
    assert.strictEqual(shown.length, 1);
    assert.match(shown[0].message, /memory/);
    assert.doesNotMatch(shown[0].message, /^Hearth could not finish/);
  });
});
