// What the user reads when the thing at the Ollama address answers with an error page (a proxy, another
// program) or goes quiet in the middle of a command: a sentence naming the host and the status, never the
// page; a notice "Ollama has not answered for N s…" that Hearth takes away again when data comes, and whose
// Cancel stops the command. Against the stand-in, with translate selection as the command.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { HearthApi } from '../../src/extension';
import type { TranslateSelectionResult } from '../../src/features/translate/selection';
import type { UserMessage } from '../../src/platform/errors';
import type { StallNotice } from '../../src/platform/stallPrompt';
import { StandinOllama } from '../support/standin';
import { activateExtension, canScreenshot, closeAllEditors, openDoc, queryDom, resetSettings, setSetting, waitFor } from './helpers';

const SETTINGS = ['hearth.host', 'hearth.model.translate', 'hearth.model.chat', 'hearth.translate.targetLanguage'];

async function translateSelection(): Promise<TranslateSelectionResult> {
  await openDoc('Good morning, world.', 'plaintext');
  return (await vscode.commands.executeCommand<TranslateSelectionResult>('hearth.translate.selection', { replace: true }))!;
}

describe('replies that are not Ollama’s, and quiet streams', function () {
  this.timeout(60_000);
  let api: HearthApi;
  let standin: StandinOllama;
  let shown: UserMessage[];
  let presenter: { dispose(): void } | undefined;
  let times: HearthApi['services']['gateway']['stallTimes'];

  before(async () => {
    api = await activateExtension<HearthApi>();
    standin = await StandinOllama.start();
    standin.setReply(() => ({ text: '早上好，世界。' }));
    await setSetting('hearth.host', standin.url);
    await setSetting('hearth.model.translate', 'llama3.2:3b');
    await setSetting('hearth.translate.targetLanguage', 'zh-cn');
    times = api.services.gateway.stallTimes;
  });

  beforeEach(async () => {
    shown = [];
    presenter = api.services.errors.usePresenter(async (msg) => {
      shown.push(msg);
    });
    standin.resetRecord();
    standin.setDelays({ firstTokenMs: 0, perTokenMs: 0 });
    await standin.clearFaults();
  });

  afterEach(async () => {
    presenter?.dispose();
    api.services.gateway.stallTimes = times;
    await closeAllEditors();
  });

  after(async () => {
    await resetSettings(SETTINGS);
    await standin.close();
  });

  it('an HTML error page (HTTP 500) reads as another program or a proxy at the host, without the page', async () => {
    await standin.addFault({ fault: { kind: 'status', status: 500, contentType: 'html' }, path: '/api/chat', times: 1 });
    const result = await translateSelection();
    assert.strictEqual(result.status, 'failed');
    await waitFor(() => shown.length > 0, { message: 'the message' });
    assert.strictEqual(shown.length, 1);
    const message = shown[0].message;
    assert.ok(message.includes(standin.url), message);
    assert.match(message, /HTTP 500/);
    assert.match(message, /another program or a proxy/i);
    assert.doesNotMatch(message, /<|nginx|Internal Server Error/);
    assert.ok(shown[0].actions.some((a) => a.command === 'hearth.showLogs'), 'the page is in the log, one click away');
  });

  it('a plain-text 502 reads as a proxy that got no answer; a 403 as a refusal asking for credentials', async () => {
    await standin.addFault({ fault: { kind: 'status', status: 502, error: 'Bad Gateway\n', contentType: 'text' }, path: '/api/chat', times: 1 });
    assert.strictEqual((await translateSelection()).status, 'failed');
    await standin.addFault({ fault: { kind: 'status', status: 403, contentType: 'html' }, path: '/api/chat', times: 1 });
    assert.strictEqual((await translateSelection()).status, 'failed');
    await waitFor(() => shown.length >= 2, { message: 'two messages' });
    assert.match(shown[0].message, /proxy.*HTTP 502/);
    assert.doesNotMatch(shown[0].message, /Bad Gateway/);
    assert.match(shown[1].message, /refused access \(HTTP 403\).*credentials/);
    assert.ok(shown.every((m) => m.message.includes(standin.url)));
  });

  it('a stream whose headers came and then nothing: the notice says so with Cancel, and Cancel stops the command quietly', async () => {
    api.services.gateway.stallTimes = { loadingMs: 1_500, waitingMs: 500, streamingMs: 500 };
    await standin.addFault({ fault: { kind: 'stall', afterTokens: 0, headers: true }, path: '/api/chat', times: 1 });
    const notices: StallNotice[] = [];
    const stalls = api.services.stalls.usePresenter(async (notice) => {
      notices.push(notice);
      return 'cancel';
    });
    try {
      const result = await translateSelection();
      assert.strictEqual(result.status, 'cancelled');
      assert.strictEqual(notices.length, 1);
      assert.match(notices[0].message, /Ollama has not answered for \d+ s \(the model llama3\.2:3b/);
      assert.deepStrictEqual(notices[0].actions, ['Cancel']);
      const req = standin.requests.find((r) => r.path === '/api/chat');
      assert.ok(req?.headersSentAt !== undefined, 'the headers had arrived');
      await standin.waitForClose(req);
      assert.ok(req.closedEarly, 'the request was closed');
      assert.deepStrictEqual(shown, [], 'no error on top of the user’s own Cancel, and nothing about reaching Ollama');
    } finally {
      stalls.dispose();
    }
  });

  it('the notice goes away by itself when the answer comes after all', async () => {
    api.services.gateway.stallTimes = { loadingMs: 400, waitingMs: 400, streamingMs: 400 };
    standin.setDelays({ firstTokenMs: 2_500, perTokenMs: 0 });
    let ended: 'over' | 'answered' | undefined;
    const stalls = api.services.stalls.usePresenter(
      (notice) =>
        new Promise((resolve) => {
          notice.info.over.addEventListener('abort', () => {
            ended = 'over';
            resolve('wait');
          });
        }),
    );
    try {
      const result = await translateSelection();
      assert.strictEqual(result.status, 'replaced', result.message);
      assert.strictEqual(ended, 'over');
      assert.deepStrictEqual(shown, []);
    } finally {
      stalls.dispose();
    }
  });

  it('in the chat: an answer that stops half way asks, and Cancel keeps what came as a stopped answer, without an error', async () => {
    await setSetting('hearth.model.chat', 'llama3.2:3b');
    api.services.gateway.stallTimes = { loadingMs: 1_500, waitingMs: 500, streamingMs: 500 };
    await api.chat.reveal();
    await api.chat.postFromView({ type: 'newChat' });
    standin.scriptReplies(['one two three four five six seven eight']);
    await standin.addFault({ fault: { kind: 'stall', afterTokens: 3 }, path: '/api/chat', times: 1 });
    const notices: StallNotice[] = [];
    const stalls = api.services.stalls.usePresenter(async (notice) => {
      notices.push(notice);
      return 'cancel';
    });
    try {
      await api.chat.postFromView({ type: 'send', text: 'Count' });
      await api.chat.idle();
      const answer = api.chat.conversation().messages.at(-1);
      const requests = standin.requests.filter((r) => r.path === '/api/chat').map((r) => ({ tokens: r.tokensSent, closedEarly: r.closedEarly }));
      const seen = JSON.stringify({ answer, requests, notices: notices.map((n) => n.info.phase) });
      assert.strictEqual(answer?.status, 'stopped', seen);
      assert.match(answer?.content ?? '', /^one two/, seen);
      assert.deepStrictEqual(notices.map((n) => n.info.phase), ['streaming']);
      assert.match(notices[0].message, /stopped in the middle of its answer/);
      assert.deepStrictEqual(shown, []);
    } finally {
      stalls.dispose();
      await setSetting('hearth.model.chat', undefined);
    }
  });

  it('in the window: a progress notification with Cancel that ends when the answer comes', async function () {
    if (!canScreenshot()) this.skip();
    api.services.gateway.stallTimes = { loadingMs: 400, waitingMs: 400, streamingMs: 400 };
    standin.setDelays({ firstTokenMs: 6_000, perTokenMs: 0 });
    const running = translateSelection();
    const toast = '.notifications-toasts .notification-list-item';
    const found = await waitFor(async () => (await queryDom(toast))?.find((e) => /has not answered for/.test(e.text)), { timeoutMs: 5_000, message: 'the stall notification' });
    assert.match(found.text, /Cancel/);
    const result = await running;
    assert.strictEqual(result.status, 'replaced', result.message);
    await waitFor(async () => !(await queryDom(toast))?.some((e) => /has not answered for/.test(e.text)), { timeoutMs: 5_000, message: 'the stall notification to go away' });
  });
});
