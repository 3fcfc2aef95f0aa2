// Real key presses in the real workbench (the runner presses them in Chromium), so the keybindings in
// package.json, their `when` clauses and the chat's own keys are tested the way a user meets them, not by
// running the commands behind them.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { HearthApi } from '../../src/extension';
import { StandinOllama } from '../support/standin';
import { activateExtension, canScreenshot, closeAllEditors, openAt, pressKeys, queryDom, resetSettings, setSetting, sleep, waitFor } from './helpers';

const SETTINGS = ['hearth.host', 'hearth.model.chat', 'hearth.model.completion', 'hearth.completion.enable', 'hearth.ollama.autoStart'];
const DRAFT_KEY = process.platform === 'darwin' ? 'Meta+Shift+Alt+Enter' : 'Control+Shift+Alt+Enter';
const ASK_KEY = process.platform === 'darwin' ? 'Meta+Shift+Alt+KeyA' : 'Control+Shift+Alt+KeyA';

describe('keyboard: the keys a user presses', function () {
  this.timeout(60_000);
  let standin: StandinOllama;
  let api: HearthApi;

  before(async function () {
    // Desktop runs have no way to press keys in the workbench.
    if (!canScreenshot()) this.skip();
    api = await activateExtension<HearthApi>();
    standin = await StandinOllama.start({ perTokenMs: 5 });
    await setSetting('hearth.host', standin.url);
    await setSetting('hearth.model.chat', 'llama3.2:3b');
    await setSetting('hearth.model.completion', 'qwen2.5-coder:1.5b');
    await setSetting('hearth.ollama.autoStart', 'never');
  });

  after(async () => {
    await api?.chat.idle();
    await closeAllEditors();
    await resetSettings(SETTINGS);
    await standin?.close();
  });

  beforeEach(async () => {
    await closeAllEditors();
    standin.resetRecord();
  });

  it('Draft Here\'s key asks for an instruction and drafts; the same key stops the draft, keeping what was written', async () => {
    standin.setDelays({ perTokenMs: 150 });
    standin.setReply(() => 'one two three four five six seven eight nine ten eleven twelve');
    const original = 'Notes:\n';
    const editor = await openAt(original, 'plaintext', 1, 0);
    await pressKeys([{ press: DRAFT_KEY }]);
    await waitFor(async () => (await queryDom('.quick-input-widget input'))?.some((e) => e.visible), { message: 'the Draft Here input box' });
    await pressKeys([{ type: 'count to twelve' }, { press: 'Enter' }]);
    const request = await standin.waitForRequest((r) => r.path === '/api/chat' && r.tokensSent >= 2, 15_000);
    await waitFor(() => editor.document.getText().length > original.length, { message: 'some of the draft to arrive' });
    await pressKeys([{ press: DRAFT_KEY }]);
    await standin.waitForClose(request, 5_000);
    assert.strictEqual(request.closedEarly, true, 'the same key stopped the request');
    const kept = editor.document.getText();
    assert.ok(kept.startsWith(`${original}one`), kept);
    const messages = (request.body as { messages: { content: string }[] }).messages;
    assert.match(messages[messages.length - 1].content, /count to twelve/, 'the typed instruction reached the model');
  });

  it('Alt+\\ asks for a suggestion even where automatic suggestions are off', async () => {
    await setSetting('hearth.completion.enable', { '*': false });
    standin.setDelays({ perTokenMs: 2 });
    standin.setReply((ctx) => (ctx.path === '/api/generate' ? 'return a + b' : ''));
    await openAt('def add(a, b):\n    \n', 'python', 1, 4);
    await pressKeys([{ press: 'Alt+Backslash' }]);
    const request = await standin.waitForRequest((r) => r.path === '/api/generate', 10_000);
    await waitFor(() => request.body !== undefined, { message: 'the request body' });
    assert.strictEqual((request.body as { model: string }).model, 'qwen2.5-coder:1.5b');
    await resetSettings(['hearth.completion.enable']);
  });

  it('Ask about Selection\'s key sends the selection to the chat, and does nothing without a selection', async () => {
    await vscode.commands.executeCommand('hearth.chat.newChat');
    const editor = await openAt('def add(a, b):\n    return a + b\n', 'python', 0, 0);
    await pressKeys([{ press: ASK_KEY }]);
    await sleep(500);
    assert.deepStrictEqual((await api.chat.viewReport()).chips, [], 'no selection, nothing attached');
    await vscode.window.showTextDocument(editor.document);
    editor.selection = new vscode.Selection(0, 0, 1, 16);
    await pressKeys([{ press: ASK_KEY }]);
    const chips = await waitFor(async () => {
      const r = await api.chat.viewReport();
      return r.chips.length > 0 ? r.chips : undefined;
    }, { message: 'the selection attached to the chat' });
    assert.strictEqual(chips.length, 1, chips.join());
    assert.match(chips[0], /:1-2\b/, `the chip names the selected lines: ${chips[0]}`);
  });

  it('in the chat, Enter sends what was typed and Escape stops the answer', async () => {
    standin.setDelays({ perTokenMs: 150 });
    standin.setReply(() => 'A closure is a function together with the variables it captured from where it was defined.');
    // New Chat shows the view and puts the keyboard focus in its message box.
    await vscode.commands.executeCommand('hearth.chat.newChat');
    await api.chat.reveal();
    // The focus reaches the message box inside the view's frame a moment after the view shows, and the new
    // conversation's state may still arrive and reset the box: type until the box holds the whole question.
    const question = 'What is a closure?';
    let draft = '';
    await waitFor(async () => {
      await pressKeys([{ press: 'ControlOrMeta+A' }, { type: question }]);
      await waitFor(async () => (draft = (await api.chat.viewReport()).draft) === question, { timeoutMs: 1_000 }).catch(() => undefined);
      return draft === question;
    }, { timeoutMs: 15_000, intervalMs: 250, message: 'the question typed into the chat\'s message box' }).catch((err: Error) => {
      throw new Error(`${err.message}; the box holds ${JSON.stringify(draft)}`);
    });
    await pressKeys([{ press: 'Enter' }]);
    const request = await standin.waitForRequest((r) => r.path === '/api/chat' && r.tokensSent >= 2, 15_000);
    const messages = (request.body as { messages: { role: string; content: string }[] }).messages;
    assert.match(messages[messages.length - 1].content, /What is a closure\?/, 'Enter sent the typed question');
    await pressKeys([{ press: 'Escape' }]);
    await standin.waitForClose(request, 5_000);
    assert.strictEqual(request.closedEarly, true, 'Escape closed the request');
    await api.chat.idle();
    const last = api.chat.conversation().messages.at(-1);
    assert.ok(last && last.role === 'assistant' && last.status !== 'done', `the answer was stopped (${last?.status})`);
  });
});
