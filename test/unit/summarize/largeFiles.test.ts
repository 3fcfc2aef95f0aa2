// Large real files against the stand-in: TypeScript's lib.dom.d.ts (1.9 MB) and a long Markdown README.
// Every request stays within its budget; with HEARTH_FIGURES=1 the number of requests and the largest
// prompt against its budget are printed (the figures in the closing note).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinCommentSyntax } from '../../../src/core/comments';
import type { OllamaGateway } from '../../../src/core/ollama';
import { findLanguage } from '../../../src/core/prompts/languages';
import { runSummary } from '../../../src/core/summarize';
import { planCommentTranslation, translateItems, translateText } from '../../../src/core/translate';
import { StandinOllama, tokenize, type RecordedRequest } from '../../support/standin';
import { summaryReplies } from './replies';
import { commentReplies } from '../translate/replies';
import { assertWithinBudget, bodyOf, chatOf, chatRequests, gatewayFor } from '../translate/standinGateway';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const LIB_DOM = path.join(root, 'node_modules', 'typescript', 'lib', 'lib.dom.d.ts');
const LONG_MD = path.join(root, 'node_modules', 'eslint', 'node_modules', 'ajv', 'README.md');
const english = findLanguage('en')!;
const zh = findLanguage('zh-cn')!;

/** The stand-in's own count of a chat prompt (a different tokenizer than Hearth's estimate). */
function standinCount(r: RecordedRequest): number {
  const body = bodyOf(r);
  return tokenize(body.messages.map((m) => m.content).join('\n')).length + 5 * body.messages.length + 3;
}

function figures(label: string, text: string, requests: RecordedRequest[], numCtx: number): void {
  const { largest, budget } = assertWithinBudget(requests, numCtx);
  // With shift:false the stand-in refuses (400) a prompt its own tokenizer counts at num_ctx or more, instead
  // of cutting it; Hearth then splits smaller. Nothing is ever cut silently.
  const refused = requests.filter((r) => r.status === 400).length;
  const accepted = requests.filter((r) => r.status === 200);
  const standinMax = Math.max(...accepted.map(standinCount));
  assert.ok(standinMax < numCtx);
  if (process.env.HEARTH_FIGURES) {
    console.log(
      `${label}: ${(text.length / 1e6).toFixed(2)} MB, ${text.split('\n').length} lines → ${requests.length} requests at num_ctx ${numCtx} ` +
        `(${refused} refused as too long by the stand-in's denser tokenizer, then split); largest prompt ${largest} estimated tokens of a ${budget}-token budget ` +
        `(${Math.round((100 * largest) / budget)}%); largest accepted prompt by the stand-in's count ${standinMax} of ${numCtx}`,
    );
  }
}

describe('large real files', function () {
  this.timeout(120_000);
  let standin: StandinOllama;
  let gateway: OllamaGateway;

  before(function () {
    if (!fs.existsSync(LIB_DOM) || !fs.existsSync(LONG_MD)) this.skip();
  });
  beforeEach(async () => {
    standin = await StandinOllama.start({ reply: summaryReplies });
    gateway = gatewayFor(standin);
  });
  afterEach(async () => {
    await standin.close();
  });

  for (const contextLength of [8192, 32768]) {
    it(`summarizes lib.dom.d.ts within the budget at num_ctx ${contextLength}`, async () => {
      const text = fs.readFileSync(LIB_DOM, 'utf8');
      const source = { name: 'lib.dom.d.ts', languageId: 'typescript', firstLine: 1, lastLine: text.split('\n').length };
      const gw = gatewayFor(standin, contextLength);
      const numCtx = await gw.contextWindow('qwen2.5-coder:7b');
      assert.equal(numCtx, contextLength, 'within the trained context (32768)');
      const result = await runSummary({ text, source, style: 'bullets', language: english, numCtx }, { model: 'qwen2.5-coder:7b', chat: chatOf(gw) });
      assert.ok(result.summary.length > 0);
      figures(`summarize lib.dom.d.ts (${result.notes.length} parts)`, text, chatRequests(standin), numCtx);
    });
  }

  it('summarizes a long Markdown document within the budget', async () => {
    const text = fs.readFileSync(LONG_MD, 'utf8');
    const source = { name: 'README.md', languageId: 'markdown', firstLine: 1, lastLine: text.split('\n').length };
    const result = await runSummary({ text, source, style: 'bullets', language: zh, numCtx: 8192 }, { model: 'llama3.2:3b', chat: chatOf(gateway) });
    assert.ok(result.notes.length > 1);
    figures(`summarize ajv README.md (${result.notes.length} parts)`, text, chatRequests(standin), 8192);
  });

  it('translates the comments of lib.dom.d.ts within the budget (about 20 s: only with HEARTH_FIGURES=1)', async function () {
    if (!process.env.HEARTH_FIGURES) this.skip();
    standin.setReply(commentReplies((t) => `【译】${t}`));
    const text = fs.readFileSync(LIB_DOM, 'utf8');
    const plan = planCommentTranslation(text, builtinCommentSyntax('typescript')!, { target: zh });
    const out = await translateItems(plan.items, { model: 'llama3.2:3b', numCtx: 8192, target: zh, source: { name: 'lib.dom.d.ts', languageId: 'typescript' } }, chatOf(gateway));
    assert.equal(out.kept.length, 0);
    assert.equal(out.translations.size, plan.items.length);
    if (process.env.HEARTH_FIGURES) console.log(`translate lib.dom.d.ts: ${plan.stats.comments} comments, ${plan.items.length} texts (${new Set(plan.items.map((i) => i.text)).size} distinct)`);
    figures('translate comments of lib.dom.d.ts', text, chatRequests(standin), 8192);
  });

  it('translates a long Markdown document (Translate Selection) within the budget', async () => {
    standin.setReply((ctx) => ({ text: ctx.prompt.slice(ctx.prompt.indexOf('\n\n') + 2) }));
    const text = fs.readFileSync(LONG_MD, 'utf8');
    const out = await translateText(text, { model: 'llama3.2:3b', numCtx: 8192, target: zh, languageId: 'markdown' }, chatOf(gateway));
    assert.equal(out.text.replace(/\s+/g, ' '), text.replace(/\s+/g, ' '), 'every part came back, in order');
    figures('translate selection of ajv README.md', text, chatRequests(standin), 8192);
  });
});
