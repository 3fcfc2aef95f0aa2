// The OpenAI-compatible client's own cost, beside the Ollama gateway's (section "gateway"): time to first token
// through OpenAIClient versus a bare fetch that reads the SSE bytes itself, against the same stand-in, and the time
// from a cancellation to the server seeing the connection close.
import { performance } from 'node:perf_hooks';
import { OpenAIClient } from '../../../src/core/openai';
import { StandinOpenAI } from '../../support/openaiStandin';
import { distribution, fmt, fmtDist } from '../stats';
import type { Report } from '../report';
import type { BenchContext } from '../context';

export async function openai(ctx: BenchContext, report: Report): Promise<void> {
  const section = 'OpenAI-compatible client';
  const standin = await StandinOpenAI.start({ flavour: 'vllm', firstTokenMs: 5, perTokenMs: 1 });
  try {
    const client = new OpenAIClient({ fetch: (input, init) => fetch(input, init) });
    const endpoint = { url: standin.url, token: 'bench-token' };
    const params = (i: number) => ({ model: 'qwen-coder', messages: [{ role: 'user' as const, content: `p${i}` }], maxTokens: 4 });
    const runs = ctx.quick ? 40 : 150;
    const viaClient: number[] = [];
    const viaFetch: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternate so that drift on a noisy machine hits both sides alike.
      standin.scriptReplies(['hello world']);
      let t = performance.now();
      for await (const chunk of client.chat(endpoint, params(i))) {
        if (chunk.text) {
          viaClient.push(performance.now() - t);
          break;
        }
      }
      standin.scriptReplies(['hello world']);
      t = performance.now();
      const controller = new AbortController();
      const response = await fetch(`${standin.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer bench-token' },
        body: JSON.stringify({ model: 'qwen-coder', messages: [{ role: 'user', content: `q${i}` }], max_tokens: 4, stream: true }),
        signal: controller.signal,
      });
      const reader = response.body?.getReader();
      const decoder = new TextDecoder();
      let seen = '';
      // The first event after the role chunk carries text: stop at the second complete event.
      while (reader && (seen.match(/\n\n/g)?.length ?? 0) < 2) {
        const { done, value } = await reader.read();
        if (done) break;
        seen += decoder.decode(value, { stream: true });
      }
      viaFetch.push(performance.now() - t);
      controller.abort();
    }
    const c = distribution(viaClient);
    const f = distribution(viaFetch);
    report.add({
      section,
      name: 'time to first token: client vs bare fetch',
      value: `client ${fmtDist(c)}; bare ${fmtDist(f)}; overhead p50 ${fmt(c.p50 - f.p50)} ms, p95 ${fmt(c.p95 - f.p95)} ms`,
      measured: c.p50 - f.p50,
      detail: { client: c, bareFetch: f },
    });

    standin.setDelays({ firstTokenMs: 0, perTokenMs: 10 });
    const abortRuns = ctx.quick ? 30 : 100;
    const latencies: number[] = [];
    for (let i = 0; i < abortRuns; i++) {
      standin.scriptReplies([Array.from({ length: 200 }, (_, k) => `w${k}`).join(' ')]);
      const controller = new AbortController();
      let abortedAt = 0;
      try {
        for await (const chunk of client.chat(endpoint, { ...params(i), maxTokens: 400 }, controller.signal)) {
          if (chunk.text) {
            abortedAt = performance.now();
            controller.abort();
          }
        }
      } catch {
        // aborted, as intended
      }
      const request = standin.requests.filter((r) => r.path === '/v1/chat/completions').at(-1);
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
