// The chat view in a real VS Code against the Ollama stand-in. The webview runs in Chromium; the test
// drives it through the extension's typed test hook (a protocol message posted as if from the webview,
// validated like one) and reads back what the webview reports it shows.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { HearthApi } from '../../src/extension';
import type { ViewReport } from '../../src/shared/protocol';
import { StandinOllama, type RecordedRequest } from '../support/standin';
import { activateExtension, closeAllEditors, openDoc, queryDom, resetSettings, screenshot, setCursor, setSetting, waitFor } from './helpers';

const CODE_ANSWER = [
  'Here is a function that adds two numbers:',
  '',
  '```python',
  'def add(a: int, b: int) -> int:',
  '    """Return the sum of a and b."""',
  '    return a + b',
  '```',
  '',
  'Call it as `add(2, 3)`; see [the docs](https://docs.python.org/3/).',
].join('\n');

const SETTINGS = ['hearth.host', 'hearth.model.chat', 'hearth.ollama.autoStart', 'workbench.colorTheme'];

describe('chat view', function () {
  this.timeout(90_000);
  let standin: StandinOllama;
  let api: HearthApi;

  const report = (): Promise<ViewReport> => api.chat.viewReport();
  const reportWhere = (pred: (r: ViewReport) => boolean, message: string, timeoutMs = 15_000): Promise<ViewReport> =>
    waitFor(async () => {
      const r = await report();
      return pred(r) ? r : undefined;
    }, { timeoutMs, intervalMs: 100, message });
  const lastAssistant = (r: ViewReport): ViewReport['messages'][number] | undefined => r.messages.filter((m) => m.role === 'assistant').at(-1);
  const post = (message: unknown): Promise<void> => api.chat.postFromView(message);
  /** The first /api/chat request recorded after `from` requests (of any path). */
  const chatRequestAfter = async (from: number): Promise<RecordedRequest> => {
    const request = await standin.waitForRequest((r) => r.path === '/api/chat' && standin.requests.indexOf(r) >= from, 5_000);
    await waitFor(() => request.body !== undefined, { message: 'the request body' });
    return request;
  };

  before(async () => {
    standin = await StandinOllama.start({ perTokenMs: 2 });
    await setSetting('hearth.host', standin.url);
    await setSetting('hearth.model.chat', 'llama3.2:3b');
    // Nobody answers the "Start Ollama?" question in a test: the daemon-down path must fail at once.
    await setSetting('hearth.ollama.autoStart', 'never');
    api = await activateExtension<HearthApi>();
    await api.chat.reveal();
    await post({ type: 'newChat' });
  });

  after(async () => {
    await api?.chat.idle();
    await resetSettings(SETTINGS);
    await closeAllEditors();
    await standin?.close();
  });

  it('opens in its own container, apart from Models, and lists only the models that can chat', async () => {
    const r = await reportWhere((x) => x.modelOptions.length > 0, 'the model list');
    assert.ok(r.modelOptions.includes('llama3.2:3b'), r.modelOptions.join());
    assert.ok(!r.modelOptions.includes('nomic-embed-text:latest') && !r.modelOptions.some((m) => m.startsWith('nomic-embed')), 'embedding models cannot chat');
    assert.ok(!r.modelOptions.includes('codellama:7b-code'), `a base code model ({{ .Prompt }} template) cannot chat: ${r.modelOptions.join()}`);
    // The side bar shows the chat container alone (full height), titled by it; Models has its own entry.
    const title = await queryDom('.part.sidebar .composite.title h2');
    if (title) {
      assert.deepStrictEqual(title.filter((e) => e.visible).map((e) => e.text.toLowerCase()), ['hearth chat']);
      const entries = (await queryDom('.part.activitybar .action-item .action-label', ['aria-label'])) ?? [];
      const labels = entries.map((e) => e.attributes['aria-label'] ?? '');
      for (const name of ['Hearth Chat', 'Hearth Models']) assert.ok(labels.some((l) => l.startsWith(name)), `${name} in the activity bar: ${labels.join(' | ')}`);
    }
    assert.strictEqual(r.model, 'llama3.2:3b');
    assert.strictEqual(r.view, 'chat');
  });

  it('sends a message and streams the answer in, rendered as Markdown with a highlighted code block', async () => {
    standin.setDelays({ perTokenMs: 15 });
    standin.scriptReplies([CODE_ANSWER]);
    const before = standin.requests.length;
    const sending = post({ type: 'send', text: 'Write an add function in Python' }); // resolves when the answer is complete
    const request = await chatRequestAfter(before);
    const body = request.body as { model: string; messages: { role: string; content: string }[] };
    assert.strictEqual(body.model, 'llama3.2:3b');
    assert.strictEqual(body.messages.at(-1)?.content, 'Write an add function in Python');
    const streaming = await reportWhere((r) => r.streaming && (lastAssistant(r)?.text.length ?? 0) > 0, 'part of the answer while it streams');
    assert.ok(!lastAssistant(streaming)?.text.includes('docs.python.org'), 'seen before the end');
    await sending;
    const done = await reportWhere((r) => !r.streaming && (lastAssistant(r)?.text.includes('Call it as') ?? false), 'the whole answer');
    assert.strictEqual(done.codeBlocks.length, 1);
    assert.strictEqual(done.codeBlocks[0].language, 'python');
    assert.match(done.codeBlocks[0].code, /def add\(a: int, b: int\) -> int:\n {4}"""Return the sum/);
    assert.deepStrictEqual(done.links, ['https://docs.python.org/3/']);
    assert.deepStrictEqual(done.unsafeMarkup, []);
    assert.ok(done.renders > 1, `streamed renders: ${done.renders}`);
    assert.strictEqual(done.title, 'Write an add function in Python');
    const saved = api.chat.conversation();
    const answer = saved.messages.at(-1);
    assert.strictEqual(answer?.status, 'done');
    assert.ok((answer?.stats?.evalTokens ?? 0) > 10, 'the final chunk counts are kept');
    assert.ok(fs.existsSync(path.join(api.chat.historyDir, `c-${saved.id}.json`)), 'saved to the history folder');
  });

  it('keeps the conversation when the view is closed and opened again', async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor(async () => api.chat.viewReport().then(() => false, () => true), { message: 'the chat webview to be disposed' });
    await api.chat.reveal();
    const r = await reportWhere((x) => x.messages.length === 2, 'the restored conversation');
    assert.strictEqual(r.messages[0].text, 'Write an add function in Python');
    assert.match(lastAssistant(r)?.text ?? '', /Call it as/);
    assert.strictEqual(r.codeBlocks.length, 1);
  });

  it('takes screenshots of the chat with a code block in dark and light themes', async () => {
    await closeAllEditors();
    await post({ type: 'newChat' });
    await post({ type: 'selectModel', model: 'llama3.2:3b' });
    standin.scriptReplies([CODE_ANSWER]);
    await post({ type: 'send', text: 'Write an add function in Python with type hints' });
    await api.chat.idle();
    for (const [theme, name] of [['Default Dark Modern', 'chat-dark'], ['Default Light Modern', 'chat-light']] as const) {
      await setSetting('workbench.colorTheme', theme);
      await api.chat.reveal();
      if (theme === 'Default Dark Modern') {
        // A sidebar wide enough for the code to show without scrolling: widen the focused part (the chat).
        await vscode.commands.executeCommand(`${api.chat.viewId}.focus`);
        for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
      }
      await reportWhere((x) => x.codeBlocks.length === 1 && !x.streaming, 'the code block');
      await new Promise((resolve) => setTimeout(resolve, 800)); // the theme's colours reach the webview
      await screenshot(name, { selector: '.part.sidebar' });
    }
  });

  it("Insert at Cursor puts a code block's code into the active editor, as one undoable edit", async () => {
    const editor = await openDoc('# tools\n\n', 'python', { viewColumn: vscode.ViewColumn.One });
    setCursor(editor, 2, 0);
    const { codeBlocks } = await report();
    await post({ type: 'codeAction', action: 'insert', code: codeBlocks[0].code, language: codeBlocks[0].language });
    await waitFor(() => editor.document.getText().includes('return a + b'), { message: 'the inserted code' });
    assert.strictEqual(editor.document.getText(), `# tools\n\n${CODE_ANSWER.split('```python\n')[1].split('```')[0].replace(/\n$/, '')}`);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => editor.document.getText() === '# tools\n\n', { message: 'one undo removes the whole insertion' });
  });

  it('Replace Selection replaces only the selection', async () => {
    const editor = await openDoc('x = OLD\n', 'python', { viewColumn: vscode.ViewColumn.One });
    editor.selection = new vscode.Selection(0, 4, 0, 7);
    await post({ type: 'codeAction', action: 'replace', code: 'add(1, 2)\n', language: 'python' });
    await waitFor(() => editor.document.getText() === 'x = add(1, 2)\n', { message: 'the replaced selection' });
  });

  it('Stop closes the request to Ollama and keeps the partial answer, marked', async () => {
    standin.setDelays({ perTokenMs: 40 });
    standin.scriptReplies([Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ')]);
    const before = standin.requests.length;
    const sending = post({ type: 'send', text: 'Say many words' });
    const request = await chatRequestAfter(before);
    await waitFor(() => request.tokensSent >= 5, { message: 'some tokens' });
    await reportWhere((r) => r.streaming, 'the answer streaming');
    await post({ type: 'stop' });
    await standin.waitForClose(request, 5_000);
    assert.strictEqual(request.closedEarly, true, 'the stand-in saw the request closed early');
    await sending;
    assert.ok(request.tokensSent < 300);
    const answer = api.chat.conversation().messages.at(-1);
    assert.strictEqual(answer?.status, 'stopped');
    assert.match(answer?.content ?? '', /^word0 word1/);
    const r = await reportWhere((x) => !x.streaming && (lastAssistant(x)?.status ?? '').length > 0, 'the stopped mark');
    assert.match(lastAssistant(r)?.status ?? '', /Stopped/);
    standin.setDelays({ perTokenMs: 2 });
  });

  it('goes on streaming while the view is hidden and shows the whole answer, once, when it is back', async () => {
    standin.setDelays({ perTokenMs: 20 });
    const reply = Array.from({ length: 120 }, (_, i) => `w${i}`).join(' ');
    standin.scriptReplies([reply]);
    const before = standin.requests.length;
    const sending = post({ type: 'send', text: 'Keep going' });
    const request = await chatRequestAfter(before);
    await waitFor(() => request.tokensSent >= 10, { message: 'some tokens' });
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor(() => request.tokensSent >= 40, { message: 'more tokens while hidden' });
    await api.chat.reveal();
    await sending;
    const r = await reportWhere((x) => !x.streaming && lastAssistant(x)?.text === reply, 'the whole answer without repeats');
    assert.strictEqual(request.closedEarly, false, 'hiding the view does not stop the answer');
    assert.strictEqual(lastAssistant(r)?.text, reply);
    standin.setDelays({ perTokenMs: 2 });
  });

  it('Retry replaces the last answer; Edit and Resend replaces the message and what follows', async () => {
    standin.scriptReplies(['A fresh answer.']);
    await post({ type: 'retry' });
    await api.chat.idle();
    let messages = api.chat.conversation().messages;
    assert.strictEqual(messages.at(-1)?.content, 'A fresh answer.');
    assert.strictEqual(messages.at(-2)?.content, 'Keep going');
    const count = messages.length;
    standin.scriptReplies(['Edited answer.']);
    await post({ type: 'editResend', messageId: messages[count - 2].id, text: 'Say one word' });
    await api.chat.idle();
    messages = api.chat.conversation().messages;
    assert.strictEqual(messages.length, count);
    assert.deepStrictEqual(messages.slice(-2).map((m) => m.content), ['Say one word', 'Edited answer.']);
  });

  it('keeps the partial answer, marked, when the stream breaks half way', async () => {
    standin.scriptReplies(['one two three four five six seven eight nine ten eleven twelve']);
    await standin.addFault({ fault: { kind: 'drop', afterTokens: 6 }, path: '/api/chat', times: 1 });
    await post({ type: 'send', text: 'Count' });
    await api.chat.idle();
    const answer = api.chat.conversation().messages.at(-1);
    assert.strictEqual(answer?.status, 'error');
    assert.match(answer?.content ?? '', /^one two three/);
    const r = await reportWhere((x) => !!x.banner && !x.streaming, 'the error in the view');
    assert.match(r.banner ?? '', /lost|connection/i);
    assert.match(lastAssistant(r)?.status ?? '', /Incomplete/);
    await standin.clearFaults();
  });

  it('shows a clear message when Ollama is down, and the typed text stays in the input', async () => {
    await standin.addFault({ fault: { kind: 'refuse' } });
    try {
      const before = api.chat.conversation().messages.length;
      await post({ type: 'send', text: 'Is anyone there?' });
      const r = await reportWhere((x) => /not running/i.test(x.banner ?? '') && x.draft !== '', 'the daemon-down message and the restored draft');
      assert.strictEqual(r.draft, 'Is anyone there?');
      assert.strictEqual(api.chat.conversation().messages.length, before, 'nothing was added');
    } finally {
      await standin.clearFaults();
    }
    await post({ type: 'dismissBanner' });
  });

  it('never renders model output as HTML (script, event handlers, javascript: and data: links)', async () => {
    standin.scriptReplies([
      '<script>window.pwned = 1</script>\n\n<img src=x onerror="window.pwned=2">\n\n[a](javascript:alert(1)) [b](data:text/html,<b>x</b>) [c](https://example.com)\n\n![i](data:image/png;base64,AAAA)',
    ]);
    await post({ type: 'send', text: 'Be evil' });
    await api.chat.idle();
    const r = await reportWhere((x) => !x.streaming && (lastAssistant(x)?.text.includes('<script>') ?? false), 'the payload shown as text');
    assert.deepStrictEqual(r.unsafeMarkup, []);
    assert.ok(r.links.includes('https://example.com'));
    assert.ok(r.links.every((href) => href.startsWith('https://')), r.links.join());
  });

  it('aligns table columns with classes, not with inline styles the CSP would block', async () => {
    standin.scriptReplies(['| left | right |\n|:--|--:|\n| 1 | 2 |\n\nAligned.']);
    await post({ type: 'send', text: 'An aligned table' });
    await api.chat.idle();
    const r = await reportWhere((x) => !x.streaming && (lastAssistant(x)?.text.includes('Aligned.') ?? false), 'the table');
    assert.deepStrictEqual(r.unsafeMarkup, []);
  });

  it('shows a 100 000-character answer with a huge code block', async () => {
    standin.setDelays({ perTokenMs: 0 });
    const code = 'print("a line of code")\n'.repeat(3000);
    const prose = Array.from({ length: 1200 }, (_, i) => `Paragraph ${i} says something **useful** about \`item_${i}\`.`).join('\n\n');
    const reply = `${prose}\n\n\`\`\`python\n${code}\`\`\`\n`;
    assert.ok(reply.length > 100_000);
    standin.scriptReplies([reply]);
    await post({ type: 'send', text: 'Write a lot' });
    const r = await reportWhere((x) => !x.streaming && (lastAssistant(x)?.text.length ?? 0) > 90_000, 'the long answer', 30_000);
    assert.strictEqual(r.codeBlocks.at(-1)?.code, code);
    assert.deepStrictEqual(r.unsafeMarkup, []);
    assert.strictEqual(api.chat.conversation().messages.at(-1)?.content, reply);
    standin.setDelays({ perTokenMs: 2 });
  });

  it('ignores a malformed message from the webview and keeps working', async () => {
    const rejected = api.chat.rejectedMessages;
    await post({ type: 'send', text: 42 });
    await post({ type: 'codeAction', action: 'exec', code: 'rm -rf /' });
    await post('not even an object');
    assert.strictEqual(api.chat.rejectedMessages, rejected + 3);
    assert.ok((await report()).messages.length > 0);
  });

  it('moves a corrupted history file aside with a message, without taking the view down', async () => {
    // A conversation's file name carries an id of the shape Hearth makes ('c' and 17 base-36 digits).
    const bad = path.join(api.chat.historyDir, 'c-ccorrupt0000000001.json');
    fs.writeFileSync(bad, '{"format":1,"id":"ccorrupt0000000001","title":"bro');
    await post({ type: 'listHistory' });
    const r = await reportWhere((x) => /moved aside/.test(x.banner ?? ''), 'the corruption notice');
    assert.ok(!fs.existsSync(bad));
    assert.ok(fs.readdirSync(api.chat.historyDir).some((f) => f.startsWith('c-ccorrupt0000000001.json.corrupt-')));
    assert.ok(r.messages.length > 0, 'the open conversation is still shown');
    await post({ type: 'dismissBanner' });
  });

  it('attaches the selection with Ask Hearth about Selection and sends it as context', async () => {
    await post({ type: 'newChat' });
    const editor = await openDoc('const answer = 42;\nconsole.log(answer);\n', 'typescript', { viewColumn: vscode.ViewColumn.One });
    editor.selection = new vscode.Selection(0, 0, 1, 0);
    await vscode.commands.executeCommand('hearth.chat.askAboutSelection');
    const r = await reportWhere((x) => x.chips.length === 1, 'the selection chip');
    assert.match(r.chips[0], /:1$/);
    const before = standin.requests.length;
    await post({ type: 'send', text: 'What does this print?' });
    const request = await chatRequestAfter(before);
    const sent = (request.body as { messages: { content: string }[] }).messages.at(-1)?.content ?? '';
    assert.match(sent, /```typescript\nconst answer = 42;\n\n```\n\nWhat does this print\?$/);
    assert.deepStrictEqual((await report()).chips, [], 'chips are cleared once sent');
  });

  it('shows a thinking model’s thoughts and the answer', async () => {
    await post({ type: 'newChat' });
    await post({ type: 'selectModel', model: 'qwen3:4b' });
    await post({ type: 'send', text: 'Think first' });
    await api.chat.idle();
    const answer = api.chat.conversation().messages.at(-1);
    assert.ok(answer?.thinking && answer.thinking.length > 10, 'thinking kept');
    assert.ok((answer?.thinkingMs ?? -1) >= 0);
    assert.strictEqual(answer?.content, 'You said: Think first');
  });

  it('opens a conversation from another feature with hearth.chat.openWith', async () => {
    await vscode.commands.executeCommand('hearth.chat.openWith', { title: 'Summary of notes.md', text: 'The notes say three things.', attachment: 'long notes' });
    const r = await reportWhere((x) => x.title === 'Summary of notes.md', 'the opened conversation');
    assert.strictEqual(lastAssistant(r)?.text, 'The notes say three things.');
    const c = api.chat.conversation();
    assert.strictEqual(c.messages[0].attachments?.[0].content, 'long notes');
  });

  it('exports the conversation as Markdown', async () => {
    const target = vscode.Uri.file(path.join(api.chat.historyDir, '..', 'export-test.md'));
    await vscode.commands.executeCommand('hearth.chat.export', target);
    const text = fs.readFileSync(target.fsPath, 'utf8');
    assert.match(text, /^# Summary of notes\.md/);
    assert.match(text, /The notes say three things\./);
  });

  it('lists, renames and reopens conversations from the history', async () => {
    await post({ type: 'listHistory' });
    const r = await reportWhere((x) => x.historyTitles.includes('Write an add function in Python'), 'the history list');
    assert.ok(r.historyTitles.length >= 3);
    const first = (await fs.promises.readdir(api.chat.historyDir)).filter((f) => /^c-.*\.json$/.test(f));
    assert.ok(first.length >= 3);
    const id = api.chat.conversation().id;
    await post({ type: 'renameConversation', id, title: 'Notes summary' });
    await reportWhere((x) => x.title === 'Notes summary' && x.historyTitles.includes('Notes summary'), 'the new title');
  });

});
