// Chat rendering: the chat view's real renderer and stylesheet in headless Chromium, fed a long
// answer at 100 and at 1 000 tokens per second (see ../chatRender.ts for the page and the answer).
import { measureChatRender } from '../chatRender';
import { fmt } from '../stats';
import type { Report } from '../report';
import type { BenchContext } from '../context';

export async function chat(ctx: BenchContext, report: Report): Promise<void> {
  const section = 'Chat rendering';
  // Quick mode streams 1 000 tokens (10 s at 100 tokens/s) instead of 4 000 (40 s).
  const tokens = ctx.quick ? 1000 : 4000;
  for (const figures of await measureChatRender([100, 1000], tokens)) {
    const rate = figures.tokensPerSecond;
    report.add({ section, name: `${tokens} tokens at ${rate}/s: renders per second`, value: fmt(figures.rendersPerSecond, 1), measured: figures.rendersPerSecond, target: '≤ 30/s', met: figures.rendersPerSecond <= 30, detail: figures });
    report.add({ section, name: `${tokens} tokens at ${rate}/s: render work per token`, value: `${fmt(figures.renderUsPerToken / 1000, 3)} ms`, measured: figures.renderUsPerToken / 1000, target: '< 1 ms', met: figures.renderUsPerToken < 1000 });
    report.add({ section, name: `${tokens} tokens at ${rate}/s: longest render (task)`, value: `${fmt(figures.renderMsMax, 1)} ms (p50 ${fmt(figures.renderMsP50)} ms, p95 ${fmt(figures.renderMsP95)} ms)`, measured: figures.renderMsMax });
  }
}
