// Inline completion and Draft here in a real VS Code against the Ollama stand-in: ghost text appears as the
// user types and Tab accepts it; typing the suggestion sends nothing; typing something else closes the
// request in flight; faults stay quiet; Draft here streams and one undo removes it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { HearthApi } from '../../src/extension';
import type { ProvidedSuggestion } from '../../src/features/inline/provider';
import { splitFimPrompt, StandinOllama, type RecordedRequest, type ReplyContext } from '../support/standin';
import { activateExtension, closeAllEditors, nextEvent, openAt, resetSettings, screenshot, setCursor, setSetting, sleep, waitFor } from './helpers';

const SETTINGS = [
  'hearth.host',
  'hearth.model.completion',
  'hearth.model.chat',
  'hearth.completion.enable',
  'hearth.completion.debounceMinMs',
  'hearth.completion.debounceMaxMs',
  'editor.quickSuggestions',
  'editor.inlineSuggest.enabled',
];
const TARGET = '    return a + b';
/** A small Python file, different per test (the cache answers identical text without asking); the cursor goes to (2, 4). */
const py = (tag: string): string => `# ${tag}\ndef add(a, b):\n    \n\nprint(add(1, 2))\n`;

/** The text of the cursor's line before the cursor, from a completion prompt of any layout. */
function linePrefixOf(ctx: ReplyContext): string {
  const prefix = ctx.suffix !== undefined ? ctx.prompt : (splitFimPrompt(ctx.prompt)?.prefix ?? ctx.prompt);
  return prefix.slice(prefix.lastIndexOf('\n') + 1);
}

/** Completes TARGET from whatever the user has typed of it. */
function completeTarget(ctx: ReplyContext): string {
  const line = linePrefixOf(ctx);
  return TARGET.startsWith(line) ? TARGET.slice(line.length) : '';
}

const generates = (standin: StandinOllama): RecordedRequest[] => standin.requests.filter((r) => r.path === '/api/generate');

async function type(text: string): Promise<void> {
  await vscode.commands.executeCommand('type', { text });
}

