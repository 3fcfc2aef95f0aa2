// Translate Comments and Translate Selection in a real VS Code, against the Ollama stand-in with scripted
// replies: the exact expected file, every byte outside the comments identical, one undo, the refactor
// preview, and each bad input and fault from the issue.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { HearthApi } from '../../src/extension';
import type { TranslateCommentsResult, TranslateSelectionResult } from '../../src/features/translate';
import { StandinOllama } from '../support/standin';
import { assertWithinBudget, chatRequests as chats, userPrompt, type ChatBody } from '../unit/translate/budgetCheck';
import { commentReplies, dictionaryTranslator } from '../unit/translate/replies';
import { activateExtension, closeAllEditors, openDoc, openWorkspaceFile, resetSettings, screenshot, setSetting, waitFor, writeWorkspaceFile } from './helpers';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'comments');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const dictionary = JSON.parse(fixture('translations.zh-cn.json')) as Record<string, string>;
const translate = dictionaryTranslator(dictionary);
const SETTINGS = ['hearth.host', 'hearth.model.translate', 'hearth.translate.targetLanguage', 'hearth.translate.preview', 'hearth.translate.rewrap', 'hearth.contextLength'];


/** The extension active, a stand-in as its Ollama, and translation into Simplified Chinese with a known model. */
async function startStandin(): Promise<StandinOllama> {
  await activateExtension();
  const standin = await StandinOllama.start();
  await setSetting('hearth.host', standin.url);
  await setSetting('hearth.model.translate', 'llama3.2:3b');
  await setSetting('hearth.translate.targetLanguage', 'zh-cn');
  return standin;
}

async function run(args?: unknown): Promise<TranslateCommentsResult> {
  return (await vscode.commands.executeCommand<TranslateCommentsResult>('hearth.translate.comments', args))!;
}

