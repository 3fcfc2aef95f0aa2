// Input of any size and shape (issue 14, item 8) in a real VS Code against the stand-in: a 50 MB document
// and a 50 MB selection (summarize, translate, chat context, inline completion), binary and invalid UTF-8
// files, and a document edited or closed while summarize, translate or Draft Here runs. Each says what it
// does, and the extension host keeps running timers while the feature prepares its requests (how long it
// is held at most is measured in `npm run bench -- --only=huge`, not here).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { HearthApi } from '../../src/extension';
import type { SummarizeResult } from '../../src/features/summarize';
import type { TranslateCommentsResult, TranslateSelectionResult } from '../../src/features/translate';
import { StandinOllama, type RecordedRequest } from '../support/standin';
import { summaryReplies } from '../unit/summarize/replies';
import { activateExtension, canScreenshot, closeAllEditors, openDoc, queryDom, resetSettings, setSetting, sleep, waitFor, workspaceUri, writeWorkspaceFile } from './helpers';

const MODEL = 'llama3.2:3b';
const SETTINGS = ['hearth.host', 'hearth.model.summarize', 'hearth.model.translate', 'hearth.model.chat', 'hearth.model.completion', 'hearth.summarize.language', 'hearth.translate.targetLanguage', 'hearth.ollama.autoStart'];
/** 50 MB (decimal): under VS Code's 50 MiB limit for documents it passes to extensions at all. */
const HUGE_CHARS = 50_000_000;

function hugeProse(): string {
  const paragraph = 'Hearth drafts text on your own computer. It never sends it anywhere else, and this sentence pads the paragraph.\n'.repeat(4) + '\n';
  return paragraph.repeat(Math.ceil(HUGE_CHARS / paragraph.length)).slice(0, HUGE_CHARS);
}

/**
 * Waits for the first chat request and counts the timer turns (every 5 ms) between the moment the feature's
 * last request before it (model metadata, if any) was answered and that chat request: mostly the time the
 * feature spent on its own, splitting the text. A host held for all of that time would count a few at most.
 */
async function turnsBeforeFirstChat(standin: StandinOllama, timeoutMs: number, onTurn: () => void = () => undefined): Promise<{ first: RecordedRequest; turns: number }> {
  const isChat = (r: RecordedRequest): boolean => r.path === '/api/chat';
  let turns = 0;
  let seen = -1;
  const timer = setInterval(() => {
    onTurn();
    const requests = standin.requests;
    if (requests.some(isChat)) return;
    const last = requests[requests.length - 1];
    if (last && last.closedAt === undefined) return;
    if (requests.length !== seen) {
      seen = requests.length;
      turns = 0;
    } else {
      turns++;
    }
  }, 5);
  try {
    const first = await standin.waitForRequest((r) => isChat(r) && r.body !== undefined, timeoutMs);
    return { first, turns };
  } finally {
    clearInterval(timer);
  }
}

/** The newest summary document, whether it shows rendered (the Markdown preview) or as its source. */
function summaryDocument(): vscode.TextDocument | undefined {
  const serial = (d: vscode.TextDocument): number => Number(/^\/summaries\/(\d+)\//.exec(d.uri.path)?.[1] ?? -1);
  const summaries = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'hearth-doc' && d.uri.path.startsWith('/summaries/'));
  return summaries.sort((a, b) => serial(a) - serial(b)).at(-1);
}

