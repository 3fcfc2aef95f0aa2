// Run in a fresh Node process (with --expose-gc) by the memory benchmark: 1 000 completions with distinct
// contexts (50 documents, a different line and text each time) through the engine and the real gateway
// to the stand-in whose URL is the first argument (the stand-in runs in the parent, so that its records
// do not count here). Prints the heap after a warm-up and at every quarter, each after a full GC.
// With `gateway` as the third argument, the same prompts go straight to the gateway without the engine:
// the baseline of what the HTTP client and the runtime keep by themselves.
import { performance } from 'node:perf_hooks';
import { budgetOf, engineConfigOf, parseCompletionSettings } from '../../src/core/completion/completionSettings';
import { CompletionEngine } from '../../src/core/completion/engine';
import { OllamaGateway, resolveHost } from '../../src/core/ollama';
import { completionModelOf, planCompletion, type CompletionModel } from '../../src/core/prompts/completionPrompt';
import { readCursorContext, type LineSource } from '../../src/core/prompts/cursorContext';
import { SETTING_DEFAULTS } from '../../src/core/settings';

const gc = (globalThis as { gc?: () => void }).gc;
const DOCUMENTS = 50;
const LINES = 2_000;

function heapAfterGc(): number {
  // Several passes: weak references and finalizers free more on the second.
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const url = process.argv[2];
  const total = Number(process.argv[3] ?? 1000);
  const bare = process.argv[4] === 'gateway';
  if (!url || !gc) throw new Error('usage: node --expose-gc memoryChild.js <stand-in url> [completions]');
  const gateway = new OllamaGateway({ config: () => ({ host: resolveHost(url, undefined), hostSetting: url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: SETTING_DEFAULTS['hearth.contextLength'] }) });
  const details = await gateway.showModel('qwen2.5-coder:1.5b');
  const model: CompletionModel = completionModelOf(details);
  const settings = parseCompletionSettings((key) => SETTING_DEFAULTS[key]);
  const budget = budgetOf(settings, await gateway.contextWindow(model.name));
  const config = { ...engineConfigOf(settings), debounceMinMs: 0, debounceMaxMs: 0, closeGapMs: 0 };
  const engine = new CompletionEngine({ generate: (params, signal) => gateway.generate(params, signal), config: () => config });
  // Joined and split again: template strings are ropes that V8 flattens when first read, which would show
  // as a heap that shrinks while the run visits the lines.
  const documents = Array.from({ length: DOCUMENTS }, (_, d) =>
    Array.from({ length: LINES }, (_, i) => `export function f${d}_${i}(x: number): number { return x * ${i} + ${d}; }`).join('\n').split('\n'),
  );

  const complete = async (k: number): Promise<void> => {
    const lines = documents[k % DOCUMENTS].slice();
    const line = (k * 7919) % LINES;
    lines[line] = `  const total${k} = compute(${k}, `;
    const source: LineSource = { lineCount: lines.length, lineAt: (i) => lines[i] ?? '' };
    const ctx = readCursorContext(source, line, lines[line].length, budget);
    const request = { documentId: `file:///workspace/src/doc${k % DOCUMENTS}.ts`, offset: line * 80 + lines[line].length, ctx, languageId: 'typescript', path: `src/doc${k % DOCUMENTS}.ts`, model, trigger: 'automatic' as const, startedAt: performance.now() };
    if (!bare) {
      await engine.complete(request, new AbortController().signal);
      return;
    }
    const plan = planCompletion(request, { maxLines: config.maxLines, format: config.format });
    for await (const chunk of gateway.generate({ model: model.name, ...plan.params })) if (chunk.done) break;
  };

  const warmup = 100;
  for (let k = 0; k < warmup; k++) await complete(1_000_000 + k);
  const before = heapAfterGc();
  const checkpoints: { completions: number; heapBytes: number }[] = [{ completions: 0, heapBytes: before }];
  for (let k = 1; k <= total; k++) {
    await complete(k);
    if (k % (total / 4) === 0) checkpoints.push({ completions: k, heapBytes: heapAfterGc() });
  }
  const stats = engine.stats;
  engine.dispose();
  process.stdout.write(`${JSON.stringify({ before, after: checkpoints[checkpoints.length - 1].heapBytes, checkpoints, requests: stats.requests, calls: stats.calls })}\n`);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
