// Inline completion on replayed typing traces (TypeScript, Python, Markdown from real files), Hearth's
// engine against the stand-in over real HTTP through the real gateway, side by side with two reference
// strategies on the same traces, prompt builder, gateway and stand-in settings (see ../completion/).
// All replays run at once (each with its own stand-in), so that they share the machine's conditions; the
// event loop's delay during the run is recorded to show that they did not crowd each other.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { strategyFigures, PAUSE_MS, type StrategyFigures } from '../completion/figures';
import { PAUSE_POINTS } from '../../../src/core/completion/pausePoint';
import { SMALL_CODER_ON_MID_GPU } from '../completion/model';
import { runSession, ACCEPT_RATE, READ_MS, type SessionResult } from '../completion/session';
import { traceSources } from '../completion/sources';
import type { StrategyName } from '../completion/strategies';
import { distribution, fmt } from '../stats';
import { makeTrace } from '../trace';
import type { Report } from '../report';
import type { BenchContext } from '../context';

const STRATEGIES: StrategyName[] = ['Hearth', 'per-keystroke', 'no-reuse', 'Twinny-like', 'Llama-Coder-like', 'oracle'];
const SEED = 20_240_611;

const pct = (x: number, digits = 1): string => `${fmt(100 * x, digits)} %`;
const ratio = (a: number, b: number): string => (b === 0 ? 'n/a' : `${fmt(a / b, 2)}×`);

function latencies(f: StrategyFigures): ReturnType<typeof distribution> {
  return distribution(f.pauseSamples.map((p) => p.latencyMs));
}

/** Pauses that got a new suggestion (not one already on screen at the pause): the time the user waited. */
function newLatencies(f: StrategyFigures): ReturnType<typeof distribution> {
  return distribution(f.pauseSamples.filter((p) => p.source !== 'on screen').map((p) => p.latencyMs));
}

function summary(f: StrategyFigures): Record<string, unknown> {
  const { pauseSamples, sharedPrefix, requestsByPlace, pausesByPlace, ...counts } = f;
  return {
    ...counts,
    pauseLatencyMs: latencies(f),
    newSuggestionLatencyMs: newLatencies(f),
    pauseSources: pauseSamples.reduce<Record<string, number>>((acc, p) => ({ ...acc, [p.source]: (acc[p.source] ?? 0) + 1 }), {}),
    sharedPrefix: distribution(sharedPrefix.map((r) => 100 * r)),
    requestsByPlace,
    pausesByPlace,
  };
}

