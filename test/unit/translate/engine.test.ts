// Translating comment batches against the stand-in over real HTTP: the schema sent as format, retries
// for bad replies, splitting a reply cut by length, keeping texts whose translation lost code or links,
// and the faults that end a job (nothing to apply).
import * as assert from 'node:assert/strict';
import { isAbort, OllamaError, type OllamaGateway } from '../../../src/core/ollama';
import { findLanguage } from '../../../src/core/prompts/languages';
import { translateItems, translateText, TranslationFormatError, type TranslateJob, type TranslationItem } from '../../../src/core/translate';
import { StandinOllama } from '../../support/standin';
import { commentReplies } from './replies';
import { assertWithinBudget, bodyOf, chatOf, chatRequests, gatewayFor, userPrompt } from './standinGateway';

/** What Ollama answers (400) for a prompt longer than the context when shift is off. */
const PROMPT_TOO_LONG = 'the prompt is longer than the context length currently available to the model; shorten the prompt, adjust the context length in settings, or use a model with a longer context length';

const baseJob: Omit<TranslateJob, 'numCtx'> = { model: 'llama3.2:3b', target: findLanguage('zh-cn')!, source: { name: 'a.ts', languageId: 'typescript' } };
const mark = (text: string): string => `【译】${text}`;
const make = (texts: string[]): TranslationItem[] => texts.map((text, i) => ({ id: `c${i + 1}`, text, unit: i, segment: 0 }));

