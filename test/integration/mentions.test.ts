// @-mentions in the chat box, in a real VS Code against the Ollama stand-in: what each mention attaches
// (with its token cost) reaches the prompt, chips can be removed before sending, @workspace puts the
// retrieved chunk in the prompt with its path and lines and the answer's citation opens the file there,
// and an empty retrieval is said plainly. The popup's keys are pressed for real in the webview.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import type { HearthApi } from '../../src/extension';
import type { WorkspaceChunk, WorkspaceIndexAccess, WorkspaceIndexAvailability } from '../../src/platform/workspaceIndexAccess';
import type { ViewReport } from '../../src/shared/protocol';
import { StandinOllama, type RecordedRequest } from '../support/standin';
import { activateExtension, canScreenshot, workspaceFolder, closeAllEditors, openWorkspaceFile, pressKeys, resetSettings, setSetting, sleep, waitFor, workspaceUri, writeWorkspaceFile } from './helpers';

const SETTINGS = ['hearth.host', 'hearth.model.chat', 'hearth.ollama.autoStart', 'hearth.workspaceIndex.enabled'];

type ChatBody = { messages: { role: string; content: string }[] };

/** An index over fixed chunks: retrieve() returns those whose text shares a word with the query. */
class FakeIndex implements WorkspaceIndexAccess {
  readonly queries: string[] = [];
  enabledAsked = 0;
  private readonly emitter = new vscode.EventEmitter<WorkspaceIndexAvailability>();
  readonly onDidChangeAvailability = this.emitter.event;
  constructor(private readonly chunks: WorkspaceChunk[]) {}
  availability(): WorkspaceIndexAvailability {
    return 'ready';
  }
  ensureEnabled(): Promise<boolean> {
    this.enabledAsked++;
    return Promise.resolve(true);
  }
  retrieve(query: string): Promise<{ availability: WorkspaceIndexAvailability; chunks: WorkspaceChunk[] }> {
    this.queries.push(query);
    const words = new Set(query.toLowerCase().match(/\w+/g) ?? []);
    return Promise.resolve({ availability: 'ready', chunks: this.chunks.filter((c) => (c.text.toLowerCase().match(/\w+/g) ?? []).some((w) => w.length > 3 && words.has(w))) });
  }
}