export async function completion(ctx: BenchContext, report: Report): Promise<void> {
  const section = 'Completion (replayed typing)';
  // Quick mode types shorter regions at 0.5× time; full mode types longer ones in real time.
  const scale = ctx.quick ? 0.5 : 1;
  const maxChars = ctx.quick ? 220 : 600;
  const traces = traceSources(ctx.root, maxChars).map((source, i) => makeTrace(source, { seed: SEED + i, keyMs: source.languageId === 'markdown' ? 130 : 150 }));
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const runs = traces.flatMap((trace) => STRATEGIES.map((strategy) => runSession({ trace, strategy, scale, delays: SMALL_CODER_ON_MID_GPU, seed: SEED })));
  const sessions: SessionResult[] = await Promise.all(runs);
  loop.disable();
  const loopDelay = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };

  const broken = sessions.filter((s) => !s.reproduced).map((s) => `${s.strategy} on ${s.trace}`);
  if (broken.length) throw new Error(`replay did not reproduce the file: ${broken.join(', ')}`);

  const by = (name: StrategyName, trace?: string): StrategyFigures => strategyFigures(sessions.filter((s) => s.strategy === name && (trace === undefined || s.trace === trace)));
  const hearth = by('Hearth');
  const setup = {
    delayModel: SMALL_CODER_ON_MID_GPU,
    scale,
    traces: traces.map((t) => ({ name: t.name, chars: t.target.length, keys: t.keys.filter((k) => !k.auto).length })),
    acceptRate: ACCEPT_RATE,
    readMs: READ_MS,
    pauseMs: PAUSE_MS,
    eventLoopDelayMs: loopDelay,
  };
  const chars = traces.reduce((n, t) => n + t.target.length, 0);
  report.add({
    section,
    name: 'setup',
    value: `${traces.length} traces (${traces.map((t) => t.name.split(' ')[0]).join(', ')}), ${chars} characters; model loaded on the first request (${fmt(SMALL_CODER_ON_MID_GPU.loadMs, 0)} ms), ${SMALL_CODER_ON_MID_GPU.promptMsPer1kChars} ms/1k prompt chars not in the KV cache + ${SMALL_CODER_ON_MID_GPU.firstTokenMs} ms to first token, ${SMALL_CODER_ON_MID_GPU.perTokenMs} ms/token, one request at a time${scale === 1 ? '' : `, all times ×${scale}`}; event-loop delay p99 ${fmt(loopDelay.p99, 1)} ms`,
    detail: setup,
  });

  const lat = latencies(hearth);
  report.add({ section, name: 'requests per 100 typed characters', value: `${fmt(hearth.requestsPer100Chars)} (${hearth.requests} requests, ${hearth.typedChars} typed + ${hearth.acceptedChars} accepted in ${hearth.accepts} Tabs: ${fmt((100 * hearth.requests) / Math.max(1, hearth.typedChars + hearth.acceptedChars))} per 100 written; by trace ${traces.map((t) => fmt(by('Hearth', t.name).requestsPer100Chars, 1)).join(' / ')})`, measured: hearth.requestsPer100Chars, target: '≤ 8', met: hearth.requestsPer100Chars <= 8, detail: summary(hearth) });
  report.add({ section, name: 'maximum requests in flight (stand-in)', value: String(hearth.maxInFlight), measured: hearth.maxInFlight, target: '≤ 1', met: hearth.maxInFlight <= 1 });
  report.add({ section, name: 'requests aborted', value: `${pct(hearth.abortedShare)} (${hearth.aborted}; ${hearth.stoppedComplete} more closed early because the suggestion was complete)`, measured: hearth.abortedShare });
  report.add({ section, name: 'tokens generated but never shown', value: `${pct(hearth.wastedShare)} (${hearth.tokensGenerated - hearth.tokensShown} of ${hearth.tokensGenerated})`, measured: hearth.wastedShare, target: '≤ 15 %', met: hearth.wastedShare <= 0.15 });
  report.add({ section, name: 'matching keystrokes without a request', value: `${pct(hearth.matchingWithoutRequestShare)} (${hearth.matchingWithoutRequest} of ${hearth.matchingKeystrokes})`, measured: hearth.matchingWithoutRequestShare, target: '≥ 95 %', met: hearth.matchingWithoutRequestShare >= 0.95 });
  const m = hearth.memory ?? { calls: 0, cacheHits: 0, typedAheadHits: 0, streamHits: 0, modelAnswers: 0 };
  const fromMemory = (m.cacheHits + m.typedAheadHits) / Math.max(1, m.calls);
  report.add({ section, name: 'cache hit rate (calls answered from cache or typed-ahead)', value: `${pct(fromMemory)} of ${m.calls} calls (cache ${m.cacheHits}, typed-ahead ${m.typedAheadHits}; also ${m.streamHits} from a stream typed along, ${m.modelAnswers} from a new request)`, measured: fromMemory });
  const overhead = distribution(hearth.pauseSamples.flatMap((p) => (p.overheadMs === undefined ? [] : [p.overheadMs])));
  const model = distribution(hearth.pauseSamples.flatMap((p) => (p.modelMs === undefined ? [] : [p.modelMs])));
  const wait = distribution(hearth.pauseSamples.flatMap((p) => (p.waitMs === undefined ? [] : [p.waitMs])));
  report.add({
    section,
    name: 'pause → suggestion on screen',
    value: `p50 ${fmt(lat.p50, 0)} / p95 ${fmt(lat.p95, 0)} ms (n=${lat.n}; ${pct(hearth.pausesAnswered / Math.max(1, hearth.pauses), 0)} of ${hearth.pauses} pauses got one); Hearth's own part p50 ${fmt(overhead.p50)} / p95 ${fmt(overhead.p95)} ms; for new requests: debounce+close p50 ${fmt(wait.p50, 0)} ms, model p50 ${fmt(model.p50, 0)} ms, VS Code 50 ms`,
    measured: lat.p50,
    detail: { latency: lat, overhead, model, wait },
  });
  const shared = distribution(hearth.sharedPrefix.map((r) => 100 * r));
  report.add({ section, name: 'prompt prefix shared by consecutive requests on one line', value: `p50 ${fmt(shared.p50, 1)} %, min ${fmt(shared.min, 1)} % (n=${shared.n})`, measured: shared.min, target: '≥ 90 %', met: shared.n > 0 && shared.min >= 90, detail: shared });
  for (const t of traces) {
    const f = by('Hearth', t.name);
    const l = latencies(f);
    report.add({ section, name: `Hearth on ${t.name}`, value: `${fmt(f.requestsPer100Chars)} req/100 chars, ${pct(f.wastedShare, 0)} wasted, ${pct(f.matchingWithoutRequestShare, 0)} matching w/o request, ${f.accepts} Tabs, pause → suggestion p50 ${fmt(l.p50, 0)} ms`, detail: summary(f) });
  }

  const side = 'Side by side';
  for (const name of STRATEGIES) {
    const f = by(name);
    const l = latencies(f);
    const n = newLatencies(f);
    report.add({
      section: side,
      name: `${name}: raw figures`,
      value: `${fmt(f.requestsPer100Chars)} req/100 chars, max ${f.maxInFlight} in flight, ${pct(f.abortedShare, 0)} aborted, ${f.tokensGenerated} tokens generated (${pct(f.wastedShare, 0)} never shown), model busy ${fmt(f.modelBusyMsPer100Chars / 1000, 2)} s/100 chars, ${pct(f.matchingWithoutRequestShare, 0)} matching w/o request, pauses with a suggestion ${f.pausesAnswered} of ${f.pauses}, pause → suggestion p50 ${fmt(l.p50, 0)} / p95 ${fmt(l.p95, 0)} ms, pause → new suggestion p50 ${fmt(n.p50, 0)} / p90 ${fmt(n.p90, 0)} ms (n=${n.n}), ${f.accepts} Tabs`,
      detail: summary(f),
    });
  }
  // Where requests and pauses happen, by the kind of place of the cursor (see pausePoint.ts).
  for (const name of STRATEGIES) {
    const f = by(name);
    const places = PAUSE_POINTS;
    const text = places
      .map((p) => {
        const r = f.requestsByPlace[p];
        const newOnes = distribution(f.pauseSamples.filter((x) => x.place === p && x.source !== 'on screen').map((x) => x.latencyMs));
        const onScreen = f.pauseSamples.filter((x) => x.place === p && x.source === 'on screen').length;
        return `${p}: ${r.requests} requests (${r.shown} shown), ${f.pausesByPlace[p]} pauses (${onScreen} on screen, ${newOnes.n} new p50 ${fmt(newOnes.p50, 0)} ms)`;
      })
      .join('; ');
    report.add({ section: side, name: `${name}: by place of the cursor`, value: text, detail: { requests: f.requestsByPlace, pauses: f.pausesByPlace } });
  }
  for (const name of STRATEGIES.filter((s) => s !== 'Hearth')) {
    const f = by(name);
    const wasted = (x: StrategyFigures): number => x.tokensGenerated - x.tokensShown;
    const nh = newLatencies(hearth);
    const nf = newLatencies(f);
    report.add({
      section: side,
      name: `Hearth ÷ ${name}`,
      value: `requests ${ratio(hearth.requests, f.requests)}, tokens generated ${ratio(hearth.tokensGenerated, f.tokensGenerated)}, wasted tokens ${ratio(wasted(hearth), wasted(f))}, model busy ${ratio(hearth.modelBusyMsPer100Chars, f.modelBusyMsPer100Chars)}, pauses with a suggestion ${hearth.pausesAnswered} vs ${f.pausesAnswered}, pause → new suggestion p50 ${ratio(nh.p50, nf.p50)}`,
      measured: hearth.requests / Math.max(1, f.requests),
      detail: {
        requests: hearth.requests / Math.max(1, f.requests),
        tokensGenerated: hearth.tokensGenerated / Math.max(1, f.tokensGenerated),
        wastedTokens: wasted(hearth) / Math.max(1, wasted(f)),
        modelBusy: hearth.modelBusyMsPer100Chars / Math.max(1e-9, f.modelBusyMsPer100Chars),
        pausesAnswered: [hearth.pausesAnswered, f.pausesAnswered],
        pauseLatencyP50: lat.p50 / latencies(f).p50,
        newSuggestionP50: nh.p50 / nf.p50,
        newSuggestionP90: nh.p90 / nf.p90,
      },
    });
  }
  // The issue's goal against the per-keystroke reference, in one row.
  const ref = by('per-keystroke');
  const nh = newLatencies(hearth).p50 / newLatencies(ref).p50;
  const rq = hearth.requestsPer100Chars / ref.requestsPer100Chars;
  const tk = hearth.tokensGenerated / Math.max(1, ref.tokensGenerated);
  const met = nh <= 0.8 && hearth.pausesAnswered >= ref.pausesAnswered && rq <= 0.5 && tk <= 0.5;
  report.add({
    section: side,
    name: 'goal: Hearth against per-keystroke',
    value: `pause → new suggestion p50 ${fmt(nh, 2)}× (≤ 0.8), pauses with a suggestion ${hearth.pausesAnswered} vs ${ref.pausesAnswered} (≥), requests/100 chars ${fmt(rq, 2)}× (≤ 0.5), tokens generated ${fmt(tk, 2)}× (≤ 0.5)`,
    measured: nh,
    target: '≤ 0.8× p50, ≥ pauses, ≤ 0.5× requests and tokens',
    met,
  });
  // What the request goal asks, against a yardstick that knows when the user will pause: its requests, less
  // one for each pause it answers beyond per-keystroke's count (skipping a pause saves at most its request).
  const o = by('oracle');
  const skippable = Math.max(0, o.pausesAnswered - ref.pausesAnswered);
  const fewest = (100 * Math.max(0, o.requests - skippable)) / Math.max(1, o.typedChars);
  report.add({
    section: side,
    name: 'fewest requests for as many pauses as per-keystroke, knowing the pauses in advance',
    value: `oracle: ${o.requests} requests for ${o.pausesAnswered} of ${o.pauses} pauses; ${skippable} fewer pauses would leave about ${o.requests - skippable}: ${fmt(fewest / ref.requestsPer100Chars, 2)}× per-keystroke's requests per 100 typed characters (Hearth ${fmt(rq, 2)}×, goal ≤ 0.5×)`,
    measured: fewest / ref.requestsPer100Chars,
    detail: { oracleRequests: o.requests, oraclePauses: o.pausesAnswered, skippable, ratio: fewest / ref.requestsPer100Chars },
  });
}
