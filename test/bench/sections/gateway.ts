// The gateway's own cost: time to first token through Hearth's gateway versus a bare `ollama` client
// call to the same stand-in, and the time from a cancellation to the server seeing the connection close.
import { Ollama } from 'ollama/browser';
import { performance } from 'node:perf_hooks';
import { OllamaGateway, resolveHost } from '../../../src/core/ollama';
import { StandinOllama } from '../../support/standin';
import { distribution, fmt, fmtDist } from '../stats';
import type { Report } from '../report';
import type { BenchContext } from '../context';

export async function gateway(ctx: BenchContext, report: Report): Promise<void> {
  const section = 'Gateway';
  const standin = await StandinOllama.start({ firstTokenMs: 5, perTokenMs: 1 });
  try {
    const gw = new OllamaGateway({
      config: () => ({ host: resolveHost(standin.url, undefined), hostSetting: standin.url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: 8192 }),
    });
    const model = 'qwen2.5-coder:1.5b';
    await gw.showModel(model); // the cloud guard's lookup is cached after the first use, as in the editor
    const runs = ctx.quick ? 40 : 150;
    const viaGateway: number[] = [];
    const viaClient: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternate so that drift on a noisy machine hits both sides alike.
      standin.scriptReplies(['hello world']);
      let t = performance.now();
      for await (const chunk of gw.generate({ model, prompt: `p${i}`, options: { num_predict: 4 } })) {
        if (chunk.text) {
          viaGateway.push(performance.now() - t);
          break;
        }
      }
      standin.scriptReplies(['hello world']);
      t = performance.now();
      const client = new Ollama({ host: standin.url });
      const it = await client.generate({ model, prompt: `q${i}`, stream: true, options: { num_predict: 4 } });
      for await (const chunk of it) {
        if (chunk.response) {
          viaClient.push(performance.now() - t);
          it.abort();
          break;
        }
      }
    }
    const g = distribution(viaGateway);
    const c = distribution(viaClient);
    report.add({
      section,
      name: 'time to first token: gateway vs bare client',
      value: `gateway ${fmtDist(g)}; bare ${fmtDist(c)}; overhead p50 ${fmt(g.p50 - c.p50)} ms, p95 ${fmt(g.p95 - c.p95)} ms`,
      measured: g.p50 - c.p50,
      detail: { gateway: g, bareClient: c },
    });

    // Abort latency: from controller.abort() to the stand-in noticing the closed connection.
    standin.setDelays({ firstTokenMs: 0, perTokenMs: 10 });
    const abortRuns = ctx.quick ? 30 : 100;
    const latencies: number[] = [];
    for (let i = 0; i < abortRuns; i++) {
      standin.scriptReplies([Array.from({ length: 200 }, (_, k) => `w${k}`).join(' ')]);
      const controller = new AbortController();
      let abortedAt = 0;
      try {
        for await (const chunk of gw.generate({ model, prompt: `a${i}` }, controller.signal)) {
          if (chunk.text) {
            abortedAt = performance.now();
            controller.abort();
          }
        }
      } catch {
        // aborted, as intended
      }
      const request = standin.requests.filter((r) => r.path === '/api/generate').at(-1);
      if (!request) throw new Error('no request recorded');
      await standin.waitForClose(request, 2_000);
      if (request.closedAt !== undefined) latencies.push(request.closedAt - abortedAt);
    }
    const a = distribution(latencies);
    report.add({ section, name: 'abort seen by the server', value: fmtDist(a), measured: a.p50, target: '≤ 10 ms', met: a.p95 <= 10, detail: a });
  } finally {
    await standin.close();
  }
}
