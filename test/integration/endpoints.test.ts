// Endpoints in a real VS Code (issue 15): a token set through the command reaches only its endpoint and never the
// log or the settings; https with a private CA is refused with the certificate message and accepted with the CA
// file; a 401 gives its message with "Set Token…"; a remote endpoint is used only after the user allowed it; the
// status bar names the endpoint a routed feature uses and its state; chat routed to an OpenAI-compatible server
// answers while completion stays on the local Ollama.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GatewayRouter } from '../../src/core/endpoints/router';
import type { HearthApi } from '../../src/extension';
import type { ModelPrompts, PickItem } from '../../src/features/models/prompts';
import type { UserMessage } from '../../src/platform/errors';
import { StandinOpenAI } from '../support/openaiStandin';
import { StandinOllama } from '../support/standin';
import { TlsFront } from '../support/tls';
import { activateExtension, closeAllEditors, resetSettings, setSetting, waitFor } from './helpers';

const SETTINGS = [
  'hearth.host',
  'hearth.endpoints',
  'hearth.endpoint.chat',
  'hearth.endpoint.completion',
  'hearth.tls.caFile',
  'hearth.model.chat',
  'hearth.model.completion',
  'hearth.ollama.autoStart',
];

const TOKEN = 'sk-team-4c1d-very-secret-token';

/** Every file under `dir` whose name matches, recursively. */
function filesUnder(dir: string, match: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p, match) : match.test(e.name) ? [p] : [];
  });
}

