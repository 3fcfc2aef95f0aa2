// Summarize Selection in a real VS Code against the Ollama stand-in: a long file is summarized part by part
// (map-reduce) and streams, rendered (the Markdown preview), beside the editor with progress; every request
// stays within its budget; Copy, Insert as Comment and Open in Chat from the rendered summary; and the bad
// inputs and faults from the issue (Ollama down: the error reporter's message, no document).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { HearthApi } from '../../src/extension';
import type { SummarizeResult } from '../../src/features/summarize';
import type { UserMessage } from '../../src/platform/errors';
import { StandinOllama } from '../support/standin';
import { assertWithinBudget, chatRequests as chats, type ChatBody, userPrompt } from '../unit/translate/budgetCheck';
import { FINAL_SUMMARY, SINGLE_SUMMARY, partOf, summaryReplies } from '../unit/summarize/replies';
import { activateExtension, canScreenshot, closeAllEditors, openDoc, queryDom, resetSettings, screenshot, setSetting, waitFor, writeWorkspaceFile } from './helpers';

const SETTINGS = ['hearth.host', 'hearth.model.summarize', 'hearth.contextLength', 'hearth.summarize.language', 'hearth.summarize.style'];


/** A long Markdown document: sections with headings and paragraphs. */
function longMarkdown(sections: number): string {
  const out: string[] = ['# The system', ''];
  for (let s = 1; s <= sections; s++) {
    out.push(`## Section ${s}`, '');
    for (let p = 0; p < 4; p++) out.push(`Paragraph ${p} of section ${s} explains a detail of the system in a few plain sentences. It mentions \`config.${s}.${p}\` and why it matters to the people who run it.`, '');
  }
  return out.join('\n');
}

function summaryDocument(result: SummarizeResult | undefined): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === result?.uri?.toString());
}

const PREVIEW = 'vscode.markdown.preview.editor';

/** The tab that shows a summary rendered (closeAllEditors between tests leaves only the new one). */
function renderedSummaryTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === PREVIEW && t.input.uri.scheme === 'hearth-doc' && t.input.uri.path.startsWith('/summaries/'));
}

/** The summary document shown rendered beside the editor (the preview holds it open). */
function visibleSummary(): vscode.TextDocument | undefined {
  const input = renderedSummaryTab()?.input;
  const uri = input instanceof vscode.TabInputCustom ? input.uri : undefined;
  return uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}

/** Any tab (rendered or source) that shows a summary. */
function summaryTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => {
    const input = t.input;
    return (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) && input.uri.scheme === 'hearth-doc' && input.uri.path.startsWith('/summaries/');
  });
}

/** The text of the rendered preview's elements (inside its webview), where the runner can look (undefined elsewhere). */
async function renderedText(selector: string): Promise<string[] | undefined> {
  const found = await queryDom(selector, [], 10_000, { frames: true });
  return found?.map((e) => e.text);
}

async function summarize(arg?: unknown): Promise<SummarizeResult> {
  return (await vscode.commands.executeCommand<SummarizeResult>('hearth.summarize', arg))!;
}

