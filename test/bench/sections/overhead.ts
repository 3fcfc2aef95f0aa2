// Hearth's own cost per keystroke, in Node, on a large document (20 000 lines, cursor in the middle, the
// default 1 536 + 384 token window): from the provider's call (before the context is read, as the
// inline provider measures it) to the request being sent, waits excluded (the engine's `overheadMs`), and
// on to the stand-in receiving it; and the time to answer from what the model already said (typed-ahead
// along a suggestion, the cache when the user comes back to a place), which must feel instant.
import { performance } from 'node:perf_hooks';
import { budgetOf, engineConfigOf, parseCompletionSettings } from '../../../src/core/completion/completionSettings';
import { CompletionEngine } from '../../../src/core/completion/engine';
import type { CompletionRequest } from '../../../src/core/completion/request';
import { looksBinary, skipForLines } from '../../../src/core/completion/skip';
import { OllamaGateway, resolveHost } from '../../../src/core/ollama';
import { completionModelOf, type CompletionModel } from '../../../src/core/prompts/completionPrompt';
import { readCursorContext, type LineSource } from '../../../src/core/prompts/cursorContext';
import { SETTING_DEFAULTS } from '../../../src/core/settings';
import { StandinOllama } from '../../support/standin';
import { COMPLETION_MODEL } from '../completion/session';
import { distribution, fmtDist } from '../stats';
import type { Report } from '../report';
import type { BenchContext } from '../context';

const LINES = 20_000;
const CURSOR_LINE = 10_000;
const TYPED = 'result';

export async function overhead(ctx: BenchContext, report: Report): Promise<void> {
  const section = 'Completion overhead';
  const standin = await StandinOllama.start({ reply: () => `${TYPED} + 1;` });
  const gateway = new OllamaGateway({
    config: () => ({ host: resolveHost(standin.url, undefined), hostSetting: standin.url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: SETTING_DEFAULTS['hearth.contextLength'] }),
  });
  try {
    const details = await gateway.showModel(COMPLETION_MODEL);
    const model: CompletionModel = completionModelOf(details);
    const settings = parseCompletionSettings((key) => SETTING_DEFAULTS[key]);
    const budget = budgetOf(settings, await gateway.contextWindow(COMPLETION_MODEL));
    // No waiting: only Hearth's own work is left between the call and the request.
    const config = { ...engineConfigOf(settings), debounceMinMs: 0, debounceMaxMs: 0, closeGapMs: 0 };
    const engine = new CompletionEngine({ generate: (params, signal) => gateway.generate(params, signal), config: () => config });

    const base = Array.from({ length: LINES }, (_, i) => `  const value${i} = compute(value${i - 1}, ${i}); // step ${i}`);
    let lines = base;
    const source: LineSource = { get lineCount() { return lines.length; }, lineAt: (i) => lines[i] ?? '' };
    const request = (round: number, character: number): CompletionRequest | undefined => {
      const startedAt = performance.now();
      if (skipForLines(source, CURSOR_LINE, settings.maxLineLength, 'src/big.ts')) return undefined;
      const cursor = readCursorContext(source, CURSOR_LINE, character, budget);
      if (looksBinary(cursor)) return undefined;
      return { documentId: 'file:///workspace/src/big.ts', offset: 1_000_000 + round * 1_000 + character, ctx: cursor, languageId: 'typescript', path: 'src/big.ts', model, trigger: 'automatic', startedAt };
    };

    const overheads: number[] = [];
    const sentAt: number[] = [];
    const toServer: number[] = [];
    const memory: number[] = [];
    engine.onEvent((e) => {
      if (e.type === 'request') {
        overheads.push(e.overheadMs);
        sentAt.push(performance.now());
      }
      if (e.type === 'served' && (e.source === 'typedAhead' || e.source === 'cache')) memory.push(e.ms);
    });
    const rounds = ctx.quick ? 150 : 400;
    const warmup = 20;
    for (let round = 0; round < rounds + warmup; round++) {
      // A fresh line each round (a new request), then typing along its suggestion (typed-ahead), then
      // back at the line's start (the cache).
      lines = base.slice();
      lines[CURSOR_LINE] = `  let total${round} = `;
      const start = lines[CURSOR_LINE].length;
      const first = request(round, start);
      if (!first) throw new Error('the benchmark line was skipped');
      await engine.complete(first, new AbortController().signal);
      for (const ch of TYPED) {
        lines[CURSOR_LINE] += ch;
        const next = request(round, lines[CURSOR_LINE].length);
        if (next) await engine.complete(next, new AbortController().signal);
      }
      lines[CURSOR_LINE] = lines[CURSOR_LINE].slice(0, start);
      const back = request(round, start);
      if (back) await engine.complete(back, new AbortController().signal);
      if (round === warmup - 1) {
        overheads.length = 0;
        sentAt.length = 0;
        memory.length = 0;
        standin.resetRecord();
      }
    }
    engine.dispose();
    const generates = standin.requests.filter((r) => r.path === '/api/generate');
    generates.forEach((r, i) => {
      if (sentAt[i] !== undefined) toServer.push(overheads[i] + (r.receivedAt - sentAt[i]));
    });
    const o = distribution(overheads);
    const s = distribution(toServer);
    const m = distribution(memory);
    report.add({ section, name: 'provider call → request sent (Hearth\'s own work, 20 000-line file)', value: fmtDist(o, 'ms', 3), measured: o.p50, target: '≤ 3 ms p50', met: o.p50 <= 3, detail: o });
    report.add({ section, name: 'provider call → stand-in received (+ gateway and HTTP)', value: fmtDist(s, 'ms', 3), measured: s.p50, detail: s });
    report.add({ section, name: 'answer from typed-ahead or cache', value: fmtDist(m, 'ms', 3), measured: m.p95, target: '≤ 2 ms (p95)', met: m.p95 <= 2, detail: m });
  } finally {
    await standin.close();
  }
}
