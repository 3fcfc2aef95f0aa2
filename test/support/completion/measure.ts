// Prints the inline-completion figures the issue asks for (node out/test/support/completion/measure.js):
// counts from replayed typing sessions (fake clock, deterministic) and wall-clock costs of Hearth's own
// work per keystroke (real clock): reading the context, the engine up to the request, typed-ahead and cache.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompletionEngine, DEFAULT_ENGINE_CONFIG } from '../../../src/core/completion/engine';
import type { GenerateFn } from '../../../src/core/completion/flight';
import { readCursorContext, type LineSource } from '../../../src/core/prompts/cursorContext';
import { QWEN_CODER, TEST_BUDGET } from './editorSim';
import { percentile, replay, type ReplayOptions, type ReplayReport } from './replay';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const read = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');

export function traces(): { name: string; options: ReplayOptions }[] {
  const tokens = read('src/core/text/tokens.ts');
  const names = read('src/core/ollama/names.ts');
  // Two functions written on an empty line between two others.
  const from = names.indexOf('export function isValidModelName');
  const to = names.indexOf('export function displayModelName') - 2;
  return [
    { name: 'new file (tokens.ts, top to bottom)', options: { truth: tokens, start: 0, end: tokens.length, seed: 7 } },
    { name: 'functions in the middle of names.ts', options: { truth: names, start: from, end: to, seed: 11 } },
  ];
}

function summary(name: string, r: ReplayReport): string {
  const ratios = r.sharedPrefixRatios;
  return [
    `## ${name}`,
    `typed ${r.typedChars} chars (+${r.acceptedChars} accepted in ${r.accepted} Tabs), ${r.keystrokes} keystrokes`,
    `requests ${r.requests} → ${r.requestsPer100Chars.toFixed(2)} per 100 typed chars, ${r.requestsPer100Written.toFixed(2)} per 100 written; aborted ${r.aborted}; closed early (complete) ${r.earlyStops}`,
    `debounce at the requests: median ${percentile(r.debounceMs, 50)} ms, p90 ${percentile(r.debounceMs, 90)} ms`,
    `matching keystrokes ${r.matchingKeystrokes}, without a request ${r.matchingWithoutRequest} → ${(100 * r.matchingNoRequestShare).toFixed(1)} %`,
    `max in flight ${r.maxInFlight}`,
    `answers from memory: typed-ahead ${r.typedAheadHits}, cache ${r.cacheHits}, stream ${r.streamHits}`,
    `chars received ${r.charsReceived}, shown ${r.charsShown}`,
    `shared prefix of consecutive same-line prompts: n=${ratios.length}, min ${(100 * Math.min(...ratios)).toFixed(1)} %, p10 ${(100 * percentile(ratios, 10)).toFixed(1)} %, median ${(100 * percentile(ratios, 50)).toFixed(1)} %; prompts ≥ 1 kB: n=${r.sharedPrefixRatiosLong.length}, min ${(100 * Math.min(...r.sharedPrefixRatiosLong)).toFixed(1)} %`,
  ].join('\n');
}

/** Hearth's own time per keystroke, from the editor's call to the request, waits excluded; and memory answers. */
async function timings(): Promise<string> {
  const lines = Array.from({ length: 20_000 }, (_, i) => `  const value${i} = compute(value${i - 1}, ${i}); // step ${i}`);
  let current = lines.slice();
  const source: LineSource = { get lineCount() { return current.length; }, lineAt: (i) => current[i] ?? '' };
  const generate: GenerateFn = async function* () {
    yield { text: 'result + 1;', done: false };
    yield { text: '', done: true };
  };
  const engine = new CompletionEngine({ generate, config: () => ({ ...DEFAULT_ENGINE_CONFIG, debounceMinMs: 0, debounceMaxMs: 0, closeGapMs: 0 }) });
  const overheads: number[] = [];
  const memory: number[] = [];
  engine.onEvent((e) => {
    if (e.type === 'request') overheads.push(e.overheadMs);
    if (e.type === 'served' && (e.source === 'typedAhead' || e.source === 'cache')) memory.push(e.ms);
  });
  const line = 10_000;
  for (let i = 0; i < 400; i++) {
    // A fresh line each time (a new request), then typing along its suggestion (typed-ahead).
    current = lines.slice();
    current[line] = `  let total${i} = `;
    const request = (character: number) => {
      const startedAt = performance.now();
      const ctx = readCursorContext(source, line, character, TEST_BUDGET);
      return { documentId: 'file:///big.ts', offset: 1_000_000 + i * 1000 + character, ctx, languageId: 'typescript', path: 'src/big.ts', model: QWEN_CODER, trigger: 'automatic' as const, startedAt };
    };
    await engine.complete(request(current[line].length), new AbortController().signal);
    for (const ch of 'result') {
      current[line] += ch;
      await engine.complete(request(current[line].length), new AbortController().signal);
    }
  }
  engine.dispose();
  return [
    '## wall-clock (20,000-line document, cursor in the middle, 400 requests, 2,400 typed-ahead answers)',
    `overhead from the call to the request sent: p50 ${percentile(overheads, 50).toFixed(3)} ms, p95 ${percentile(overheads, 95).toFixed(3)} ms`,
    `answer from typed-ahead or cache: p50 ${percentile(memory, 50).toFixed(3)} ms, p95 ${percentile(memory, 95).toFixed(3)} ms (n=${memory.length})`,
  ].join('\n');
}

/** Requests per 100 characters over several seeds of every trace. */
async function averaged(label: string, extra: Partial<ReplayOptions>): Promise<string> {
  let requests = 0;
  let typed = 0;
  let written = 0;
  let matching = 0;
  let matchingFree = 0;
  let maxInFlight = 0;
  for (const { options } of traces()) {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = await replay({ ...options, ...extra, seed });
      requests += r.requests;
      typed += r.typedChars;
      written += r.typedChars + r.acceptedChars;
      matching += r.matchingKeystrokes;
      matchingFree += r.matchingWithoutRequest;
      maxInFlight = Math.max(maxInFlight, r.maxInFlight);
    }
  }
  return `${label}: ${((100 * requests) / typed).toFixed(2)} requests per 100 typed chars, ${((100 * requests) / written).toFixed(2)} per 100 written; matching keystrokes without a request ${((100 * matchingFree) / matching).toFixed(1)} % of ${matching}; max in flight ${maxInFlight}`;
}

async function main(): Promise<void> {
  console.log('## averaged over 2 traces × 5 seeds');
  console.log(await averaged('fast model (120 ms to first token, 15 ms/token)', {}));
  console.log(await averaged('slow CPU model (600 ms to first token, 60 ms/token)', { firstTokenMs: 600, perTokenMs: 60 }));
  console.log('');
  for (const { name, options } of traces()) {
    console.log(summary(name, await replay(options)));
    console.log(summary(`${name}, API suffix layout`, await replay({ ...options, config: { format: 'suffix' } })));
    console.log(summary(`${name}, slow CPU model (600 ms to first token, 60 ms/token)`, await replay({ ...options, firstTokenMs: 600, perTokenMs: 60 })));
    console.log('');
  }
  console.log(await timings());
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
