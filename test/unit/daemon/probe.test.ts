// One health check over real HTTP: Ollama (the stand-in) is up, nothing listens, another program holds
// the port, or the privacy guard stops the request before it is made.
import * as assert from 'node:assert/strict';
import { probeDaemon } from '../../../src/core/daemon/probe';
import { StandinOllama } from '../../support/standin';
import { freePort, gatewayFor, hangUpServer, otherHttpServer } from './support';

describe('daemon: probing the host', () => {
  it('is up when /api/version answers with a version', async () => {
    const standin = await StandinOllama.start();
    try {
      const result = await probeDaemon(gatewayFor(standin.url), { timeoutMs: 2_000 });
      assert.deepEqual(result, { kind: 'up', version: '0.32.15', host: standin.url, remote: false });
      assert.deepEqual(standin.requests.map((r) => r.path), ['/api/version']);
    } finally {
      await standin.close();
    }
  });

  it('is down when nothing listens (refused) or the listener hangs up', async () => {
    const port = await freePort();
    const refused = await probeDaemon(gatewayFor(`http://127.0.0.1:${port}`), { timeoutMs: 2_000 });
    assert.equal(refused.kind, 'down');
    assert.equal(refused.kind === 'down' && refused.error.details.reason, 'refused');
    const hangUp = await hangUpServer();
    try {
      const result = await probeDaemon(gatewayFor(`http://127.0.0.1:${hangUp.port}`), { timeoutMs: 2_000 });
      assert.equal(result.kind, 'down');
    } finally {
      await hangUp.close();
    }
  });

  it('tells another HTTP server apart from Ollama', async () => {
    const replies = [
      { status: 200, type: 'text/html', body: '<!doctype html><title>Vite dev server</title>' },
      { status: 404, type: 'text/plain', body: 'Not Found' },
      { status: 200, type: 'application/json', body: '{"name":"some-api","ok":true}' },
      { status: 500, type: 'application/json', body: '{"error":"internal"}' },
    ];
    for (const reply of replies) {
      const other = await otherHttpServer(reply);
      try {
        const result = await probeDaemon(gatewayFor(other.url), { timeoutMs: 2_000 });
        assert.equal(result.kind, 'notOllama', `${reply.status} ${reply.body}: ${JSON.stringify(result)}`);
      } finally {
        await other.close();
      }
    }
  });

  it('makes no request to a remote host without the opt-in, or to an invalid host', async () => {
    const remote = await probeDaemon(gatewayFor('http://192.0.2.10:11434'), { timeoutMs: 2_000 });
    assert.equal(remote.kind, 'blocked');
    assert.equal(remote.kind === 'blocked' && remote.error.kind, 'remoteHostRefused');
    const invalid = await probeDaemon(gatewayFor('ftp://nowhere'), { timeoutMs: 2_000 });
    assert.equal(invalid.kind, 'blocked');
  });

  it('reports a remote host that the user allowed as remote', async () => {
    const standin = await StandinOllama.start();
    try {
      // A loopback URL, but the probe trusts the gateway's answer about where the host is.
      const gateway = gatewayFor(standin.url);
      const result = await probeDaemon({ checkedHost: () => ({ ...gateway.checkedHost(), isLoopback: false }), version: (o) => gateway.version(o) }, { timeoutMs: 2_000 });
      assert.equal(result.kind === 'up' && result.remote, true);
    } finally {
      await standin.close();
    }
  });
});
