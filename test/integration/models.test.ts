// Model management in a real VS Code against the Ollama stand-in: the Models view lists models with
// their details, pulls show progress and complete, cancel closes the stream, delete asks first, Use
// Model for… writes the setting, Modelfiles create models, the resolver caches, and a daemon that goes
// down while the view is open shows in the view without a storm of messages.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { HearthApi } from '../../src/extension';
import type { CreateResult } from '../../src/features/models/commands/create';
import type { UseModelResult } from '../../src/features/models/commands/useFor';
import type { InputOptions, ModelPrompts, PickItem, PickOptions, ProgressReporter, PromptAction } from '../../src/features/models/prompts';
import type { ModelNode } from '../../src/features/models/tree';
import type { PullOutcome } from '../../src/core/models/pull';
import type { ModelUpdateResult } from '../../src/core/models/updates';
import { DEFAULT_MODELS, DEFAULT_REGISTRY, StandinOllama } from '../support/standin';
import { activateExtension, closeAllEditors, openDoc, openWorkspaceFile, resetSettings, screenshot, setSetting, sleep, waitFor, writeWorkspaceFile } from './helpers';

const SETTINGS = ['hearth.host', 'hearth.model.completion', 'hearth.model.chat', 'hearth.model.summarize', 'hearth.model.translate'];
const GiB = 1024 ** 3;

interface Note {
  severity: string;
  message: string;
  actions: string[];
}

/** Answers every question as the test says, and records everything shown. */
class FakePrompts implements ModelPrompts {
  notes: Note[] = [];
  confirms: { message: string; detail?: string; actions: string[] }[] = [];
  picks: { title: string; items: PickItem<unknown>[] }[] = [];
  inputs: InputOptions[] = [];
  progressShown: { title: string; reports: { message: string; fraction?: number }[] }[] = [];
  statuses: string[] = [];
  errors: unknown[] = [];
  confirmAnswer: (message: string, detail: string | undefined) => string | undefined = () => undefined;
  pickAnswer: (items: PickItem<unknown>[], options: PickOptions<unknown>) => unknown = () => undefined;
  inputAnswer: (options: InputOptions) => string | undefined = () => undefined;

  reset(): void {
    this.notes = [];
    this.confirms = [];
    this.picks = [];
    this.inputs = [];
    this.progressShown = [];
    this.statuses = [];
    this.errors = [];
    this.confirmAnswer = () => undefined;
    this.pickAnswer = () => undefined;
    this.inputAnswer = () => undefined;
  }

  async notify(severity: 'info' | 'warning' | 'error', message: string, actions: PromptAction[] = []): Promise<string | undefined> {
    this.notes.push({ severity, message, actions: actions.map((a) => a.title) });
    return undefined;
  }
  async confirm(message: string, detail: string | undefined, actions: PromptAction[]): Promise<string | undefined> {
    this.confirms.push({ message, detail, actions: actions.map((a) => a.id) });
    return this.confirmAnswer(message, detail);
  }
  async pick<T>(items: PickItem<T>[], options: PickOptions<T>): Promise<T | undefined> {
    this.picks.push({ title: options.title, items });
    return this.pickAnswer(items, options as PickOptions<unknown>) as T | undefined;
  }
  async input(options: InputOptions): Promise<string | undefined> {
    this.inputs.push(options);
    const answer = this.inputAnswer(options);
    return answer !== undefined && options.validate?.(answer) === undefined ? answer : undefined;
  }
  progress<T>(title: string, task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>): Promise<T> {
    const entry = { title, reports: [] as { message: string; fraction?: number }[] };
    this.progressShown.push(entry);
    return task({ report: (message, fraction) => entry.reports.push({ message, fraction }) }, new AbortController().signal);
  }
  status(message: string): void {
    this.statuses.push(message);
  }
  async reportError(err: unknown): Promise<void> {
    this.errors.push(err);
  }
}

/** The workbench draws tree changes a moment after the extension host reports them. */
async function screenshotSidebar(name: string): Promise<void> {
  await sleep(800);
  await screenshot(name, { selector: '.part.sidebar' });
}

const pickByLabel = (label: string) => (items: PickItem<unknown>[]): unknown => items.find((i) => i.label === label)?.value;

