// Turns replays into the figures of the issue. Counts are summed over the traces of a strategy;
// distributions pool the samples of all its traces.
import { tokenize, type RecordedRequest } from '../../support/standin';
import type { PausePoint } from '../../../src/core/completion/pausePoint';
import type { SessionResult } from './session';

/** A gap this long after a key (real ms) is a pause: the user waits for, or reads, a suggestion. */
export const PAUSE_MS = 500;

export interface PauseSample {
  /** Real ms from the key to a suggestion at the cursor (0 when one was still on screen). */
  latencyMs: number;
  /** Hearth only: the part of it that is Hearth's own work (measured ms, not scaled). */
  overheadMs?: number;
  /** Hearth only: the model's part (stand-in received → last token before the answer), real ms. */
  modelMs?: number;
  /** Hearth only: debounce and waiting for the previous request to close, real ms. */
  waitMs?: number;
  source: string;
  /** The kind of place of the pause (see pausePoint.ts). */
  place: PausePoint;
}

/** Requests sent, and shown, by the kind of place the cursor was at when they were sent. */
export type RequestsByPlace = Record<PausePoint, { requests: number; shown: number }>;

export interface StrategyFigures {
  strategy: string;
  traces: number;
  typedChars: number;
  acceptedChars: number;
  accepts: number;
  keystrokes: number;
  calls: number;
  requests: number;
  requestsPer100Chars: number;
  maxInFlight: number;
  aborted: number;
  abortedShare: number;
  /** Closed by the client before the model's end because the suggestion was complete. */
  stoppedComplete: number;
  tokensGenerated: number;
  tokensShown: number;
  wastedShare: number;
  /** Model time (prompt evaluation and generation, as the stand-in spent it), real ms per 100 typed characters. */
  modelBusyMsPer100Chars: number;
  matchingKeystrokes: number;
  matchingWithoutRequest: number;
  matchingWithoutRequestShare: number;
  pauses: number;
  pausesAnswered: number;
  pauseSamples: PauseSample[];
  /** Shared prefix / later prompt length, for consecutive requests sent from the same line. */
  sharedPrefix: number[];
  requestsByPlace: RequestsByPlace;
  /** Pauses by the kind of place they happened at. */
  pausesByPlace: Record<PausePoint, number>;
  /** Hearth only: engine counters summed. */
  memory?: { calls: number; cacheHits: number; typedAheadHits: number; streamHits: number; modelAnswers: number };
  /** Every trace ended with the real file: nothing was lost or mangled by the replay. */
  reproduced: boolean;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The last token the stand-in wrote at or before `at`. */
function lastTokenBefore(server: RecordedRequest | undefined, at: number): number | undefined {
  if (!server) return undefined;
  let last: number | undefined;
  for (const t of server.tokenTimes) if (t <= at) last = t;
  return last;
}

function pauseSamples(s: SessionResult): { samples: PauseSample[]; pauses: number; places: PausePoint[] } {
  const samples: PauseSample[] = [];
  const places: PausePoint[] = [];
  let pauses = 0;
  const requestEvents = s.hearth?.events.filter((e) => e.event.type === 'request') ?? [];
  for (let k = 0; k + 1 < s.keystrokes.length; k++) {
    const key = s.keystrokes[k];
    const next = s.keystrokes[k + 1];
    if (next.at - key.at < PAUSE_MS * s.scale) continue;
    pauses++;
    places.push(key.place);
    if (key.ghostAfter) {
      samples.push({ latencyMs: 0, source: 'on screen', overheadMs: s.hearth ? 0 : undefined, place: key.place });
      continue;
    }
    const shown = s.displays.find((d) => d.offset === key.offset && d.at >= key.at && d.at < next.at);
    if (!shown) continue;
    const latency = shown.at - key.at;
    const sample: PauseSample = { latencyMs: latency / s.scale, source: shown.source, place: key.place };
    if (s.hearth) {
      const request = s.requests.find((r) => r.id === shown.requestId);
      const server = request ? s.server.get(request.id) : undefined;
      const lastToken = lastTokenBefore(server, shown.at);
      if (shown.source === 'cache' || shown.source === 'typedAhead') {
        sample.overheadMs = shown.at - shown.calledAt;
      } else if (request && server && lastToken !== undefined) {
        const replySide = shown.at - lastToken;
        sample.modelMs = (lastToken - server.receivedAt) / s.scale;
        if (shown.source === 'model') {
          const event = requestEvents[request.id - 1]?.event;
          const engineMs = event && event.type === 'request' ? event.overheadMs : 0;
          sample.overheadMs = engineMs + (server.receivedAt - request.sentAt) + replySide;
          sample.waitMs = (request.sentAt - shown.calledAt - engineMs) / s.scale;
        } else {
          sample.overheadMs = replySide;
        }
      }
    }
    samples.push(sample);
  }
  return { samples, pauses, places };
}

export function strategyFigures(sessions: SessionResult[]): StrategyFigures {
  let typedChars = 0;
  let acceptedChars = 0;
  let accepts = 0;
  let keystrokes = 0;
  let calls = 0;
  let requests = 0;
  let maxInFlight = 0;
  let aborted = 0;
  let stoppedComplete = 0;
  let tokensGenerated = 0;
  let tokensShown = 0;
  let modelBusyMs = 0;
  let matching = 0;
  let matchingFree = 0;
  let pauses = 0;
  const pauseList: PauseSample[] = [];
  const sharedPrefix: number[] = [];
  const requestsByPlace: RequestsByPlace = { lineStart: { requests: 0, shown: 0 }, clause: { requests: 0, shown: 0 }, boundary: { requests: 0, shown: 0 }, word: { requests: 0, shown: 0 } };
  const pausesByPlace: Record<PausePoint, number> = { lineStart: 0, clause: 0, boundary: 0, word: 0 };
  let memory: StrategyFigures['memory'];
  let reproduced = true;

  for (const s of sessions) {
    typedChars += s.typedChars;
    acceptedChars += s.acceptedChars;
    accepts += s.accepts;
    keystrokes += s.keystrokes.length;
    calls += s.calls;
    requests += s.requests.length;
    maxInFlight = Math.max(maxInFlight, s.maxInFlight);
    reproduced &&= s.reproduced;

    // What was shown from each request: the longest text displayed from it.
    const shownText = new Map<number, string>();
    for (const d of s.displays) {
      if (d.requestId === undefined) continue;
      const before = shownText.get(d.requestId);
      if (!before || d.text.length > before.length) shownText.set(d.requestId, d.text);
    }
    const sentFor = new Set<number>();
    for (const r of s.requests) {
      sentFor.add(r.keystroke);
      if (r.end === 'aborted') aborted++;
      if (r.end === 'complete') stoppedComplete++;
      const server = s.server.get(r.id);
      const generated = server?.tokensGenerated ?? 0;
      tokensGenerated += generated;
      const shown = shownText.get(r.id);
      const place = s.keystrokes[r.keystroke]?.place ?? 'boundary';
      requestsByPlace[place].requests++;
      if (shown) requestsByPlace[place].shown++;
      if (shown) tokensShown += Math.min(generated, tokenize(shown).length);
      if (server?.headersSentAt !== undefined && server.closedAt !== undefined) modelBusyMs += (server.closedAt - server.headersSentAt) / s.scale;
    }
    s.keystrokes.forEach((key, k) => {
      if (!key.matched) return;
      matching++;
      if (!sentFor.has(k)) matchingFree++;
    });
    const p = pauseSamples(s);
    pauses += p.pauses;
    for (const place of p.places) pausesByPlace[place]++;
    pauseList.push(...p.samples);
    for (let k = 1; k < s.requests.length; k++) {
      const a = s.requests[k - 1];
      const b = s.requests[k];
      if (a.line !== b.line) continue;
      const pa = a.params.prompt;
      const pb = b.params.prompt;
      sharedPrefix.push(commonPrefix(pa, pb) / pb.length);
    }
    if (s.hearth) {
      const st = s.hearth.engine.stats;
      const served = s.hearth.events.filter((e) => e.event.type === 'served' && e.event.source === 'model').length;
      memory ??= { calls: 0, cacheHits: 0, typedAheadHits: 0, streamHits: 0, modelAnswers: 0 };
      memory.calls += st.calls;
      memory.cacheHits += st.cacheHits;
      memory.typedAheadHits += st.typedAheadHits;
      memory.streamHits += st.streamHits;
      memory.modelAnswers += served;
    }
  }
  return {
    strategy: sessions[0]?.strategy ?? '',
    traces: sessions.length,
    typedChars,
    acceptedChars,
    accepts,
    keystrokes,
    calls,
    requests,
    requestsPer100Chars: (100 * requests) / Math.max(1, typedChars),
    maxInFlight,
    aborted,
    abortedShare: aborted / Math.max(1, requests),
    stoppedComplete,
    tokensGenerated,
    tokensShown,
    wastedShare: tokensGenerated === 0 ? 0 : (tokensGenerated - tokensShown) / tokensGenerated,
    modelBusyMsPer100Chars: (100 * modelBusyMs) / Math.max(1, typedChars),
    matchingKeystrokes: matching,
    matchingWithoutRequest: matchingFree,
    matchingWithoutRequestShare: matching === 0 ? 1 : matchingFree / matching,
    pauses,
    pausesAnswered: pauseList.length,
    pauseSamples: pauseList,
    sharedPrefix,
    requestsByPlace,
    pausesByPlace,
    memory,
    reproduced,
  };
}
