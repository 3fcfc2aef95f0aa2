// Replays a realistic typing session against the completion engine, on a fake clock with a fake model, and
// counts what the targets are about: requests per 100 characters, keystrokes that match the
// suggestion on screen yet send a request, requests in flight, and how much consecutive prompts share.
//
// The typist writes a real source text character by character with a seeded rhythm (bursts, pauses at
// word and line ends, thinking pauses), types along with suggestions that are right, and sometimes accepts
// one with Tab. The model knows the true text: it suggests the right rest of the line, a partly right one or
// a wrong one, each with a set probability. Deterministic for a given seed.

import { CompletionEngine, DEFAULT_ENGINE_CONFIG, type EngineConfig } from '../../../src/core/completion/engine';
import type { EngineEvent } from '../../../src/core/completion/stats';
import type { CompletionModel } from '../../../src/core/prompts/completionPrompt';
import { seededRandom as prng } from '../random';
import { EditorSim, QWEN_CODER } from './editorSim';
import { FakeClock, settle } from './fakeClock';
import { FakeModel } from './fakeModel';

/** VS Code 1.100's fixed delay between an edit and its call for inline suggestions. */
const EDITOR_DELAY_MS = 50;

export interface ReplayOptions {
  /** The finished text; the typist writes `truth.slice(start, end)` into `truth.slice(0, start) + truth.slice(end)`. */
  truth: string;
  start: number;
  end: number;
  seed?: number;
  languageId?: string;
  /** Probability that a suggestion is exactly the true rest of the line (or block). */
  exactRate?: number;
  /** Probability that it is right for a while, then wrong. */
  partialRate?: number;
  /** Probability of pressing Tab on a suggestion that is right. */
  acceptRate?: number;
  firstTokenMs?: number;
  perTokenMs?: number;
  config?: Partial<EngineConfig>;
  model?: CompletionModel;
}

