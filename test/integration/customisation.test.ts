// Prompt templates and generation options in a real VS Code against the Ollama stand-in: a custom prompt for
// Summarize, Translate Selection, Draft Here and the chat reaches the request with its placeholders filled,
// each feature's options reach `options` (temperature, num_predict, num_ctx), an invalid template is reported
// on save and when the action runs (where "Use Built-in Prompt" runs it with Hearth's prompt), and the reset
// command clears the settings at user and workspace scope after writing their values to the log.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { HearthApi } from '../../src/extension';
import type { SummarizeResult } from '../../src/features/summarize';
import type { TranslateSelectionResult } from '../../src/features/translate/selection';
import type { ResetResult } from '../../src/features/customisation/reset';
import type { Question } from '../../src/platform/customisation';
import { StandinOllama, type RecordedRequest } from '../support/standin';
import { activateExtension, closeAllEditors, resetSettings, setCursor, setSetting, waitFor, writeWorkspaceFile } from './helpers';

const MODEL = 'llama3.2:3b';
const PROMPTS = ['hearth.prompts.draft', 'hearth.prompts.summarize', 'hearth.prompts.translate', 'hearth.prompts.chatSystem', 'hearth.chat.systemPrompt'];
const GENERATION = ['completion', 'draft', 'chat', 'summarize', 'translate'].map((f) => `hearth.generation.${f}`);
const SETTINGS = ['hearth.host', 'hearth.model.chat', 'hearth.model.summarize', 'hearth.model.translate', 'hearth.ollama.autoStart', 'hearth.summarize.language', 'hearth.summarize.style', ...PROMPTS, ...GENERATION];

interface ChatBody {
  messages: { role: string; content: string }[];
  options?: { temperature?: number; num_predict?: number; num_ctx?: number };
}

