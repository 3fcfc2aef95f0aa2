// Shared pieces of the daemon tests: free ports, a gateway for a URL, the `ollama` fixture and servers
// that are not Ollama.
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { OllamaGateway, resolveHost, type GatewayConfig } from '../../../src/core/ollama';

/** out/test/fixtures/bin/ollama: runs the stand-in on OLLAMA_HOST (see ollamaFixture.ts). */
export const FIXTURE_OLLAMA = path.resolve(__dirname, '..', '..', 'fixtures', 'bin', 'ollama');

export { freePort } from '../../support/freePort';

export function gatewayFor(url: string, overrides: Partial<GatewayConfig> = {}): OllamaGateway {
  return new OllamaGateway({
    config: () => ({ host: resolveHost(url, undefined), hostSetting: url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: 8192, ...overrides }),
    metadataTimeoutMs: 2_000,
  });
}

/** An HTTP server that is not Ollama (a dev server, a proxy…), answering every path with `reply`. */
export async function otherHttpServer(reply: { status: number; type: string; body: string }, port = 0): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(reply.status, { 'content-type': reply.type });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A TCP listener that hangs up at once without speaking HTTP. */
export async function hangUpServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitUntil(predicate: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
