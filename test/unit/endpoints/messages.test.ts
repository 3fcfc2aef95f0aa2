// The words for a failure on another endpoint: never the local daemon's buttons (Start Ollama, Pull) and never
// "Ollama is not running" about a vLLM server.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { OllamaError } from '../../../src/core/ollama/errors';
import type * as EndpointErrors from '../../../src/platform/endpointErrors';
import { createFakeVscode, installFakeVscode } from '../../support/fakeVscode';

const root = path.resolve(__dirname, '..', '..', '..', '..');

describe('endpoints: messages for another endpoint', () => {
  let restore: () => void;
  let messageFor: typeof EndpointErrors.endpointMessageFor;
  const team = { name: 'team', label: 'https://gpu.lab' };

  before(() => {
    restore = installFakeVscode(createFakeVscode(root));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the fake vscode is installed
    messageFor = (require(path.join(root, 'out', 'src', 'platform', 'endpointErrors.js')) as typeof EndpointErrors).endpointMessageFor;
  });
  after(() => restore());

  it('unreachable: names the endpoint, offers no Start Ollama', () => {
    const m = messageFor(new OllamaError('unreachable', 'Cannot reach the server at https://gpu.lab (ECONNREFUSED).', { reason: 'refused' }), team, { feature: 'chat' });
    assert.match(m.message, /endpoint "team" at https:\/\/gpu\.lab/);
    assert.doesNotMatch(m.message, /Ollama/);
    assert.ok(m.actions.every((a) => a.command !== 'hearth.startOllama'));
  });

  it('a model the server does not serve: Choose Another, never Pull', () => {
    const m = messageFor(new OllamaError('modelNotFound', 'x', { model: 'qwen-coder' }), team, { feature: 'chat' });
    assert.match(m.message, /does not serve the model qwen-coder/);
    assert.ok(m.actions.some((a) => a.command === 'hearth.useModelFor'));
    assert.ok(m.actions.every((a) => a.command !== 'hearth.pullModel'));
  });

  it('401: says the server wants a token and offers Set Token… for this endpoint', () => {
    const m = messageFor(new OllamaError('badRequest', 'The server at https://gpu.lab answered 401: the request needs a valid API token.', { status: 401, serverMessage: 'Unauthorized' }), team, { feature: 'chat' });
    assert.match(m.message, /https:\/\/gpu\.lab refused Hearth \(HTTP 401\): it needs a token/);
    assert.deepEqual(m.actions[0], { title: 'Set Token…', command: 'hearth.setEndpointToken', args: [{ endpoint: 'team' }] });
  });

  it('other kinds keep the common words without local-only buttons', () => {
    const m = messageFor(new OllamaError('capabilityMissing', 'this model cannot fill in the middle', { model: 'm', capability: 'insert' }), team, { feature: 'completion' });
    assert.match(m.message, /fill in the middle/);
    assert.ok(m.actions.every((a) => !['hearth.startOllama', 'hearth.pullModel', 'hearth.installOllama'].includes(a.command)));
  });
});
