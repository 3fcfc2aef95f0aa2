// runPull against the stand-in over real HTTP: progress, cancellation that closes the stream and
// resumes next time, and every failure the user gets a specific message for.
import * as assert from 'node:assert/strict';
import { classifyPullFailure, runPull, type PullOutcome } from '../../../src/core/models/pull';
import type { PullSnapshot } from '../../../src/core/models/progress';
import { OllamaError } from '../../../src/core/ollama';
import { useStandinGateway } from './helpers';

const REGISTRY_DOWN = 'pull model manifest: Get "https://registry.ollama.ai/v2/library/qwen2.5-coder/manifests/3b": dial tcp: lookup registry.ollama.ai: no such host';
const DISK_FULL = 'write /usr/share/ollama/.ollama/models/blobs/sha256-60e05f2100071479f596b964f89f510f057ce397ea22f2833a0cfe029bfc2463-partial-3: no space left on device';

function failure(outcome: PullOutcome) {
  assert.equal(outcome.kind, 'failed', `expected a failure, got ${outcome.kind}`);
  return (outcome as Extract<PullOutcome, { kind: 'failed' }>).failure;
}

describe('models: pull against the stand-in', function () {
  const t = useStandinGateway({ pullChunkMs: 1 });

  it('pulls with rising progress to success, and the model is then installed', async () => {
    const seen: PullSnapshot[] = [];
    const outcome = await runPull(t.gateway, 'qwen2.5-coder:3b', { onProgress: (s) => seen.push(s) });
    assert.equal(outcome.kind, 'success');
    assert.equal(seen[0].phase, 'manifest');
    assert.equal(seen.at(-1)?.fraction, 1);
    const fractions = seen.map((s) => s.fraction).filter((f): f is number => f !== undefined);
    assert.ok(fractions.length > 5);
    assert.deepEqual(fractions, [...fractions].sort((a, b) => a - b), 'the percentage never goes back');
    assert.ok((outcome.snapshot.totalBytes ?? 0) > 1.9e9);
    assert.equal(outcome.snapshot.completedBytes, outcome.snapshot.totalBytes);
    assert.ok((await t.gateway.listModels({ fresh: true })).some((m) => m.name === 'qwen2.5-coder:3b'));
  });

  it('cancelled half way: closes the stream, installs nothing, and the next pull resumes', async () => {
    t.standin.setDelays({ pullChunkMs: 30 });
    const controller = new AbortController();
    const outcome = await runPull(t.gateway, 'qwen2.5-coder:3b', {
      signal: controller.signal,
      onProgress: (s) => {
        if ((s.fraction ?? 0) >= 0.3) controller.abort();
      },
    });
    assert.equal(outcome.kind, 'cancelled');
    const request = t.standin.requests.find((r) => r.path === '/api/pull');
    assert.ok(request);
    await t.standin.waitForClose(request);
    assert.equal(request.closedEarly, true, 'the stand-in saw the connection close');
    assert.ok(!(await t.gateway.listModels({ fresh: true })).some((m) => m.name === 'qwen2.5-coder:3b'), 'nothing is marked installed');

    t.standin.setDelays({ pullChunkMs: 1 });
    const again = await runPull(t.gateway, 'qwen2.5-coder:3b');
    assert.equal(again.kind, 'success');
    assert.ok(again.snapshot.reusedBytes > 0.25 * (again.snapshot.totalBytes ?? 0), 'the partial download was resumed');
  });

  it('an unknown model fails as unknownModel', async () => {
    const outcome = await runPull(t.gateway, 'no-such-model:1b');
    const f = failure(outcome);
    assert.equal(f.kind, 'unknownModel');
    assert.match(f.serverMessage, /file does not exist/);
  });

  it('a network failure at the registry names the registry', async () => {
    await t.standin.addFault({ fault: { kind: 'errorMidStream', afterTokens: 1, error: REGISTRY_DOWN }, path: '/api/pull', times: 1 });
    const f = failure(await runPull(t.gateway, 'qwen2.5-coder:3b'));
    assert.equal(f.kind, 'registryUnreachable');
    assert.equal(f.registry, 'registry.ollama.ai');
  });

  it('a full disk in the middle of the download is diskFull, with progress made so far', async () => {
    await t.standin.addFault({ fault: { kind: 'errorMidStream', afterTokens: 4, error: DISK_FULL }, path: '/api/pull', times: 1 });
    const outcome = await runPull(t.gateway, 'qwen2.5-coder:3b');
    const f = failure(outcome);
    assert.equal(f.kind, 'diskFull');
    assert.ok(outcome.snapshot.completedBytes > 0);
    assert.ok(!(await t.gateway.listModels({ fresh: true })).some((m) => m.name === 'qwen2.5-coder:3b'));
  });

  it('an error line mid-pull keeps the server message; a dropped connection is interrupted', async () => {
    await t.standin.addFault({ fault: { kind: 'errorMidStream', afterTokens: 3, error: 'max retries exceeded: unexpected EOF' }, path: '/api/pull', times: 1 });
    assert.equal(failure(await runPull(t.gateway, 'qwen2.5-coder:3b')).kind, 'registryUnreachable');
    await t.standin.addFault({ fault: { kind: 'errorMidStream', afterTokens: 3, error: 'digest mismatch, file must be downloaded again' }, path: '/api/pull', times: 1 });
    const other = failure(await runPull(t.gateway, 'qwen2.5-coder:3b'));
    assert.equal(other.kind, 'other');
    assert.equal(other.serverMessage, 'digest mismatch, file must be downloaded again');
    await t.standin.addFault({ fault: { kind: 'drop', afterTokens: 3 }, path: '/api/pull', times: 1 });
    assert.equal(failure(await runPull(t.gateway, 'qwen2.5-coder:3b')).kind, 'interrupted');
  });

  it('an invalid name is refused before anything is sent', async () => {
    const f = failure(await runPull(t.gateway, 'qwen 2.5'));
    assert.equal(f.kind, 'invalidName');
    assert.equal(f.nameProblem, 'whitespace');
    assert.equal(t.standin.requests.filter((r) => r.path === '/api/pull').length, 0);
  });

  it('a daemon that is down is daemonUnreachable; a cloud model is refused', async () => {
    assert.equal(failure(await runPull(t.gateway, 'gpt-oss:120b-cloud')).kind, 'refused');
    await t.standin.stopListening();
    assert.equal(failure(await runPull(t.gateway, 'qwen2.5-coder:3b')).kind, 'daemonUnreachable');
  });

  it('classifies server messages it never saw from the stand-in', () => {
    const kind = (message: string): string => classifyPullFailure(new OllamaError('server', message, { serverMessage: message })).kind;
    assert.equal(kind('pull model manifest: Get "https://registry.ollama.ai/v2/x/manifests/y": net/http: TLS handshake timeout'), 'registryUnreachable');
    assert.equal(kind('pull model manifest: 412: this model requires a newer version of Ollama'), 'other');
    assert.equal(kind('write /data/blobs/x-partial: There is not enough space on the disk.'), 'diskFull');
    assert.equal(kind('pull model manifest: file does not exist'), 'unknownModel');
  });
});
