// A TLS front for the stand-ins (tests only): an https server with the test certificate (test/support/tls,
// signed by the test-only CA in ca.pem, valid for 127.0.0.1 and localhost until 2126) that forwards every
// request to an http stand-in, as a reverse proxy with TLS in front of Ollama or vLLM would.
import * as fs from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

/** The folder with ca.pem, server.pem and server.key, from the compiled test (out/test/support/tls) or the source. */
export function tlsDir(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'test', 'support', 'tls');
    if (fs.existsSync(path.join(candidate, 'ca.pem'))) return candidate;
  }
  throw new Error(`test/support/tls not found above ${__dirname}`);
}

export class TlsFront {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** The CA file that makes the front's certificate trusted. */
  static get caFile(): string {
    return path.join(tlsDir(), 'ca.pem');
  }

  static async start(target: string): Promise<TlsFront> {
    const dir = tlsDir();
    const to = new URL(target);
    const server = createServer({ key: fs.readFileSync(path.join(dir, 'server.key')), cert: fs.readFileSync(path.join(dir, 'server.pem')) }, (req, res) => {
      const upstream = httpRequest({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: { ...req.headers, host: to.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new TlsFront(server, `https://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
