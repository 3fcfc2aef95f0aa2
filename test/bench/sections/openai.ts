// The OpenAI-compatible path's own cost, beside the Ollama gateway's: time to first token through OpenAIClient
// and through the adapter behind the ModelGateway interface (what features use), each versus a bare fetch that
// reads the SSE bytes itself against the same stand-in; the same for the Ollama gateway's chat versus a bare
// `ollama` client; and the time from a cancellation to the server seeing the connection close, on both paths.
import { Ollama } from 'ollama/browser';
import { performance } from 'node:perf_hooks';
import type { ModelGateway } from '../../../src/core/endpoints/modelGateway';
import { OllamaGateway, resolveHost } from '../../../src/core/ollama';
import { OpenAIClient } from '../../../src/core/openai';
import { OpenAICompatibleGateway } from '../../../src/core/openai/adapter';
import { StandinOpenAI } from '../../support/openaiStandin';
import { StandinOllama } from '../../support/standin';
import { distribution, fmt, fmtDist } from '../stats';
import type { Report } from '../report';
import type { BenchContext } from '../context';

/** Time to the first token over a bare SSE fetch (no client): the reference the adapter is measured against. */
async function bareFirstToken(url: string, i: number): Promise<number> {
  const t = performance.now();
  const controller = new AbortController();
  const response = await fetch(`${url}/v1/chat/completions`, {
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
  const ms = performance.now() - t;
  controller.abort();
  return ms;
}

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
      const t = performance.now();
      for await (const chunk of client.chat(endpoint, params(i))) {
        if (chunk.text) {
          viaClient.push(performance.now() - t);
          break;
        }
      }
      standin.scriptReplies(['hello world']);
      viaFetch.push(await bareFirstToken(standin.url, i));
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
  await gateways(ctx, report);
}

/** The first text chunk of a chat through a ModelGateway, ms. */
async function firstToken(gw: ModelGateway, model: string, content: string): Promise<number> {
  const t = performance.now();
  for await (const chunk of gw.chat({ model, messages: [{ role: 'user', content }], options: { num_predict: 4 } })) {
    if (chunk.text) return performance.now() - t;
  }
  throw new Error('no text');
}

/** Cancels a chat through a ModelGateway at its first text; returns when the abort was called. */
async function abortAtFirstText(gw: ModelGateway, model: string, content: string): Promise<number> {
  const controller = new AbortController();
  let abortedAt = 0;
  try {
    for await (const chunk of gw.chat({ model, messages: [{ role: 'user', content }], options: { num_predict: 400 } }, controller.signal)) {
      if (chunk.text && !abortedAt) {
        abortedAt = performance.now();
        controller.abort();
      }
    }
  } catch {
    // aborted, as intended
  }
  return abortedAt;
}

/** Both adapters through the ModelGateway interface, as the features call them, each against its own bare baseline. */
async function gateways(ctx: BenchContext, report: Report): Promise<void> {
  const section = 'ModelGateway: OpenAI-compatible adapter beside the Ollama gateway';
  const vllm = await StandinOpenAI.start({ flavour: 'vllm', firstTokenMs: 5, perTokenMs: 1, apiKey: 'bench-token' });
  const ollama = await StandinOllama.start({ firstTokenMs: 5, perTokenMs: 1 });
  try {
    const adapter = new OpenAICompatibleGateway({
      connection: {
        name: 'bench',
        kind: 'openai-compatible',
        baseUrl: vllm.url,
        isLoopback: true,
        allowed: true,
        fetch: (input, init) => {
          const headers = new Headers(init?.headers);
          headers.set('Authorization', 'Bearer bench-token');
          return fetch(input, { ...init, headers });
        },
        secrets: () => Promise.resolve(['bench-token']),
      },
      config: () => ({ contextLength: 0 }),
    });
    const local = new OllamaGateway({
      config: () => ({ host: resolveHost(ollama.url, undefined), hostSetting: ollama.url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: 8192 }),
    });
    const ollamaModel = 'qwen2.5-coder:1.5b';
    // Detection, the model list and the cloud guard's lookup are cached after the first use, as in the editor.
    await adapter.listModels();
    await adapter.capabilities();
    await local.showModel(ollamaModel);
    const runs = ctx.quick ? 40 : 150;
    const viaAdapter: number[] = [];
    const bareSse: number[] = [];
    const viaOllama: number[] = [];
    const bareOllama: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternate so that drift on a noisy machine hits all four alike.
      vllm.scriptReplies(['hello world']);
      viaAdapter.push(await firstToken(adapter, 'qwen-coder', `p${i}`));
      vllm.scriptReplies(['hello world']);
      bareSse.push(await bareFirstToken(vllm.url, i));

      ollama.scriptReplies(['hello world']);
      viaOllama.push(await firstToken(local, ollamaModel, `r${i}`));
      ollama.scriptReplies(['hello world']);
      const t = performance.now();
      const client = new Ollama({ host: ollama.url });
      const it = await client.chat({ model: ollamaModel, messages: [{ role: 'user', content: `s${i}` }], stream: true, options: { num_predict: 4 } });
      for await (const chunk of it) {
        if (chunk.message.content) {
          bareOllama.push(performance.now() - t);
          it.abort();
          break;
        }
      }
    }
    const oa = distribution(viaAdapter);
    const ob = distribution(bareSse);
    const la = distribution(viaOllama);
    const lb = distribution(bareOllama);
    report.add({
      section,
      name: 'time to first token (chat): overhead over a bare request',
      value: `OpenAI adapter ${fmtDist(oa)} vs bare SSE ${fmtDist(ob)}: overhead p50 ${fmt(oa.p50 - ob.p50)} ms; Ollama gateway ${fmtDist(la)} vs bare client ${fmtDist(lb)}: overhead p50 ${fmt(la.p50 - lb.p50)} ms`,
      measured: oa.p50 - ob.p50,
      detail: { openaiAdapter: oa, bareSse: ob, ollamaGateway: la, bareOllamaClient: lb },
    });

    vllm.setDelays({ firstTokenMs: 0, perTokenMs: 10 });
    ollama.setDelays({ firstTokenMs: 0, perTokenMs: 10 });
    const abortRuns = ctx.quick ? 30 : 100;
    const openaiAbort: number[] = [];
    const ollamaAbort: number[] = [];
    const long = Array.from({ length: 200 }, (_, k) => `w${k}`).join(' ');
    for (let i = 0; i < abortRuns; i++) {
      vllm.scriptReplies([long]);
      const a = await abortAtFirstText(adapter, 'qwen-coder', `a${i}`);
      const ra = vllm.requests.filter((r) => r.path === '/v1/chat/completions').at(-1);
      if (!ra) throw new Error('no request recorded');
      await vllm.waitForClose(ra, 2_000);
      if (ra.closedAt !== undefined) openaiAbort.push(ra.closedAt - a);

      ollama.scriptReplies([long]);
      const b = await abortAtFirstText(local, ollamaModel, `b${i}`);
      const rb = ollama.requests.filter((r) => r.path === '/api/chat').at(-1);
      if (!rb) throw new Error('no request recorded');
      await ollama.waitForClose(rb, 2_000);
      if (rb.closedAt !== undefined) ollamaAbort.push(rb.closedAt - b);
    }
    const ab = distribution(openaiAbort);
    const lab = distribution(ollamaAbort);
    report.add({
      section,
      name: 'abort seen by the server',
      value: `OpenAI adapter ${fmtDist(ab)}; Ollama gateway ${fmtDist(lab)}`,
      measured: ab.p50,
      target: '≤ 10 ms',
      met: ab.p95 <= 10,
      detail: { openaiAdapter: ab, ollamaGateway: lab },
    });
    adapter.dispose();
    local.dispose();
  } finally {
    await Promise.all([vllm.close(), ollama.close()]);
  }
}
