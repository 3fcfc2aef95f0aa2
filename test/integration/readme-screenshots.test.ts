// The README's screenshots, taken from a real VS Code against the Ollama stand-in with scripted, realistic
// replies. Runs only with E2E_README_SHOTS=1 (`npm run screenshots`), and writes into media/screenshots/;
// `npm test` skips it. Every shot waits for what it shows (the suggestion provided, the summary done, the
// pull under way), so a shot that would show the wrong thing fails instead.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { HearthApi } from '../../src/extension';
import type { SummarizeResult } from '../../src/features/summarize';
import type { TranslateCommentsResult } from '../../src/features/translate';
import type { ProvidedSuggestion } from '../../src/features/inline/provider';
import type { PullOutcome } from '../../src/core/models/pull';
import { DEFAULT_REGISTRY, StandinOllama, type StandinModel } from '../support/standin';
import {
  activateExtension, canScreenshot, closeAllEditors, EXTENSION_ID, nextEvent, resetSettings, screenshot, type ScreenshotOptions,
  setCursor, setSetting, sleep, waitFor, workspaceUri, writeWorkspaceFile,
} from './helpers';
import { CHAT_QUESTION, fixture, PROSE_CONTINUATION, readmeReplies, RETRY_BODY, RETRY_CURSOR_LINE } from './readme/replies';
import { missingCjkFont, settle, sizeSideBar, tidy } from './readme/workbench';

const INSTALLED = ['qwen2.5-coder:1.5b', 'qwen2.5-coder:7b', 'qwen2.5:7b', 'llama3.2:3b', 'qwen3:4b', 'nomic-embed-text:latest'];
const CHAT_MODEL = 'qwen2.5:7b';
const COMPLETION_MODEL = 'qwen2.5-coder:1.5b';
const DARK = 'Default Dark Modern';
const LIGHT = 'Default Light Modern';
// Windows small enough that the shots stay readable at the README's ~800 px, and their files small.
const HERO = { width: 1060, height: 660 };
const SPLIT = { width: 980, height: 620 };
const PREVIEW = { width: 940, height: 680 };

const SETTINGS: Record<string, unknown> = {
  'hearth.model.completion': COMPLETION_MODEL,
  'hearth.model.chat': CHAT_MODEL,
  'hearth.model.summarize': CHAT_MODEL,
  'hearth.model.translate': CHAT_MODEL,
  'hearth.summarize.language': 'en',
  'hearth.translate.targetLanguage': 'en',
  'hearth.translate.preview': true,
  'hearth.ollama.autoStart': 'never',
  'workbench.colorTheme': DARK,
  'editor.minimap.enabled': false,
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.lightbulb.enabled': 'off',
  'editor.stickyScroll.enabled': false,
  'editor.wordWrap': 'bounded',
  'editor.wordWrapColumn': 80,
  'diffEditor.renderSideBySide': false,
  'workbench.editor.enablePreview': false,
  'remote.autoForwardPorts': false, // no "forwarded ports" count in the status bar
};

/** media/screenshots/ of the repository these tests were built from (out/test/integration/ is three levels down). */
const SHOTS_DIR = path.resolve(__dirname, '..', '..', '..', 'media', 'screenshots');

const FILES = {
  retry: 'src/retry.ts',
  limiter: 'src/rateLimiter.ts',
  notes: 'notes/周末去杭州.md',
  export: 'scripts/export_orders.py',
};

const markdownWrap = async (value: string | undefined): Promise<void> => {
  await vscode.workspace.getConfiguration('editor', { languageId: 'markdown' }).update('wordWrap', value, vscode.ConfigurationTarget.Global, true);
};

const daemonItem = `[id="${EXTENSION_ID}.hearth.daemon"]`;

