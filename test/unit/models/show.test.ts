import * as assert from 'node:assert/strict';
import { estimateLoadedBytes, pairFits, parseNvidiaSmiTotal } from '../../../src/core/models/memory';
import { architectureFacts, fenced, parameterRows, parseParameterSize, rebuildableModelfile, shortenText } from '../../../src/core/models/show';
import { parseShow } from '../../../src/core/ollama/parse';
import { useStandinGateway } from './helpers';

const GiB = 1024 ** 3;

describe('models: show extras', () => {
  const t = useStandinGateway();

  it('reads architecture figures from a real show reply', async () => {
    const details = await t.gateway.showModel('qwen2.5-coder:7b');
    const facts = architectureFacts(details);
    assert.equal(facts.contextLength, 32768);
    assert.equal(facts.parameterCount, 7.6e9);
    assert.ok(facts.blockCount && facts.blockCount > 1);
    assert.ok(facts.headCountKv && facts.headCount && facts.headCountKv <= facts.headCount);
    assert.equal(facts.headDim, (facts.embeddingLength ?? 0) / (facts.headCount ?? 1));
  });

  it('makes the generated Modelfile rebuildable: FROM the model name, not the blob path', async () => {
    const details = await t.gateway.showModel('llama3.2:3b');
    assert.match(details.modelfile, /^FROM \/usr\/share\/ollama\/\.ollama\/models\/blobs\/sha256-[0-9a-f]{64}$/m);
    const rebuilt = rebuildableModelfile(details.modelfile, 'llama3.2:3b');
    assert.match(rebuilt, /^FROM llama3\.2:3b$/m);
    assert.match(rebuilt, /^TEMPLATE """/m);
    assert.match(rebuilt, /^PARAMETER stop <\|eot_id\|>$/m);
    assert.equal(rebuildableModelfile('FROM llama3.2\n', 'x'), 'FROM llama3.2\n', 'a FROM that is a name stays');
  });

  it('copes with a sparse reply (old servers, cloud stubs)', () => {
    const details = parseShow('x', { details: {}, model_info: {} });
    assert.deepEqual(architectureFacts(details), { parameterCount: undefined, contextLength: undefined, embeddingLength: undefined, blockCount: undefined, headCount: undefined, headCountKv: undefined, headDim: undefined });
    assert.equal(details.capabilities[0], 'completion');
  });

  it('shortens long texts and fences code that contains backticks', () => {
    const license = Array.from({ length: 200 }, (_, i) => `line ${i + 1}`).join('\n');
    const short = shortenText(license, 10);
    assert.equal(short.text.split('\n').length, 10);
    assert.equal(short.shortened, true);
    assert.equal(short.totalLines, 200);
    assert.equal(shortenText('MIT\n').shortened, false);
    assert.equal(shortenText('x'.repeat(5_000), 10, 100).text.length <= 100, true);
    assert.equal(fenced('a ``` b', 'go'), '````go\na ``` b\n````');
    assert.equal(fenced('plain'), '```\nplain\n```');
  });

  it('parses parameter sizes and lists parameters readably', () => {
    assert.equal(parseParameterSize('7.6B'), 7.6e9);
    assert.equal(parseParameterSize('137M'), 1.37e8);
    assert.equal(parseParameterSize(''), undefined);
    assert.deepEqual(parameterRows({ temperature: ['0.7'], stop: ['<|im_end|>', ' '] }), [
      { key: 'stop', value: '"<|im_end|>", " "' },
      { key: 'temperature', value: '0.7' },
    ]);
  });
});

describe('models: memory sense', () => {
  it('reads nvidia-smi totals (MiB per GPU) and adds GPUs up', () => {
    assert.equal(parseNvidiaSmiTotal('24564\n'), 24564 * 1024 * 1024);
    assert.equal(parseNvidiaSmiTotal('8192\r\n8192\r\n'), 16 * GiB);
    assert.equal(parseNvidiaSmiTotal(''), undefined);
    assert.equal(parseNvidiaSmiTotal('[N/A]\n'), undefined);
    assert.equal(parseNvidiaSmiTotal('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.'), undefined);
  });

  it('estimates loaded size from the weights, the KV cache and a margin', () => {
    const facts = { blockCount: 28, headCountKv: 4, headDim: 128 };
    const file = 4.7e9;
    const at4k = estimateLoadedBytes({ fileBytes: file, facts });
    const kv = 2 * 28 * 4 * 128 * 4096 * 2;
    assert.ok(at4k > file + kv && at4k < file * 1.15 + kv, String(at4k));
    assert.ok(estimateLoadedBytes({ fileBytes: file, facts, numCtx: 32768 }) - at4k >= 7 * kv, 'a longer context costs more');
    assert.ok(estimateLoadedBytes({ fileBytes: file }) > file * 1.1, 'without the shape: a proportional guess');
  });

  it('tells whether two models fit together', () => {
    assert.deepEqual(pairFits(2 * GiB, 5 * GiB, 8 * GiB).fits, true);
    assert.deepEqual(pairFits(5 * GiB, 5.5 * GiB, 8 * GiB).fits, false);
    assert.equal(pairFits(7.8 * GiB, 0, 8 * GiB).fits, false, 'a little headroom is kept');
  });
});