export interface ReplayReport {
  typedChars: number;
  acceptedChars: number;
  keystrokes: number;
  requests: number;
  aborted: number;
  earlyStops: number;
  /** Requests per 100 characters the user typed (accepted suggestions excluded). */
  requestsPer100Chars: number;
  /** Requests per 100 characters written (typed and accepted). */
  requestsPer100Written: number;
  /** Keystrokes that typed the next character of the suggestion on screen (or arriving). */
  matchingKeystrokes: number;
  matchingWithoutRequest: number;
  matchingNoRequestShare: number;
  maxInFlight: number;
  /** For consecutive requests from the same line: common prefix bytes / bytes of the later prompt. */
  sharedPrefixRatios: number[];
  /** The same for prompts of 1,000 bytes or more (the ones where the cache matters). */
  sharedPrefixRatiosLong: number[];
  /** The debounce each request waited. */
  debounceMs: number[];
  cacheHits: number;
  typedAheadHits: number;
  streamHits: number;
  charsReceived: number;
  charsShown: number;
  accepted: number;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Gap before typing `ch` after `prev`: ~70 words per minute with hesitations. */
function gapMs(random: () => number, prev: string, ch: string): number {
  // Log-normal around 150 ms.
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  let gap = 150 * Math.exp(0.35 * normal);
  if (prev === '\n') gap += 400 + random() * 1600;
  else if (prev === ' ' && random() < 0.3) gap += random() * 250;
  else if (';{}():,'.includes(prev)) gap += 100 + random() * 300;
  if (random() < 0.03) gap += 800 + random() * 2200;
  if (ch === '\n') gap += random() * 200;
  return Math.max(35, gap);
}

export async function replay(options: ReplayOptions): Promise<ReplayReport> {
  const random = prng(options.seed ?? 1);
  const clock = new FakeClock();
  const exactRate = options.exactRate ?? 0.45;
  const partialRate = options.partialRate ?? 0.3;
  const acceptRate = options.acceptRate ?? 0.5;
  const truth = options.truth;
  const target = truth.slice(options.start, options.end);

  // The true text from the cursor: the rest of the line, or a few lines when the line is empty.
  const editor: { sim?: EditorSim } = {};
  const model = new FakeModel(
    clock,
    () => {
      if (!editor.sim) return '';
      const typed = editor.sim.cursor - options.start;
      const at = options.start + typed;
      const lineEnd = truth.indexOf('\n', at);
      const restOfLine = truth.slice(at, lineEnd < 0 ? truth.length : lineEnd);
      const blockEnd = at + restOfLine.length;
      const truthText = restOfLine.trim() === '' ? truth.slice(at, nthLineEnd(truth, at, 3)) : truth.slice(at, blockEnd);
      const r = random();
      if (r < exactRate) return truthText;
      if (r < exactRate + partialRate && truthText.length > 2) {
        const keep = 1 + Math.floor(random() * (truthText.length / 2));
        return `${truthText.slice(0, keep)}zq${truthText.slice(keep + 2)}`;
      }
      return `qz_${Math.floor(random() * 1e6)}`;
    },
    { firstTokenMs: options.firstTokenMs ?? 120, perTokenMs: options.perTokenMs ?? 15 },
  );
  const config: EngineConfig = { ...DEFAULT_ENGINE_CONFIG, ...options.config };
  const engine = new CompletionEngine({ generate: model.generate, clock, config: () => config });
  const events: EngineEvent[] = [];
  let callIndex = -1;
  const requestCalls = new Set<number>();
  const promptsByLine: { line: number; prompt: string }[] = [];
  const debounceMs: number[] = [];
  engine.onEvent((e) => {
    events.push(e);
    if (e.type === 'call') callIndex++;
    if (e.type === 'request') {
      requestCalls.add(callIndex);
      debounceMs.push(e.debounceMs);
      const s = editor.sim;
      if (s) promptsByLine.push({ line: s.text.slice(0, s.cursor).split('\n').length, prompt: e.evaluated });
    }
  });

  const initial = { text: truth.slice(0, options.start) + truth.slice(options.end), cursor: options.start };
  const sim = new EditorSim(engine, initial, { languageId: options.languageId ?? 'typescript', path: 'src/replay.ts', documentId: 'file:///replay.ts', model: options.model ?? QWEN_CODER });
  editor.sim = sim;

  /** What the editor shows: the last answer, anchored where it was given. */
  let shown: { at: number; text: string } | undefined;
  const matchingCalls = new Set<number>();
  let typedChars = 0;
  let acceptedChars = 0;
  let accepted = 0;
  let keystrokes = 0;

  // VS Code asks EDITOR_DELAY_MS after the last edit (a newer edit cancels the pending call and the running
  // one), telling the engine when the key was pressed.
  let pendingCall: unknown;
  const ask = (matching = false): void => {
    const keyAt = clock.now();
    sim.cancel();
    if (pendingCall !== undefined) clock.clearTimeout(pendingCall);
    pendingCall = clock.setTimeout(() => {
      pendingCall = undefined;
      const at = sim.cursor;
      void sim.ask('automatic', keyAt).then((result) => {
        if (result && sim.cursor === at) shown = { at, text: result.text };
      });
      // The call's event fired as it started: this key's call.
      if (matching) matchingCalls.add(callIndex);
    }, EDITOR_DELAY_MS);
  };

  let i = 0;
  let prev = '\n';
  while (i < target.length) {
    const ch = target[i];
    const rest = target.slice(i);
    // A right suggestion on screen: sometimes Tab after a moment's reading.
    if (shown && shown.at === sim.cursor && rest.startsWith(shown.text) && shown.text.length >= 3 && random() < acceptRate) {
      await clock.advance(250 + random() * 350);
      if (shown && shown.at === sim.cursor) {
        const text = shown.text;
        shown = undefined;
        sim.insert(text);
        accepted++;
        acceptedChars += text.length;
        i += text.length;
        prev = text[text.length - 1];
        keystrokes++;
        ask();
        continue;
      }
    }
    await clock.advance(gapMs(random, prev, ch));
    const matching = shown !== undefined && shown.at === sim.cursor && shown.text.startsWith(ch);
    const still = matching && shown ? { at: shown.at + 1, text: shown.text.slice(1) } : undefined;
    sim.insert(ch);
    keystrokes++;
    typedChars++;
    // VS Code keeps showing the rest of a suggestion the user types along with.
    shown = still && still.text ? still : undefined;
    ask(matching);
    prev = ch;
    i++;
  }
  await clock.advance(5_000);
  await settle();

  const stats = engine.stats;
  const matchingWithoutRequest = [...matchingCalls].filter((c) => !requestCalls.has(c)).length;
  const sharedPrefixRatios: number[] = [];
  const sharedPrefixRatiosLong: number[] = [];
  for (let k = 1; k < promptsByLine.length; k++) {
    const a = promptsByLine[k - 1];
    const b = promptsByLine[k];
    if (a.line !== b.line) continue;
    const ratio = commonPrefix(a.prompt, b.prompt) / b.prompt.length;
    sharedPrefixRatios.push(ratio);
    if (b.prompt.length >= 1_000) sharedPrefixRatiosLong.push(ratio);
  }
  engine.dispose();
  return {
    typedChars,
    acceptedChars,
    keystrokes,
    requests: stats.requests,
    aborted: stats.aborted,
    earlyStops: stats.earlyStops,
    requestsPer100Chars: (100 * stats.requests) / Math.max(1, typedChars),
    requestsPer100Written: (100 * stats.requests) / Math.max(1, typedChars + acceptedChars),
    matchingKeystrokes: matchingCalls.size,
    matchingWithoutRequest,
    matchingNoRequestShare: matchingCalls.size === 0 ? 1 : matchingWithoutRequest / matchingCalls.size,
    maxInFlight: model.maxOpen,
    sharedPrefixRatios,
    sharedPrefixRatiosLong,
    debounceMs,
    cacheHits: stats.cacheHits,
    typedAheadHits: stats.typedAheadHits,
    streamHits: stats.streamHits,
    charsReceived: stats.charsReceived,
    charsShown: stats.charsShown,
    accepted,
  };
}

function nthLineEnd(text: string, from: number, lines: number): number {
  let at = from;
  for (let n = 0; n < lines; n++) {
    const next = text.indexOf('\n', at + 1);
    if (next < 0) return text.length;
    at = next;
  }
  return at;
}
