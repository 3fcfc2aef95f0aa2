// Long input: summarizing a very large file (TypeScript's lib.dom.d.ts, about 2 MB) and translating all
// its comments, through Hearth's real core code (planning, map-reduce, batching) against the stand-in.
// Every prompt is checked against its request's budget (num_ctx − num_predict − chat-template overhead,
// measured with Hearth's own estimate) and against the stand-in's stricter count: with `shift: false` the
// stand-in refuses (400) a prompt its tokenizer counts at num_ctx or more, as Ollama does, and Hearth must
// then split smaller. The stand-in answers at once here: these figures are counts, not times.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { builtinCommentSyntax } from '../../../src/core/comments';
import { OllamaGateway, resolveHost } from '../../../src/core/ollama';
import type { ChatParams, TextChunk } from '../../../src/core/ollama/types';
import { findLanguage } from '../../../src/core/prompts/languages';
import { runSummary } from '../../../src/core/summarize';
import { templateOverhead } from '../../../src/core/text/budget';
import { estimateTokens } from '../../../src/core/text/tokens';
import { planCommentTranslation, translateItems } from '../../../src/core/translate';
import { StandinOllama, tokenize, type RecordedRequest } from '../../support/standin';
import { summaryReplies } from '../../unit/summarize/replies';
import { commentReplies } from '../../unit/translate/replies';
import { fmt } from '../stats';
import type { Report } from '../report';
import type { BenchContext } from '../context';

interface ChatBody {
  messages: { role: string; content: string }[];
  options: { num_ctx: number; num_predict: number };
}

interface BudgetFigures {
  requests: number;
  refused: number;
  overBudget: number;
  largest: number;
  budgetOfLargest: number;
  /** The stand-in's own count of the largest prompt it accepted, against num_ctx. */
  standinLargest: number;
  numCtx: number;
  seconds: number;
}

function budgetFigures(requests: RecordedRequest[], seconds: number): BudgetFigures {
  let largest = 0;
  let budgetOfLargest = 0;
  let overBudget = 0;
  let standinLargest = 0;
  let numCtx = 0;
  for (const r of requests) {
    const body = r.body as ChatBody;
    numCtx = Math.max(numCtx, body.options.num_ctx);
    const prompt = body.messages.reduce((sum, m) => sum + estimateTokens(m.content), 0);
    const budget = body.options.num_ctx - body.options.num_predict - templateOverhead(body.messages.length);
    if (prompt > budget) overBudget++;
    if (prompt > largest) {
      largest = prompt;
      budgetOfLargest = budget;
    }
    if (r.status === 200) standinLargest = Math.max(standinLargest, tokenize(body.messages.map((m) => m.content).join('\n')).length + 5 * body.messages.length + 3);
  }
  return { requests: requests.length, refused: requests.filter((r) => r.status === 400).length, overBudget, largest, budgetOfLargest, standinLargest, numCtx, seconds };
}

function describe(f: BudgetFigures): string {
  return `${f.requests} requests at num_ctx ${f.numCtx}; largest prompt ${f.largest} of a ${f.budgetOfLargest}-token budget (${fmt((100 * f.largest) / Math.max(1, f.budgetOfLargest), 0)} %); ${f.overBudget} over budget; ${f.refused} refused as too long by the stand-in's denser count, then split smaller (largest accepted: ${f.standinLargest} of ${f.numCtx} by its count); ${fmt(f.seconds, 1)} s`;
}

export async function longInput(ctx: BenchContext, report: Report): Promise<void> {
  const section = 'Long input';
  const file = path.join(ctx.root, 'node_modules', 'typescript', 'lib', 'lib.dom.d.ts');
  const text = fs.readFileSync(file, 'utf8');
  const size = `lib.dom.d.ts, ${fmt(text.length / 1e6, 2)} MB, ${text.split('\n').length} lines`;
  const standin = await StandinOllama.start({ reply: summaryReplies });
  // hearth.contextLength: each job budgets against the window the gateway then sends (contextWindow).
  let contextLength = 8192;
  const gateway = new OllamaGateway({
    config: () => ({ host: resolveHost(standin.url, undefined), hostSetting: standin.url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength }),
    metadataTimeoutMs: 2_000,
  });
  const chat = (params: ChatParams, signal?: AbortSignal): AsyncIterable<TextChunk> => gateway.chat(params, signal);
  const chatRequests = (): RecordedRequest[] => standin.requests.filter((r) => r.path === '/api/chat');
  const english = findLanguage('en');
  const chinese = findLanguage('zh-cn');
  if (!english || !chinese) throw new Error('languages en and zh-cn are missing');
  try {
    for (const setting of ctx.quick ? [8192] : [8192, 32768]) {
      contextLength = setting;
      const numCtx = await gateway.contextWindow('qwen2.5-coder:7b');
      standin.resetRecord();
      const t = performance.now();
      const result = await runSummary(
        { text, source: { name: 'lib.dom.d.ts', languageId: 'typescript', firstLine: 1, lastLine: text.split('\n').length }, style: 'bullets', language: english, numCtx },
        { model: 'qwen2.5-coder:7b', chat },
      );
      const f = budgetFigures(chatRequests(), (performance.now() - t) / 1000);
      report.add({
        section,
        name: `summarize ${size} (num_ctx ${numCtx})`,
        value: `${describe(f)}; ${result.notes.length} parts`,
        measured: f.overBudget,
        target: 'no prompt over budget',
        met: f.overBudget === 0 && result.summary.length > 0,
        detail: { ...f, parts: result.notes.length, kinds: result.requests.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.kind]: (acc[r.kind] ?? 0) + 1 }), {}) },
      });
    }

    // Translating every comment of lib.dom.d.ts takes about 20 s of the stand-in's and the planner's CPU:
    // quick mode translates those of lib.es5.d.ts (0.2 MB) instead.
    const translated = ctx.quick ? 'lib.es5.d.ts' : 'lib.dom.d.ts';
    const source = ctx.quick ? fs.readFileSync(path.join(ctx.root, 'node_modules', 'typescript', 'lib', translated), 'utf8') : text;
    const syntax = builtinCommentSyntax('typescript');
    if (!syntax) throw new Error('no comment syntax for typescript');
    standin.resetRecord();
    standin.setReply(commentReplies((t) => `【译】${t}`));
    const t = performance.now();
    const plan = planCommentTranslation(source, syntax, { target: chinese });
    contextLength = 8192;
    const out = await translateItems(plan.items, { model: 'llama3.2:3b', numCtx: await gateway.contextWindow('llama3.2:3b'), target: chinese, source: { name: translated, languageId: 'typescript' } }, chat);
    const f = budgetFigures(chatRequests(), (performance.now() - t) / 1000);
    const complete = out.kept.length === 0 && out.translations.size === plan.items.length;
    report.add({
      section,
      name: `translate the comments of ${translated}, ${fmt(source.length / 1e6, 2)} MB (num_ctx 8192)`,
      value: `${plan.stats.comments} comments, ${plan.items.length} texts → ${describe(f)}; ${complete ? 'every text translated' : `${out.kept.length} texts left untranslated`}`,
      measured: f.overBudget,
      target: 'no prompt over budget',
      met: f.overBudget === 0 && complete,
      detail: { ...f, comments: plan.stats.comments, items: plan.items.length, kept: out.kept.length },
    });
  } finally {
    await standin.close();
  }
}
