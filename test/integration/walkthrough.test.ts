// The "Get started with Hearth" walkthrough in a real VS Code, as a new user meets it: its steps as
// contributed, the palette command opening it, and each step checking itself when the user does the
// thing against the stand-in: Hearth finds the `ollama` fixture, starts it, pulls the recommended models
// from the stand-in's registry, and the sample's suggestion, summary, translation and chat answer each
// complete their step. Runs first (test/integration/index.ts): VS Code checks a step the first time its
// context key becomes true, so the profile must be one where nothing has been done yet.
// How long each step took, from the user's action to the step being complete, goes to
// .vscode-test/out/first-run-timings.json (figures for the report, never asserted).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { StartResult } from '../../src/core/daemon';
import type { PullOutcome } from '../../src/core/models/pull';
import { RECOMMENDATIONS } from '../../src/core/models/catalogue';
import { contextKeyOf, MILESTONES, type Milestone } from '../../src/core/walkthrough/progress';
import type { HearthApi } from '../../src/extension';
import type { SummarizeResult } from '../../src/features/summarize';
import type { TranslateCommentsResult } from '../../src/features/translate';
import type { OpenedSample } from '../../src/features/walkthrough/samples';
import type { ModelPrompts, ProgressReporter } from '../../src/features/models/prompts';
import { Commands } from '../../src/platform/commands';
import type { ErrorContext } from '../../src/platform/errors';
import {
  activateExtension, canScreenshot, closeAllEditors, EXTENSION_ID, nextEvent, queryDom, resetSettings, screenshot, setSetting, waitFor,
} from './helpers';
import { freePort } from '../support/freePort';

const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'bin', 'ollama');
const SETTINGS = ['hearth.host', 'hearth.ollama.path', 'hearth.ollama.env', 'hearth.ollama.autoStart', 'hearth.translate.preview', 'workbench.colorTheme'];
const STEP_OF: Record<Milestone, string> = {
  ollamaFound: 'ollama', ollamaRunning: 'start', modelsReady: 'models', drafted: 'draft', summarized: 'summarize', translated: 'translate', chatted: 'chat',
};
/** English for the Chinese comments of the sample an English UI gets (media/walkthrough/samples/translate.zh-cn.py). */
const DICTIONARY: Record<string, string> = {
  '这个示例的注释是中文的。“Hearth: Translate Comments” 会把注释翻译成你的界面语言，代码保持不变。':
    'The comments of this sample are in Chinese. "Hearth: Translate Comments" translates them into the language of your interface and leaves the code as it is.',
  '令牌桶限流器：每秒补充 rate 个令牌，最多存 burst 个。': 'Token bucket: refills `rate` tokens per second and holds at most `burst`.',
  '一开始桶是满的，所以启动时允许一小阵突发请求': 'The bucket starts full, so a short burst of requests is allowed at start-up',
  '按距上次调用经过的时间补充令牌，但不超过桶的容量': 'Refill by the time since the last call, but never beyond the capacity of the bucket',
  '令牌不够：调用方应当稍后重试': 'Not enough tokens: the caller should try again later',
};
/** When E2E_README_SHOTS=1, the README's shot of the walkthrough goes to media/screenshots/ (three levels up from out/test/integration/). */
const README_SHOT = path.resolve(__dirname, '..', '..', '..', 'media', 'screenshots', 'walkthrough.png');

interface Timing {
  step: string;
  milestone: Milestone;
  action: string;
  /** From the action to Hearth recording the milestone (its context key set). */
  msToContextKey: number;
  /** From the action to VS Code showing the step checked (measured by polling the page every 100 ms). */
  msToChecked?: number;
}