describe('translate comments', function () {
  this.timeout(60_000);
  let standin: StandinOllama;

  before(async () => {
    standin = await startStandin();
    await setSetting('hearth.translate.preview', false);
  });

  beforeEach(async () => {
    standin.resetRecord();
    standin.setReply(commentReplies(translate));
    standin.setDelays({ perTokenMs: 0, firstTokenMs: 0 });
    await standin.clearFaults();
  });

  afterEach(async () => {
    await closeAllEditors();
  });

  after(async () => {
    await resetSettings(SETTINGS);
    await standin.close();
  });

  it('translates a TypeScript file into exactly the expected file, and one undo restores it', async () => {
    const source = fixture('cart.ts.fixture');
    await writeWorkspaceFile('translate/cart.ts', source);
    const editor = await openWorkspaceFile('translate/cart.ts');
    const result = await run();
    assert.strictEqual(result.status, 'applied', result.message);
    assert.strictEqual(editor.document.getText(), fixture('cart.zh-cn.ts.fixture'));
    assert.strictEqual(result.translated, 11);
    assert.deepStrictEqual(result.stats, { comments: 14, toTranslate: 11, alreadyInTarget: 1, leftAsIs: 2, unterminated: 0 });
    assertWithinBudget(chats(standin), 8192);
    const format = (chats(standin)[0]?.body as ChatBody).format as { required: string[] };
    assert.ok(format.required.length > 0, 'a JSON schema with the ids is sent as format');
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), source, 'one undo restores the original');
  });

  it('translates Python comments and docstrings, keeping the shebang and strings with #', async () => {
    await writeWorkspaceFile('translate/sample.py', fixture('sample.py.fixture'));
    const editor = await openWorkspaceFile('translate/sample.py');
    const result = await run();
    assert.strictEqual(result.status, 'applied', result.message);
    assert.strictEqual(editor.document.getText(), fixture('sample.zh-cn.py.fixture'));
  });

  it('keeps every comment on as many lines as before, so the code keeps its line numbers', async () => {
    const source = fixture('cart.ts.fixture');
    await writeWorkspaceFile('translate/lines.ts', source);
    const editor = await openWorkspaceFile('translate/lines.ts');
    const result = await run();
    assert.strictEqual(result.status, 'applied', result.message);
    assert.strictEqual(editor.document.lineCount, source.split('\n').length);
    const codeLine = source.split('\n').findIndex((l) => l.startsWith('export function total('));
    assert.strictEqual(editor.document.lineAt(codeLine).text, source.split('\n')[codeLine]);
  });

  it('re-wraps translated paragraphs to the comment\'s width with hearth.translate.rewrap', async () => {
    await setSetting('hearth.translate.rewrap', true);
    try {
      await writeWorkspaceFile('translate/rewrap.ts', fixture('cart.ts.fixture'));
      const editor = await openWorkspaceFile('translate/rewrap.ts');
      const result = await run();
      assert.strictEqual(result.status, 'applied', result.message);
      assert.strictEqual(editor.document.getText(), fixture('cart.zh-cn.rewrap.ts.fixture'));
    } finally {
      await setSetting('hearth.translate.rewrap', false);
    }
  });

  it('translates the English line of a comment that mixes it with Chinese, and leaves the Chinese line as written', async () => {
    const source = '# Inventory loader\n# 从磁盘读取库存文件，并把每一行转换成商品记录。\nimport csv\n';
    standin.setReply(commentReplies(dictionaryTranslator({ 'Inventory loader': '库存加载器' })));
    await writeWorkspaceFile('translate/mixed.py', source);
    const editor = await openWorkspaceFile('translate/mixed.py');
    const result = await run();
    assert.strictEqual(result.status, 'applied', result.message);
    assert.strictEqual(editor.document.getText(), '# 库存加载器\n# 从磁盘读取库存文件，并把每一行转换成商品记录。\nimport csv\n');
    const sent = JSON.stringify(chats(standin).map((r) => userPrompt(r)));
    assert.ok(!sent.includes('从磁盘读取'), 'the Chinese line is not sent to be translated');
  });

  it('keeps CRLF line endings', async () => {
    const source = fixture('cart.ts.fixture').replace(/\n/g, '\r\n');
    await writeWorkspaceFile('translate/crlf.ts', source);
    const editor = await openWorkspaceFile('translate/crlf.ts');
    assert.strictEqual(editor.document.eol, vscode.EndOfLine.CRLF);
    const result = await run();
    assert.strictEqual(result.status, 'applied', result.message);
    assert.strictEqual(editor.document.getText(), fixture('cart.zh-cn.ts.fixture').replace(/\n/g, '\r\n'));
  });

  it('translates only the comments in the selection', async () => {
    const source = fixture('cart.ts.fixture');
    await writeWorkspaceFile('translate/part.ts', source);
    const editor = await openWorkspaceFile('translate/part.ts');
    const start = source.indexOf('export interface Item');
    const end = source.indexOf('}', start) + 1;
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
    const result = await run();
    assert.strictEqual(result.status, 'applied', result.message);
    assert.strictEqual(result.translated, 3);
    const expected = source
      .replace('/** Name shown to the customer. */', '/** 向顾客显示的名称。 */')
      .replace('/** Price of one unit, in cents. */', '/** 单件价格，以美分计。 */')
      .replace('// how many units; never negative', '// 件数；从不为负');
    assert.strictEqual(editor.document.getText(), expected);
  });

  it('shows the changes in the refactor preview, ticked, and applies them on Apply', async () => {
    await setSetting('hearth.translate.preview', true);
    try {
      const api = await activateExtension<HearthApi>();
      await api.walkthrough.reset();
      const source = fixture('cart.ts.fixture');
      await writeWorkspaceFile('translate/preview.ts', source);
      const editor = await openWorkspaceFile('translate/preview.ts');
      const pending = run();
      await waitFor(() => chats(standin).length > 0 && chats(standin).every((r) => r.closedAt !== undefined), { message: 'the translation requests to finish', timeoutMs: 30_000 });
      // The edit waits for confirmation: nothing has changed yet.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.strictEqual(editor.document.getText(), source);
      assert.ok(!api.walkthrough.reached().includes('translated'), 'shown in the preview is not yet translated');
      await screenshot('translate-preview', { selector: '.part.panel' });
      // The changes start ticked: Apply alone applies them all.
      await waitFor(async () => {
        await vscode.commands.executeCommand('refactorPreview.focus');
        await vscode.commands.executeCommand('refactorPreview.apply');
        return editor.document.getText() !== source;
      }, { message: 'the refactor preview to apply the edit', timeoutMs: 15_000, intervalMs: 500 });
      const result = await pending;
      assert.strictEqual(result.status, 'applied');
      assert.strictEqual(editor.document.getText(), fixture('cart.zh-cn.ts.fixture'));
      await waitFor(() => api.walkthrough.reached().includes('translated'), { message: 'the walkthrough step to complete' });
    } finally {
      await setSetting('hearth.translate.preview', false);
    }
  });

  it('Apply with nothing ticked in the preview: says nothing was changed, and the walkthrough step stays open', async () => {
    await setSetting('hearth.translate.preview', true);
    try {
      const api = await activateExtension<HearthApi>();
      await api.walkthrough.reset();
      const source = fixture('cart.ts.fixture');
      await writeWorkspaceFile('translate/untick.ts', source);
      const editor = await openWorkspaceFile('translate/untick.ts');
      const pending = run();
      await waitFor(() => chats(standin).length > 0 && chats(standin).every((r) => r.closedAt !== undefined), { message: 'the translation requests to finish', timeoutMs: 30_000 });
      // Untick everything: the file's box (ticked, as its changes are) unticks all of them.
      let result: TranslateCommentsResult | undefined;
      void pending.then((r) => (result = r));
      await waitFor(async () => {
        await vscode.commands.executeCommand('refactorPreview.focus');
        await vscode.commands.executeCommand('list.focusFirst');
        await vscode.commands.executeCommand('refactorPreview.toggleCheckedState');
        await vscode.commands.executeCommand('refactorPreview.apply');
        await new Promise((resolve) => setTimeout(resolve, 300));
        return result;
      }, { message: 'the refactor preview to end', timeoutMs: 15_000, intervalMs: 500 });
      assert.strictEqual(result!.status, 'discarded');
      assert.match(result!.message ?? '', /Nothing was changed/);
      assert.strictEqual(editor.document.getText(), source);
      assert.ok(!api.walkthrough.reached().includes('translated'));
    } finally {
      await setSetting('hearth.translate.preview', false);
    }
  });

  describe('bad input', () => {
    it('an empty file: a message, no request', async () => {
      await openDoc('', 'typescript');
      const result = await run();
      assert.strictEqual(result.status, 'empty');
      assert.strictEqual(chats(standin).length, 0);
    });

    it('a file with no comments', async () => {
      await openDoc('const a = "// not a comment";\nconst b = 2;\n', 'typescript');
      const result = await run();
      assert.strictEqual(result.status, 'noComments');
      assert.strictEqual(chats(standin).length, 0);
    });

    it('a language with no known comment syntax: a clear message', async () => {
      await openDoc('just some text # with a hash // and slashes\n', 'plaintext');
      const result = await run();
      assert.strictEqual(result.status, 'noSyntax');
      assert.match(result.message ?? '', /plaintext/);
      assert.strictEqual(chats(standin).length, 0);
    });

    it('comments already in the target language: nothing to do', async () => {
      await openDoc('// 计算总价。\nconst a = 1; // 数量\n', 'typescript');
      const result = await run();
      assert.strictEqual(result.status, 'nothingToTranslate');
      assert.strictEqual(chats(standin).length, 0);
    });
  });

  describe('model faults', () => {
    async function expectUnchanged(setup: () => Promise<void> | void): Promise<TranslateCommentsResult> {
      const source = fixture('cart.ts.fixture');
      const editor = await openDoc(source, 'typescript');
      await setup();
      const result = await run();
      assert.strictEqual(editor.document.getText(), source, 'the document is unchanged');
      return result;
    }

    it('invalid JSON is retried once, then reported, and nothing changes', async () => {
      const result = await expectUnchanged(() => standin.setReply(commentReplies(translate, () => '{"c1": "半个')));
      assert.strictEqual(result.status, 'failed');
      assert.strictEqual(chats(standin).length, 2, 'one request and one retry');
      assert.match((chats(standin)[1]?.body as ChatBody).messages[1]?.content ?? '', /could not be used/);
    });

    it('too few ids: the retry names the missing ones and its answer is used', async () => {
      let calls = 0;
      standin.setReply(commentReplies(translate, (items) => {
        calls++;
        if (calls > 1) return items;
        const { c2: _dropped, ...rest } = items;
        return rest;
      }));
      const source = fixture('cart.ts.fixture');
      const editor = await openDoc(source, 'typescript');
      const result = await run();
      assert.strictEqual(result.status, 'applied', result.message);
      assert.strictEqual(editor.document.getText(), fixture('cart.zh-cn.ts.fixture'));
      assert.match((chats(standin)[1]?.body as ChatBody).messages[1]?.content ?? '', /ids missing: c2/);
    });

    it('too many ids twice: reported, nothing changes', async () => {
      const result = await expectUnchanged(() => standin.setReply(commentReplies(translate, (items) => ({ ...items, c999: 'extra' }))));
      assert.strictEqual(result.status, 'failed');
      assert.strictEqual(chats(standin).length, 2);
    });

    it('a stream that breaks half way: reported, nothing changes', async () => {
      const result = await expectUnchanged(() => standin.addFault({ fault: { kind: 'errorMidStream', afterTokens: 8, error: 'runner crashed' }, path: '/api/chat', times: 1 }));
      assert.strictEqual(result.status, 'failed');
    });

    it('a dropped connection: reported, nothing changes', async () => {
      const result = await expectUnchanged(() => standin.addFault({ fault: { kind: 'drop', afterTokens: 5 }, path: '/api/chat', times: 1 }));
      assert.strictEqual(result.status, 'failed');
    });

    it('the user cancelling: the request is closed, nothing changes', async () => {
      standin.setDelays({ perTokenMs: 30 });
      const source = fixture('cart.ts.fixture');
      const editor = await openDoc(source, 'typescript');
      const cancel = new vscode.CancellationTokenSource();
      const pending = run({ cancellation: cancel.token });
      const request = await standin.waitForRequest((r) => r.path === '/api/chat', 10_000);
      await waitFor(() => request.tokensSent > 0, { message: 'the answer to start' });
      cancel.cancel();
      const result = await pending;
      assert.strictEqual(result.status, 'cancelled');
      await standin.waitForClose(request, 5_000);
      assert.strictEqual(request.closedEarly, true, 'the stream was closed');
      assert.strictEqual(editor.document.getText(), source);
    });
  });

  describe('the document changes while the model works', () => {
    it('applies the translations to the moved comments and leaves an edited comment alone', async () => {
      standin.setDelays({ perTokenMs: 5 });
      const source = fixture('cart.ts.fixture');
      await writeWorkspaceFile('translate/edited.ts', source);
      const editor = await openWorkspaceFile('translate/edited.ts');
      const pending = run();
      await standin.waitForRequest((r) => r.path === '/api/chat', 10_000);
      const doc = editor.document;
      const edited = '/**\n * One row of the cart (edited).\n */';
      const original = '/**\n * One line of the cart.\n */';
      const at = source.indexOf(original);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), '// A line added while translating.\n');
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + original.length)), edited);
      assert.ok(await vscode.workspace.applyEdit(edit));
      const result = await pending;
      assert.strictEqual(result.status, 'applied', result.message);
      assert.strictEqual(result.changedMeanwhile, 1);
      const expected = '// A line added while translating.\n' + fixture('cart.zh-cn.ts.fixture').replace('/**\n * 购物车中的一行。\n */', edited);
      assert.strictEqual(doc.getText(), expected);
    });

    it('refuses when the document was closed', async () => {
      standin.setDelays({ perTokenMs: 10 });
      await openDoc(fixture('cart.ts.fixture'), 'typescript');
      const pending = run();
      await standin.waitForRequest((r) => r.path === '/api/chat', 10_000);
      await closeAllEditors();
      const result = await pending;
      assert.strictEqual(result.status, 'closed');
    });
  });

  it('a 20 000-line file: every comment translated in batches within the budget, the code untouched', async function () {
    this.timeout(120_000);
    const block = (i: number): string =>
      `/** Returns the value of field ${i}. */\nexport function field${i}(): number {\n  const a = ${i};\n` +
      Array.from({ length: 15 }, (_, k) => `  const v${k} = a * ${k};\n`).join('') +
      `  return a; // the answer for ${i}\n}\n`;
    const source = Array.from({ length: 1_000 }, (_, i) => block(i)).join('');
    assert.strictEqual(source.split('\n').length - 1, 20_000);
    const editor = await openDoc(source, 'typescript');
    const result = await run();
    assert.strictEqual(result.status, 'applied', result.message);
    assert.strictEqual(result.translated, 2_000);
    const expected = source
      .replace(/\/\*\* (Returns the value of field \d+\.) \*\//g, '/** 【译】$1 */')
      .replace(/\/\/ (the answer for \d+)/g, '// 【译】$1');
    assert.strictEqual(editor.document.getText(), expected);
    assert.ok(chats(standin).length >= 50, `batches (${chats(standin).length} requests)`);
    assertWithinBudget(chats(standin), 8192);
  });

  it('translates a text that repeats only once', async () => {
    const source = '/** Adds one. */\nfunction a() {} // fast\n'.repeat(500);
    const editor = await openDoc(source, 'typescript');
    assert.strictEqual(vscode.window.activeTextEditor?.document.getText(), source, 'the new document is the active one');
    const result = await run();
    assert.strictEqual(result.status, 'applied', result.message);
    // Only this document's requests: on a loaded machine the 20 000-line test's last requests can be
    // recorded after the reset.
    const mine = chats(standin).filter((r) => userPrompt(r).includes('Adds one.'));
    const others = chats(standin).filter((r) => !mine.includes(r));
    assert.strictEqual(mine.length, 1, `${mine.length} requests for the two distinct texts (and ${others.length} others, the first: ${userPrompt(others[0] ?? mine[0]!).slice(0, 200)})`);
    assert.strictEqual(editor.document.getText(), source.replace(/Adds one\./g, '【译】Adds one.').replace(/\/\/ fast/g, '// 【译】fast'));
  });
});

