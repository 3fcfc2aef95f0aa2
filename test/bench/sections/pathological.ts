// Pathological answers: a megabyte of each hostile shape streamed into the chat's renderer (see
// ../pathological.ts). Targets: per-frame main-thread time p95 ≤ 16 ms, final render ≤ 250 ms.
import { measurePathological, SHAPES } from '../pathological';
import { fmt } from '../stats';
import type { Report } from '../report';
import type { BenchContext } from '../context';

export async function pathological(ctx: BenchContext, report: Report): Promise<void> {
  const section = 'Pathological answers';
  // Quick mode keeps the shapes the review found freezing the view.
  const names = ctx.quick ? ['short lines', 'table, 20 000+ rows', 'unclosed ![', 'code fence', 'one paragraph, no newline'] : Object.keys(SHAPES);
  for (const f of await measurePathological(names)) {
    const kb = `${Math.round(f.chars / 1000)} KB`;
    report.add({
      section,
      name: `${f.shape} (${kb}): per-frame main-thread time`,
      value: `p95 ${fmt(f.frameMsP95, 1)} ms, max ${fmt(f.frameMsMax, 1)} ms (p50 ${fmt(f.frameMsP50, 1)}, ${f.renders} renders, longest gap between frames ${fmt(f.maxFrameGapMs, 0)} ms)`,
      measured: f.frameMsP95,
      target: 'p95 ≤ 16 ms',
      met: f.frameMsP95 <= 16,
      detail: f,
    });
    if (f.upgrades) {
      report.add({
        section,
        name: `${f.shape} (${kb}): after the stream, plain blocks made Markdown`,
        value: `${f.upgrades}, one per frame, longest ${fmt(f.maxUpgradeMs, 1)} ms`,
        measured: f.maxUpgradeMs,
      });
    }
    report.add({
      section,
      name: `${f.shape} (${kb}): final render`,
      value: `${fmt(f.finishMs, 1)} ms (rendering went on ${fmt(f.drainMs, 0)} ms after the last delta; from scratch, as when reopened: ${fmt(f.reloadMs, 1)} ms; ${f.capped ? 'Markdown capped' : 'not capped'}, ${f.plainSegments} plain/code segments${f.unsafe.length ? `, UNSAFE: ${f.unsafe.slice(0, 3).join(' ')}` : ''})`,
      measured: f.finishMs,
      target: '≤ 250 ms',
      met: f.finishMs <= 250 && f.unsafe.length === 0,
    });
  }
}