describe('large input: any size and shape', function () {
  this.timeout(180_000);
  let api: HearthApi;
  let standin: StandinOllama;
  let hugeUri: vscode.Uri;
  const chats = (): RecordedRequest[] => standin.requests.filter((r) => r.path === '/api/chat');

  async function openHuge(): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(hugeUri);
    assert.strictEqual(doc.getText().length, HUGE_CHARS, 'VS Code handed the whole document to the extension host');
    return vscode.window.showTextDocument(doc);
  }

  before(async () => {
    api = await activateExtension<HearthApi>();
    standin = await StandinOllama.start({ perTokenMs: 0 });
    standin.setReply(summaryReplies);
    await setSetting('hearth.host', standin.url);
    for (const f of ['summarize', 'translate', 'chat', 'completion']) await setSetting(`hearth.model.${f}`, MODEL);
    await setSetting('hearth.summarize.language', 'en');
    await setSetting('hearth.translate.targetLanguage', 'zh-cn');
    await setSetting('hearth.ollama.autoStart', 'never');
    hugeUri = await writeWorkspaceFile('large/huge.txt', hugeProse());
  });

  beforeEach(async () => {
    standin.resetRecord();
    standin.setReply(summaryReplies);
    standin.setDelays({ perTokenMs: 0 });
    await standin.clearFaults();
  });

  afterEach(async () => {
    // A summary still running (a failed test) would send requests into the next tests.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'hearth-doc' && d.uri.path.startsWith('/summaries/'))) {
      await vscode.commands.executeCommand('hearth.summary.stop', doc.uri);
    }
    await closeAllEditors();
  });

  after(async () => {
    await resetSettings(SETTINGS);
    await standin.close();
    await vscode.workspace.fs.delete(workspaceUri('large'), { recursive: true }).then(undefined, () => undefined);
  });

  it('summarize a 50 MB document: split into N parts with progress, responsive meanwhile, Stop ends it', async () => {
    await openHuge();
    standin.setDelays({ perTokenMs: 40 });
    const pending = vscode.commands.executeCommand<SummarizeResult>('hearth.summarize');
    let splitting = false;
    // The document can only show the percentage if the host ran (rendered it) while the text was split.
    const { first } = await turnsBeforeFirstChat(standin, 120_000, () => {
      splitting ||= /Splitting the text into parts… \d+%/.test(summaryDocument()?.getText() ?? '');
    });
    assert.ok(splitting, 'the summary document said it was splitting the text, with a percentage');
    const prompt = JSON.stringify(first.body);
    const parts = Number(/Part 1 of (\d+)/.exec(prompt)?.[1]);
    assert.ok(parts > 1000, `the first request is part 1 of ${parts}: ${prompt.slice(0, 300)}`);
    const doc = await waitFor(() => summaryDocument(), { message: 'the summary document' });
    await waitFor(() => new RegExp(`part 1 of ${parts}`, 'i').test(doc.getText()), { message: 'the summary document to say which part it reads' });
    await vscode.commands.executeCommand('hearth.summary.stop', doc.uri);
    const result = (await pending)!;
    assert.strictEqual(result.status, 'cancelled');
    await waitFor(() => doc.getText().includes('Stopped'), { message: 'the document to say it stopped' });
  });

  it('translate a 50 MB selection: split while responsive, part 1 of N, a failure reported', async () => {
    const editor = await openHuge();
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(new vscode.Position(0, 0), end);
    await standin.addFault({ fault: { kind: 'errorMidStream', afterTokens: 1, error: 'model runner crashed' }, path: '/api/chat', times: 1 });
    const pending = vscode.commands.executeCommand<TranslateSelectionResult>('hearth.translate.selection');
    // The progress notification says what happens while the selection is split (the workbench's DOM).
    let splittingShown = false;
    let waiting = true;
    const watch = (async () => {
      while (waiting && canScreenshot()) {
        const toasts = await queryDom('.notification-toast', [], 5_000).catch(() => undefined);
        if (toasts?.some((t) => /Splitting the text into parts/.test(t.text))) {
          splittingShown = true;
          return;
        }
        await sleep(100);
      }
    })();
    const { first, turns } = await turnsBeforeFirstChat(standin, 120_000);
    waiting = false;
    await watch;
    assert.ok(turns > 20, `timers ran ${turns} times while the selection was split`);
    if (canScreenshot()) assert.ok(splittingShown, 'the notification said it was splitting the selection');
    const parts = Number(/part 1 of (\d+)/.exec(JSON.stringify(first.body))?.[1]);
    assert.ok(parts > 1000, `part 1 of ${parts}`);
    const result = (await pending)!;
    assert.strictEqual(result.status, 'failed', result.message);
    assert.strictEqual(chats().length, 1, 'nothing after the failure');
  });

  it('translate the comments of a 50 MB file: refused with its size, nothing sent', async () => {
    await openHuge();
    const result = (await vscode.commands.executeCommand<TranslateCommentsResult>('hearth.translate.comments'))!;
    assert.strictEqual(result.status, 'tooLarge');
    assert.match(result.message ?? '', /huge\.txt is 47\.7 MB: .*up to 4 MB/);
    assert.strictEqual(chats().length, 0);
  });

  it('chat: a 50 MB file or selection is attached in part, and the chat says so', async () => {
    const editor = await openHuge();
    await api.chat.reveal();
    await api.chat.postFromView({ type: 'newChat' });
    await vscode.window.showTextDocument(editor.document);
    await api.chat.postFromView({ type: 'attach', kind: 'file' });
    const banner = await waitFor(() => api.chat.viewReport().then((r) => (r.banner && /huge\.txt/.test(r.banner) ? r : undefined)), { message: 'the banner about the attachment' });
    assert.match(banner.banner ?? '', /huge\.txt has 50,000,000 characters: the chat attaches the first 400,000\./);
    assert.ok(banner.chips.some((c) => c.includes('huge.txt')), banner.chips.join(', '));
    await api.chat.postFromView({ type: 'send', text: 'What is this about?' });
    await api.chat.idle();
    const sent = JSON.stringify(chats().at(-1)?.body ?? {});
    assert.ok(sent.length < 2_000_000, `the request carries a part, not 50 MB (${sent.length} characters)`);
  });

  it('inline completion in a 50 MB document: a suggestion from a window around the cursor', async () => {
    const editor = await openHuge();
    const middle = Math.floor(editor.document.lineCount / 2);
    const position = new vscode.Position(middle, editor.document.lineAt(middle).text.length);
    editor.selection = new vscode.Selection(position, position);
    const provided = new Promise<void>((resolve) => {
      const sub = api.inline.onDidProvide(() => {
        sub.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await Promise.race([provided, standin.waitForRequest((r) => r.path === '/api/generate', 30_000).then(() => undefined)]);
    const generate = standin.requests.find((r) => r.path === '/api/generate');
    assert.ok(generate, 'a completion request');
    assert.ok(JSON.stringify(generate.body).length < 20_000, 'a window around the cursor, not the document');
  });

  it('a completion asked for on a minified line: none, and the status bar says why', async () => {
    const editor = await openDoc(`var a=${'1,'.repeat(30_000)}2;\n`, 'javascript');
    editor.selection = new vscode.Selection(0, 20, 0, 20);
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    const calls = api.inline.providerCalls();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor(() => api.inline.providerCalls() > calls, { message: 'VS Code to ask the provider' });
    if (canScreenshot()) {
      await waitFor(async () => (await queryDom('.statusbar-item', [], 5_000))?.some((e) => /no inline completion on a line longer than 1000 characters/.test(e.text)), { message: 'the status bar message', timeoutMs: 15_000 });
    }
    assert.strictEqual(standin.requests.filter((r) => r.path === '/api/generate').length, 0, 'nothing sent');
  });

  it('a binary file: summarize says it cannot be read as text; invalid UTF-8 is summarized with replacement characters', async () => {
    const binary = workspaceUri('large', 'blob.bin');
    await vscode.workspace.fs.writeFile(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]));
    const refused = (await vscode.commands.executeCommand<SummarizeResult>('hearth.summarize', binary))!;
    assert.strictEqual(refused.status, 'noDocument');
    assert.strictEqual(chats().length, 0);

    const broken = workspaceUri('large', 'latin1.txt');
    await vscode.workspace.fs.writeFile(broken, Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' au lait, cr'), Buffer.from([0xe8]), Buffer.from('me br'), Buffer.from([0xfb]), Buffer.from('l'), Buffer.from([0xe9, 0x0a])]));
    const result = (await vscode.commands.executeCommand<SummarizeResult>('hearth.summarize', broken))!;
    assert.strictEqual(result.status, 'done');
    assert.ok(JSON.stringify(chats()[0]?.body).includes('\ufffd'), 'the undecodable bytes are sent as U+FFFD, not dropped silently');
  });

  it('summarize: the source edited and then closed while it runs; the summary is written in full', async () => {
    const text = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} explains one detail of the system in plain words.\n`).join('\n');
    const editor = await openDoc(text, 'markdown');
    standin.setDelays({ perTokenMs: 30 });
    const pending = vscode.commands.executeCommand<SummarizeResult>('hearth.summarize');
    await standin.waitForRequest((r) => r.path === '/api/chat', 20_000);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'An edit made meanwhile.\n'));
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const result = (await pending)!;
    assert.strictEqual(result.status, 'done');
    assert.ok((result.summary ?? '').length > 0);
  });

  it('translate selection: the source closed while it runs; the translation is still shown', async () => {
    const editor = await openDoc('Hearth drafts text on your own computer. It never sends it anywhere else.\n'.repeat(20), 'plaintext');
    standin.setDelays({ perTokenMs: 30 });
    const pending = vscode.commands.executeCommand<TranslateSelectionResult>('hearth.translate.selection');
    await standin.waitForRequest((r) => r.path === '/api/chat', 20_000);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const result = (await pending)!;
    assert.strictEqual(result.status, 'shown', result.message);
    assert.ok((result.text ?? '').length > 0);
  });

  it('Draft Here: an edit meanwhile stops the draft, says so, and keeps what was written', async () => {
    const editor = await openDoc('# Release notes\n\n', 'markdown');
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    standin.setDelays({ perTokenMs: 150 });
    standin.setReply(() => Array.from({ length: 80 }, (_, i) => `Change ${i + 1} of the release is one users will notice.`).join(' '));
    const pending = api.inline.draft({ instruction: 'a long paragraph about the release' });
    const request = await standin.waitForRequest((r) => r.path === '/api/chat' || r.path === '/api/generate', 20_000);
    await waitFor(() => editor.document.getText().length > '# Release notes\n\n'.length + 5, { message: 'some draft text' });
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'Edited. '));
    const editedAt = editor.document.getText().length;
    const outcome = await pending;
    assert.strictEqual(outcome.status, 'interrupted', `${outcome.text.length} characters drafted, ${editedAt} in the document at the edit`);
    assert.ok(outcome.text.length > 0);
    assert.ok(editor.document.getText().includes(outcome.text), 'what was written stays');
    await standin.waitForClose(request, 5_000);
    await sleep(100);
  });
});
