// One replay: a trace typed in real (optionally scaled) time into a BenchEditor, with one strategy, against
// its own stand-in over real HTTP through Hearth's gateway. Returns the raw record; figures.ts turns it into
// numbers. The typist presses Tab on a right suggestion that has been on screen long enough to read.
import { performance } from 'node:perf_hooks';
import { budgetOf, engineConfigOf, parseCompletionSettings } from '../../../src/core/completion/completionSettings';
import type { EngineConfig } from '../../../src/core/completion/engine';
import type { PausePoint } from '../../../src/core/completion/pausePoint';
import { OllamaGateway, resolveHost } from '../../../src/core/ollama';
import { completionModelOf, type CompletionModel } from '../../../src/core/prompts/completionPrompt';
import { SETTING_DEFAULTS } from '../../../src/core/settings';
import { StandinOllama, type RecordedRequest } from '../../support/standin';
import type { Trace } from '../trace';
import { BenchEditor, type Display } from './editor';
import { continuationReplies, scaledDelays, type DelayModel, type ReplyRecord } from './model';
import { PAUSE_MS } from './figures';
import { HearthStrategy, llamaCoderLike, noReuse, OracleStrategy, perKeystroke, twinnyLike, type StrategyName } from './strategies';
import { RequestLog, type SentRequest, type Strategy } from './strategy';

export const COMPLETION_MODEL = 'qwen2.5-coder:1.5b';
/** Chance that the user presses Tab on a right suggestion they have had time to read. */
export const ACCEPT_RATE = 0.6;
/** Time a suggestion must have been on screen before the user can have read it (real ms). */
export const READ_MS = 300;
/** Wait after the last key, so that the last answers arrive (real ms). */
const TAIL_MS = 2_000;

export type KeyKind = 'type' | 'typo' | 'backspace' | 'tab' | 'indent';

export interface Keystroke {
  kind: KeyKind;
  at: number;
  /** Cursor offset after the key. */
  offset: number;
  /** The key typed the next character(s) of the suggestion on screen. */
  matched: boolean;
  /** A suggestion was still on screen at the cursor right after the key. */
  ghostAfter: boolean;
  /** The kind of place the cursor is at after the key. */
  place: PausePoint;
}

export interface SessionResult {
  strategy: StrategyName;
  trace: string;
  languageId: string;
  scale: number;
  keystrokes: Keystroke[];
  /** Characters of the target typed by the user's own keys (accepted and auto-indented ones excluded). */
  typedChars: number;
  acceptedChars: number;
  accepts: number;
  displays: Display[];
  requests: SentRequest[];
  /** The stand-in's record of each request, by RequestLog id (missing if it never reached the server). */
  server: Map<number, RecordedRequest>;
  maxInFlight: number;
  calls: number;
  replies: ReplyRecord[];
  /** Hearth only: the engine's events with their times, and its counters. */
  hearth?: HearthStrategy;
  /** The document at the end equals the real file: the replay did what it meant to. */
  reproduced: boolean;
  durationMs: number;
}

export interface SessionOptions {
  trace: Trace;
  strategy: StrategyName;
  /** Every wait and delay is multiplied by this (1 = real time). */
  scale: number;
  delays: DelayModel;
  seed: number;
}

