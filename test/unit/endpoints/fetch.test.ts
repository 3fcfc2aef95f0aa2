// Each endpoint's fetch adds only its own secret headers, only to its own origin, and does not follow a
// redirect with them; over real HTTP on 127.0.0.1 (two servers standing for two endpoints).
import * as assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { credentialHeaders } from '../../../src/core/endpoints/credentials';
import { withEndpointHeaders, WrongEndpointError } from '../../../src/core/endpoints/fetch';

interface Recorded {
  server: Server;
  url: string;
  seen: { path: string; headers: IncomingHttpHeaders }[];
}

async function recorder(redirectTo?: () => string): Promise<Recorded> {
  const seen: Recorded['seen'] = [];
  const server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    if (redirectTo && req.url === '/redirect') {
      res.writeHead(302, { location: `${redirectTo()}/landed` }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('endpoints: each endpoint\'s fetch carries only its own credentials', () => {
  let a: Recorded;
  let b: Recorded;

  beforeEach(async () => {
    b = await recorder();
    a = await recorder(() => b.url);
  });

  afterEach(async () => {
    for (const r of [a, b]) await new Promise<void>((resolve) => r.server.close(() => resolve()));
  });

  it('adds the endpoint\'s token and headers to its requests, beside the caller\'s headers', async () => {
    const fetchA = withEndpointHeaders(fetch, a.url, () => credentialHeaders({ token: 'token-of-a', headers: { 'X-Api-Key': 'key-of-a' } }));
    const response = await fetchA(`${a.url}/api/tags`, { headers: { 'content-type': 'application/json' } });
    assert.equal(response.status, 200);
    assert.equal(a.seen[0].headers['authorization'], 'Bearer token-of-a');
    assert.equal(a.seen[0].headers['x-api-key'], 'key-of-a');
    assert.equal(a.seen[0].headers['content-type'], 'application/json');
  });

  it('never sends one endpoint\'s credentials to another: each fetch has its own, and another origin is refused', async () => {
    const fetchA = withEndpointHeaders(fetch, a.url, () => credentialHeaders({ token: 'token-of-a' }));
    const fetchB = withEndpointHeaders(fetch, b.url, () => ({}));
    await fetchB(`${b.url}/v1/models`);
    await fetchA(`${a.url}/api/tags`);
    assert.equal(b.seen[0].headers['authorization'], undefined);
    await assert.rejects(fetchA(`${b.url}/v1/models`), WrongEndpointError);
    assert.equal(b.seen.length, 1, 'the refused request did not leave');
  });

  it('does not follow a redirect with the credentials (the 302 comes back as the answer)', async () => {
    const fetchA = withEndpointHeaders(fetch, a.url, () => credentialHeaders({ headers: { 'X-Api-Key': 'key-of-a' } }));
    const response = await fetchA(`${a.url}/redirect`);
    assert.equal(response.status, 302);
    assert.equal(b.seen.length, 0, 'nothing reached the host the redirect pointed to');
  });

  it('without credentials, passes the request through unchanged', async () => {
    const fetchA = withEndpointHeaders(fetch, a.url, () => ({}));
    const response = await fetchA(`${a.url}/redirect`);
    assert.equal(response.status, 200, 'an ordinary redirect is followed as before');
    assert.equal(b.seen.length, 1);
  });
});