describe('summarize', function () {
  this.timeout(90_000);
  let standin: StandinOllama;

  before(async () => {
    await activateExtension();
    standin = await StandinOllama.start();
    await setSetting('hearth.host', standin.url);
    await setSetting('hearth.model.summarize', 'llama3.2:3b');
    await setSetting('hearth.summarize.language', 'en');
  });

  beforeEach(async () => {
    standin.resetRecord();
    standin.setReply(summaryReplies);
    standin.setDelays({ perTokenMs: 0 });
    await standin.clearFaults();
  });

  afterEach(async () => {
    await setSetting('hearth.contextLength', undefined);
    await closeAllEditors();
  });

  after(async () => {
    await resetSettings(SETTINGS);
    await standin.close();
  });

  it('summarizes a long file part by part, streaming beside it with progress, every request within the budget', async () => {
    await setSetting('hearth.contextLength', 2048);
    standin.setDelays({ perTokenMs: 20 });
    const text = longMarkdown(40);
    await writeWorkspaceFile('summarize/long.md', text);
    const source = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'summarize', 'long.md')));
    const pending = summarize();
    // While it runs: the summary beside the editor, rendered, fills with the notes on each part.
    const doc = await waitFor(() => visibleSummary(), { message: 'the summary shown rendered' });
    assert.strictEqual(vscode.window.tabGroups.all.length, 2, 'one extra column');
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document === doc), 'not shown as source');
    await waitFor(() => doc.getText().includes('Notes on part 2.') && doc.getText().includes('Reading part'), { message: 'part 2 to stream in', timeoutMs: 30_000 }).catch((err: Error) => {
      throw new Error(`${err.message}\n${doc.getText()}`);
    });
    if (canScreenshot()) {
      // The preview itself follows the document while it streams (its headings are rendered, not `##` text).
      const headings = await waitFor(async () => {
        const texts = await renderedText('h3');
        return texts?.some((t) => /^Part 2 \(lines/.test(t)) ? texts : undefined;
      }, { message: 'part 2 rendered in the preview while it streams', timeoutMs: 20_000 });
      assert.ok(headings.length >= 2, headings.join(' | '));
      const title = await renderedText('h1');
      assert.ok(title?.includes('Summary of long.md'), title?.join(' | '));
    }
    const running = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    assert.ok(running?.some((l) => l.command?.command === 'hearth.summary.stop'), 'a Stop CodeLens while it runs');
    await screenshot('summarize-streaming');
    const result = await pending;
    assert.strictEqual(result.status, 'done');
    assert.ok((result.parts ?? 0) >= 4, `split into parts (${result.parts})`);
    assert.strictEqual(result.summary, FINAL_SUMMARY);
    await waitFor(() => doc.getText().includes(FINAL_SUMMARY), { message: 'the final summary in the document' });
    assert.match(doc.getText(), /Notes by part/);
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document === source.document), 'the source stays visible beside it');

    // Map in order, then reduce: part 1..n, then the notes combined.
    const requests = chats(standin);
    const parts = requests.map((r) => partOf(userPrompt(r))).filter((p): p is number => p !== undefined);
    assert.deepStrictEqual(parts, Array.from({ length: result.parts ?? 0 }, (_, i) => i + 1));
    const final = requests[requests.length - 1]!;
    const order = [...userPrompt(final).matchAll(/^## Parts? (\d+)/gm)].map((m) => Number(m[1]));
    assert.deepStrictEqual(order, [...order].sort((a, b) => a - b), 'notes in document order');
    assertWithinBudget(requests, 2048);
    // Nothing dropped: the parts cover the whole text.
    const covered = requests.filter((r) => partOf(userPrompt(r)) !== undefined).map((r) => /```+\n([\s\S]*)\n```+$/.exec(userPrompt(r))?.[1] ?? '').join('');
    assert.strictEqual(covered, text);

    if (canScreenshot()) {
      const rendered = await waitFor(async () => {
        const items = await renderedText('li');
        return items?.some((t) => FINAL_SUMMARY.includes(t) && t.length > 3) ? items : undefined;
      }, { message: 'the final summary rendered' });
      assert.ok(!rendered.some((t) => t.startsWith('- ')), 'rendered, not Markdown source');
    }

    // Focused, the rendered summary's group shows the summary's actions and the preview's "source" button.
    const column = renderedSummaryTab()!.group.viewColumn;
    await vscode.commands.executeCommand('vscode.openWith', doc.uri, PREVIEW, { viewColumn: column, preserveFocus: false });
    await waitFor(() => renderedSummaryTab()?.isActive && renderedSummaryTab()?.group.isActive, { message: 'the rendered summary to be active' });
    if (canScreenshot()) {
      const labels = await waitFor(async () => {
        const found = await queryDom('.editor-group-container.active .editor-actions .action-label', ['aria-label']);
        const names = found?.map((e) => e.attributes['aria-label'] ?? '') ?? [];
        return names.some((n) => n.includes('Open Summary in Chat')) ? names : undefined;
      }, { message: 'the summary actions in the rendered summary\'s title bar' });
      for (const action of ['Copy Summary', 'Insert Summary as Comment', 'Open Summary in Chat']) {
        assert.ok(labels.some((l) => l.includes(action)), `${action} in ${labels.join(' | ')}`);
      }
      assert.ok(labels.some((l) => /source/i.test(l)), `the preview's source button in ${labels.join(' | ')}`);
      await screenshot('summarize-done');
    }
    // The title-bar buttons run without an argument in some hosts: the active rendered summary is the one.
    await vscode.env.clipboard.writeText('');
    const copied = await vscode.commands.executeCommand<{ ok: boolean }>('hearth.summary.copy');
    assert.ok(copied?.ok);
    assert.strictEqual(await vscode.env.clipboard.readText(), FINAL_SUMMARY);

    // The source, one click away: the Markdown preview's own command opens it.
    await vscode.commands.executeCommand('markdown.showSource');
    await waitFor(() => vscode.window.activeTextEditor?.document === doc, { message: 'the source of the summary' });
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const commands = lenses?.map((l) => l.command?.command) ?? [];
    assert.ok(commands.includes('hearth.summary.copy') && commands.includes('hearth.summary.insertAsComment'), commands.join(', '));
    await vscode.commands.executeCommand('hearth.summary.copy', doc.uri);
    assert.strictEqual(await vscode.env.clipboard.readText(), FINAL_SUMMARY);
  });

  it('summarizes a selection and inserts the summary as a comment above it, following edits made meanwhile', async () => {
    const code = ['import x from "y";', '', 'export class Cart {', '  add(item: string): void {', '    this.items.push(item);', '  }', '}', ''].join('\n');
    const editor = await openDoc(code, 'typescript');
    editor.selection = new vscode.Selection(3, 0, 5, 3);
    const result = await summarize();
    assert.strictEqual(result.status, 'done');
    assert.strictEqual(result.summary, SINGLE_SUMMARY);
    assert.strictEqual(chats(standin).length, 1);
    assert.match(userPrompt(chats(standin)[0]!), /lines 4–6/);
    // Two lines added above the selection while the user read the summary.
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// header\n// more\n'));
    const inserted = await vscode.commands.executeCommand<{ ok: boolean }>('hearth.summary.insertAsComment', result.uri);
    assert.ok(inserted?.ok);
    const lines = editor.document.getText().split('\n');
    assert.strictEqual(lines[5], '  // - A short text about one topic.');
    assert.strictEqual(lines[6], '  add(item: string): void {');
  });

  it('refuses to insert into a document that was closed meanwhile, and says so', async () => {
    const editor = await openDoc('const a = 1;\n', 'typescript');
    const result = await summarize(editor.document.uri);
    assert.strictEqual(result.status, 'done');
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor(() => editor.document.isClosed, { message: 'the untitled document to close' });
    const inserted = await vscode.commands.executeCommand<{ ok: boolean; reason?: string }>('hearth.summary.insertAsComment', result.uri);
    assert.strictEqual(inserted?.ok, false);
    assert.match(inserted?.reason ?? '', /no longer open/);
  });

  it('offers Open in Chat when the chat is there, and passes the summary and the text', async function () {
    if ((await vscode.commands.getCommands(true)).includes('hearth.chat.openWith')) this.skip();
    let received: unknown;
    const fake = vscode.commands.registerCommand('hearth.chat.openWith', (args: unknown) => {
      received = args;
    });
    try {
      const editor = await openDoc('A short note about carts.', 'plaintext');
      const result = await summarize(editor.document.uri);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', result.uri);
      assert.ok(lenses?.some((l) => l.command?.command === 'hearth.summary.openInChat'));
      await vscode.commands.executeCommand('hearth.summary.openInChat', result.uri);
      assert.deepStrictEqual(received, { title: `Summary of ${editor.document.uri.path}`, text: SINGLE_SUMMARY, attachment: 'A short note about carts.' });
    } finally {
      fake.dispose();
    }
  });

  it('opens at most one extra column: a second summary, from either column, reuses the other column', async () => {
    const first = await openDoc('The first text, about carts.', 'plaintext');
    assert.strictEqual((await summarize()).status, 'done');
    assert.strictEqual(vscode.window.tabGroups.all.length, 2);
    assert.strictEqual(renderedSummaryTab()?.group.viewColumn, vscode.ViewColumn.Two);
    // The user works in the second column now, and summarizes from there.
    await openDoc('The second text, about prices.', 'plaintext', { viewColumn: vscode.ViewColumn.Two });
    assert.strictEqual((await summarize()).status, 'done');
    assert.strictEqual(vscode.window.tabGroups.all.length, 2, 'no third column');
    const rendered = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.path.startsWith('/summaries/'));
    assert.deepStrictEqual(rendered.map((t) => t.group.viewColumn).sort(), [vscode.ViewColumn.One, vscode.ViewColumn.Two]);
    assert.ok(!first.document.isClosed);
  });

  it('Summarize File summarizes the whole document even with a selection; the menus offer the one that fits', async () => {
    const editor = await openDoc(['first line', 'second line', 'third line'].join('\n'), 'plaintext');
    editor.selection = new vscode.Selection(1, 0, 1, 6);
    const result = (await vscode.commands.executeCommand<SummarizeResult>('hearth.summarizeFile'))!;
    assert.strictEqual(result.status, 'done');
    const prompt = userPrompt(chats(standin)[0]!);
    assert.match(prompt, /first line[\s\S]*third line/, 'the whole document');
    assert.doesNotMatch(prompt, /lines 2–2/);
  });

  it('summarizes a file from the explorer without opening it', async () => {
    const uri = await writeWorkspaceFile('summarize/notes.txt', 'Meeting notes: we agreed to ship on Friday.\n');
    const result = await summarize(uri);
    assert.strictEqual(result.status, 'done');
    assert.match(userPrompt(chats(standin)[0]!), /notes\.txt/);
  });

  it('writes in the configured language and style', async () => {
    await setSetting('hearth.summarize.language', 'zh-cn');
    await setSetting('hearth.summarize.style', 'oneLine');
    try {
      await openDoc('Some text to summarize.', 'plaintext');
      await summarize();
      const system = (chats(standin)[0]!.body as ChatBody).messages[0]!.content;
      assert.match(system, /Write in Simplified Chinese \(简体中文\)/);
      assert.match(system, /one sentence/);
    } finally {
      await setSetting('hearth.summarize.language', 'en');
      await setSetting('hearth.summarize.style', undefined);
    }
  });

  describe('bad input and faults', () => {
    it('an empty selection on an empty file: a message, no request', async () => {
      await openDoc('', 'plaintext');
      const result = await summarize();
      assert.strictEqual(result.status, 'empty');
      assert.strictEqual(chats(standin).length, 0);
    });

    it('a 20 000-line file: summarized in parts and rounds, no request over the budget', async function () {
      this.timeout(180_000);
      const lines = Array.from({ length: 20_000 }, (_, i) => (i % 25 === 0 ? '' : `export const value${i} = compute(${i}, "item ${i}"); // step ${i}`));
      const text = lines.join('\n');
      await openDoc(text, 'typescript');
      const result = await summarize();
      assert.strictEqual(result.status, 'done');
      const requests = chats(standin);
      assert.ok((result.parts ?? 0) > 50, `parts: ${result.parts}`);
      assert.ok(requests.some((r) => (r.body as ChatBody).messages[0]!.content.includes('Merge them into one set of notes')), 'notes merged in rounds');
      assertWithinBudget(requests, 8192);
      assert.strictEqual(result.summary, FINAL_SUMMARY);
    });

    it('the user stopping: the stream is closed and what was written stays', async () => {
      await setSetting('hearth.contextLength', 2048);
      standin.setDelays({ perTokenMs: 40 });
      await openDoc(longMarkdown(20), 'markdown');
      const pending = summarize();
      const first = await standin.waitForRequest((r) => r.path === '/api/chat', 10_000);
      await waitFor(() => first.completed, { message: 'part 1 to finish', timeoutMs: 20_000 });
      const second = await standin.waitForRequest((r) => r.path === '/api/chat' && r.id !== first.id, 10_000);
      await waitFor(() => second.tokensSent > 0, { message: 'part 2 to start' });
      const doc = await waitFor(() => visibleSummary(), { message: 'the summary document' });
      await waitFor(() => doc.getText().includes('Notes on part 1.'), { message: 'the summary document to show part 1' });
      await vscode.commands.executeCommand('hearth.summary.stop', doc.uri);
      const result = await pending;
      assert.strictEqual(result.status, 'cancelled');
      await standin.waitForClose(second, 5_000);
      assert.strictEqual(second.closedEarly, true);
      await waitFor(() => doc.getText().includes('Stopped'), { message: 'the document to say it stopped' });
      assert.match(doc.getText(), /Notes on part 1\./);
    });

    it('a stream that breaks half way: reported, the notes so far kept', async () => {
      await setSetting('hearth.contextLength', 2048);
      await openDoc(longMarkdown(20), 'markdown');
      let calls = 0;
      standin.setReply((ctx) => {
        calls++;
        return summaryReplies(ctx);
      });
      await standin.addFault({ fault: { kind: 'errorMidStream', afterTokens: 3, error: 'model runner crashed' }, path: '/api/chat', times: 1 });
      const result = await summarize();
      assert.strictEqual(result.status, 'failed');
      assert.strictEqual(calls, 1, 'no request after the failure');
      const doc = summaryDocument(result);
      assert.ok(doc);
      await waitFor(() => doc.getText().includes('stopped before it was finished'), { message: 'the document to say the summary is unfinished' });
      assert.match(doc.getText(), /Part 1 \(lines[^\n]*\n\n\S/, `the notes so far kept:\n${doc.getText()}`);
      assert.doesNotMatch(doc.getText(), /model runner crashed|⚠/, 'no error text in the document');
    });

    it('Ollama down: the error reporter\'s message with Start Ollama, and no summary document', async () => {
      const api = await activateExtension<HearthApi>();
      const shown: UserMessage[] = [];
      const presenter = api.services.errors.usePresenter(async (msg) => {
        shown.push(msg);
      });
      try {
        await openDoc('Some text to summarize while Ollama is down.', 'plaintext');
        await standin.addFault({ fault: { kind: 'refuse' } });
        const result = await summarize();
        assert.strictEqual(result.status, 'failed');
        assert.strictEqual(result.uri, undefined);
        await waitFor(() => shown.length === 1, { message: 'the message' });
        assert.match(shown[0]!.message, /not running/i);
        // Start Ollama (Install where another change offers that when the binary is missing).
        assert.ok(shown[0]!.actions.some((a) => a.command === 'hearth.startOllama' || a.command === 'hearth.installOllama'), JSON.stringify(shown[0]!.actions));
        assert.deepStrictEqual(summaryTabs().map((t) => t.label), [], 'no summary document left open');
        assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'hearth-doc' && d.uri.path.startsWith('/summaries/') && d.getText().includes('not running')), 'no error text in a document');
      } finally {
        presenter.dispose();
        await standin.clearFaults();
      }
    });

    it('a dropped connection: reported', async () => {
      await openDoc('Some text.', 'plaintext');
      await standin.addFault({ fault: { kind: 'drop', afterTokens: 2 }, path: '/api/chat', times: 1 });
      const result = await summarize();
      assert.strictEqual(result.status, 'failed');
    });
  });
});
