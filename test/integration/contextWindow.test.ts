// One context window per model, in a real VS Code: with one model for every feature (a common setup),
// Draft here, chat, summaries and translations all send the same num_ctx, the one they budget against, so
// Ollama loads the model once and never reloads it between features.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { HearthApi } from '../../src/extension';
import type { SummarizeResult } from '../../src/features/summarize';
import type { TranslateCommentsResult, TranslateSelectionResult } from '../../src/features/translate';
import { StandinOllama, type RecordedRequest } from '../support/standin';
import { summaryReplies } from '../unit/summarize/replies';
import { commentReplies } from '../unit/translate/replies';
import { activateExtension, closeAllEditors, openDoc, resetSettings, setSetting } from './helpers';

const MODEL = 'llama3.2:3b';
const SETTINGS = [
  'hearth.host',
  'hearth.model.completion',
  'hearth.model.chat',
  'hearth.model.summarize',
  'hearth.model.translate',
  'hearth.contextLength',
  'hearth.translate.targetLanguage',
  'hearth.translate.preview',
  'hearth.ollama.autoStart',
];

describe('one context window per model', function () {
  this.timeout(90_000);
  let api: HearthApi;
  let standin: StandinOllama;

  const inference = (): RecordedRequest[] => standin.requests.filter((r) => (r.path === '/api/chat' || r.path === '/api/generate') && r.status === 200);
  const numCtxOf = (r: RecordedRequest): number | undefined => ((r.body as { options?: { num_ctx?: number } }).options ?? {}).num_ctx;

  /** Runs every feature that sends prompts, one after the other, on small inputs. Returns the features run. */
  async function runEveryFeature(): Promise<string[]> {
    const ran: string[] = [];
    let editor = await openDoc('# Release notes\n\n', 'markdown');
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    const draft = await api.inline.draft({ instruction: 'one sentence about the release' });
    assert.strictEqual(draft.status, 'done');
    ran.push('draft');

    await api.chat.reveal();
    await api.chat.postFromView({ type: 'newChat' });
    await api.chat.postFromView({ type: 'send', text: 'Hello' });
    await api.chat.idle();
    assert.strictEqual(api.chat.conversation().messages.at(-1)?.status, 'done');
    ran.push('chat');

    await openDoc('Hearth drafts text on your own computer. It never sends it anywhere else.', 'plaintext');
    const summary = (await vscode.commands.executeCommand<SummarizeResult>('hearth.summarize'))!;
    assert.strictEqual(summary.status, 'done');
    ran.push('summarize');

    const selection = (await vscode.commands.executeCommand<TranslateSelectionResult>('hearth.translate.selection'))!;
    assert.strictEqual(selection.status, 'shown', selection.message);
    ran.push('translate selection');

    editor = await openDoc('// Adds two numbers.\nexport const add = (a: number, b: number): number => a + b;\n', 'typescript');
    const comments = (await vscode.commands.executeCommand<TranslateCommentsResult>('hearth.translate.comments'))!;
    assert.strictEqual(comments.status, 'applied', comments.message);
    ran.push('translate comments');
    await closeAllEditors();
    return ran;
  }

  before(async () => {
    standin = await StandinOllama.start({ perTokenMs: 0 });
    // Comment translation asks for JSON; every other feature takes any text.
    standin.setReply((ctx) => (ctx.format ? commentReplies((t) => `【译】${t}`)(ctx) : summaryReplies(ctx)));
    await setSetting('hearth.host', standin.url);
    for (const feature of ['completion', 'chat', 'summarize', 'translate']) await setSetting(`hearth.model.${feature}`, MODEL);
    await setSetting('hearth.translate.targetLanguage', 'zh-cn');
    await setSetting('hearth.translate.preview', false);
    await setSetting('hearth.ollama.autoStart', 'never');
    api = await activateExtension<HearthApi>();
  });

  after(async () => {
    await closeAllEditors();
    await resetSettings(SETTINGS);
    await standin.close();
  });

  it('sends the same num_ctx from every feature, so the shared model loads once', async () => {
    standin.unloadAll();
    standin.resetRecord();
    const loadsBefore = standin.loads.length;
    const window = await api.services.gateway.contextWindow(MODEL);
    assert.strictEqual(window, 8192, 'hearth.contextLength by default');
    const ran = await runEveryFeature();
    assert.deepStrictEqual(ran, ['draft', 'chat', 'summarize', 'translate selection', 'translate comments']);
    const requests = inference();
    assert.ok(requests.length >= ran.length, `${requests.length} requests`);
    for (const r of requests) assert.strictEqual(numCtxOf(r), window, `${r.path}: ${JSON.stringify((r.body as { options?: unknown }).options)}`);
    assert.deepStrictEqual(standin.loads.slice(loadsBefore), [{ model: MODEL, numCtx: 8192 }], 'loaded once, never reloaded');
  });

  it('follows hearth.contextLength, and with 0 sends none and leaves the window to the server', async () => {
    await setSetting('hearth.contextLength', 16_384);
    standin.unloadAll();
    standin.resetRecord();
    let loadsBefore = standin.loads.length;
    await runEveryFeature();
    for (const r of inference()) assert.strictEqual(numCtxOf(r), 16_384, r.path);
    assert.deepStrictEqual(standin.loads.slice(loadsBefore), [{ model: MODEL, numCtx: 16_384 }]);

    await setSetting('hearth.contextLength', 0);
    standin.unloadAll();
    standin.resetRecord();
    loadsBefore = standin.loads.length;
    await runEveryFeature();
    for (const r of inference()) assert.strictEqual(numCtxOf(r), undefined, r.path);
    // The stand-in's default window is 4096, as Ollama's on a GPU under 24 GiB.
    assert.deepStrictEqual(standin.loads.slice(loadsBefore), [{ model: MODEL, numCtx: 4096 }]);
    assert.strictEqual(await api.services.gateway.contextWindow(MODEL), 4096, 'what /api/ps reports for the loaded model');
    await setSetting('hearth.contextLength', undefined);
  });
});
