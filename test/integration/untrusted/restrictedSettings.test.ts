// Workspace Trust on, the workspace untrusted (Restricted Mode): only in the runner's E2E_TRUST=untrusted
// profile (`npm run test:untrusted`), whose workspace has test/fixtures/untrusted-workspace/.vscode/settings.json
// with hostile values. Proves that none of them reaches a request: what the stand-in records carries the
// user's (machine) values, and the workspace's prompts, models, languages and resource limits are nowhere.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { HearthApi } from '../../../src/extension';
import type { SummarizeResult } from '../../../src/features/summarize';
import type { TranslateSelectionResult } from '../../../src/features/translate';
import { StandinOllama, type RecordedRequest } from '../../support/standin';
import { summaryReplies } from '../../unit/summarize/replies';
import { activateExtension, closeAllEditors, openDoc, resetSettings, setSetting, workspaceFolder } from '../helpers';

const MODEL = 'llama3.2:3b';
const USER_CONTEXT = 4096;
const MARK = 'WORKSPACE-INJECTION';
/** The two settings any workspace may set (test/unit/manifest/settings.test.ts): the control that the file was read. */
const WORKSPACE_MAY_SET = ['hearth.summarize.style', 'hearth.completion.enable'];
const USER_SETTINGS = [
  'hearth.host',
  'hearth.model.completion',
  'hearth.model.chat',
  'hearth.model.summarize',
  'hearth.model.translate',
  'hearth.contextLength',
  'hearth.translate.targetLanguage',
  'hearth.ollama.autoStart',
];

/** The workspace's settings.json (JSON with comments). */
function hostileSettings(): Record<string, unknown> {
  const text = fs.readFileSync(path.join(workspaceFolder().uri.fsPath, '.vscode', 'settings.json'), 'utf8');
  return JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as Record<string, unknown>;
}

interface Options { num_ctx?: number; num_predict?: number; temperature?: number }

describe('untrusted workspace: its settings reach no request', function () {
  this.timeout(90_000);
  let api: HearthApi;
  let standin: StandinOllama;
  const inference = (): RecordedRequest[] => standin.requests.filter((r) => (r.path === '/api/chat' || r.path === '/api/generate') && r.status === 200);

  /** Every inference request since the last reset: the user's model and window, nothing of the workspace's. */
  function assertUserValues(what: string): RecordedRequest[] {
    const requests = inference();
    assert.ok(requests.length > 0, `${what}: no request reached the stand-in`);
    for (const r of requests) {
      const body = r.body as { model?: string; keep_alive?: unknown; options?: Options };
      const text = JSON.stringify(body);
      assert.strictEqual(body.model, MODEL, `${what}: the user's model`);
      assert.strictEqual(body.options?.num_ctx, USER_CONTEXT, `${what}: the user's context length (${text.slice(0, 300)})`);
      assert.notStrictEqual(body.options?.num_predict, 99999, `${what}: not the workspace's maxOutputTokens`);
      assert.notStrictEqual(body.options?.temperature, 2, `${what}: not the workspace's temperature`);
      assert.notStrictEqual(body.keep_alive, '-1', `${what}: not the workspace's keep-alive`);
      assert.ok(!text.includes(MARK), `${what}: no workspace prompt in ${text.slice(0, 500)}`);
      assert.ok(!/workspace-model/.test(text), `${what}: no workspace model`);
    }
    return requests;
  }

  before(async () => {
    standin = await StandinOllama.start({ perTokenMs: 0 });
    standin.setReply(summaryReplies);
    await setSetting('hearth.host', standin.url);
    for (const feature of ['completion', 'chat', 'summarize', 'translate']) await setSetting(`hearth.model.${feature}`, MODEL);
    await setSetting('hearth.contextLength', USER_CONTEXT);
    await setSetting('hearth.translate.targetLanguage', 'zh-cn');
    await setSetting('hearth.ollama.autoStart', 'never');
    api = await activateExtension<HearthApi>();
  });

  after(async () => {
    await closeAllEditors();
    await resetSettings(USER_SETTINGS);
    await standin.close();
  });

  it('runs in Restricted Mode, and VS Code read the workspace settings file', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the workspace is untrusted');
    const config = vscode.workspace.getConfiguration();
    // Positive control: the harmless settings come through, so the file was read and the rest was withheld.
    assert.strictEqual(config.inspect('hearth.summarize.style')?.workspaceValue, 'oneLine');
    assert.deepStrictEqual(config.get('hearth.completion.enable'), { '*': true, plaintext: false });
  });

  it('hides every other workspace value from both get and inspect', () => {
    const config = vscode.workspace.getConfiguration();
    const hostile = hostileSettings();
    const withheld = Object.keys(hostile).filter((k) => !WORKSPACE_MAY_SET.includes(k));
    assert.ok(withheld.length >= 30, `${withheld.length} hostile settings`);
    for (const key of withheld) {
      const inspected = config.inspect(key);
      assert.strictEqual(inspected?.workspaceValue, undefined, `${key}: VS Code withholds the workspace value`);
      assert.notDeepStrictEqual(config.get(key), hostile[key], `${key}: get does not return the workspace value`);
    }
    // What Hearth itself derived from them.
    const settings = api.services.config.settings;
    assert.strictEqual(settings.contextLength, USER_CONTEXT);
    assert.strictEqual(settings.keepAlive, '');
    assert.strictEqual(settings.allowRemoteHost, false);
    assert.strictEqual(settings.allowCloudModels, false);
    assert.strictEqual(api.services.config.gatewayConfig().host?.url.replace(/\/$/, ''), standin.url.replace(/\/$/, ''));
  });

  it('chat: the user\'s model, window and system prompt', async () => {
    standin.resetRecord();
    await api.chat.reveal();
    await api.chat.postFromView({ type: 'newChat' });
    await api.chat.postFromView({ type: 'send', text: 'Hello' });
    await api.chat.idle();
    assert.strictEqual(api.chat.conversation().messages.at(-1)?.status, 'done');
    assertUserValues('chat');
  });

  it('summarize: the user\'s prompt and window, not the workspace\'s language', async () => {
    await openDoc('Hearth drafts text on your own computer. It never sends it anywhere else.', 'plaintext');
    standin.resetRecord();
    const summary = (await vscode.commands.executeCommand<SummarizeResult>('hearth.summarize'))!;
    assert.strictEqual(summary.status, 'done', JSON.stringify(summary));
    for (const r of assertUserValues('summarize')) assert.doesNotMatch(JSON.stringify(r.body), /French|français/i);
  });

  it('translate selection: into the user\'s language, with the built-in prompt', async () => {
    await openDoc('Hearth drafts text on your own computer.', 'plaintext');
    standin.resetRecord();
    const result = (await vscode.commands.executeCommand<TranslateSelectionResult>('hearth.translate.selection'))!;
    assert.strictEqual(result.status, 'shown', result.message);
    for (const r of assertUserValues('translate')) {
      const text = JSON.stringify(r.body);
      assert.match(text, /Chinese|中文/, 'the user\'s target language');
      assert.doesNotMatch(text, /French|français/i);
    }
    await closeAllEditors();
  });

  it('Draft here: the user\'s prompt and generation options', async () => {
    const editor = await openDoc('# Notes\n\n', 'markdown');
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    standin.resetRecord();
    const draft = await api.inline.draft({ instruction: 'one sentence about the release' });
    assert.strictEqual(draft.status, 'done');
    assertUserValues('draft');
    await closeAllEditors();
  });
});