describe('inline completion', function () {
  this.timeout(60_000);
  let standin: StandinOllama;
  let api: HearthApi;

  /** Records what completion asks the error reporter to show, instead of showing it. */
  function captureErrors(): { shown: unknown[]; restore(): void } {
    // Counts the messages a user would see (after the reporter's de-duplication), without showing them.
    const shown: unknown[] = [];
    const presenter = api.services.errors.usePresenter(async (_msg, err) => {
      shown.push(err);
    });
    return { shown, restore: () => presenter.dispose() };
  }

  function provided(filter: (s: ProvidedSuggestion) => boolean = () => true, timeoutMs = 10_000): Promise<ProvidedSuggestion> {
    return nextEvent(api.inline.onDidProvide, filter, timeoutMs, 'a suggestion from the provider');
  }

  const overheads: number[] = [];
  const memoryAnswers: number[] = [];
  let subscription: { dispose(): void } | undefined;

  before(async () => {
    api = await activateExtension<HearthApi>();
    // Figures for the report (printed, never asserted): Hearth's own time in the real editor.
    subscription = api.inline.onEngineEvent((e) => {
      if (e.type === 'request') overheads.push(e.overheadMs);
      if (e.type === 'served' && (e.source === 'typedAhead' || e.source === 'cache')) memoryAnswers.push(e.ms);
    });
    standin = await StandinOllama.start({ perTokenMs: 2 });
    await setSetting('hearth.host', standin.url);
    await setSetting('hearth.model.completion', 'qwen2.5-coder:1.5b');
    await setSetting('hearth.model.chat', 'llama3.2:3b');
    // The word-based suggest widget would take over the moment the tests look at.
    await setSetting('editor.quickSuggestions', { other: 'off', comments: 'off', strings: 'off' });
    // VS Code 1.100 sets up its inline-completion machinery lazily and does not ask providers about the
    // first keystroke(s) of a session: type in a scratch document until it asks.
    await openAt('# warm-up\n', 'python', 1, 0);
    await waitFor(
      async () => {
        await type('x');
        await sleep(250);
        return api.inline.providerCalls() > 0;
      },
      { message: 'VS Code to ask the provider', intervalMs: 0 },
    );
    await closeAllEditors();
  });

  after(async () => {
    subscription?.dispose();
    const median = (values: number[]): string => (values.length ? [...values].sort((a, b) => a - b)[values.length >> 1].toFixed(2) : '-');
    console.log(`[inline figures] provider overhead to request p50 ${median(overheads)} ms (n=${overheads.length}); typed-ahead/cache answer p50 ${median(memoryAnswers)} ms (n=${memoryAnswers.length})`);
    await resetSettings(SETTINGS);
    await closeAllEditors();
    await standin.close();
  });

  beforeEach(async () => {
    await closeAllEditors();
    standin.setReply(completeTarget);
    standin.setDelays({ firstTokenMs: 0, perTokenMs: 2 });
    await standin.clearFaults();
    standin.resetRecord();
  });

  it('shows ghost text from the stand-in while typing, and Tab accepts it', async () => {
    const editor = await openAt(py('ghost'), 'python', 2, 4);
    const shown = provided((s) => s.text === 'eturn a + b');
    await type('r');
    const suggestion = await shown;
    assert.strictEqual(suggestion.source, 'model');
    const request = generates(standin)[0];
    const body = request.body as { prompt: string; raw: boolean; think: boolean; options: { num_ctx: number } };
    assert.ok(body.prompt.startsWith('<|fim_prefix|># Language: python\n# ghost\n'), body.prompt);
    assert.ok(body.prompt.endsWith('<|fim_middle|>    r'), body.prompt);
    assert.strictEqual(body.raw, true);
    assert.strictEqual(body.think, false);
    // The window every feature uses for this model (hearth.contextLength, 8192 by default): no reloads.
    assert.strictEqual(body.options.num_ctx, await api.services.gateway.contextWindow('qwen2.5-coder:1.5b'));
    assert.strictEqual(body.options.num_ctx, 8192);
    await sleep(300);
    const file = await screenshot('inline-ghost-text', { selector: '.part.editor' });
    if (file) console.log(`ghost text screenshot: ${file}`);
    const accepted = api.inline.accepted();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
    await waitFor(() => editor.document.lineAt(2).text === TARGET, { message: 'the suggestion to be inserted' });
    assert.strictEqual(api.inline.accepted(), accepted + 1);
  });

  it('tells the engine when each key was pressed, so that VS Code\'s own delay is not waited twice', async () => {
    await openAt(py('key-time'), 'python', 2, 4);
    const calls: { sinceKeyMs?: number }[] = [];
    const listener = api.inline.onEngineEvent((e) => {
      if (e.type === 'call') calls.push(e);
    });
    try {
      const shown = provided();
      await type('r');
      await shown;
    } finally {
      listener.dispose();
    }
    assert.ok(calls.length > 0);
    assert.ok(calls.every((c) => c.sinceKeyMs !== undefined && c.sinceKeyMs >= 0), JSON.stringify(calls));
  });

  it('sends no request while the user types the suggested characters', async () => {
    const editor = await openAt(py('typed'), 'python', 2, 4);
    const shown = provided((s) => s.text === 'eturn a + b');
    await type('r');
    await shown;
    await sleep(200);
    standin.resetRecord();
    const served: ProvidedSuggestion[] = [];
    const listener = api.inline.onDidProvide((s) => served.push(s));
    try {
      for (const ch of 'etur') {
        await type(ch);
        await sleep(150);
      }
    } finally {
      listener.dispose();
    }
    assert.strictEqual(generates(standin).length, 0, 'typing the ghost text sent no request');
    assert.ok(served.every((s) => s.source === 'typedAhead' || s.source === 'cache'), JSON.stringify(served));
    await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
    await waitFor(() => editor.document.lineAt(2).text === TARGET, { message: 'the rest of the suggestion to be inserted' });
  });

  it('closes the request in flight when the user types something else', async () => {
    standin.setDelays({ firstTokenMs: 0, perTokenMs: 400 });
    await openAt(py('abort'), 'python', 2, 4);
    await type('r');
    const request = await standin.waitForRequest((r) => r.path === '/api/generate' && r.tokensSent >= 1, 10_000);
    await type('x');
    await standin.waitForClose(request, 5_000);
    assert.strictEqual(request.closedEarly, true, 'the stand-in saw the connection close');
    assert.ok(request.tokensSent < 5, `it stopped generating (${request.tokensSent} tokens)`);
    assert.ok(standin.maxInFlight <= 1, `max in flight ${standin.maxInFlight}`);
  });

  it('never shows a suggestion that arrives after the cursor moved away', async () => {
    standin.setDelays({ firstTokenMs: 600, perTokenMs: 2 });
    const editor = await openAt(py('late'), 'python', 2, 4);
    const seen: ProvidedSuggestion[] = [];
    const listener = api.inline.onDidProvide((s) => seen.push(s));
    try {
      await type('r');
      const request = await standin.waitForRequest((r) => r.path === '/api/generate', 10_000);
      setCursor(editor, 4, 0);
      await standin.waitForClose(request, 5_000);
      assert.strictEqual(request.closedEarly, true);
      await sleep(800);
    } finally {
      listener.dispose();
    }
    assert.deepStrictEqual(seen, []);
  });

  it('suggests on demand (Alt+\\ command) while automatic completion is paused', async () => {
    await vscode.commands.executeCommand('hearth.completion.pause');
    try {
      assert.strictEqual(api.inline.paused(), true);
      const editor = await openAt(py('manual'), 'python', 2, 4);
      await type('r');
      await sleep(700);
      assert.strictEqual(generates(standin).length, 0, 'paused: typing asks nothing');
      const shown = provided((s) => s.trigger === 'manual');
      await vscode.commands.executeCommand('hearth.completion.trigger');
      assert.strictEqual((await shown).text, 'eturn a + b');
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      await waitFor(() => editor.document.lineAt(2).text === TARGET, { message: 'the manual suggestion to be inserted' });
    } finally {
      await vscode.commands.executeCommand('hearth.completion.resume');
    }
    assert.strictEqual(api.inline.paused(), false);
  });

  it('stays quiet in languages where it is off, and in minified or binary-looking text', async () => {
    await setSetting('hearth.completion.enable', { '*': true, python: false });
    try {
      await openAt(py('off'), 'python', 2, 4);
      await type('r');
      await sleep(700);
      assert.strictEqual(generates(standin).length, 0, 'off for python');
    } finally {
      await setSetting('hearth.completion.enable', undefined);
    }
    await openAt(`var a=${'1,'.repeat(3000)}2;\n`, 'javascript', 0, 10);
    await type('x');
    await openAt('abc\u0000\u0001\u0002def\n\n', 'plaintext', 1, 0);
    await type('x');
    await sleep(700);
    assert.strictEqual(generates(standin).length, 0, 'no request for a long line or binary text');
  });

  it('reads only a window around the cursor in a very large document', async () => {
    const big = `${'x = compute(x)  # a line of filler text\n'.repeat(200_000)}def add(a, b):\n    \n`;
    await openAt(big, 'python', 200_001, 4);
    const shown = provided();
    await type('r');
    await shown;
    const body = generates(standin)[0].body as { prompt: string };
    assert.ok(body.prompt.length < 8_000, `prompt of ${body.prompt.length} characters`);
    assert.ok(body.prompt.includes('def add(a, b):'));
  });

  it('says a missing model in its status item, never in a notification, and sends nothing', async () => {
    const errors = captureErrors();
    try {
      await setSetting('hearth.model.completion', 'llama9:7b');
      await openAt(py('missing'), 'python', 2, 4);
      for (const ch of 'return') {
        await type(ch);
        await sleep(250);
      }
      await sleep(500);
      assert.strictEqual(errors.shown.length, 0, `background work raises no notification: ${errors.shown.length}`);
      const item = api.inline.statusItem();
      assert.match(item.text, /\$\(warning\)/);
      assert.match(item.tooltip, /llama9:7b is not installed/);
      assert.strictEqual(generates(standin).length, 0);
    } finally {
      errors.restore();
      await setSetting('hearth.model.completion', 'qwen2.5-coder:1.5b');
    }
  });

  it('refuses a model that cannot complete (embedding), said in its status item', async () => {
    const errors = captureErrors();
    try {
      await setSetting('hearth.model.completion', 'nomic-embed-text');
      await openAt(py('embedding'), 'python', 2, 4);
      for (const ch of 'ret') {
        await type(ch);
        await sleep(250);
      }
      await sleep(300);
      assert.strictEqual(errors.shown.length, 0);
      assert.match(api.inline.statusItem().tooltip, /nomic-embed-text cannot/);
      assert.strictEqual(generates(standin).length, 0);
    } finally {
      errors.restore();
      await setSetting('hearth.model.completion', 'qwen2.5-coder:1.5b');
    }
  });

  it('shows the first line of a block at once, then the whole block without a Tab', async () => {
    const block = 'total = a + b\n    print(total)\n    return total';
    standin.setReply(() => block);
    standin.setDelays({ perTokenMs: 30 });
    try {
      await openAt(py('block'), 'python', 2, 4);
      standin.resetRecord();
      const firstLine = provided((s) => s.text === 'total = a + b');
      const whole = provided((s) => s.text === block, 15_000);
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      await firstLine;
      await whole;
      assert.strictEqual(generates(standin).length, 1, 'the whole block comes from the same request');
    } finally {
      standin.setReply(completeTarget);
      standin.setDelays({ perTokenMs: 2 });
    }
  });

  it('sends the request for a new line on the Enter itself, before VS Code asks, and shows its answer', async () => {
    const editor = await openAt('# enter\ndef add(a, b):\n\nprint(add(1, 2))\n', 'python', 1, 14);
    standin.resetRecord();
    // How many times VS Code had asked when each request went out.
    const callsAtRequest: number[] = [];
    const listener = api.inline.onEngineEvent((e) => {
      if (e.type === 'request') callsAtRequest.push(api.inline.providerCalls());
    });
    try {
      const callsBefore = api.inline.providerCalls();
      const shown = provided((s) => s.text === 'return a + b');
      await type('\n');
      const suggestion = await shown;
      assert.strictEqual(editor.document.lineAt(2).text, '    ', 'the editor indented the new line');
      assert.deepStrictEqual(callsAtRequest, [callsBefore], 'one request, sent before VS Code asked');
      assert.strictEqual(suggestion.source, 'model', "VS Code's call took the request sent on the Enter");
      const requests = generates(standin);
      assert.strictEqual(requests.length, 1);
      assert.ok((requests[0].body as { prompt: string }).prompt.endsWith('<|fim_middle|>    '));
    } finally {
      listener.dispose();
    }
  });

  it('sends nothing on an Enter where inline suggestions are off: VS Code\'s setting, or Hearth\'s for the language', async () => {
    const off: [setting: string, value: unknown, why: string][] = [
      ['editor.inlineSuggest.enabled', false, 'editor.inlineSuggest.enabled is off'],
      ['hearth.completion.enable', { '*': true, python: false }, 'off for python'],
    ];
    for (const [setting, value, why] of off) {
      await setSetting(setting, value);
      try {
        await openAt(`# enter ${setting}\ndef add(a, b):\n\nprint(add(1, 2))\n`, 'python', 1, 14);
        standin.resetRecord();
        await type('\n');
        await sleep(700);
        assert.strictEqual(generates(standin).length, 0, why);
      } finally {
        await setSetting(setting, undefined);
      }
    }
  });

  it('closes the request sent on an Enter when the user types on at once', async () => {
    standin.setDelays({ firstTokenMs: 0, perTokenMs: 400 });
    await openAt('# enter-typed\ndef add(a, b):\n\nprint(add(1, 2))\n', 'python', 1, 14);
    standin.resetRecord();
    await type('\n');
    const request = await standin.waitForRequest((r) => r.path === '/api/generate', 10_000);
    await type('x');
    await standin.waitForClose(request, 5_000);
    assert.strictEqual(request.closedEarly, true, 'the stand-in saw the connection close');
    assert.ok(standin.maxInFlight <= 1, `max in flight ${standin.maxInFlight}`);
  });

  it('strips thinking from a thinking model and asks it not to think', async () => {
    await setSetting('hearth.model.completion', 'qwen3:4b');
    try {
      standin.setReply((ctx) => `<think>the user writes a sum</think>${completeTarget(ctx)}`);
      await openAt(py('thinking'), 'python', 2, 4);
      const shown = provided();
      await type('r');
      assert.strictEqual((await shown).text, 'eturn a + b');
      const body = generates(standin)[0].body as { think: boolean; raw: boolean };
      assert.strictEqual(body.think, false);
      assert.strictEqual(body.raw, true, 'qwen3 has no insert: plain continuation in raw mode');
    } finally {
      await setSetting('hearth.model.completion', 'qwen2.5-coder:1.5b');
    }
  });

  it('reports its model, prompt layout and counts in Check Connection', async () => {
    const result = await vscode.commands.executeCommand<{ ok: boolean; facts: { completion?: { format?: string; requests?: number } }; markdown: string }>(
      'hearth.checkConnection',
      { quiet: true },
    );
    assert.strictEqual(result.ok, true);
    assert.strictEqual(result.facts.completion?.format, 'qwen');
    assert.ok((result.facts.completion?.requests ?? 0) > 0);
    assert.match(result.markdown, /qwen fill-in-the-middle tokens/);
  });

  it('stays silent while the daemon is down: no notification, and it recovers', async () => {
    const errors = captureErrors();
    try {
      await standin.addFault({ fault: { kind: 'refuse' } });
      await openAt(py('down'), 'python', 2, 4);
      for (const ch of 'return') {
        await type(ch);
        await sleep(300);
      }
      assert.strictEqual(errors.shown.length, 0, `messages: ${errors.shown.length}`);
      await standin.clearFaults();
      // A settings change makes completion try again at once (otherwise it waits out its back-off).
      await setSetting('hearth.completion.debounceMinMs', 60);
      const shown = provided();
      await type(' ');
      await shown;
    } finally {
      errors.restore();
    }
  });
});