describe('customisation: prompts and generation options', function () {
  this.timeout(90_000);
  let standin: StandinOllama;
  let api: HearthApi;
  let questions: Question[];
  /** What the test "clicks" for each question; undefined dismisses it. */
  let answer: (q: Question) => string | undefined;
  let chooser: vscode.Disposable;

  const chatBodies = (): ChatBody[] => standin.requests.filter((r: RecordedRequest) => r.path === '/api/chat' && r.body !== undefined).map((r) => r.body as ChatBody);

  before(async () => {
    standin = await StandinOllama.start({ perTokenMs: 0 });
    await setSetting('hearth.host', standin.url);
    await setSetting('hearth.ollama.autoStart', 'never');
    for (const feature of ['chat', 'summarize', 'translate']) await setSetting(`hearth.model.${feature}`, MODEL);
    api = await activateExtension<HearthApi>();
  });

  beforeEach(async () => {
    standin.resetRecord();
    standin.setReply(() => 'Fine.');
    questions = [];
    answer = () => undefined;
    chooser = api.services.custom.useChooser(async (q) => {
      questions.push(q);
      return answer(q);
    });
  });

  afterEach(async () => {
    chooser.dispose();
    await resetSettings([...PROMPTS, ...GENERATION, 'hearth.summarize.language', 'hearth.summarize.style']);
    await closeAllEditors();
  });

  after(async () => {
    await api?.chat.idle();
    await resetSettings(SETTINGS);
    await standin?.close();
  });

  it('Summarize: the template is the system message, its placeholders filled; the options reach the request', async () => {
    await setSetting('hearth.summarize.language', 'de');
    await setSetting('hearth.summarize.style', 'oneLine');
    await setSetting('hearth.prompts.summarize', 'Summarize {fileName} ({languageId}) for a reviewer, in {language}. {style} Braces: {{ok}}.');
    await setSetting('hearth.generation.summarize', { temperature: 0.55, maxOutputTokens: 1000, contextLength: 4096 });
    const uri = await writeWorkspaceFile('custom/notes.md', '# Notes\n\nThe cart keeps items and totals.\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const result = (await vscode.commands.executeCommand<SummarizeResult>('hearth.summarize'))!;
    assert.strictEqual(result.status, 'done');
    const [body] = chatBodies();
    assert.ok(body, 'a chat request');
    assert.strictEqual(
      body.messages[0]?.content,
      'Summarize notes.md (markdown) for a reviewer, in German (Deutsch). Answer with one sentence of at most 30 words. No title and no introduction. Braces: {ok}.',
    );
    assert.match(body.messages[1]?.content ?? '', /^Summarize `notes\.md`.*\n\n```\n# Notes/s, 'Hearth still frames the text');
    // One line gets a fifth of the maximum; the feature's own window is sent and budgeted against.
    assert.deepStrictEqual(body.options, { temperature: 0.55, num_predict: 200, num_ctx: 4096 });
    assert.strictEqual(result.numCtx, 4096);
    assert.deepStrictEqual(questions, [], 'a valid template asks nothing');
  });

  it('Translate Selection: the template with {targetLanguage} filled in, and the options', async () => {
    await setSetting('hearth.prompts.translate', 'Translate {fileName} ({languageId}) into {targetLanguage}, formally.');
    await setSetting('hearth.generation.translate', { temperature: 0.25, contextLength: 3072 });
    const uri = await writeWorkspaceFile('custom/hello.txt', 'Good morning, world.');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const result = (await vscode.commands.executeCommand<TranslateSelectionResult>('hearth.translate.selection', { language: 'fr' }))!;
    assert.strictEqual(result.status, 'shown', result.message);
    const [body] = chatBodies();
    assert.strictEqual(body?.messages[0]?.content, 'Translate hello.txt (plaintext) into French (Français), formally.');
    assert.match(body?.messages[1]?.content ?? '', /Good morning, world\./);
    assert.strictEqual(body?.options?.temperature, 0.25);
    assert.strictEqual(body?.options?.num_ctx, 3072);
  });

  it('Draft Here: the template as the system message; the options, the longest draft included', async () => {
    await setSetting('hearth.prompts.draft', 'Write {languageId} in {fileName} for: {instruction}.');
    await setSetting('hearth.generation.draft', { temperature: 0.9, maxOutputTokens: 77, contextLength: 2048 });
    const uri = await writeWorkspaceFile('custom/greet.py', '\n');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    setCursor(editor, 0, 0);
    const outcome = await api.inline.draft({ instruction: 'a greeting function' });
    assert.strictEqual(outcome.status, 'done');
    const [body] = chatBodies();
    assert.strictEqual(body?.messages[0]?.content, 'Write python in greet.py for: a greeting function.');
    assert.match(body?.messages[1]?.content ?? '', /Instruction: a greeting function$/);
    assert.deepStrictEqual(body?.options, { temperature: 0.9, num_predict: 77, num_ctx: 2048 });
  });

  it('chat: the template is the default system prompt, shown in its editor and sent, with the options', async () => {
    await api.chat.reveal();
    await api.chat.postFromView({ type: 'newChat' });
    const builtin = await waitFor(async () => (await api.chat.viewReport()).systemPrompt, { message: 'the default system prompt in the view' });
    assert.match(builtin, /^You are a helpful assistant in the code editor VS Code\. Reply in the language of the user's message; if that is unclear, reply in English\.$/, 'the built-in prompt, in the display language');

    await setSetting('hearth.prompts.chatSystem', 'Answer in {language}, briefly.');
    await setSetting('hearth.generation.chat', { temperature: 0.2, maxOutputTokens: 123 });
    await waitFor(async () => (await api.chat.viewReport()).systemPrompt === 'Answer in English, briefly.', { message: 'the editor to show the new default' });
    await api.chat.postFromView({ type: 'send', text: 'Hello' });
    await api.chat.idle();
    const [body] = chatBodies();
    assert.deepStrictEqual(body?.messages.map((m) => m.role), ['system', 'user']);
    assert.strictEqual(body?.messages[0]?.content, 'Answer in English, briefly.');
    // The shared window (hearth.contextLength's default) since the chat sets none of its own.
    assert.deepStrictEqual(body?.options, { temperature: 0.2, num_predict: 123, num_ctx: 8192 });

    // Without the new setting, the old one still applies, as written.
    await setSetting('hearth.prompts.chatSystem', undefined);
    await setSetting('hearth.chat.systemPrompt', 'Old prompt {kept as written}.');
    await waitFor(async () => (await api.chat.viewReport()).systemPrompt === 'Old prompt {kept as written}.', { message: 'the old setting as the default' });
    await api.chat.postFromView({ type: 'newChat' });
  });

  it('an invalid template: a warning when saved, and at the action "Use Built-in Prompt" runs it with Hearth\'s prompt', async () => {
    await setSetting('hearth.prompts.summarize', 'Summarize in {langauge}.');
    const warning = await waitFor(() => questions.find((q) => q.severity === 'warning'), { message: 'the warning on save' });
    assert.match(warning.message, /hearth\.prompts\.summarize/);
    assert.match(warning.message, /\{langauge\} is not a placeholder\. Did you mean \{language\}\?/);
    assert.deepStrictEqual(warning.buttons, ['Open Setting']);

    const uri = await writeWorkspaceFile('custom/short.md', 'Short text.\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    answer = (q) => (q.severity === 'error' ? 'Use Built-in Prompt' : undefined);
    const result = (await vscode.commands.executeCommand<SummarizeResult>('hearth.summarize'))!;
    assert.strictEqual(result.status, 'done');
    const error = questions.find((q) => q.severity === 'error');
    assert.ok(error, 'the error at the action');
    assert.match(error.message, /hearth\.prompts\.summarize/);
    assert.match(error.message, /\{language\}, \{style\}, \{fileName\}, \{languageId\}/, 'lists the placeholders it accepts');
    assert.deepStrictEqual(error.buttons, ['Open Setting', 'Use Built-in Prompt']);
    assert.match(chatBodies()[0]?.messages[0]?.content ?? '', /^You summarize documents and source code/, 'the built-in prompt ran');
  });

  it('an invalid template: dismissing the error runs nothing; a missing {targetLanguage} is reported too', async () => {
    await setSetting('hearth.prompts.translate', 'Translate into German.');
    await waitFor(() => questions.find((q) => q.severity === 'warning' && /must contain \{targetLanguage\}/.test(q.message)), { message: 'the warning on save' });
    const uri = await writeWorkspaceFile('custom/hi.txt', 'Hi.');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const result = (await vscode.commands.executeCommand<TranslateSelectionResult>('hearth.translate.selection'))!;
    assert.strictEqual(result.status, 'cancelled');
    assert.strictEqual(chatBodies().length, 0, 'no request');

    // The same value is warned about once; a new bad value again.
    const warnings = (): number => questions.filter((q) => q.severity === 'warning').length;
    const before = warnings();
    await setSetting('hearth.prompts.translate', 'Translate into {targetLanguage');
    await waitFor(() => warnings() === before + 1 && /no closing/.test(questions.at(-1)?.message ?? ''), { message: 'a warning for the unclosed brace' });
  });

  it('Reset Prompts and Generation Options: lists what is set where, logs the old values, resets user and workspace values', async () => {
    await setSetting('hearth.prompts.draft', 'Draft {instruction}.');
    await setSetting('hearth.generation.chat', { temperature: 0.4 });
    // Generation options are machine settings (a workspace cannot set them): a prompt is the workspace's value.
    await setSetting('hearth.prompts.chatSystem', 'Be brief.', vscode.ConfigurationTarget.Workspace);
    const logged: string[] = [];
    const log = api.services.log;
    const info = log.info.bind(log);
    log.info = (message: string, ...args: unknown[]) => {
      logged.push(message);
      info(message, ...args);
    };
    try {
      answer = (q) => (q.modal ? 'Reset' : undefined);
      const result = (await vscode.commands.executeCommand<ResetResult>('hearth.resetCustomisation'))!;
      assert.strictEqual(result.status, 'reset');
      const confirm = questions.find((q) => q.modal);
      assert.ok(confirm, 'a modal confirmation');
      assert.match(confirm.message, /Reset 3 prompt and generation settings/);
      assert.match(confirm.detail ?? '', /hearth\.prompts\.draft: User/);
      assert.match(confirm.detail ?? '', /hearth\.generation\.chat: User/);
      assert.match(confirm.detail ?? '', /hearth\.prompts\.chatSystem: Workspace/);
      assert.ok(logged.some((l) => l.includes('hearth.prompts.draft (user) = "Draft {instruction}."')), logged.join('\n'));
      assert.ok(logged.some((l) => l.includes('hearth.generation.chat (user) = {"temperature":0.4}')), logged.join('\n'));
      assert.ok(logged.some((l) => l.includes('hearth.prompts.chatSystem (workspace) = "Be brief."')), logged.join('\n'));
      const config = vscode.workspace.getConfiguration();
      await waitFor(() => config.inspect('hearth.prompts.chatSystem')?.workspaceValue === undefined && vscode.workspace.getConfiguration().inspect('hearth.prompts.draft')?.globalValue === undefined, { message: 'the values to be gone' });
      assert.strictEqual(vscode.workspace.getConfiguration().inspect('hearth.generation.chat')?.globalValue, undefined);
      await waitFor(() => questions.find((q) => !q.modal && /Reset 3 settings to Hearth's defaults/.test(q.message)), { message: 'what it did' });

      questions.length = 0;
      const again = (await vscode.commands.executeCommand<ResetResult>('hearth.resetCustomisation'))!;
      assert.strictEqual(again.status, 'nothingSet');
      assert.match(questions[0]?.message ?? '', /No prompt or generation option is set/);
    } finally {
      log.info = info;
    }
  });

  it('Reset: nothing changes when the confirmation is dismissed', async () => {
    await setSetting('hearth.prompts.chatSystem', 'Be brief.');
    const result = (await vscode.commands.executeCommand<ResetResult>('hearth.resetCustomisation'))!;
    assert.strictEqual(result.status, 'declined');
    assert.strictEqual(vscode.workspace.getConfiguration().inspect('hearth.prompts.chatSystem')?.globalValue, 'Be brief.');
  });
});
