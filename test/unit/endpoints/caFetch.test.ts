// https with the CA file: a server whose certificate is signed by a private CA (test/support/tls, a test-only
// pair valid for a century) is refused by the default trust with a certificate message, and accepted with the
// CA file, streaming and cancellable like fetch.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { createCaFetch } from '../../../src/core/endpoints/caFetch';
import { authFailureStatus, certificateFailureCode } from '../../../src/core/endpoints/failures';
import { OllamaError, toOllamaError } from '../../../src/core/ollama/errors';
import { errorFromResponse, errorFromTransport } from '../../../src/core/openai/errors';

const tlsDir = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'support', 'tls');
const read = (name: string): string => fs.readFileSync(path.join(tlsDir, name), 'utf8');

describe('endpoints: https with a CA file', () => {
  let server: Server;
  let url: string;
  let seenBodies: string[];

  before(async () => {
    seenBodies = [];
    server = createServer({ key: read('server.key'), cert: read('server.pem') }, (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seenBodies.push(body);
        if (req.url === '/stream') {
          res.writeHead(200, { 'content-type': 'application/x-ndjson' });
          res.write('{"n":1}\n');
          setTimeout(() => res.end('{"n":2}\n'), 20);
          return;
        }
        if (req.url === '/hang') {
          res.writeHead(200, { 'content-type': 'application/x-ndjson' });
          res.write('{"n":1}\n');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', 'x-two': 'a' });
        res.end(JSON.stringify({ method: req.method, auth: req.headers['authorization'] ?? null }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('is refused without the CA file, and the failure reads as a certificate problem on both paths', async () => {
    const err = await fetch(`${url}/api/version`).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err, 'the default trust refused the private CA');
    const viaOllama = toOllamaError(err, { host: url });
    assert.match(certificateFailureCode(viaOllama) ?? '', /SELF_SIGNED|UNABLE_TO|CERT/);
    const viaOpenAI = errorFromTransport(err, { host: url });
    assert.match(certificateFailureCode(viaOpenAI) ?? '', /SELF_SIGNED|UNABLE_TO|CERT/);
  });

  it('is accepted with the CA file: method, headers and body go out, the JSON answer comes back', async () => {
    const ca = createCaFetch(read('ca.pem'));
    try {
      const response = await ca.fetch(`${url}/api/chat`, { method: 'POST', headers: { authorization: 'Bearer t' }, body: JSON.stringify({ hello: 'world' }) });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-two'), 'a');
      assert.deepEqual(await response.json(), { method: 'POST', auth: 'Bearer t' });
      assert.equal(seenBodies.at(-1), '{"hello":"world"}');
    } finally {
      ca.dispose();
    }
  });

  it('streams the body as it arrives and cancels a request through its signal', async () => {
    const ca = createCaFetch(read('ca.pem'));
    try {
      const streamed = await ca.fetch(`${url}/stream`);
      assert.equal(await streamed.text(), '{"n":1}\n{"n":2}\n');
      const controller = new AbortController();
      const hanging = await ca.fetch(`${url}/hang`, { signal: controller.signal });
      const reader = (hanging.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      controller.abort();
      await assert.rejects(reader.read(), (e: Error) => e.name === 'AbortError');
      await assert.rejects(ca.fetch(`${url}/api/version`, { signal: AbortSignal.abort() }), (e: Error) => e.name === 'AbortError');
    } finally {
      ca.dispose();
    }
  });

  it('fails like fetch when nothing listens (a TypeError with the system error as cause)', async () => {
    const ca = createCaFetch(read('ca.pem'));
    try {
      const err = await ca.fetch('https://127.0.0.1:1/').then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.equal(toOllamaError(err, { host: 'https://127.0.0.1:1' }).details.reason, 'refused');
    } finally {
      ca.dispose();
    }
  });
});

describe('endpoints: a refusal for credentials reads the same on both paths', () => {
  it('finds 401 and 403 in the OpenAI client\'s errors, Ollama\'s and a proxy\'s foreign reply', () => {
    assert.equal(authFailureStatus(errorFromResponse(401, '{"error":"Unauthorized"}', { host: 'h' })), 401);
    assert.equal(authFailureStatus(errorFromResponse(403, 'Forbidden', { host: 'h' })), 403);
    const fromOllamaClient = toOllamaError(Object.assign(new Error('unauthorized'), { name: 'ResponseError', status_code: 401 }), {});
    assert.equal(authFailureStatus(fromOllamaClient), 401);
    assert.equal(authFailureStatus(new OllamaError('protocol', 'x', { reason: 'foreign', status: 401 })), 401);
    assert.equal(authFailureStatus(new OllamaError('protocol', 'x', { reason: 'foreign', status: 502 })), undefined);
    assert.equal(authFailureStatus(new OllamaError('modelNotFound', 'x', { status: 404 })), undefined);
  });
});