describe('comment translation engine against the stand-in', () => {
  let standin: StandinOllama;
  let gateway: OllamaGateway;
  let job: TranslateJob;

  beforeEach(async () => {
    standin = await StandinOllama.start({ reply: commentReplies(mark) });
    // hearth.contextLength 4096; the job budgets against the window the gateway sends, as the feature does.
    gateway = gatewayFor(standin, 4096);
    job = { ...baseJob, numCtx: await gateway.contextWindow(baseJob.model) };
  });
  afterEach(async () => {
    await standin.close();
  });

  it('sends each batch with its JSON schema and gets every id back', async () => {
    const items = make(['One.', 'Two.', 'Three.']);
    const progress: string[] = [];
    const out = await translateItems(items, job, chatOf(gateway), (p) => progress.push(`${p.batch}/${p.batches}:${p.done}/${p.total}`));
    assert.deepEqual([...out.translations], [['c1', '【译】One.'], ['c2', '【译】Two.'], ['c3', '【译】Three.']]);
    const body = bodyOf(chatRequests(standin)[0]!);
    assert.deepEqual(body.format?.required, ['c1', 'c2', 'c3']);
    assert.deepEqual(progress, ['1/1:0/3', '1/1:3/3']);
    assert.equal(job.numCtx, 4096);
    assertWithinBudget(chatRequests(standin), job.numCtx);
  });

  it('retries a reply with invalid JSON once, naming the problem', async () => {
    let calls = 0;
    standin.setReply(commentReplies(mark, (out) => (++calls === 1 ? '{"c1": "半' : out)));
    const out = await translateItems(make(['One.']), job, chatOf(gateway));
    assert.equal(out.translations.get('c1'), '【译】One.');
    assert.equal(chatRequests(standin).length, 2);
    assert.match(userPrompt(chatRequests(standin)[1]!), /could not be used \(not valid JSON/);
  });

  it('fails the job after a second unusable reply: too few ids', async () => {
    standin.setReply(commentReplies(mark, ({ c1 }) => ({ c1: c1 ?? '' })));
    await assert.rejects(translateItems(make(['One.', 'Two.']), job, chatOf(gateway)), (err) => err instanceof TranslationFormatError && /ids missing: c2/.test(err.message));
    assert.equal(chatRequests(standin).length, 2);
  });

  it('fails the job after a second unusable reply: too many ids', async () => {
    standin.setReply(commentReplies(mark, (out) => ({ ...out, c9: 'extra' })));
    await assert.rejects(translateItems(make(['One.']), job, chatOf(gateway)), (err) => err instanceof TranslationFormatError && /not asked for: c9/.test(err.message));
  });

  it('splits a batch whose reply was cut by num_predict', async () => {
    let calls = 0;
    standin.setReply((ctx) => {
      calls++;
      if (calls === 1) return { text: '{"c1": "【译】One.", "c2": "【译', doneReason: 'length' };
      return commentReplies(mark)(ctx);
    });
    const out = await translateItems(make(['One.', 'Two.', 'Three.']), job, chatOf(gateway));
    assert.equal(out.translations.size, 3);
    assert.deepEqual(chatRequests(standin).slice(1).map((r) => bodyOf(r).format?.required), [['c1', 'c2'], ['c3']]);
  });

  it('asks again when a translation lost code or a link, and keeps the original if it is lost again', async () => {
    standin.setReply(commentReplies((t) => (t.includes('`') ? '调用初始化函数。' : mark(t))));
    const out = await translateItems(make(['Call `init()` first.', 'Plain words.']), job, chatOf(gateway));
    assert.equal(out.translations.has('c1'), false);
    assert.deepEqual(out.kept, [{ id: 'c1', reason: 'lostSpans' }]);
    assert.equal(out.translations.get('c2'), '【译】Plain words.');
    assert.match(userPrompt(chatRequests(standin)[1]!), /Keep these exactly as written in the translations: `init\(\)`/);
  });

  it('sends fewer texts at a time when the model refuses a prompt as longer than its context', async () => {
    await standin.addFault({ fault: { kind: 'status', status: 400, error: PROMPT_TOO_LONG }, path: '/api/chat', times: 2 });
    const items = make(['One.', 'Two.', 'Three.', 'Four.']);
    const out = await translateItems(items, job, chatOf(gateway));
    assert.equal(out.translations.size, 4);
    const requests = chatRequests(standin);
    assert.deepEqual(requests.map((r) => r.status), [400, 400, 200, 200, 200]);
    assert.deepEqual(requests.slice(2).map((r) => bodyOf(r).format?.required), [['c1'], ['c2'], ['c3', 'c4']]);
    assert.ok(requests.every((r) => (r.body as { shift?: boolean }).shift === false), 'every request asks to refuse rather than cut');
  });

  it('reports a single text that stays too long, and gives a long answer all the room there is', async () => {
    let calls = 0;
    standin.setReply((ctx) => {
      calls++;
      const reply = commentReplies(mark)(ctx);
      return calls === 1 ? { text: reply.text.slice(0, 10), doneReason: 'length' } : reply;
    });
    const out = await translateItems(make(['A text whose answer runs long.']), job, chatOf(gateway));
    assert.equal(out.translations.get('c1'), '【译】A text whose answer runs long.');
    const [first, second] = chatRequests(standin).map((r) => bodyOf(r).options.num_predict);
    assert.ok(second! > first!, `more room on the second try (${first} → ${second})`);
    await standin.addFault({ fault: { kind: 'status', status: 400, error: PROMPT_TOO_LONG }, path: '/api/chat' });
    const refused = await translateItems(make(['Alone and still too long.']), job, chatOf(gateway));
    assert.deepEqual(refused.kept, [{ id: 'c1', reason: 'tooLong' }]);
  });

  it('translates a repeated text once', async () => {
    const out = await translateItems(make(['Same.', 'Other.', 'Same.', 'Same.']), job, chatOf(gateway));
    assert.deepEqual(bodyOf(chatRequests(standin)[0]!).format?.required, ['c1', 'c2']);
    assert.equal(out.translations.get('c4'), '【译】Same.');
  });

  it('translates thousands of texts in batches, each request within the budget', async function () {
    this.timeout(60_000);
    const items = make(Array.from({ length: 1_200 }, (_, i) => `Returns the value of field ${i}.`));
    const out = await translateItems(items, job, chatOf(gateway));
    assert.equal(out.translations.size, 1_200);
    assert.equal(out.translations.get('c1034'), '【译】Returns the value of field 1033.');
    assert.equal(chatRequests(standin).length, 30, '40 texts per batch');
    assert.equal(job.numCtx, 4096);
    assertWithinBudget(chatRequests(standin), job.numCtx);
  });

  it('ends with the error when the stream breaks half way, or the connection drops', async () => {
    await standin.addFault({ fault: { kind: 'errorMidStream', afterTokens: 3, error: 'boom' }, path: '/api/chat', times: 1 });
    await assert.rejects(translateItems(make(['One.']), job, chatOf(gateway)), (err) => err instanceof OllamaError && err.kind === 'server');
    await standin.addFault({ fault: { kind: 'drop', afterTokens: 3 }, path: '/api/chat', times: 1 });
    await assert.rejects(translateItems(make(['One.']), job, chatOf(gateway)), (err) => err instanceof OllamaError && err.kind === 'protocol');
  });

  it('stops when cancelled and closes the stream', async () => {
    standin.setDelays({ perTokenMs: 30 });
    const controller = new AbortController();
    const run = translateItems(make(['One sentence that takes a while to translate.']), job, chatOf(gateway), undefined, controller.signal);
    const req = await standin.waitForRequest((r) => r.path === '/api/chat');
    controller.abort();
    await assert.rejects(run, (err) => isAbort(err));
    await standin.waitForClose(req);
    assert.equal(req.closedEarly, true);
  });
});

describe('text translation against the stand-in', () => {
  let standin: StandinOllama;
  let gateway: OllamaGateway;

  beforeEach(async () => {
    standin = await StandinOllama.start({ reply: (ctx) => ({ text: ctx.prompt.slice(ctx.prompt.indexOf('\n\n') + 2) }) });
    gateway = gatewayFor(standin);
  });
  afterEach(async () => {
    await standin.close();
  });

  it('translates part by part, and splits a part the model refuses as too long', async () => {
    await standin.addFault({ fault: { kind: 'status', status: 400, error: PROMPT_TOO_LONG }, path: '/api/chat', times: 1 });
    const text = Array.from({ length: 300 }, (_, i) => `Line ${i} says one thing about the system.`).join('\n');
    const small = gatewayFor(standin, 2048);
    const numCtx = await small.contextWindow('llama3.2:3b');
    const out = await translateText(text, { model: 'llama3.2:3b', numCtx, target: findLanguage('zh-cn')!, languageId: 'plaintext' }, chatOf(small));
    assert.equal(out.text, text, 'every part came back in order');
    const requests = chatRequests(standin);
    assert.equal(requests[0]!.status, 400);
    assert.ok(userPrompt(requests[1]!).length < userPrompt(requests[0]!).length / 1.5, 'the refused part was split');
    assert.ok(requests.length > 3, `${requests.length} requests`);
    assertWithinBudget(requests, 2048);
  });

  it('keeps the whitespace around the text and removes a fence the model added', async () => {
    standin.setReply(() => ({ text: '```\n你好\n```' }));
    const out = await translateText('\n  Hello  \n', { model: 'llama3.2:3b', numCtx: 2048, target: findLanguage('zh-cn')!, languageId: 'plaintext' }, chatOf(gateway));
    assert.equal(out.text, '\n  你好  \n');
  });
});