describe('models', function () {
  this.timeout(60_000);
  let standin: StandinOllama;
  let api: HearthApi;
  const prompts = new FakePrompts();
  let restorePrompts: vscode.Disposable | undefined;

  const tree = (): HearthApi['models']['tree'] => api.models.tree;
  const refresh = (): Thenable<unknown> => vscode.commands.executeCommand('hearth.models.refresh');
  const installedNodes = async (): Promise<ModelNode[]> => {
    const roots = await tree().getChildren();
    const installed = roots.find((n) => n.kind === 'group' && n.group === 'installed');
    return installed ? tree().getChildren(installed) : [];
  };
  const itemOf = async (kind: ModelNode['kind'], name: string): Promise<vscode.TreeItem | undefined> => {
    const node = (await installedNodes()).find((n) => n.kind === kind && 'name' in n && n.name === name);
    return node ? tree().getTreeItem(node) : undefined;
  };
  const installedNames = async (): Promise<string[]> => (await standin.models).map((m) => m.name);

  before(async () => {
    standin = await StandinOllama.start({ pullChunkMs: 5 });
    await setSetting('hearth.host', standin.url);
    api = await activateExtension<HearthApi>();
    restorePrompts = api.models.usePrompts(prompts);
    api.models.setGpuMemory(undefined);
    await vscode.commands.executeCommand('hearth.models.focus');
  });

  after(async () => {
    restorePrompts?.dispose();
    api.models.setGpuMemory('probe');
    await resetSettings(SETTINGS);
    await closeAllEditors();
    await standin.close();
  });

  beforeEach(async () => {
    prompts.reset();
    await standin.clearFaults();
    standin.setModels([...DEFAULT_MODELS]);
    standin.setRegistry([...DEFAULT_REGISTRY]);
    standin.setDelays({ pullChunkMs: 5 });
    standin.unloadAll();
    await resetSettings(SETTINGS.slice(1));
    api.models.setGpuMemory(undefined);
    await refresh();
    standin.resetRecord();
  });

  it('lists installed and running models with their details and which feature uses each', async () => {
    await api.services.gateway.loadModel('llama3.2:3b');
    await refresh();
    const roots = await tree().getChildren();
    assert.deepStrictEqual(roots.map((n) => (n.kind === 'group' ? n.group : n.kind)), ['running', 'installed']);
    const models = (await installedNodes()).filter((n) => n.kind === 'model');
    assert.strictEqual(models.length, DEFAULT_MODELS.length);

    const coder = await itemOf('model', 'qwen2.5-coder:1.5b');
    assert.ok(coder);
    assert.strictEqual(coder.label, 'qwen2.5-coder:1.5b');
    assert.strictEqual(coder.description, 'for completion (auto) · 1.5B · Q4_K_M · 986 MB');
    const tooltip = (coder.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /\$\(symbol-snippet\) fills in the middle \(insert\)/);
    assert.match(tooltip, /Context length: 32,768 tokens/);
    const coderNode = models.find((n) => n.kind === 'model' && n.name === 'qwen2.5-coder:1.5b');
    assert.ok(coderNode);
    const details = (await tree().getChildren(coderNode)).map((n) => tree().getTreeItem(n));
    assert.ok(details.some((d) => d.label === 'fills in the middle (insert)' && (d.iconPath as vscode.ThemeIcon).id === 'symbol-snippet'));
    assert.ok(details.some((d) => d.label === 'Family' && d.description === 'qwen2'));

    const embed = await itemOf('model', 'nomic-embed-text:latest');
    assert.strictEqual((embed?.iconPath as vscode.ThemeIcon).id, 'symbol-array');
    assert.strictEqual(((await itemOf('model', 'codellama:7b-code'))?.iconPath as vscode.ThemeIcon).id, 'symbol-text', 'a base model: text, not chat');
    assert.strictEqual(((await itemOf('model', 'qwen3:4b'))?.iconPath as vscode.ThemeIcon).id, 'comment-discussion');
    assert.match(String(embed?.description), /^for the workspace index \(auto\) · 137M/, 'the embedding model serves the workspace index');
    assert.ok(!/completion|chat|summaries|translation/.test(String(embed?.description)), 'and no text feature');
    assert.match(String((await itemOf('model', 'qwen2.5-coder:7b'))?.description), /for chat \(auto\)/);

    const running = await tree().getChildren(roots[0]);
    assert.strictEqual(running.length, 1);
    const runningItem = tree().getTreeItem(running[0]);
    assert.strictEqual(runningItem.label, 'llama3.2:3b');
    // Preloaded with the window every feature uses for it (hearth.contextLength, 8192): no reload on first use.
    assert.match(String(runningItem.description), /GB · 100% GPU · 8,192 context · unloads in \d/);
    assert.strictEqual(api.models.view.current, 'ready');
    await screenshotSidebar('models-view');
  });

  it('costs two requests per refresh once the choices are cached (figures printed for the report)', async () => {
    const timings: number[] = [];
    let requests = 0;
    for (let i = 0; i < 20; i++) {
      standin.resetRecord();
      const started = performance.now();
      await api.models.state.refresh();
      timings.push(performance.now() - started);
      requests = Math.max(requests, standin.requests.length);
    }
    assert.strictEqual(requests, 2, 'GET /api/tags and GET /api/ps');
    assert.deepStrictEqual(standin.requests.map((r) => r.path).sort(), ['/api/ps', '/api/tags']);
    standin.resetRecord();
    const coldStart = performance.now();
    await refresh(); // the Refresh button forgets cached details and choices
    const cold = performance.now() - coldStart;
    const sorted = [...timings].sort((a, b) => a - b);
    console.log(`[models] view refresh: ${requests} requests, p50 ${sorted[9].toFixed(1)} ms, p95 ${sorted[18].toFixed(1)} ms; Refresh button (cold): ${standin.requests.length} requests, ${cold.toFixed(1)} ms`);
  });

  it('pulls with progress in the notification and the view, then lists the model', async () => {
    standin.setDelays({ pullChunkMs: 250 });
    const pending = vscode.commands.executeCommand<PullOutcome>('hearth.pullModel', 'qwen2.5-coder:3b');
    const row = await waitFor(async () => {
      const item = await itemOf('pull', 'qwen2.5-coder:3b');
      return item && /\d+%/.test(String(item.description)) ? item : undefined;
    }, { message: 'the pull row with a percentage' });
    assert.strictEqual(row.contextValue, 'pull');
    await screenshotSidebar('models-pulling');
    standin.setDelays({ pullChunkMs: 5 });
    const outcome = await pending;
    assert.strictEqual(outcome?.kind, 'success');
    const progress = prompts.progressShown.find((p) => p.title === 'Pulling qwen2.5-coder:3b');
    assert.ok(progress, 'a progress notification');
    const fractions = progress.reports.map((r) => r.fraction).filter((f): f is number => f !== undefined);
    assert.deepStrictEqual(fractions, [...fractions].sort((a, b) => a - b), 'the bar only moves forward');
    assert.ok(progress.reports.some((r) => /^\d+% · [\d.]+ [KMG]?B of 1\.9 GB/.test(r.message)), JSON.stringify(progress.reports.slice(0, 5)));
    assert.ok(prompts.notes.some((n) => n.message === 'qwen2.5-coder:3b is ready.'));
    await waitFor(async () => (await itemOf('model', 'qwen2.5-coder:3b')) !== undefined, { message: 'the pulled model in the view' });
  });

  it('shows the pull in a real progress notification, which Cancel closes', async () => {
    restorePrompts?.dispose(); // the real notifications, for once
    try {
      standin.setDelays({ pullChunkMs: 300 });
      const pending = vscode.commands.executeCommand<PullOutcome>('hearth.pullModel', 'llama3.2:1b');
      await waitFor(() => (api.models.pulls.get('llama3.2:1b')?.snapshot?.fraction ?? 0) > 0.2, { message: 'a fifth of the pull' });
      await sleep(500);
      await screenshot('models-pull-notification');
      assert.strictEqual(await vscode.commands.executeCommand('hearth.models.cancelPull', 'llama3.2:1b'), true);
      assert.strictEqual((await pending)?.kind, 'cancelled');
    } finally {
      restorePrompts = api.models.usePrompts(prompts);
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  });

  it('Pull Model offers recommendations per feature with sizes, and checks a typed name', async () => {
    let freeText: PickOptions<unknown>['freeText'];
    prompts.pickAnswer = (_items, options) => {
      freeText = options.freeText;
      return undefined;
    };
    assert.strictEqual(await vscode.commands.executeCommand('hearth.pullModel'), undefined);
    const items = prompts.picks[0].items;
    assert.deepStrictEqual(items.filter((i) => i.separator).map((i) => i.label), ['For completion (fill in the middle)', 'For chat, summaries and translation']);
    const coder = items.find((i) => i.label === 'qwen2.5-coder:1.5b');
    assert.strictEqual(coder?.description, '986 MB · 1.5B · installed');
    assert.match(coder?.detail ?? '', /Fill in the middle/);
    assert.strictEqual(items.find((i) => i.label === 'qwen2.5:7b')?.description, '4.7 GB · 7.6B');
    assert.ok(freeText);
    assert.deepStrictEqual(freeText('gemma3 4b'), { invalid: 'A model name cannot contain spaces.' });
    assert.deepStrictEqual(freeText('gemma3:'), { invalid: 'The tag after ":" may use letters, digits, ".", "_" and "-", and cannot be empty.' });
    const ok = freeText('gemma3:4b');
    assert.ok(ok && 'item' in ok && (ok.item.value as { name: string }).name === 'gemma3:4b');
    assert.strictEqual(standin.requests.filter((r) => r.path === '/api/pull').length, 0);
  });

  it('warns before pulling a recommended model that will not fit the GPU next to the completion model', async () => {
    api.models.setGpuMemory(8 * GiB);
    await setSetting('hearth.model.completion', 'qwen2.5-coder:7b');
    prompts.confirmAnswer = () => undefined;
    assert.strictEqual(await vscode.commands.executeCommand('hearth.pullModel', 'qwen2.5:14b'), undefined);
    assert.match(prompts.confirms[0]?.message ?? '', /qwen2\.5:14b \(about .*\) and qwen2\.5-coder:7b .* more than the 8\.6 GB of GPU memory\. Ollama would unload one to load the other each time you switch between chat and completion/);
    assert.deepStrictEqual(prompts.confirms[0]?.actions, ['pull']);
    assert.strictEqual(standin.requests.filter((r) => r.path === '/api/pull').length, 0, 'nothing pulled');
  });

  it('Cancel stops the pull: the stand-in sees the connection close and nothing is installed', async () => {
    standin.setDelays({ pullChunkMs: 150 });
    const pending = vscode.commands.executeCommand<PullOutcome>('hearth.pullModel', 'llama3.2:1b');
    const node = await waitFor(async () => (await installedNodes()).find((n) => n.kind === 'pull' && n.name === 'llama3.2:1b'), { message: 'the pull row' });
    await waitFor(() => (api.models.pulls.get('llama3.2:1b')?.snapshot?.completedBytes ?? 0) > 0, { message: 'some bytes' });
    const request = standin.requests.find((r) => r.path === '/api/pull');
    assert.ok(request);
    assert.strictEqual(await vscode.commands.executeCommand('hearth.models.cancelPull', node), true);
    const outcome = await pending;
    assert.strictEqual(outcome?.kind, 'cancelled');
    await standin.waitForClose(request);
    assert.strictEqual(request.closedEarly, true);
    assert.ok(!(await installedNames()).includes('llama3.2:1b'));
    assert.ok(prompts.notes.some((n) => /Stopped pulling llama3\.2:1b\. Ollama keeps the .* already downloaded and resumes/.test(n.message)), JSON.stringify(prompts.notes));
    await waitFor(async () => (await itemOf('pull', 'llama3.2:1b')) === undefined, { message: 'the pull row to go' });
  });

  it('pull: a bad name, an unknown model, the registry down, a full disk and a broken stream each get a clear message', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('hearth.pullModel', 'qwen 2.5'), undefined);
    assert.match(prompts.notes.at(-1)?.message ?? '', /"qwen 2\.5" is not a valid model name\. A model name cannot contain spaces\./);
    assert.strictEqual(standin.requests.filter((r) => r.path === '/api/pull').length, 0, 'nothing sent');

    const failed = async (name: string): Promise<Note> => {
      const outcome = await vscode.commands.executeCommand<PullOutcome>('hearth.pullModel', name);
      assert.strictEqual(outcome?.kind, 'failed');
      const note = prompts.notes.at(-1);
      assert.ok(note && note.severity === 'error', JSON.stringify(prompts.notes));
      return note;
    };
    assert.match((await failed('no-such-model:7b')).message, /The Ollama library has no model named no-such-model:7b/);

    const registryDown = 'pull model manifest: Get "https://registry.ollama.ai/v2/library/qwen2.5/manifests/7b": dial tcp: lookup registry.ollama.ai: no such host';
    await standin.addFault({ fault: { kind: 'errorMidStream', afterTokens: 1, error: registryDown }, path: '/api/pull', times: 1 });
    const network = await failed('qwen2.5:7b');
    assert.match(network.message, /could not reach the model registry \(registry\.ollama\.ai\)/);
    assert.deepStrictEqual(network.actions, ['Retry', 'Show Logs']);

    const diskFull = 'write /usr/share/ollama/.ollama/models/blobs/sha256-1a2b-partial-0: no space left on device';
    await standin.addFault({ fault: { kind: 'errorMidStream', afterTokens: 5, error: diskFull }, path: '/api/pull', times: 1 });
    const disk = await failed('qwen2.5:7b');
    assert.match(disk.message, /The disk where Ollama stores models is full.*What was downloaded is kept/);
    assert.deepStrictEqual(disk.actions, ['Delete a Model…', 'Retry']);

    await standin.addFault({ fault: { kind: 'errorMidStream', afterTokens: 3, error: 'unexpected status 502 from the CDN' }, path: '/api/pull', times: 1 });
    assert.match((await failed('qwen2.5:7b')).message, /Pulling qwen2\.5:7b failed: unexpected status 502 from the CDN/);

    // A proxy's error page instead of Ollama's answer: reported as what it is (the reporter's sentence), not as a broken connection.
    await standin.addFault({ fault: { kind: 'status', status: 502, contentType: 'html' }, path: '/api/pull', times: 1 });
    const notesBefore = prompts.notes.length;
    assert.strictEqual((await vscode.commands.executeCommand<PullOutcome>('hearth.pullModel', 'qwen2.5:7b'))?.kind, 'failed');
    assert.strictEqual(prompts.notes.length, notesBefore, JSON.stringify(prompts.notes.slice(notesBefore)));
    assert.strictEqual((prompts.errors.at(-1) as { details?: { reason?: string; status?: number } } | undefined)?.details?.reason, 'foreign');
    assert.ok(!(await installedNames()).includes('qwen2.5:7b'), 'nothing installed by failed pulls');
  });

  it('Delete asks first, warns when the model is in use or loaded, and removes it', async () => {
    await setSetting('hearth.model.completion', 'qwen2.5-coder:1.5b');
    await api.services.gateway.loadModel('qwen2.5-coder:1.5b');
    prompts.confirmAnswer = () => undefined; // Cancel
    assert.strictEqual(await vscode.commands.executeCommand('hearth.deleteModel', { name: 'qwen2.5-coder:1.5b' }), false);
    const question = prompts.confirms[0];
    assert.strictEqual(question.message, 'Delete qwen2.5-coder:1.5b?');
    assert.match(question.detail ?? '', /Your settings use it for completion/);
    assert.match(question.detail ?? '', /loaded in memory now/);
    assert.ok((await installedNames()).includes('qwen2.5-coder:1.5b'), 'cancel keeps it');
    assert.strictEqual(standin.requests.filter((r) => r.path === '/api/delete').length, 0);

    prompts.confirmAnswer = () => 'delete';
    assert.strictEqual(await vscode.commands.executeCommand('hearth.deleteModel', { name: 'qwen2.5-coder:1.5b' }), true);
    assert.ok(!(await installedNames()).includes('qwen2.5-coder:1.5b'));
    assert.strictEqual(await itemOf('model', 'qwen2.5-coder:1.5b'), undefined);
    // The setting still names it: the view shows it as missing, with a Pull action.
    const missing = await itemOf('missing', 'qwen2.5-coder:1.5b');
    assert.match(String(missing?.description), /not installed — set for completion/);
    assert.ok(prompts.notes.some((n) => /was the model for completion/.test(n.message)));
  });

  it('Delete of a model that vanished meanwhile says so and updates the view', async () => {
    prompts.confirmAnswer = () => 'delete';
    standin.setModels(DEFAULT_MODELS.filter((m) => m.name !== 'llama3.2:3b'));
    assert.strictEqual(await vscode.commands.executeCommand('hearth.deleteModel', { name: 'llama3.2:3b' }), false);
    assert.ok(prompts.notes.some((n) => /llama3\.2:3b is no longer installed/.test(n.message)), JSON.stringify(prompts.notes));
    assert.strictEqual(prompts.errors.length, 0);
    assert.strictEqual(await itemOf('model', 'llama3.2:3b'), undefined);
  });

  it('Use Model for… offers only models that can do the job and writes the setting', async () => {
    prompts.pickAnswer = pickByLabel('llama3.2:3b');
    const result = await vscode.commands.executeCommand<UseModelResult>('hearth.useModelFor', 'chat');
    assert.deepStrictEqual(result, { feature: 'chat', model: 'llama3.2:3b' });
    assert.strictEqual(vscode.workspace.getConfiguration('hearth').get('model.chat'), 'llama3.2:3b');
    const labels = prompts.picks[0].items.map((i) => i.label);
    assert.ok(labels.includes('qwen3:4b') && labels.includes('qwen2.5-coder:7b'));
    assert.ok(!labels.includes('nomic-embed-text'), 'not an embedding model');
    assert.ok(!labels.includes('codellama:7b-code'), 'not a base model');
    await waitFor(async () => /for chat(?! \(auto\))/.test(String((await itemOf('model', 'llama3.2:3b'))?.description)), { message: 'the view to show the new use' });

    // From a model's row: choose the feature.
    prompts.pickAnswer = (items) => items.find((i) => i.value === 'translate')?.value;
    assert.deepStrictEqual(await vscode.commands.executeCommand('hearth.useModelFor', { name: 'qwen3:4b' }), { feature: 'translate', model: 'qwen3:4b' });
    assert.strictEqual(prompts.picks.at(-1)?.title, 'Use qwen3:4b for…');
    assert.strictEqual(vscode.workspace.getConfiguration('hearth').get('model.translate'), 'qwen3:4b');
    prompts.pickAnswer = (items) => items.find((i) => i.value === 'chat')?.value;
    assert.strictEqual(await vscode.commands.executeCommand('hearth.useModelFor', { name: 'nomic-embed-text:latest' }), undefined);
    assert.match(prompts.notes.at(-1)?.message ?? '', /nomic-embed-text cannot be used for chat/);

    // Completion lists every model that completes, insert first; back to automatic removes the setting.
    prompts.pickAnswer = () => '';
    assert.deepStrictEqual(await vscode.commands.executeCommand('hearth.useModelFor', 'chat'), { feature: 'chat', model: '' });
    assert.strictEqual(vscode.workspace.getConfiguration('hearth').inspect('model.chat')?.globalValue, undefined);
    prompts.pickAnswer = () => undefined;
    await vscode.commands.executeCommand('hearth.useModelFor', 'completion');
    const completion = prompts.picks.at(-1)?.items.filter((i) => !i.separator).map((i) => i.label) ?? [];
    assert.deepStrictEqual(completion.slice(0, 3), ['$(sparkle) Automatic', 'qwen2.5-coder:1.5b', 'qwen2.5-coder:7b']);
    assert.ok(completion.includes('codellama:7b-code'));
  });

  it('warns before a choice whose model will not fit the GPU next to the completion model', async () => {
    api.models.setGpuMemory(6 * GiB);
    await setSetting('hearth.model.completion', 'qwen2.5-coder:7b');
    prompts.pickAnswer = pickByLabel('qwen3:4b');
    prompts.confirmAnswer = () => undefined;
    assert.strictEqual(await vscode.commands.executeCommand('hearth.useModelFor', 'chat'), undefined);
    assert.match(prompts.confirms[0]?.message ?? '', /qwen3:4b \(about .* in memory\) and qwen2\.5-coder:7b .* more than the 6\.4 GB of GPU memory/);
    assert.strictEqual(vscode.workspace.getConfiguration('hearth').get('model.chat'), '');
    api.models.setGpuMemory(48 * GiB);
    prompts.confirms = [];
    assert.deepStrictEqual(await vscode.commands.executeCommand('hearth.useModelFor', 'chat'), { feature: 'chat', model: 'qwen3:4b' });
    assert.strictEqual(prompts.confirms.length, 0, 'no warning when they fit');
  });

  it('Copy asks before replacing an existing model', async () => {
    prompts.inputAnswer = () => 'llama3.2:3b';
    prompts.confirmAnswer = () => undefined;
    assert.strictEqual(await vscode.commands.executeCommand('hearth.copyModel', { name: 'qwen3:4b' }), undefined);
    assert.match(prompts.confirms[0]?.message ?? '', /llama3\.2:3b already exists\. Replace it with a copy of qwen3:4b\?/);
    assert.strictEqual(standin.requests.filter((r) => r.path === '/api/copy').length, 0);
    assert.match(prompts.inputs[0].value ?? '', /^qwen3:4b-copy$/);
    assert.match(prompts.inputs[0].validate?.('bad name') ?? '', /cannot contain spaces/);
    prompts.inputAnswer = () => 'my-qwen3:4b';
    assert.strictEqual(await vscode.commands.executeCommand('hearth.copyModel', { name: 'qwen3:4b' }), 'my-qwen3:4b');
    assert.ok((await installedNames()).includes('my-qwen3:4b'));
  });

  it('Show Model opens the details, template, parameters, shortened license and a rebuildable Modelfile', async () => {
    const text = await vscode.commands.executeCommand<string>('hearth.showModel', { name: 'llama3.2:3b' });
    assert.ok(text);
    assert.match(text, /^# llama3\.2:3b/);
    assert.match(text, /\| Context length \| 131,072 tokens \|/);
    assert.match(text, /\| Capabilities \| completion \(generates text\), tools \(calls tools\) \|/);
    assert.match(text, /## Parameters[\s\S]*\| stop \| `"<\\\|start_header_id\\\|>", /);
    assert.match(text, /## Template\n\n```go-template\n<\|start_header_id\|>system/);
    assert.match(text, /## License/);
    assert.match(text, /^FROM llama3\.2:3b$/m);
    // Rendered (the Markdown preview on the details document), the source one click away.
    const tab = await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.scheme === 'hearth-doc'), { message: 'the details shown rendered' });
    assert.strictEqual((tab.input as vscode.TabInputCustom).viewType, 'vscode.markdown.preview.editor');
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === (tab.input as vscode.TabInputCustom).uri.toString());
    assert.strictEqual(doc?.getText(), text);
    assert.strictEqual(doc?.languageId, 'markdown');
    await closeAllEditors();
  });

  it('Unload and Preload change what is running', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('hearth.preloadModel', { name: 'qwen3:4b' }), true);
    assert.deepStrictEqual(standin.loadedModels, ['qwen3:4b']);
    assert.ok(api.models.state.snapshot?.running.some((m) => m.name === 'qwen3:4b'));
    assert.strictEqual(await vscode.commands.executeCommand('hearth.unloadModel', { name: 'qwen3:4b' }), true);
    assert.deepStrictEqual(standin.loadedModels, []);
    const unload = standin.requests.filter((r) => r.path === '/api/generate').at(-1)?.body as { keep_alive?: unknown };
    assert.strictEqual(unload.keep_alive, 0);
  });

  it('Check for Model Updates asks first, pulls each model and reports which changed', async () => {
    standin.setRegistry(DEFAULT_REGISTRY.map((m) => (m.name === 'qwen3:4b' ? { ...m, digest: 'b'.repeat(64), size: m.size + 10_000 } : m)));
    prompts.confirmAnswer = () => undefined;
    assert.strictEqual(await vscode.commands.executeCommand('hearth.checkModelUpdates'), undefined);
    assert.match(prompts.confirms[0]?.detail ?? '', /cannot tell whether a model has a newer version without pulling it/);
    assert.strictEqual(standin.requests.filter((r) => r.path === '/api/pull').length, 0);
    prompts.confirmAnswer = () => 'check';
    const results = await vscode.commands.executeCommand<ModelUpdateResult[]>('hearth.checkModelUpdates');
    assert.strictEqual(results?.length, DEFAULT_MODELS.length);
    assert.deepStrictEqual(results.filter((r) => r.outcome === 'updated').map((r) => r.name), ['qwen3:4b']);
    assert.match(prompts.notes.at(-1)?.message ?? '', /Updated: qwen3:4b\. 6 of 6 models checked\./);
  });

  it('creates a model from a Modelfile, shows the server message for a broken one, and marks syntax problems', async () => {
    await openDoc('FROM llama3.2:3b\nSYSTEM """Answer in Simplified Chinese."""\nPARAMETER temperature 0.3\n', 'modelfile');
    prompts.inputAnswer = () => 'zh-helper';
    const created = await vscode.commands.executeCommand<CreateResult>('hearth.createModelFromModelfile');
    assert.deepStrictEqual(created, { kind: 'success', name: 'zh-helper' });
    assert.strictEqual((await api.services.gateway.showModel('zh-helper')).system, 'Answer in Simplified Chinese.');
    await waitFor(async () => (await itemOf('model', 'zh-helper:latest')) !== undefined, { message: 'the new model in the view' });

    await openDoc('FROM no-such-base:1b\n', 'modelfile');
    prompts.inputAnswer = () => 'broken';
    const broken = await vscode.commands.executeCommand<CreateResult>('hearth.createModelFromModelfile');
    assert.strictEqual(broken?.kind, 'failed');
    assert.match(prompts.notes.at(-1)?.message ?? '', /Ollama could not create broken: pull model manifest: file does not exist/);

    const editor = await openDoc('FORM llama3.2\nPARAMETER temprature 1\n', 'modelfile');
    standin.resetRecord();
    const invalid = await vscode.commands.executeCommand<CreateResult>('hearth.createModelFromModelfile');
    assert.strictEqual(invalid?.kind, 'invalid');
    assert.strictEqual(standin.requests.filter((r) => r.path === '/api/create').length, 0, 'nothing sent');
    const diagnostics = api.models.diagnostics.get(editor.document.uri) ?? [];
    assert.deepStrictEqual(diagnostics.map((d) => d.message), ['Unknown instruction "FORM". Did you mean FROM?', 'Unknown parameter "temprature". Did you mean temperature?', 'A Modelfile needs a FROM line naming the base model or a GGUF file.']);
    await closeAllEditors();
  });

  it('creates a model from a local GGUF file: hashed, uploaded once, then created', async () => {
    await writeWorkspaceFile('models/tiny.gguf', 'GGUF' + 'x'.repeat(200_000));
    await writeWorkspaceFile('models/Tiny.modelfile', 'FROM ./tiny.gguf\nTEMPLATE {{ .Prompt }}\nPARAMETER num_ctx 2048\n');
    const editor = await openWorkspaceFile('models/Tiny.modelfile');
    assert.strictEqual(editor.document.languageId, 'modelfile', '*.modelfile is a Modelfile');
    prompts.inputAnswer = (options) => options.value;
    const created = await vscode.commands.executeCommand<CreateResult>('hearth.createModelFromModelfile', editor.document.uri);
    assert.deepStrictEqual(created, { kind: 'success', name: 'tiny' }, 'the name comes from the file name');
    assert.deepStrictEqual(standin.requests.filter((r) => r.path.startsWith('/api/blobs/')).map((r) => `${r.method} ${r.status}`), ['HEAD 404', 'POST 201']);
    const body = standin.requests.find((r) => r.path === '/api/create')?.body as { files?: Record<string, string>; from?: string };
    assert.deepStrictEqual(Object.keys(body.files ?? {}), ['tiny.gguf']);
    assert.strictEqual(body.from, undefined);
    const reports = prompts.progressShown.at(-1)?.reports.map((r) => r.message) ?? [];
    assert.ok(reports.some((m) => /^Checking tiny\.gguf: \d+%$/.test(m)) && reports.some((m) => /^Uploading tiny\.gguf: /.test(m)), JSON.stringify(reports));

    await writeWorkspaceFile('models/Broken.modelfile', 'FROM ./missing.gguf\n');
    const broken = await openWorkspaceFile('models/Broken.modelfile');
    const missing = await vscode.commands.executeCommand<CreateResult>('hearth.createModelFromModelfile', broken.document.uri);
    assert.strictEqual(missing?.kind, 'invalid');
    assert.match(prompts.notes.at(-1)?.message ?? '', /FROM names .*missing\.gguf, but there is no such file\./);
    await closeAllEditors();
  });

  it('the resolver: a missing configured model is the caller\'s to say (no message of its own), cached answers make no request', async () => {
    await setSetting('hearth.model.chat', 'missing-model:7b');
    for (let i = 0; i < 3; i++) {
      await assert.rejects(api.services.models.resolve('chat', { interactive: false }), (err: { kind?: string }) => err.kind === 'modelNotFound');
    }
    // A command shows it once per try with Pull and Choose Another; background work in its status item.
    assert.strictEqual(prompts.errors.length, 0, 'the resolver adds no second message to the caller\'s');
    await resetSettings(['hearth.model.chat']);

    const first = await api.services.models.resolve('completion');
    assert.strictEqual(first.name, 'qwen2.5-coder:1.5b');
    standin.resetRecord();
    const started = performance.now();
    for (let i = 0; i < 1000; i++) await api.services.models.resolve('completion');
    const perCallUs = ((performance.now() - started) / 1000) * 1000;
    assert.strictEqual(standin.requests.length, 0, 'cached resolutions make no request');
    console.log(`[models] cached resolve: ${perCallUs.toFixed(1)} µs per call, 0 requests`);
    // Installing a model through Hearth re-resolves.
    standin.setRegistry([...DEFAULT_REGISTRY, { ...DEFAULT_MODELS[0], name: 'qwen2.5-coder:0.5b', parameterSize: '0.5B', size: 397_821_319, digest: undefined }]);
    await vscode.commands.executeCommand('hearth.pullModel', 'qwen2.5-coder:0.5b');
    assert.strictEqual((await api.services.models.resolve('completion')).name, 'qwen2.5-coder:0.5b');
  });

  it('offers a recommended model when nothing installed fits, only when interactive', async () => {
    standin.setModels(DEFAULT_MODELS.filter((m) => m.capabilities.includes('embedding')));
    await refresh();
    await assert.rejects(api.services.models.resolve('summarize', { interactive: false }), (err: { kind?: string; details?: { model?: string } }) => err.kind === 'modelNotFound' && err.details?.model === 'qwen2.5:7b');
    assert.strictEqual(prompts.notes.length, 0);
    await assert.rejects(api.services.models.resolve('summarize', { interactive: true }));
    assert.match(prompts.notes.at(-1)?.message ?? '', /No installed model can be used for summaries\. Hearth recommends qwen2\.5:7b \(4\.7 GB download\)/);
    assert.deepStrictEqual(prompts.notes.at(-1)?.actions, ['Pull qwen2.5:7b', 'Other Models…']);
  });

  it('shows a daemon that went down in the view, without a storm of messages, and recovers', async () => {
    await standin.stopListening();
    for (let i = 0; i < 3; i++) await api.models.state.refresh();
    assert.strictEqual(api.models.view.current, 'unreachable');
    assert.match(api.models.view.treeView.description ?? '', /Ollama is not running at http:\/\/127\.0\.0\.1:\d+/);
    assert.strictEqual(api.models.view.treeView.message, undefined, 'no message: it would hide the Start Ollama button');
    assert.deepStrictEqual(await tree().getChildren(), []);
    assert.strictEqual(prompts.notes.length + prompts.errors.length, 0, 'no notifications from the view');
    await screenshotSidebar('models-unreachable');
    await standin.resume();
    await api.models.state.refresh();
    assert.strictEqual(api.models.view.current, 'ready');
    assert.strictEqual(api.models.view.treeView.description, undefined);
  });

  it('shows a privacy refusal in the view in its own words', async () => {
    await setSetting('hearth.host', 'http://192.0.2.10:11434');
    await api.models.state.refresh();
    assert.strictEqual(api.models.view.current, 'error');
    assert.match(api.models.view.treeView.message ?? '', /Hearth did not send anything to http:\/\/192\.0\.2\.10:11434/);
    await setSetting('hearth.host', standin.url);
    await api.models.state.refresh();
    assert.strictEqual(api.models.view.treeView.message, undefined);
  });

  it('shows the empty state with a pull button when nothing is installed', async () => {
    standin.setModels([]);
    await refresh();
    assert.strictEqual(api.models.view.current, 'empty');
    assert.deepStrictEqual(await tree().getChildren(), []);
    await screenshotSidebar('models-empty');
  });

  it('recognises a file named Modelfile, and marks its problems as you type', async () => {
    const sample = [
      '# A code reviewer that answers in Chinese',
      'FROM qwen2.5-coder:7b',
      'PARAMETER temperature 0.2',
      'PARAMETER num_ctx 8192',
      'PARAMETER stop "<|im_end|>"',
      'PARAMETER mirostat 2',
      'TEMPLATE """{{ if .System }}<|im_start|>system',
      '{{ .System }}<|im_end|>',
      '{{ end }}<|im_start|>assistant',
      '"""',
      'SYSTEM """',
      'You review code. Answer in Simplified Chinese.',
      '"""',
      'MESSAGE user Is this safe?',
      'MESSAGE assistant """Not yet: it trusts its input."""',
      'LICENSE MIT',
      '',
    ];
    await writeWorkspaceFile('reviewer/Modelfile', sample.join('\n'));
    const editor = await openWorkspaceFile('reviewer/Modelfile');
    assert.strictEqual(editor.document.languageId, 'modelfile');
    const diagnostics = await waitFor(() => {
      const list = api.models.diagnostics.get(editor.document.uri);
      return list && list.length ? list : undefined;
    }, { message: 'diagnostics for the Modelfile' });
    assert.deepStrictEqual(
      diagnostics.map((d) => [d.message, d.severity, d.range.start.line]),
      [['Current Ollama versions ignore mirostat; Hearth leaves it out.', vscode.DiagnosticSeverity.Warning, 5]],
    );
    await editor.edit((b) => b.insert(new vscode.Position(2, 0), 'PARAMETER top_p high\n'));
    await waitFor(() => (api.models.diagnostics.get(editor.document.uri) ?? []).some((d) => d.message === 'top_p takes a number, not "high".'), { message: 'the new problem' });
    await screenshot('models-modelfile', { selector: '.part.editor' });
    await closeAllEditors();
  });
});