function scaledEngineConfig(config: EngineConfig, scale: number): EngineConfig {
  return {
    ...config,
    debounceMinMs: config.debounceMinMs * scale,
    debounceMaxMs: config.debounceMaxMs * scale,
    orphanGraceMs: config.orphanGraceMs * scale,
    closeGapMs: config.closeGapMs * scale,
    editorDelayMs: (config.editorDelayMs ?? 0) * scale,
  };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Pairs each logged request with the stand-in's record of it (same prompt, in order). */
function matchServer(requests: SentRequest[], recorded: RecordedRequest[]): Map<number, RecordedRequest> {
  const out = new Map<number, RecordedRequest>();
  const free = recorded.filter((r) => r.path === '/api/generate');
  for (const request of requests) {
    const at = free.findIndex((r) => (r.body as { prompt?: string } | undefined)?.prompt === request.params.prompt);
    if (at < 0) continue;
    out.set(request.id, free[at]);
    free.splice(at, 1);
  }
  return out;
}

export async function runSession(options: SessionOptions): Promise<SessionResult> {
  const { trace, scale } = options;
  const replies: ReplyRecord[] = [];
  const standin = await StandinOllama.start({ ...scaledDelays(options.delays, scale), kvCache: options.delays.kvCache, reply: continuationReplies(trace, options.seed, (r) => replies.push(r)) });
  const gateway = new OllamaGateway({
    config: () => ({ host: resolveHost(standin.url, undefined), hostSetting: standin.url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: SETTING_DEFAULTS['hearth.contextLength'] }),
  });
  let strategy: Strategy | undefined;
  let editor: BenchEditor | undefined;
  try {
    // The model as the inline feature resolves it (family, capabilities, template decide the prompt layout).
    const details = await gateway.showModel(COMPLETION_MODEL);
    const model: CompletionModel = completionModelOf(details);
    standin.resetRecord();

    const settings = parseCompletionSettings((key) => SETTING_DEFAULTS[key]);
    // HEARTH_BENCH_WITHOUT=firstLineEarly,pausePoints turns ideas off, to measure what each one gains.
    const without = (process.env['HEARTH_BENCH_WITHOUT'] ?? '').split(',').filter((x) => x !== '');
    const config = { ...scaledEngineConfig(engineConfigOf(settings), scale), ...Object.fromEntries(without.map((k) => [k, false])) };
    const keystrokes: Keystroke[] = [];
    const position = { keystroke: -1, line: 0 };
    const log = new RequestLog((params, signal) => gateway.generate(params, signal), () => ({ keystroke: position.keystroke, line: editor?.cursorLine ?? 0 }));
    const hearth = options.strategy === 'Hearth' ? new HearthStrategy(log, config) : undefined;
    const references = { 'per-keystroke': perKeystroke, 'no-reuse': noReuse, 'Twinny-like': twinnyLike, 'Llama-Coder-like': llamaCoderLike } as const;
    // The oracle reads the trace's future: whether the gap after the latest key is a pause.
    const pauseAfter: boolean[] = [];
    const ghostAtCursor = (): boolean => editor?.ghost !== undefined && editor.ghost.offset === editor.offset;
    strategy =
      hearth ??
      (options.strategy === 'oracle'
        ? new OracleStrategy(log, config, () => pauseAfter[position.keystroke] === true, ghostAtCursor)
        : references[options.strategy as Exclude<StrategyName, 'Hearth' | 'oracle'>](log, config, scale));

    const initial = trace.truth.slice(0, trace.start) + trace.truth.slice(trace.end);
    const ed = new BenchEditor(initial, trace.start, strategy, {
      documentId: `file:///workspace/${trace.path}`,
      languageId: trace.languageId,
      path: trace.path,
      model,
      // The window the gateway runs the model with (hearth.contextLength), as the inline feature reads it.
      budget: budgetOf(settings, await gateway.contextWindow(COMPLETION_MODEL)),
      maxLineLength: settings.maxLineLength,
      scale,
    });
    editor = ed;

    /** The planned wait before the key for target[at] (the editor's indentation after a Tab: 150 ms). */
    const gapBefore = (at: number): number => (at >= trace.target.length ? Number.POSITIVE_INFINITY : trace.keys[at].auto ? 150 : trace.keys[at].gapMs);
    const press = (kind: KeyKind, act: () => void, text: string, gapAfterMs: number): void => {
      const ghost = ed.ghost && ed.ghost.offset === ed.offset ? ed.ghost.text : undefined;
      pauseAfter[keystrokes.length] = gapAfterMs >= PAUSE_MS;
      act();
      position.keystroke = keystrokes.length;
      keystrokes.push({ kind, at: performance.now(), offset: ed.offset, matched: text !== '' && ghost !== undefined && ghost.startsWith(text), ghostAfter: ed.ghost !== undefined && ed.ghost.offset === ed.offset, place: ed.place });
    };

    const started = performance.now();
    const target = trace.target;
    let typedChars = 0;
    let acceptedChars = 0;
    let accepts = 0;
    let i = 0;
    while (i < target.length) {
      const plan = trace.keys[i];
      if (plan.auto) {
        // Indentation left over after an accepted suggestion: one key (Tab or the editor's indent).
        let j = i;
        while (j < target.length && trace.keys[j].auto) j++;
        const text = target.slice(i, j);
        await pause(150 * scale);
        press('indent', () => ed.insert(text), text, gapBefore(j));
        i = j;
        continue;
      }
      await pause(plan.gapMs * scale);
      const g = ed.ghost;
      if (g && g.offset === ed.offset && performance.now() - g.since >= READ_MS * scale && g.text.trim().length >= 2 && target.startsWith(g.text, i) && plan.acceptDraw < ACCEPT_RATE) {
        press('tab', () => ed.accept(), '', gapBefore(i + g.text.length));
        accepts++;
        acceptedChars += g.text.length;
        i += g.text.length;
        continue;
      }
      if (plan.typo) {
        const typo = plan.typo;
        press('typo', () => ed.insert(typo.char), typo.char, typo.noticeMs);
        await pause(typo.noticeMs * scale);
        press('backspace', () => ed.backspace(), '', typo.fixMs);
        await pause(typo.fixMs * scale);
      }
      // The character; after a line break, with the indentation the editor adds.
      let j = i + 1;
      if (target[i] === '\n') while (j < target.length && trace.keys[j].auto) j++;
      const text = target.slice(i, j);
      press('type', () => ed.insert(text), text, gapBefore(j));
      typedChars++;
      i = j;
    }
    await pause(TAIL_MS * scale);
    const durationMs = performance.now() - started;
    await ed.close();
    // Requests that are still running (a strategy that never aborts) count until they end.
    for (let waited = 0; standin.inFlight() > 0 && waited < 30_000; waited += 20) await pause(20);
    const requests = log.requests;
    return {
      strategy: options.strategy,
      trace: trace.name,
      languageId: trace.languageId,
      scale,
      keystrokes,
      typedChars,
      acceptedChars,
      accepts,
      displays: ed.displays,
      requests,
      server: matchServer(requests, standin.requests),
      maxInFlight: standin.maxInFlight,
      calls: ed.calls,
      replies,
      hearth,
      reproduced: ed.text === trace.truth,
      durationMs,
    };
  } finally {
    strategy?.dispose();
    await standin.close();
  }
}