describe('inline completion: Draft here', function () {
  this.timeout(60_000);
  let standin: StandinOllama;
  let api: HearthApi;
  const DRAFT = 'Apples, pears and bread.\nMilk for the week.';

  before(async () => {
    api = await activateExtension<HearthApi>();
    standin = await StandinOllama.start({ perTokenMs: 5 });
    await setSetting('hearth.host', standin.url);
    await setSetting('hearth.model.chat', 'llama3.2:3b');
  });

  after(async () => {
    await resetSettings(SETTINGS);
    await closeAllEditors();
    await standin.close();
  });

  beforeEach(async () => {
    await closeAllEditors();
    standin.setDelays({ perTokenMs: 5 });
    standin.resetRecord();
  });

  it('streams a draft for the heading at the cursor, and one undo removes all of it', async () => {
    standin.setReply((ctx) => (ctx.path === '/api/chat' ? `\`\`\`markdown\n${DRAFT}\n\`\`\`\nI hope this helps!` : ''));
    const original = '# Groceries\n\n\n## Later\n';
    const editor = await openAt(original, 'markdown', 2, 0);
    const outcome = await api.inline.draft({ instruction: '' });
    assert.strictEqual(outcome.status, 'done');
    assert.strictEqual(editor.document.getText(), `# Groceries\n\n${DRAFT}\n## Later\n`, 'the fence and the chatter after it are dropped');
    const chat = standin.requests.find((r) => r.path === '/api/chat');
    const messages = (chat?.body as { messages: { content: string }[]; think: boolean }).messages;
    assert.match(messages[messages.length - 1].content, /Instruction: Groceries/);
    assert.ok(chat && chat.tokensSent > 3, 'it streamed');
    await vscode.commands.executeCommand('undo');
    await waitFor(() => editor.document.getText() === original, { message: 'one undo to remove the whole draft' });
  });

  it('stops at once when cancelled, keeping what was written, removable with one undo', async () => {
    standin.setDelays({ perTokenMs: 150 });
    standin.setReply(() => 'one two three four five six seven eight nine ten eleven twelve');
    const original = 'Notes:\n';
    const editor = await openAt(original, 'plaintext', 1, 0);
    const drafting = api.inline.draft({ instruction: 'count to twelve' });
    const request = await standin.waitForRequest((r) => r.path === '/api/chat' && r.tokensSent >= 2, 10_000);
    await waitFor(() => editor.document.getText().length > original.length, { message: 'some text to arrive' });
    await vscode.commands.executeCommand('hearth.draftHere.stop');
    const outcome = await drafting;
    assert.strictEqual(outcome.status, 'cancelled');
    await standin.waitForClose(request, 5_000);
    assert.strictEqual(request.closedEarly, true);
    assert.ok(editor.document.getText().startsWith(`${original}one`));
    await vscode.commands.executeCommand('undo');
    await waitFor(() => editor.document.getText() === original, { message: 'one undo to remove the partial draft' });
  });

  it('asks for an instruction when there is no comment or heading at the cursor', async () => {
    await openAt('plain words\n', 'plaintext', 0, 5);
    const outcome = await api.inline.draft({ instruction: '  ' });
    assert.strictEqual(outcome.status, 'noInstruction');
    assert.strictEqual(standin.requests.filter((r) => r.path === '/api/chat').length, 0);
  });
});