describe('README screenshots', function () {
  this.timeout(180_000);
  let active = false;
  let api: HearthApi;
  let standin: StandinOllama;
  const untranslated: string[] = [];

  const shot = async (name: string, options: ScreenshotOptions): Promise<void> => {
    const file = await screenshot(path.join(SHOTS_DIR, `${name}.png`), options);
    assert.ok(file && fs.statSync(file).size > 0, `${name}.png was written`);
  };
  /** Resizes the browser page; the runner only does that as part of a screenshot, so take a throw-away one. */
  const resizeWindow = async (size: { width: number; height: number }): Promise<void> => {
    const scratch = await screenshot('readme-viewport', { viewport: size, clip: { x: 0, y: 0, width: 1, height: 1 } });
    if (scratch) fs.rmSync(scratch, { force: true });
    await settle();
  };
  const open = async (file: string): Promise<vscode.TextEditor> => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri(...file.split('/'))));
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    return editor;
  };
  const provided = (filter: (s: ProvidedSuggestion) => boolean, timeoutMs = 5_000): Promise<ProvidedSuggestion> =>
    nextEvent(api.inline.onDidProvide, filter, timeoutMs, 'a suggestion from the provider');
  /** The multi-line suggestion in retry.ts, asked for with Alt+\ on the empty line of the loop. */
  const showRetrySuggestion = async (): Promise<void> => {
    const editor = await open(FILES.retry);
    setCursor(editor, RETRY_CURSOR_LINE, 4);
    // The block's first line may show first; the editor asks again when the whole block has arrived.
    const shown = provided((s) => s.text === RETRY_BODY, 15_000);
    await vscode.commands.executeCommand('hearth.completion.trigger');
    await shown;
    await settle();
  };

  before(async function () {
    if (process.env.E2E_README_SHOTS !== '1' || !canScreenshot()) this.skip();
    const noFont = missingCjkFont();
    if (noFont) throw new Error(`README screenshots: ${noFont}`);
    active = true;
    api = await activateExtension<HearthApi>();
    const dictionary = JSON.parse(fixture('translations.en.json')) as Record<string, string>;
    const models = INSTALLED.map((name) => DEFAULT_REGISTRY.find((m) => m.name === name)).filter((m): m is StandinModel => !!m);
    assert.strictEqual(models.length, INSTALLED.length, 'every model of the shots is in the stand-in registry');
    // About 50 tokens per second, as a 7B model on a mid-range GPU: the chat shows that rate.
    standin = await StandinOllama.start({ perTokenMs: 18, models, reply: readmeReplies(dictionary, untranslated) });
    await setSetting('hearth.host', standin.url);
    for (const [key, value] of Object.entries(SETTINGS)) await setSetting(key, value);
    // VS Code's own default for Markdown ("on": wrap at the window's edge) beats a user-wide setting.
    await markdownWrap('bounded');
    api.models.setGpuMemory(undefined);
    await writeWorkspaceFile(FILES.retry, fixture('retry.ts.fixture'));
    await writeWorkspaceFile(FILES.limiter, fixture('rateLimiter.ts.fixture'));
    await writeWorkspaceFile(FILES.notes, fixture('hangzhou.md.fixture'));
    await writeWorkspaceFile(FILES.export, fixture('export_orders.py.fixture'));
    // Two models loaded, the chat model used last: the status bar names it.
    await api.services.gateway.loadModel(COMPLETION_MODEL);
    await api.services.gateway.loadModel(CHAT_MODEL);
    await api.services.daemon.ensureAvailable({ interactive: false });
    await waitFor(() => /^\$\(check\) Ollama .* · 100% GPU$/.test(api.daemon.statusText()), { message: 'the status bar to show the model in use', timeoutMs: 15_000 });
    await resizeWindow(HERO);
    // The TypeScript server starts with the first .ts file: let it finish before the first shot.
    await open(FILES.retry);
    await sleep(5_000);
    await closeAllEditors();
  });

  after(async () => {
    if (!active) return;
    await resizeWindow({ width: 1400, height: 900 });
    await closeAllEditors();
    await resetSettings(['hearth.host', ...Object.keys(SETTINGS)]);
    await markdownWrap(undefined);
    api.models.setGpuMemory('probe');
    await standin.close();
  });

  it('hero: the chat beside code with a multi-line suggestion', async () => {
    await tidy({ sideBar: true });
    await vscode.commands.executeCommand('hearth.chat.focus'); // its own container: the side bar's full height
    await sizeSideBar(400);
    await api.chat.reveal();
    await api.chat.postFromView({ type: 'newChat' });
    await api.chat.postFromView({ type: 'send', text: CHAT_QUESTION });
    await api.chat.idle();
    await waitFor(async () => (await api.chat.viewReport()).codeBlocks.length === 1, { message: 'the answer with its code block' });
    await showRetrySuggestion();
    // Everything below the title bar (which says "Extension Development Host").
    await shot('hero', { union: ['.part.activitybar', '.part.statusbar', '.part.editor'] });
  });

  it('inline: a multi-line suggestion in TypeScript', async () => {
    await vscode.commands.executeCommand('editor.action.inlineSuggest.hide');
    await tidy({ sideBar: false });
    await showRetrySuggestion();
    await shot('inline-code', { selector: '.part.editor', clip: { x: 0, y: 0, width: 700, height: 596 } });
  });

  it('inline: a Chinese sentence continued in Markdown (light theme)', async () => {
    await setSetting('workbench.colorTheme', LIGHT);
    try {
      await closeAllEditors();
      await tidy({ sideBar: false });
      const editor = await open(FILES.notes);
      const end = editor.document.lineAt(editor.document.lineCount - 2);
      setCursor(editor, end.lineNumber, end.text.length);
      // VS Code may let the first keystrokes of a session pass without asking: type until it asks.
      const sentence = PROSE_CONTINUATION.slice(0, PROSE_CONTINUATION.indexOf('。') + 1);
      await waitFor(async () => {
        const shown = provided((s) => sentence.endsWith(s.text), 2_500).then(() => true, () => false);
        await vscode.commands.executeCommand('type', { text: PROSE_CONTINUATION[0] });
        if (await shown) return true;
        await vscode.commands.executeCommand('deleteLeft');
        return false;
      }, { message: 'a prose suggestion while typing', timeoutMs: 30_000, intervalMs: 200 });
      await settle();
      await shot('inline-prose', { selector: '.part.editor', clip: { x: 0, y: 0, width: 780, height: 292 } });
    } finally {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.hide');
      await setSetting('workbench.colorTheme', DARK);
    }
  });

  it('models: installed, running with GPU share, and a pull under way', async () => {
    await closeAllEditors();
    await tidy({ sideBar: true });
    await vscode.commands.executeCommand('hearth.models.focus');
    await sizeSideBar(580);
    await vscode.commands.executeCommand('hearth.models.refresh');
    // About 80 MB/s: a progress line every 3 s for each eighth of the 1.9 GB layer.
    standin.setDelays({ pullChunkMs: 3_000 });
    const pulling = vscode.commands.executeCommand<PullOutcome>('hearth.pullModel', 'qwen2.5-coder:3b');
    const tree = api.models.tree;
    await waitFor(async () => {
      const roots = await tree.getChildren();
      const installed = roots.find((n) => n.kind === 'group' && n.group === 'installed');
      const rows = installed ? await tree.getChildren(installed) : [];
      const pull = rows.find((n) => n.kind === 'pull');
      return pull && /^(3\d|4\d)% /.test(String(tree.getTreeItem(pull).description));
    }, { message: 'the pull row at a third or more', timeoutMs: 30_000, intervalMs: 200 });
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup'); // no focus frame around the tree
    await settle();
    await shot('models', { selector: '.part.sidebar', clip: { x: 0, y: 0, width: 2000, height: 290 } });
    standin.setDelays({ pullChunkMs: 5 });
    assert.strictEqual((await pulling)?.kind, 'success');
  });

  it('status bar: connected, the model in use and its GPU share, with the tooltip', async () => {
    await closeAllEditors();
    await tidy({ sideBar: true });
    // The completion item shows beside an editor; an empty one leaves nothing behind the tooltip.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: '', language: 'plaintext' }));
    await settle();
    await shot('status-bar', { hover: daemonItem, waitFor: '.workbench-hover', union: ['.part.statusbar > .right-items', '.workbench-hover'] });
  });

  it('summary: streamed beside a source file, with Copy, Insert as Comment and Open in Chat', async () => {
    await closeAllEditors();
    await tidy({ sideBar: false });
    await resizeWindow(SPLIT);
    const source = await open(FILES.limiter);
    const result = (await vscode.commands.executeCommand<SummarizeResult>('hearth.summarize', source.document.uri))!;
    assert.strictEqual(result.status, 'done');
    const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.uri?.toString()), { message: 'the summary document' });
    // Shown rendered beside the source; focused, its title bar shows the summary's actions.
    const beside = vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === doc.uri.toString()));
    await vscode.commands.executeCommand('vscode.openWith', doc.uri, 'vscode.markdown.preview.editor', { viewColumn: beside?.viewColumn, preserveFocus: false });
    await sleep(1_500); // the preview renders after a pause
    await shot('summary', { selector: '.part.editor' });
  });

  it('translate: Chinese comments into English, in the refactor preview', async () => {
    await closeAllEditors();
    await tidy({ sideBar: false });
    await resizeWindow(PREVIEW);
    const editor = await open(FILES.export);
    const original = editor.document.getText();
    const pending = vscode.commands.executeCommand<TranslateCommentsResult>('hearth.translate.comments');
    await waitFor(() => standin.requests.some((r) => r.path === '/api/chat' && (r.body as { format?: unknown } | undefined)?.format !== undefined)
      && standin.requests.filter((r) => r.path === '/api/chat').every((r) => r.closedAt !== undefined), { message: 'the translation to finish', timeoutMs: 30_000 });
    assert.deepStrictEqual(untranslated, [], 'every comment of the fixture has its English in translations.en.json');
    await sleep(1_000);
    await vscode.commands.executeCommand('notifications.clearAll');
    // The changes start ticked; open the first change: its diff fills the editor area.
    await vscode.commands.executeCommand('refactorPreview.focus');
    await vscode.commands.executeCommand('list.focusFirst');
    await vscode.commands.executeCommand('list.focusDown');
    await vscode.commands.executeCommand('list.select');
    await settle(1_500);
    await shot('translate-preview', { union: ['.part.editor', '.part.panel'] });
    await vscode.commands.executeCommand('refactorPreview.apply');
    const result = await pending;
    assert.strictEqual(result?.status, 'applied', result?.message);
    assert.notStrictEqual(editor.document.getText(), original);
    console.log(`[readme] translated file:\n${editor.document.getText()}`);
  });
});