/** Counts the notifications the models feature would show, and lets progress and status notes pass. */
class CountingPrompts implements ModelPrompts {
  readonly notes: string[] = [];
  readonly statuses: string[] = [];
  constructor(private readonly report: (err: unknown, ctx?: ErrorContext) => Promise<void>) {}
  async notify(_severity: 'info' | 'warning' | 'error', message: string): Promise<string | undefined> {
    this.notes.push(message);
    return undefined;
  }
  async confirm(): Promise<string | undefined> {
    return undefined;
  }
  async pick<T>(): Promise<T | undefined> {
    return undefined;
  }
  async input(): Promise<string | undefined> {
    return undefined;
  }
  progress<T>(_title: string, task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>): Promise<T> {
    return task({ report: () => undefined }, new AbortController().signal);
  }
  status(message: string): void {
    this.statuses.push(message);
  }
  reportError(err: unknown, ctx?: ErrorContext): Promise<void> {
    return this.report(err, ctx);
  }
}

describe('Get Started walkthrough', function () {
  this.timeout(120_000);
  let api: HearthApi;
  let workDir: string;
  const timings: Timing[] = [];
  /** What a new user would see pop up over the whole journey (errors and the models feature's notes). */
  const notifications: string[] = [];
  let counting: CountingPrompts | undefined;
  const restore: { dispose(): void }[] = [];

  /** The step elements of the open walkthrough: id (the part after the last #) → checked. */
  async function shownSteps(): Promise<Map<string, boolean> | undefined> {
    const elements = await queryDom('.getting-started-step', ['data-step-id', 'aria-checked']);
    if (!elements) return undefined;
    const ours = elements.filter((e) => e.attributes['data-step-id']?.startsWith(`${api.walkthrough.id}#`));
    return new Map(ours.map((e) => [e.attributes['data-step-id']!.split('#').pop()!, e.attributes['aria-checked'] === 'true']));
  }

  /** Brings the walkthrough's tab to the front of its column, as a user clicking it would. */
  async function revealWalkthrough(): Promise<void> {
    const isWalkthrough = (t: vscode.Tab): boolean => t.label.startsWith('Walkthrough');
    const group = vscode.window.tabGroups.all.find((g) => g.tabs.some(isWalkthrough));
    if (!group || group.activeTab && isWalkthrough(group.activeTab)) return;
    const focusGroup = ['workbench.action.focusFirstEditorGroup', 'workbench.action.focusSecondEditorGroup', 'workbench.action.focusThirdEditorGroup'][group.viewColumn - 1];
    if (focusGroup) await vscode.commands.executeCommand(focusGroup);
    await vscode.commands.executeCommand(`workbench.action.openEditorAtIndex${group.tabs.findIndex(isWalkthrough) + 1}`);
    await waitFor(() => vscode.window.tabGroups.all.some((g) => g.activeTab && isWalkthrough(g.activeTab)), { message: 'the walkthrough in front' });
  }

  /** Runs the user's action, waits for the milestone and (where the runner can tell) the step checked on the page. */
  async function step(milestone: Milestone, action: string, run: () => Promise<unknown>): Promise<void> {
    assert.ok(!api.walkthrough.reached().includes(milestone), `${milestone} is not reached before the user acts`);
    const checkedBefore = await shownSteps();
    if (checkedBefore) assert.equal(checkedBefore.get(STEP_OF[milestone]), false, `the ${STEP_OF[milestone]} step is unchecked before`);
    const reached = nextEvent(api.walkthrough.onDidReach, (m) => m === milestone, 60_000, `the milestone ${milestone}`);
    const t0 = performance.now();
    let msToContextKey = 0;
    void reached.then(() => (msToContextKey = Math.round(performance.now() - t0)), () => undefined);
    await run();
    await reached;
    const timing: Timing = { step: STEP_OF[milestone], milestone, action, msToContextKey };
    if (checkedBefore) {
      await waitFor(async () => (await shownSteps())?.get(STEP_OF[milestone]), { timeoutMs: 10_000, intervalMs: 100, message: `the ${STEP_OF[milestone]} step checked on the page` });
      timing.msToChecked = Math.round(performance.now() - t0);
    }
    timings.push(timing);
    console.log(`[walkthrough] ${timing.step}: ${action} → milestone in ${timing.msToContextKey} ms, checked on the page in ${timing.msToChecked ?? '-'} ms`);
  }

  before(async () => {
    api = await activateExtension<HearthApi>();
    restore.push(api.services.errors.usePresenter(async (msg) => void notifications.push(msg.message)));
    counting = new CountingPrompts((err, ctx) => api.services.errors.show(err, ctx));
    restore.push(api.models.usePrompts(counting));
    await api.walkthrough.reset();
    api.models.setGpuMemory(undefined);
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-walkthrough-'));
    const dictionary = path.join(workDir, 'dictionary.json');
    fs.writeFileSync(dictionary, JSON.stringify(DICTIONARY));
    // Nothing may wait on a question nobody answers; the journey starts Ollama with the step's button.
    await setSetting('hearth.ollama.autoStart', 'never');
    await setSetting('hearth.translate.preview', false);
    // A fresh install: no models, comment batches answered from the dictionary.
    await setSetting('hearth.ollama.env', { HEARTH_FIXTURE_MODELS: '', HEARTH_FIXTURE_DICTIONARY: dictionary });
    await setSetting('hearth.host', `http://127.0.0.1:${await freePort()}`);
  });

  after(async () => {
    for (const r of restore) r.dispose();
    const out = process.env.E2E_SCREENSHOT_DIR ?? path.resolve(__dirname, '..', '..', '..', '.vscode-test', 'out');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'first-run-timings.json'), `${JSON.stringify({ against: 'the Ollama stand-in (test fixture `ollama`)', steps: timings }, null, 2)}\n`);
    await vscode.commands.executeCommand(Commands.stopOllama, { quiet: true });
    await api?.chat.idle();
    await closeAllEditors();
    await resetSettings(SETTINGS);
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('contributes its seven steps, each completing on a context key Hearth sets', () => {
    const json = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { walkthroughs: { id: string; title: string; steps: { id: string; title: string; completionEvents: string[]; media: { svg?: string } }[] }[] };
    };
    const walkthrough = json.contributes.walkthroughs.find((w) => `${EXTENSION_ID}#${w.id}` === api.walkthrough.id);
    assert.ok(walkthrough, `a walkthrough with the id ${api.walkthrough.id}`);
    assert.deepEqual(walkthrough.steps.map((s) => s.id), MILESTONES.map((m) => STEP_OF[m]));
    walkthrough.steps.forEach((s, i) => {
      assert.deepEqual(s.completionEvents, [`onContext:${contextKeyOf(MILESTONES[i])}`]);
      assert.ok(s.media.svg && fs.existsSync(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, s.media.svg)), `${s.id}: its media exists`);
    });
    assert.deepEqual(api.walkthrough.reached(), [], 'a new user has done nothing yet');
  });

  it('did not open by itself on this first start, because the profile turns walkthroughs on install off', () => {
    // test/support/vscode/common.mjs sets workbench.welcomePage.walkthroughs.openOnInstall: false (machine settings).
    assert.equal(vscode.workspace.getConfiguration('workbench.welcomePage').get('walkthroughs.openOnInstall'), false);
    assert.equal(api.services.context.globalState.get('hearth.walkthrough.firstRunHandled'), true, 'the first start decided');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    assert.ok(!tabs.some((label) => label.startsWith('Walkthrough')), tabs.join());
  });

  it('opens on the Get Started page from the palette command, every step unchecked', async () => {
    await vscode.commands.executeCommand(Commands.openWalkthrough);
    if (!canScreenshot()) return;
    const shown = await waitFor(async () => {
      const steps = await shownSteps();
      return steps && steps.size === MILESTONES.length ? steps : undefined;
    }, { timeoutMs: 15_000, intervalMs: 200, message: 'the walkthrough page with its steps' });
    assert.deepEqual([...shown.keys()], MILESTONES.map((m) => STEP_OF[m]));
    assert.deepEqual([...shown.values()], MILESTONES.map(() => false));
    const titles = await queryDom('.getting-started-category .category-title, .gettingStartedSlideDetails .category-title');
    assert.ok(titles?.some((t) => t.text.includes('Get started with Hearth')), JSON.stringify(titles));
    await screenshot('walkthrough-opened', { selector: '.part.editor' });
  });

  it('1. Install or find Ollama: complete when Hearth finds the binary', async () => {
    // The user installed Ollama (here: told Hearth where the fixture is) and presses Check Connection.
    await step('ollamaFound', 'set hearth.ollama.path, Check Connection', async () => {
      await setSetting('hearth.ollama.path', FIXTURE);
      await vscode.commands.executeCommand(Commands.checkConnection, { quiet: true });
    });
    assert.equal(api.walkthrough.reached().includes('ollamaRunning'), false, 'found is not running');
  });

  it('2. Start Ollama: complete when the health monitor reports connected', async () => {
    await step('ollamaRunning', 'Start Ollama', async () => {
      const result = await vscode.commands.executeCommand<StartResult>(Commands.startOllama);
      assert.equal(result?.kind, 'started', JSON.stringify(result));
    });
    assert.equal(api.daemon.status().kind, 'connected');
  });

  it('3. Pull the recommended models: complete when completion and chat each have one', async () => {
    const preferred = ['completion', 'chat'].map((f) => RECOMMENDATIONS.find((r) => r.preferred && r.features.includes(f as 'chat'))!.name);
    assert.deepEqual(await api.services.gateway.listModels({ fresh: true }), [], 'a fresh Ollama has no models');
    await step('modelsReady', `Pull ${preferred.join(', Pull ')}`, async () => {
      for (const name of preferred) {
        const outcome = await vscode.commands.executeCommand<PullOutcome>(Commands.pullModel, name);
        assert.equal(outcome?.kind, 'success', `${name}: ${JSON.stringify(outcome)}`);
        if (name === preferred[0]) assert.equal(api.walkthrough.reached().includes('modelsReady'), false, 'one model is not enough');
      }
    });
  });

  it('4. Draft inline: complete when a suggestion in the sample is accepted', async () => {
    await step('drafted', 'Try It in a Sample, Tab', async () => {
      const provided = nextEvent(api.inline.onDidProvide, (s) => s.text.length > 0, 30_000, 'a suggestion in the sample');
      const opened = await vscode.commands.executeCommand<OpenedSample>('hearth.walkthrough.openSample', 'draft');
      assert.equal(opened?.editor.document.isUntitled, false, 'the sample is a file, so closing it asks nothing');
      assert.equal(opened?.editor.document.isDirty, false);
      assert.match(opened?.editor.document.uri.path ?? '', /\/samples\/draft\.(en|zh-cn)\.ts$/);
      assert.ok(!vscode.workspace.getWorkspaceFolder(opened!.editor.document.uri), 'in Hearth\'s storage, not the user\'s files');
      await provided;
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
    });
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /export function median\(values: number\[\]\): number \{\n\s*return result;/);
  });

  it('5. Summarize: complete when the summary of the sample has finished', async () => {
    await step('summarized', 'Summarize a Sample', async () => {
      const opened = await vscode.commands.executeCommand<OpenedSample>('hearth.walkthrough.openSample', 'summarize');
      const result = opened?.result as SummarizeResult | undefined;
      assert.equal(result?.status, 'done', JSON.stringify(result?.status));
      // Two columns at most: the summary went over the walkthrough (beside the sample), and the user clicks
      // the walkthrough's tab to go on.
      assert.equal(vscode.window.tabGroups.all.length, 2, 'no third column');
      await revealWalkthrough();
    });
  });

  it('6. Translate comments: complete when the sample\'s Chinese comments were translated', async () => {
    let document: vscode.TextDocument | undefined;
    await step('translated', 'Translate a Sample', async () => {
      const opened = await vscode.commands.executeCommand<OpenedSample>('hearth.walkthrough.openSample', 'translate');
      const result = opened?.result as TranslateCommentsResult | undefined;
      assert.equal(result?.status, 'applied', result?.message);
      document = opened?.editor.document;
    });
    const text = document?.getText() ?? '';
    assert.ok(text.includes('# Not enough tokens: the caller should try again later'), text);
    assert.ok(!/[\u4e00-\u9fff]/.test(text), 'no Chinese left in an English UI\'s sample');
    assert.ok(text.includes('self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)'), 'the code is untouched');
    // Changed by the translation, yet it closes without asking to save (a prompt would keep the tab open).
    const sample = document!;
    await waitFor(() => !sample.isDirty, { message: 'the translated sample to be saved' });
    const tabOf = (): vscode.Tab | undefined => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === sample.uri.toString());
    await vscode.window.tabGroups.close(tabOf()!);
    await waitFor(() => !tabOf(), { message: 'the sample to close without a save prompt', timeoutMs: 3_000 });
  });

  it('7. Ask in the chat: complete when an answer has finished streaming', async () => {
    await step('chatted', 'Open the Chat, send a question', async () => {
      await vscode.commands.executeCommand(Commands.newChat);
      await api.chat.postFromView({ type: 'send', text: 'What does a token bucket do?' });
      await api.chat.idle();
    });
    assert.equal(api.chat.conversation().messages.at(-1)?.status, 'done');
  });

  it('said at most two things in notifications over the whole journey (one "ready" per model pulled)', () => {
    const all = [...notifications, ...(counting?.notes ?? [])];
    console.log(`[walkthrough] notifications: ${JSON.stringify(all)}; status bar notes: ${JSON.stringify(counting?.statuses ?? [])}`);
    assert.ok(all.length <= 2, `notifications: ${JSON.stringify(all)}`);
    assert.ok(all.every((m) => / is ready\.$/.test(m)), `only the pulls' "ready": ${JSON.stringify(all)}`);
    assert.ok(!all.some((m) => /Hearth uses/.test(m)), 'automatic choices go to the status bar');
  });

  it('shows every step checked, and keeps them for the next start', async () => {
    assert.deepEqual(api.walkthrough.reached(), [...MILESTONES]);
    // globalState is written asynchronously after a milestone is reached (the last one just now).
    await api.walkthrough.flushed();
    const stored = api.services.context.globalState.get<Record<string, number>>('hearth.walkthrough.progress');
    assert.deepEqual(Object.keys(stored ?? {}).sort(), [...MILESTONES].sort(), 'in globalState');
    if (!canScreenshot()) return;
    await closeAllEditors();
    await setSetting('workbench.colorTheme', 'Default Dark Modern');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', { category: api.walkthrough.id, step: 'chat' });
    const shown = await waitFor(async () => {
      const steps = await shownSteps();
      return steps && [...steps.values()].every(Boolean) && steps.size === MILESTONES.length ? steps : undefined;
    }, { timeoutMs: 15_000, intervalMs: 200, message: 'every step checked on the page' });
    assert.equal(shown.size, MILESTONES.length);
    await vscode.commands.executeCommand('notifications.clearAll');
    const file = await screenshot('walkthrough-done', { selector: '.part.editor', viewport: { width: 1100, height: 820 } });
    if (file && process.env.E2E_README_SHOTS === '1') fs.copyFileSync(file, README_SHOT);
    // The runner keeps a resized page: give the suites after this one their usual window back.
    await screenshot('walkthrough-viewport-restored', { viewport: { width: 1400, height: 900 }, clip: { x: 0, y: 0, width: 8, height: 8 } });
  });
});