describe('translate selection', function () {
  this.timeout(60_000);
  let standin: StandinOllama;

  before(async () => {
    standin = await startStandin();
    standin.setReply((ctx) => ({ text: ctx.prompt.includes('Good morning') ? '早上好，世界。' : `【译】${ctx.prompt.split('\n\n').slice(1).join('\n\n')}` }));
  });

  afterEach(async () => {
    await closeAllEditors();
    standin.resetRecord();
  });

  after(async () => {
    await resetSettings(SETTINGS);
    await standin.close();
  });

  it('replaces the selected text, keeping its surrounding whitespace', async () => {
    const editor = await openDoc('Intro.\n\n  Good morning, world.  \n\nOutro.\n', 'markdown');
    const start = editor.document.getText().indexOf('  Good');
    const end = editor.document.getText().indexOf('Outro');
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
    const result = (await vscode.commands.executeCommand<TranslateSelectionResult>('hearth.translate.selection', { replace: true }))!;
    assert.strictEqual(result.status, 'replaced', result.message);
    assert.strictEqual(editor.document.getText(), 'Intro.\n\n  早上好，世界。  \n\nOutro.\n');
  });

  it('shows the translation beside the text, and Replace puts it in place', async () => {
    const editor = await openDoc('Good morning, world.', 'plaintext');
    const result = (await vscode.commands.executeCommand<TranslateSelectionResult>('hearth.translate.selection'))!;
    assert.strictEqual(result.status, 'shown');
    const shown = vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.uri?.toString());
    assert.ok(shown, 'the translation document is open');
    await waitFor(() => shown.getText() === '早上好，世界。', { message: 'the translation document to show the text' });
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', shown.uri);
    assert.ok(lenses?.some((l) => l.command?.command === 'hearth.translation.replace'), 'a Replace CodeLens');
    await vscode.commands.executeCommand('hearth.translation.replace', shown.uri);
    assert.strictEqual(editor.document.getText(), '早上好，世界。');
  });

  it('an empty selection on an empty file: a message, no request', async () => {
    await openDoc('', 'plaintext');
    const result = (await vscode.commands.executeCommand<TranslateSelectionResult>('hearth.translate.selection'))!;
    assert.strictEqual(result.status, 'empty');
    assert.strictEqual(standin.requests.filter((r) => r.path === '/api/chat').length, 0);
  });

  it('a long text is translated part by part within the budget', async () => {
    await setSetting('hearth.contextLength', 2048);
    try {
      const paragraph = 'This paragraph explains one small thing about the system in plain words. '.repeat(6).trim();
      const text = Array.from({ length: 60 }, () => paragraph).join('\n\n');
      const editor = await openDoc(text, 'markdown');
      const result = (await vscode.commands.executeCommand<TranslateSelectionResult>('hearth.translate.selection', { replace: true }))!;
      assert.strictEqual(result.status, 'replaced', result.message);
      const requests = standin.requests.filter((r) => r.path === '/api/chat');
      assert.ok(requests.length > 3, `several parts (${requests.length})`);
      assertWithinBudget(requests, 2048);
      // Every paragraph came back, in order, once.
      assert.strictEqual(editor.document.getText().split('【译】').length - 1, requests.length);
      assert.strictEqual(editor.document.getText().split(paragraph).length - 1, 60);
    } finally {
      await setSetting('hearth.contextLength', undefined);
    }
  });
});