describe('chat mentions', function () {
  this.timeout(90_000);
  let standin: StandinOllama;
  let api: HearthApi;

  const report = (): Promise<ViewReport> => api.chat.viewReport();
  const reportWhere = (pred: (r: ViewReport) => boolean, message: string, timeoutMs = 15_000): Promise<ViewReport> =>
    waitFor(async () => {
      const r = await report();
      return pred(r) ? r : undefined;
    }, { timeoutMs, intervalMs: 100, message });
  const post = (message: unknown): Promise<void> => api.chat.postFromView(message);
  /** Posts a mention that opens a quick pick, and accepts its first item (the current file comes first). */
  const mentionWithPick = async (kind: string): Promise<void> => {
    const handled = post({ type: 'mention', kind });
    await sleep(1_000);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await handled;
  };
  const sendAndGetPrompt = async (text: string): Promise<ChatBody> => {
    const before = standin.requests.length;
    await post({ type: 'send', text });
    const request: RecordedRequest = await standin.waitForRequest((r) => r.path === '/api/chat' && standin.requests.indexOf(r) >= before, 10_000);
    await waitFor(() => request.body !== undefined, { message: 'the request body' });
    await api.chat.idle();
    return request.body as ChatBody;
  };

  before(async () => {
    standin = await StandinOllama.start({ perTokenMs: 1 });
    await setSetting('hearth.host', standin.url);
    await setSetting('hearth.model.chat', 'llama3.2:3b');
    await setSetting('hearth.ollama.autoStart', 'never');
    api = await activateExtension<HearthApi>();
    await api.chat.reveal();
  });

  after(async () => {
    await api?.chat.idle();
    api?.chat.useWorkspaceIndex(undefined);
    await resetSettings(SETTINGS);
    await closeAllEditors();
    await standin?.close();
  });

  beforeEach(async () => {
    await api.chat.idle();
    await post({ type: 'newChat' });
    standin.resetRecord();
  });

  it('@selection attaches the selected lines with their token cost; the chip can be removed before sending', async () => {
    const editor = await openWorkspaceFile('sample.ts');
    editor.selection = new vscode.Selection(9, 0, 13, 1);
    await post({ type: 'mention', kind: 'selection' });
    const r = await reportWhere((x) => x.chips.length === 1, 'the selection chip');
    assert.deepStrictEqual(r.chipDetails?.map((c) => [c.kind, c.label]), [['selection', 'sample.ts:10-14']]);
    assert.ok((r.chipDetails?.[0].tokens ?? 0) > 10, `a token cost: ${JSON.stringify(r.chipDetails)}`);
    const id = api.chat.pendingAttachments()[0].id;
    await post({ type: 'removeAttachment', id });
    await reportWhere((x) => x.chips.length === 0, 'the chip removed');
    const body = await sendAndGetPrompt('what does this do?');
    assert.strictEqual(body.messages.at(-1)?.content, 'what does this do?', 'a removed chip is not sent');
  });

  it('@selection written out in the message attaches the selection when sent', async () => {
    const editor = await openWorkspaceFile('sample.ts');
    editor.selection = new vscode.Selection(15, 0, 17, 1);
    const body = await sendAndGetPrompt('@selection what does this return?');
    const last = body.messages.at(-1)?.content ?? '';
    assert.match(last, /^sample\.ts:16-18:\n```typescript\nexport function formatCents/, last);
  });

  it('@file picks a workspace file (the current one first) and its whole text reaches the prompt', async () => {
    await openWorkspaceFile('sample.py');
    await mentionWithPick('file');
    const r = await reportWhere((x) => x.chips.length === 1, 'the file chip');
    assert.deepStrictEqual(r.chipDetails?.map((c) => [c.kind, c.label]), [['file', 'sample.py']]);
    const text = Buffer.from(await vscode.workspace.fs.readFile(workspaceUri('sample.py'))).toString('utf8');
    assert.ok((r.chipDetails?.[0].tokens ?? 0) > 0);
    const body = await sendAndGetPrompt('explain');
    assert.ok(body.messages.at(-1)?.content.includes(text.trim()), 'the file\'s text is in the prompt');
  });

  it('@problems attaches the current file\'s diagnostics, one a line, with their token cost', async () => {
    const diagnostics = vscode.languages.createDiagnosticCollection('hearth-test');
    try {
      const editor = await openWorkspaceFile('sample.ts');
      diagnostics.set(editor.document.uri, [
        Object.assign(new vscode.Diagnostic(new vscode.Range(12, 9, 12, 15), "Property 'reduce' is suspicious here.", vscode.DiagnosticSeverity.Error), { source: 'lint', code: 'R1' }),
      ]);
      diagnostics.set(workspaceUri('sample.py'), [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), 'elsewhere', vscode.DiagnosticSeverity.Warning)]);
      await mentionWithPick('problems');
      const r = await reportWhere((x) => x.chips.length === 1, 'the problems chip');
      assert.strictEqual(r.chipDetails?.[0].kind, 'problems');
      assert.match(r.chips[0], /sample\.ts/);
      assert.ok((r.chipDetails?.[0].tokens ?? 0) > 5);
      const body = await sendAndGetPrompt('fix it');
      const last = body.messages.at(-1)?.content ?? '';
      assert.match(last, /sample\.ts:13:10 error: Property 'reduce' is suspicious here\. \(lint R1\)/);
      assert.ok(!last.includes('elsewhere'), 'only the current file\'s problems');
    } finally {
      diagnostics.dispose();
    }
  });

  it('@workspace puts the retrieved chunk in the prompt with its path and lines; the answer\'s citation opens the file there', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('sample.ts'));
    const chunkText = doc.getText(new vscode.Range(9, 0, 13, 1));
    const index = new FakeIndex([{ uri: doc.uri.toString(), path: 'sample.ts', startLine: 10, endLine: 14, text: chunkText, tokens: 40 }]);
    api.chat.useWorkspaceIndex(index);
    await closeAllEditors();
    standin.setReply((ctx) => (ctx.path === '/api/chat' ? 'The total is computed by `total` in sample.ts:10-14.' : ''));
    await post({ type: 'mention', kind: 'workspace' });
    await reportWhere((x) => x.chips.join() === '@workspace', 'the @workspace chip');
    const body = await sendAndGetPrompt('how is the total price computed?');
    assert.deepStrictEqual(index.queries, ['how is the total price computed?']);
    assert.match(body.messages[0].content, /cite it exactly as labelled/, 'the system prompt asks for citations');
    const last = body.messages.at(-1)?.content ?? '';
    assert.ok(last.startsWith(`sample.ts:10-14:\n\`\`\`typescript\n${chunkText}\n\`\`\``), last);
    assert.ok(!last.includes('@workspace'));
    const r = await reportWhere((x) => (x.citations?.length ?? 0) > 0, 'the citation link');
    assert.deepStrictEqual(r.citations, ['sample.ts:10-14']);
    assert.deepStrictEqual(r.notices, []);
    // The question's chips list the sources.
    const user = api.chat.conversation().messages.find((m) => m.role === 'user');
    assert.deepStrictEqual(user?.attachments?.map((a) => a.label), ['@workspace', 'sample.ts:10-14']);
    // A follow-up that refers back is searched with what the conversation talked about.
    standin.setReply((ctx) => (ctx.path === '/api/chat' ? 'Nowhere else.' : ''));
    await sendAndGetPrompt('@workspace and where is that called?');
    assert.match(index.queries[1], /^and where is that called\? .*sample\.ts/, index.queries[1]);
    // Clicking the citation (the view posts what the link carries) opens the file at those lines.
    await post({ type: 'openSource', citation: r.citations?.[0] });
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.path.endsWith('/sample.ts') ? vscode.window.activeTextEditor : undefined), { message: 'sample.ts opened' });
    assert.deepStrictEqual([editor.selection.start.line, editor.selection.end.line], [9, 13]);
    // A citation of something outside the workspace opens nothing.
    await closeAllEditors();
    await post({ type: 'openSource', citation: '../outside.ts:1-2' });
    await sleep(300);
    assert.strictEqual(vscode.window.activeTextEditor, undefined);
  });

  it('says plainly that nothing relevant was found when retrieval is empty', async () => {
    const index = new FakeIndex([]);
    api.chat.useWorkspaceIndex(index);
    standin.setReply((ctx) => (ctx.path === '/api/chat' ? 'I could not find that in your workspace.' : ''));
    const body = await sendAndGetPrompt('@workspace where is the payment gateway configured?');
    assert.match(body.messages[0].content, /found nothing relevant/);
    assert.ok(!(body.messages.at(-1)?.content ?? '').includes('```'), 'no sources in the prompt');
    const r = await reportWhere((x) => x.notices.length > 0, 'the notice');
    assert.ok(r.notices.some((n) => /Nothing relevant to this question was found in the workspace/.test(n)), r.notices.join(' | '));
    assert.strictEqual(api.chat.conversation().messages.at(-1)?.workspaceNote, 'nothingFound');
  });

  it('@workspace over the real index: the file that holds the answer is in the prompt, and its citation opens it at its lines', async () => {
    api.chat.useWorkspaceIndex(undefined);
    // A small workspace whose answer is in one file; the others share words with neither the question nor it.
    await writeWorkspaceFile('src/payments/gateway.ts', [
      '// The payment gateway: where the shop talks to the card processor.',
      '',
      'export interface GatewayOptions {',
      '  endpoint: string;',
      '  retries: number;',
      '}',
      '',
      '/** Configures the payment gateway from the environment: the endpoint comes from PAYMENT_ENDPOINT. */',
      'export function configurePaymentGateway(env: Record<string, string>): GatewayOptions {',
      "  return { endpoint: env.PAYMENT_ENDPOINT ?? 'https://pay.example', retries: 3 };",
      '}',
      '',
    ].join('\n'));
    await writeWorkspaceFile('src/ui/theme.ts', 'export const colours = { background: "#222", foreground: "#eee" };\nexport function darken(hex: string): string {\n  return hex;\n}\n');
    await writeWorkspaceFile('docs/notes.md', '# Notes\n\nThe release checklist lives in the wiki.\n');
    await setSetting('hearth.workspaceIndex.enabled', true, vscode.ConfigurationTarget.Workspace);
    const index = api.workspaceIndex;
    await index.evaluate(true);
    await waitFor(async () => {
      await index.whenIdle();
      return index.availability() === 'ready' || index.availability() === 'noModel' ? true : undefined;
    }, { timeoutMs: 60_000, intervalMs: 250, message: `the index built (now ${index.availability()})` });
    standin.setReply((ctx) => {
      if (ctx.path !== '/api/chat') return '';
      const label = /^(src\/payments\/gateway\.ts:\d+-\d+):$/m.exec(ctx.prompt)?.[1];
      return label ? `configurePaymentGateway reads PAYMENT_ENDPOINT (${label}).` : 'Not found.';
    });
    const body = await sendAndGetPrompt('@workspace how is the payment gateway configured?');
    const last = body.messages.at(-1)?.content ?? '';
    const label = /^(src\/payments\/gateway\.ts):(\d+)-(\d+):$/m.exec(last);
    assert.ok(label, `the gateway file's chunk is in the prompt with its path and lines:\n${last.slice(0, 2000)}`);
    assert.match(last, /export function configurePaymentGateway/);
    const firstSource = /^([\w./-]+):\d+-\d+:$/m.exec(last)?.[1];
    assert.strictEqual(firstSource, 'src/payments/gateway.ts', 'the best source comes first');
    // The relevance floor: a file that shares nothing with the question is not sent just because it ranked.
    assert.doesNotMatch(last, /^src\/ui\/theme\.ts:\d+-\d+:$/m, 'the unrelated theme file is not in the prompt');
    const r = await reportWhere((x) => (x.citations?.length ?? 0) > 0, 'the citation link');
    const citation = `${label[1]}:${label[2]}-${label[3]}`;
    assert.deepStrictEqual(r.citations, [citation]);
    await closeAllEditors();
    await post({ type: 'openSource', citation });
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.path.endsWith('/src/payments/gateway.ts') ? vscode.window.activeTextEditor : undefined), { message: 'the gateway file opened' });
    assert.deepStrictEqual([editor.selection.start.line + 1, editor.selection.end.line + 1], [Number(label[2]), Number(label[3])]);
    await setSetting('hearth.workspaceIndex.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    // The stored index must not outlive this test: the next suite starts from a workspace never indexed.
    await vscode.commands.executeCommand('hearth.workspaceIndex.delete');
  });

  it('@folder picks a folder (the current file\'s first) and attaches its listing and the start of its main files', async () => {
    await writeWorkspaceFile('lib/alpha/README.md', '# Alpha\n\nAlpha turns widgets into gadgets.\n');
    await writeWorkspaceFile('lib/alpha/index.ts', "export { makeGadget } from './deep/make';\n");
    await writeWorkspaceFile('lib/alpha/deep/make.ts', 'export function makeGadget(): string {\n  return "gadget";\n}\n');
    await openWorkspaceFile('lib/alpha/index.ts');
    await mentionWithPick('folder');
    const r = await reportWhere((x) => x.chips.length === 1, 'the folder chip');
    assert.deepStrictEqual(r.chipDetails?.map((c) => [c.kind, c.label]), [['folder', 'lib/alpha/']]);
    const body = await sendAndGetPrompt('what is this folder for?');
    const last = body.messages.at(-1)?.content ?? '';
    assert.match(last, /lib\/alpha\/\n {2}README\.md\n {2}deep\/make\.ts\n {2}index\.ts/, last);
    assert.match(last, /--- README\.md \(start\) ---\n# Alpha\n\nAlpha turns widgets into gadgets\./);
  });

  it('@changes says clearly when there is no repository, and attaches the working tree\'s diff when there is', async () => {
    const root = workspaceFolder().uri.fsPath;
    await post({ type: 'mention', kind: 'changes' });
    let r = await reportWhere((x) => x.banner !== undefined, 'the note about Git');
    assert.match(r.banner ?? '', /no Git repository|needs Git/, r.banner);
    await post({ type: 'dismissBanner' });
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
    try {
      git('init', '-q');
      git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', 'sample.py');
      git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init');
      const file = workspaceUri('sample.py');
      const text = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
      await vscode.workspace.fs.writeFile(file, Buffer.from(`${text}# hearth-change-marker\n`));
      await vscode.commands.executeCommand('git.openRepository', root);
      r = await waitFor(async () => {
        await post({ type: 'mention', kind: 'changes' });
        const now = await report();
        if (now.chips.length) return now;
        await post({ type: 'dismissBanner' });
        return undefined;
      }, { timeoutMs: 20_000, intervalMs: 500, message: 'the changes chip' });
      assert.deepStrictEqual(r.chipDetails?.map((c) => c.kind), ['changes']);
      assert.ok((r.chipDetails?.[0].tokens ?? 0) > 5);
      const body = await sendAndGetPrompt('review my changes');
      const last = body.messages.at(-1)?.content ?? '';
      assert.match(last, /^\+# hearth-change-marker$/m, last.slice(0, 1500));
      assert.match(last, /^# Not staged$/m);
      git('checkout', '-q', '--', 'sample.py');
    } finally {
      // VS Code's Git extension runs `git check-ignore` for open files on a timer; removing .git under a pending
      // one makes it write to a git that already exited (an uncaught EPIPE in the extension host, failing
      // whichever test runs then). Close the files and the repository, let the timers run, then remove it.
      await closeAllEditors();
      await vscode.commands.executeCommand('git.close').then(undefined, () => undefined);
      await sleep(2_000);
      execFileSync('rm', ['-rf', `${root}/.git`]);
    }
  });

  it('@terminal attaches the last command and its output, or says that shell integration is unavailable', async () => {
    const terminal = vscode.window.createTerminal({ name: 'hearth-mentions' });
    try {
      terminal.show(true);
      const integration = await waitFor(() => terminal.shellIntegration, { timeoutMs: 15_000, intervalMs: 200, message: 'shell integration' }).catch(() => undefined);
      if (!integration) {
        await post({ type: 'mention', kind: 'terminal' });
        const r = await reportWhere((x) => x.banner !== undefined, 'the note about the terminal');
        assert.match(r.banner ?? '', /shell integration|No command has run/, r.banner);
        return;
      }
      const ended = new Promise<void>((resolve) => {
        const sub = vscode.window.onDidEndTerminalShellExecution((e) => {
          if (e.terminal === terminal) {
            sub.dispose();
            resolve();
          }
        });
      });
      // VS Code forwards a command's output in 50 ms batches and ends read() at the command's end, so the
      // output of a command that ends at once can be lost (a VS Code limitation): this one lingers a little.
      integration.executeCommand('echo hearth-$((40+2)); sleep 0.5');
      await ended;
      await post({ type: 'mention', kind: 'terminal' });
      const r = await reportWhere((x) => x.chips.length === 1 || x.banner !== undefined, 'the terminal chip');
      assert.deepStrictEqual(r.chipDetails?.map((c) => c.kind), ['terminal'], r.banner);
      assert.match(r.chips[0], /echo hearth-/);
      const body = await sendAndGetPrompt('what happened?');
      const last = body.messages.at(-1)?.content ?? '';
      assert.match(last, /\$ echo hearth-\$\(\(40\+2\)\); sleep 0\.5 \(exit code 0\)/, last);
      assert.match(last, /^hearth-42$/m);
      // eslint-disable-next-line no-control-regex -- checking that no escape sequence is left
      assert.ok(!/\u001b/.test(last), 'no escape sequences');
    } finally {
      terminal.dispose();
    }
  });

  it('the @ popup: typing @ lists the mentions, ↓ moves, Esc closes, Enter picks and the @… leaves the text', async function () {
    if (!canScreenshot()) this.skip();
    // No editor yet: keys pressed before the focus reaches the chat must not edit a file.
    await closeAllEditors();
    await vscode.commands.executeCommand('hearth.chat.newChat');
    await api.chat.reveal();
    // Type until the box holds the text (the focus reaches the view's frame a moment after it shows).
    await waitFor(async () => {
      await pressKeys([{ press: 'ControlOrMeta+A' }, { press: 'Backspace' }, { type: 'explain @' }]);
      return (await report()).draft === 'explain @';
    }, { timeoutMs: 15_000, intervalMs: 250, message: 'the @ typed into the chat box' });
    const editor = await openWorkspaceFile('sample.ts', { preserveFocus: true });
    editor.selection = new vscode.Selection(2, 0, 7, 1);
    let r = await reportWhere((x) => x.mentionPopup !== undefined, 'the popup');
    assert.deepStrictEqual(r.mentionPopup?.items, ['workspace', 'file', 'folder', 'problems', 'selection', 'changes', 'terminal']);
    assert.strictEqual(r.mentionPopup?.active, 'workspace');
    await pressKeys([{ press: 'ArrowDown' }]);
    r = await reportWhere((x) => x.mentionPopup?.active === 'file', '↓ to @file');
    await pressKeys([{ press: 'Escape' }]);
    r = await reportWhere((x) => x.mentionPopup === undefined, 'Esc closes the popup');
    assert.strictEqual(r.draft, 'explain @', 'Esc left the text');
    await pressKeys([{ press: 'Backspace' }, { type: '@sel' }]);
    r = await reportWhere((x) => x.mentionPopup?.active === 'selection', 'the popup filtered to @selection');
    assert.deepStrictEqual(r.mentionPopup?.items, ['selection']);
    // Only what Enter causes counts (an earlier test's late request must not).
    await api.chat.idle();
    standin.resetRecord();
    await pressKeys([{ press: 'Enter' }]);
    r = await reportWhere((x) => x.chips.length === 1 || x.banner !== undefined, 'the picked mention\'s chip');
    assert.strictEqual(r.banner, undefined);
    assert.strictEqual(r.draft, 'explain ', 'the typed @sel left the text');
    assert.match(r.chips[0], /^sample\.ts:3-8$/);
    assert.strictEqual(standin.requests.filter((q) => q.path === '/api/chat').length, 0, 'Enter picked, it did not send');
  });
});
