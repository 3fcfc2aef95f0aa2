// The per-endpoint state the status bar shows, from the outcomes observed on the endpoint's fetch.
import * as assert from 'node:assert/strict';
import { EndpointHealth, stateOf } from '../../../src/core/endpoints/health';
import { OllamaError } from '../../../src/core/ollama/errors';

describe('endpoints: state from outcomes', () => {
  it('reads answers, refusals for credentials, no answer and an untrusted certificate', () => {
    assert.equal(stateOf({ kind: 'answered', host: 'h', path: '/v1/models', status: 200 }), 'answered');
    assert.equal(stateOf({ kind: 'answered', host: 'h', path: '/v1/models', status: 500 }), 'answered');
    assert.equal(stateOf({ kind: 'answered', host: 'h', path: '/v1/models', status: 401 }), 'unauthorized');
    assert.equal(stateOf({ kind: 'answered', host: 'h', path: '/v1/models', status: 403 }), 'unauthorized');
    const refused = new OllamaError('unreachable', 'x', { reason: 'refused', cause: Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }) });
    assert.equal(stateOf({ kind: 'unreachable', host: 'h', error: refused, definite: true }), 'unreachable');
    const cert = new OllamaError('unreachable', 'x', { reason: 'other', cause: Object.assign(new TypeError('fetch failed'), { cause: { code: 'SELF_SIGNED_CERT_IN_CHAIN' } }) });
    assert.equal(stateOf({ kind: 'unreachable', host: 'h', error: cert, definite: false }), 'untrusted');
  });

  it('keeps one state per endpoint, fires on change only, and forgets on request', () => {
    const health = new EndpointHealth();
    const fired: string[] = [];
    health.onDidChange((name) => fired.push(name));
    health.observe('team', { kind: 'answered', host: 'h', path: '/', status: 401 });
    health.observe('team', { kind: 'answered', host: 'h', path: '/', status: 401 });
    assert.equal(health.get('Team'), 'unauthorized');
    assert.equal(health.get('local'), 'unknown');
    health.forget('team');
    assert.equal(health.get('team'), 'unknown');
    assert.deepEqual(fired, ['team', 'team']);
  });
});