describe('Endpoints: credentials, TLS, opt-in and routing', function () {
  this.timeout(90_000);
  let api: HearthApi;
  let ollama: StandinOllama;
  let team: StandinOpenAI;
  let shown: UserMessage[] = [];
  let presenter: { dispose(): void } | undefined;
  const restore: vscode.Disposable[] = [];
  const router = (): GatewayRouter => api.services.endpoints as GatewayRouter;

  before(async () => {
    ollama = await StandinOllama.start();
    team = await StandinOpenAI.start({ flavour: 'vllm', apiKey: TOKEN });
    await setSetting('hearth.ollama.autoStart', 'never');
    await setSetting('hearth.host', ollama.url);
    api = await activateExtension<HearthApi>();
  });

  beforeEach(() => {
    shown = [];
    presenter = api.services.errors.usePresenter(async (msg) => void shown.push(msg));
  });

  afterEach(() => {
    presenter?.dispose();
    for (const d of restore.splice(0)) d.dispose();
  });

  after(async () => {
    await api.services.endpointRegistry.storeCredentials('team', {});
    await api.services.endpointRegistry.forgetAllowed();
    await resetSettings(SETTINGS);
    await team.close();
    await ollama.close();
  });

  it('with no endpoint configured has only `local`, the hearth.host Ollama, for every feature', () => {
    const registry = api.services.endpointRegistry;
    assert.deepStrictEqual(registry.all().map((c) => [c.name, c.kind, c.baseUrl]), [['local', 'ollama', ollama.url]]);
    for (const feature of ['completion', 'chat', 'summarize', 'translate'] as const) {
      assert.strictEqual(registry.connectionFor(feature).name, 'local');
      assert.strictEqual(api.services.endpoints.isLocal(feature), true);
    }
  });

  it('says each mistake in the endpoint settings once and falls back to the local Ollama', async () => {
    await setSetting('hearth.endpoints', [
      { name: 'local', url: 'http://127.0.0.1:1' },
      { name: 'typo', url: 'http://127.0.0.1:1#x' },
    ]);
    await setSetting('hearth.endpoint.chat', 'typo');
    // Another change re-reads the same mistakes: they are not said again.
    await setSetting('hearth.endpoint.completion', 'local');
    try {
      const texts = shown.map((m) => m.message);
      assert.strictEqual(texts.length, 3, JSON.stringify(texts));
      assert.ok(texts.some((t) => /"local" is the endpoint hearth\.host defines/.test(t)));
      assert.ok(texts.some((t) => /URL "http:\/\/127\.0\.0\.1:1#x" of endpoint "typo" is not a valid/.test(t)));
      assert.ok(texts.some((t) => /hearth\.endpoint\.chat names the endpoint "typo".*uses the local Ollama for chat/.test(t)));
      assert.strictEqual(shown[0].actions[0].command, 'hearth.openSettings');
      assert.strictEqual(api.services.endpointRegistry.connectionFor('chat').name, 'local');
      assert.deepStrictEqual(api.services.endpointRegistry.all().map((c) => c.name), ['local']);
    } finally {
      await resetSettings(['hearth.endpoint.chat', 'hearth.endpoint.completion']);
      await setSetting('hearth.endpoints', [{ name: 'team', url: team.url, kind: 'openai-compatible' }]);
    }
  });

  it('sends a token set through the command to its endpoint only, and never to the log or the settings', async () => {
    const registry = api.services.endpointRegistry;
    restore.push(api.endpoints.useInputs({ token: async () => TOKEN }));
    assert.strictEqual(await vscode.commands.executeCommand('hearth.setEndpointToken', { endpoint: 'team' }), true);
    // Through the endpoint's gateway (the router's), as a feature would.
    const models = await router().gatewayByName('team')!.listModels({ fresh: true });
    assert.ok(models.length > 0);
    const toTeam = team.requests.filter((r) => r.path.startsWith('/v1/'));
    assert.ok(toTeam.length > 0, 'the team endpoint was asked');
    for (const r of toTeam) assert.strictEqual(r.headers['authorization'], `Bearer ${TOKEN}`);
    // The local Ollama gets nothing of it.
    ollama.resetRecord();
    await api.services.gateway.listModels({ fresh: true });
    assert.ok(ollama.requests.length > 0);
    for (const r of ollama.requests) assert.ok(!JSON.stringify(r.headers).includes(TOKEN), `the local Ollama got the token: ${JSON.stringify(r.headers)}`);
    // Not in any setting, at any level.
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('hearth')).includes(TOKEN));
    const userData = path.resolve(api.services.context.globalStorageUri.fsPath, '..', '..', '..');
    for (const file of filesUnder(userData, /^settings\.json$/)) assert.ok(!fs.readFileSync(file, 'utf8').includes(TOKEN), `${file} holds the token`);
    // Not in the log, even when something tries to write it there (a proxy echoing the key it got).
    api.services.log.info(`a proxy echoed: invalid key ${TOKEN}`);
    const logs = await waitFor(
      () => {
        const files = filesUnder(path.resolve(api.services.context.logUri.fsPath, '..', '..'), /Hearth\.log$/);
        const text = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
        return text.includes('a proxy echoed') && text.includes('credentials now send Authorization') ? text : undefined;
      },
      { timeoutMs: 15_000, message: 'the log to be written' },
    );
    assert.ok(!logs.includes(TOKEN), 'the token is in the log');
    assert.deepStrictEqual(await registry.byName('team')!.secrets(), [TOKEN]);
    assert.deepStrictEqual(await registry.byName('local')!.secrets(), []);
  });

  it('turns a 401 into a message that names the server and offers "Set Token…", and shows the state in the status bar', async () => {
    await api.services.endpointRegistry.storeCredentials('team', { token: 'sk-wrong-token' });
    await setSetting('hearth.endpoint.chat', 'team');
    await closeAllEditors(); // with no editor, the status bar speaks for the chat
    const err = await api.services.endpoints
      .gatewayFor('chat')
      .listModels({ fresh: true })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(err, 'the wrong token was refused');
    await api.services.errors.show(err, { feature: 'chat' });
    assert.strictEqual(shown.length, 1);
    assert.match(shown[0].message, /refused Hearth \(HTTP 401\).*token/);
    assert.ok(shown[0].message.includes(new URL(team.url).host), shown[0].message);
    assert.ok(!shown[0].message.includes('sk-wrong-token'));
    assert.deepStrictEqual(shown[0].actions[0], { title: 'Set Token…', command: 'hearth.setEndpointToken', args: [{ endpoint: 'team' }] });
    // The Models view says whose models it manages once a feature goes elsewhere.
    await waitFor(() => api.models.view.treeView.description === 'Local Ollama · chat on team', { message: `the Models view description (${api.models.view.treeView.description})` });
    await waitFor(() => /team.*unauthorized/.test(api.daemon.statusText()), { message: `the status bar to show team unauthorized (${api.daemon.statusText()})` });
    await api.services.endpointRegistry.storeCredentials('team', { token: TOKEN });
    await api.services.endpoints.gatewayFor('chat').listModels({ fresh: true });
    await waitFor(() => /\$\(check\) team/.test(api.daemon.statusText()), { message: `the status bar to show team answering (${api.daemon.statusText()})` });
    await setSetting('hearth.endpoint.chat', undefined);
    await waitFor(() => !api.daemon.statusText().includes('team'), { message: 'the status bar back on the local Ollama' });
    assert.strictEqual(api.models.view.treeView.description, undefined);
  });

  it('refuses a server with a private CA with the certificate message, and accepts it with the CA file', async () => {
    const front = await TlsFront.start(ollama.url);
    try {
      await setSetting('hearth.host', front.url);
      const err = await api.services.gateway.version({ timeoutMs: 5_000 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err, 'the private CA was not trusted without the CA file');
      await api.services.errors.show(err);
      assert.strictEqual(shown.length, 1);
      assert.match(shown[0].message, /certificate of .* is not trusted/);
      assert.strictEqual(shown[0].actions[0].title, 'Set CA File…');
      assert.deepStrictEqual(shown[0].actions[0].args, ['hearth.tls.caFile']);
      await waitFor(() => /local.*certificate not trusted/.test(api.daemon.statusText()), { message: `the status bar to name the certificate (${api.daemon.statusText()})` });
      await setSetting('hearth.tls.caFile', TlsFront.caFile);
      const version = await api.services.gateway.version({ timeoutMs: 5_000 });
      assert.match(version, /^\d/);
      const check = await vscode.commands.executeCommand<{ ok: boolean; markdown: string }>('hearth.checkConnection', { quiet: true });
      assert.ok(check.ok, check.markdown);
      await waitFor(() => !/certificate/.test(api.daemon.statusText()), { message: `the status bar to leave the certificate problem (${api.daemon.statusText()})` });
    } finally {
      await setSetting('hearth.host', ollama.url);
      await setSetting('hearth.tls.caFile', undefined);
      await front.close();
    }
  });

  it('sends nothing to an endpoint on another computer until the user allowed it, asking once', async () => {
    const registry = api.services.endpointRegistry;
    let asked = 0;
    const before = registry.prompts;
    registry.prompts = { allowRemote: async (name, host) => (asked++, assert.strictEqual(name, 'far'), assert.match(host, /192\.0\.2\.1/), false) };
    try {
      // TEST-NET-1: never routed, so nothing could answer even if a request left.
      await setSetting('hearth.endpoints', [
        { name: 'team', url: team.url, kind: 'openai-compatible' },
        { name: 'far', url: 'http://192.0.2.1:9', kind: 'openai-compatible' },
      ]);
      assert.strictEqual(asked, 0, 'listing an endpoint asks nothing');
      const far = registry.byName('far');
      assert.ok(far && !far.isLoopback && !far.allowed);
      // Routing a feature there asks at once (the user just chose it), naming the host.
      await setSetting('hearth.endpoint.summarize', 'far');
      await waitFor(() => asked === 1, { message: 'the question when summarize was routed to far' });
      for (let i = 0; i < 2; i++) {
        await assert.rejects(far.fetch('http://192.0.2.1:9/v1/models'), (e: Error & { kind?: string }) => e.kind === 'remoteHostRefused');
      }
      assert.strictEqual(asked, 1, 'asked once, not at every request');
      // The feature's gateway refuses before any request, and the message offers Allow….
      const err = await api.services.endpoints.gatewayFor('summarize').listModels().then(
        () => undefined,
        (e: unknown) => e,
      );
      await api.services.errors.show(err);
      assert.strictEqual(shown.at(-1)?.actions[0].command, 'hearth.allowEndpoint');
      registry.prompts = { allowRemote: async () => true };
      assert.strictEqual(await vscode.commands.executeCommand('hearth.allowEndpoint', { endpoint: 'far' }), true);
      assert.ok(registry.byName('far')!.allowed);
    } finally {
      registry.prompts = before;
      await setSetting('hearth.endpoint.summarize', undefined);
      await registry.forgetAllowed();
      await setSetting('hearth.endpoints', [{ name: 'team', url: team.url, kind: 'openai-compatible' }]);
    }
  });

  it('adds an endpoint from the Command Palette alone: name, address, kind and the features that use it', async () => {
    const before = vscode.workspace.getConfiguration('hearth').inspect<unknown[]>('endpoints')?.globalValue ?? [];
    // A reserved name is refused and nothing is written.
    restore.push(api.endpoints.useInputs({ endpointName: async () => 'local' }));
    assert.strictEqual(await vscode.commands.executeCommand('hearth.addEndpoint'), false);
    assert.deepStrictEqual(vscode.workspace.getConfiguration('hearth').inspect<unknown[]>('endpoints')?.globalValue ?? [], before);
    restore.push(
      api.endpoints.useInputs({
        endpointName: async () => 'lab',
        endpointUrl: async () => team.url,
        endpointKind: async () => 'openai-compatible',
        routeFeatures: async () => ['summarize', 'translate'],
      }),
    );
    try {
      assert.strictEqual(await vscode.commands.executeCommand('hearth.addEndpoint'), true);
      const config = vscode.workspace.getConfiguration('hearth');
      assert.deepStrictEqual(config.inspect<unknown[]>('endpoints')?.globalValue, [...before, { name: 'lab', url: team.url, kind: 'openai-compatible' }]);
      assert.strictEqual(config.get('endpoint.summarize'), 'lab');
      assert.strictEqual(config.get('endpoint.translate'), 'lab');
      assert.strictEqual(config.get('endpoint.chat'), 'local');
      const registry = api.services.endpointRegistry;
      await waitFor(() => registry.connectionFor('summarize').name === 'lab', { message: 'summarize routed to lab' });
      assert.strictEqual(registry.connectionFor('translate').name, 'lab');
      assert.strictEqual(registry.connectionFor('completion').name, 'local');
      assert.strictEqual(registry.byName('lab')?.kind, 'openai-compatible');
    } finally {
      await setSetting('hearth.endpoint.summarize', undefined);
      await setSetting('hearth.endpoint.translate', undefined);
      await setSetting('hearth.endpoints', before.length ? before : undefined);
    }
  });

  it('routes chat to the OpenAI-compatible endpoint while completion stays on the local Ollama', async function () {
    await api.services.endpointRegistry.storeCredentials('team', { token: TOKEN });
    await setSetting('hearth.endpoint.chat', 'team');
    await setSetting('hearth.model.chat', 'qwen-coder');
    try {
      assert.strictEqual(api.services.endpoints.isLocal('chat'), false);
      assert.strictEqual(api.services.endpoints.isLocal('completion'), true);
      team.scriptReplies(['Answered by the team server.']);
      team.resetRecord();
      ollama.resetRecord();
      await api.chat.reveal();
      await api.chat.postFromView({ type: 'newChat' });
      await api.chat.postFromView({ type: 'send', text: 'Who answers?' });
      await api.chat.idle();
      const answer = api.chat.conversation().messages.filter((m) => m.role === 'assistant').at(-1);
      assert.ok(answer && /Answered by the team server/.test(answer.content), JSON.stringify(answer));
      const chatRequest = team.requests.find((r) => r.path === '/v1/chat/completions');
      assert.ok(chatRequest, 'the chat went to the team endpoint');
      assert.strictEqual(chatRequest.headers['authorization'], `Bearer ${TOKEN}`);
      assert.ok(!ollama.requests.some((r) => r.path === '/api/chat'), 'no chat request reached the local Ollama');
      // Use Model for… offers the chat the team endpoint's models, not the local Ollama's.
      const picks: PickItem<unknown>[][] = [];
      const notes: string[] = [];
      const prompts: ModelPrompts = {
        notify: async (_severity, message) => (notes.push(message), undefined),
        confirm: async () => undefined,
        pick: async <T>(items: PickItem<T>[]) => (picks.push(items as PickItem<unknown>[]), items.find((i) => i.value === 'qwen-coder')?.value),
        input: async () => undefined,
        progress: (_title, task) => task({ report: () => undefined }, new AbortController().signal),
        status: () => undefined,
        reportError: async (e) => void notes.push(String(e)),
      };
      restore.push(api.models.usePrompts(prompts));
      const used = await vscode.commands.executeCommand<{ feature: string; model: string } | undefined>('hearth.useModelFor', 'chat');
      assert.deepStrictEqual(used, { feature: 'chat', model: 'qwen-coder' }, JSON.stringify(notes));
      const offered = picks[0].filter((i) => !i.separator && i.value).map((i) => i.value);
      assert.deepStrictEqual(offered, ['qwen-coder']);
      assert.ok(picks[0].some((i) => i.separator && /endpoint team/.test(i.label)), JSON.stringify(picks[0].map((i) => i.label)));
      // Completion still resolves its model on the local Ollama.
      const completionModel = await api.services.models.resolve('completion');
      assert.ok(completionModel.name);
      assert.ok(ollama.requests.length > 0, 'completion asked the local Ollama');
      assert.ok(!ollama.requests.some((r) => JSON.stringify(r.headers).includes(TOKEN)));
    } finally {
      await setSetting('hearth.endpoint.chat', undefined);
      await setSetting('hearth.model.chat', undefined);
    }
  });
});
