import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ollama } from 'ollama/browser';
import { checkHost, isLoopbackHostname, OllamaError, OllamaGateway, parseHost, resolveHost, resolveHostChecked, type HostProblem } from '../../../src/core/ollama';

describe('host: OLLAMA_HOST-compatible parsing', () => {
  const cases: [string, string | undefined][] = [
    ['http://127.0.0.1:11434', 'http://127.0.0.1:11434'],
    ['127.0.0.1:11434', 'http://127.0.0.1:11434'],
    ['localhost', 'http://localhost:11434'],
    [':11434', 'http://127.0.0.1:11434'],
    ['0.0.0.0', 'http://127.0.0.1:11434'],
    ['0.0.0.0:8080', 'http://127.0.0.1:8080'],
    ['http://localhost', 'http://localhost:80'],
    ['https://gpu.example.com', 'https://gpu.example.com:443'],
    ['http://[::1]:11434', 'http://[::1]:11434'],
    ['[::]:11434', 'http://[::1]:11434'],
    ['http://host:1234/base/', 'http://host:1234/base'],
    ['ftp://host', undefined],
    ['http://host:99999', undefined],
    ['', undefined],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(parseHost(input)?.url, expected));
  }

  it('knows loopback addresses', () => {
    for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:7f00:1', '::ffff:127.0.0.1']) assert.ok(isLoopbackHostname(h), h);
    for (const h of ['192.168.1.4', '10.0.0.1', 'example.com', '::ffff:10.0.0.1', 'localhost.example.com', 'ollama.localhost', '127.0.0.256', '::7f00:1']) {
      assert.ok(!isLoopbackHostname(h), h);
    }
  });

  it('prefers the setting, then OLLAMA_HOST, then the default', () => {
    assert.equal(resolveHost('http://localhost:1', '0.0.0.0:2')?.source, 'setting');
    const fromEnv = resolveHost('', '0.0.0.0:2');
    assert.equal(fromEnv?.source, 'environment');
    assert.equal(fromEnv?.url, 'http://127.0.0.1:2');
    assert.equal(resolveHost('', undefined)?.url, 'http://127.0.0.1:11434');
    assert.equal(resolveHost('', '  ')?.source, 'default');
    assert.equal(resolveHost('http://10.1.1.1:11434', undefined)?.isLoopback, false);
  });
});

/**
 * The privacy guard: "local" is decided on the URL the requests use. Each row: the value, then either the URL
 * requests go to and whether it is loopback, or the reason it is refused.
 */
type Row = [input: string, expected: { url: string; loopback: boolean } | HostProblem];
const local = (url: string): { url: string; loopback: boolean } => ({ url, loopback: true });
const remote = (url: string): { url: string; loopback: boolean } => ({ url, loopback: false });

const ROWS: Row[] = [
  // The bypasses from the review: the raw text ends in ".localhost", the parser connects to evil.example.
  ['http://evil.example#.localhost', 'fragment'],
  ['http://evil.example:11434#.localhost', 'fragment'],
  ['evil.example#.localhost', 'fragment'],
  ['http://evil.example?.localhost', 'query'],
  ['http://evil.example/?x=.localhost', 'query'],
  ['http://evil.example\\.localhost', 'backslash'],
  ['evil.example\\.localhost', 'backslash'],
  ['http://evil.example\t.localhost', 'control'],
  ['http://evil.example\n.localhost', 'control'],
  ['http://evil.example\r\n.localhost', 'control'],
  ['http://evil.example .localhost', 'whitespace'],
  ['http://evil.example\u00a0.localhost', 'whitespace'],
  ['http://evil.example\u200b.localhost', 'control'],
  ['http://evil.example\u0000.localhost', 'control'],
  ['http://localhost@evil.example', 'userinfo'],
  ['http://user:pw@127.0.0.1:11434', 'userinfo'],
  ['http://evil.example@localhost', 'userinfo'],
  // Names under .localhost go through the system resolver (and maybe DNS): not provably local.
  ['http://ollama.localhost:11434', remote('http://ollama.localhost:11434')],
  ['http://evil.example.localhost', remote('http://evil.example.localhost:80')],
  ['http://evil.example\u3002localhost', remote('http://evil.example.localhost:80')],
  ['localhost.example.com', remote('http://localhost.example.com:11434')],
  // Trailing dots: an absolute DNS name, refused; numeric forms lose it in the parser.
  ['localhost.', 'trailingDot'],
  ['http://localhost.:11434', 'trailingDot'],
  ['http://127.0.0.1.:11434', local('http://127.0.0.1:11434')],
  // Numeric spellings of loopback: local because the parser makes them 127.x / ::1.
  ['http://127.1:11434', local('http://127.0.0.1:11434')],
  ['http://0x7f000001:11434', local('http://127.0.0.1:11434')],
  ['http://2130706433:11434', local('http://127.0.0.1:11434')],
  ['http://0177.0.0.1:11434', local('http://127.0.0.1:11434')],
  ['http://0x7f.1:11434', local('http://127.0.0.1:11434')],
  ['127.0.0.2', local('http://127.0.0.2:11434')],
  ['http://127.255.255.254:1', local('http://127.255.255.254:1')],
  ['http://[::1]', local('http://[::1]:80')],
  ['http://[0:0:0:0:0:0:0:1]:11434', local('http://[::1]:11434')],
  ['http://[::ffff:7f00:1]:11434', local('http://[::ffff:7f00:1]:11434')],
  ['http://[::ffff:127.0.0.1]:11434', local('http://[::ffff:7f00:1]:11434')],
  ['::1', local('http://[::1]:11434')],
  ['http://LOCALHOST:11434', local('http://localhost:11434')],
  ['http://%6c%6fcalhost:11434', local('http://localhost:11434')],
  ['http://0:11434', local('http://127.0.0.1:11434')],
  ['  http://127.0.0.1:11434  ', local('http://127.0.0.1:11434')],
  ['http://127.0.0.1:0080', local('http://127.0.0.1:80')],
  ['http://127.0.0.1:11434/a/../b/', local('http://127.0.0.1:11434/b')],
  // Numeric forms that are not loopback.
  ['http://[::127.0.0.1]:11434', remote('http://[::7f00:1]:11434')],
  ['http://[::ffff:a00:1]:11434', remote('http://[::ffff:a00:1]:11434')],
  ['http://0x0a000001:11434', remote('http://10.0.0.1:11434')],
  ['http://128.0.0.1', remote('http://128.0.0.1:80')],
  ['https://gpu.example.com:8443/ollama', remote('https://gpu.example.com:8443/ollama')],
  // Not addresses at all.
  ['http://999.0.0.1:11434', 'invalid'],
  ['http://[::1', 'invalid'],
  ['http://[fe80::1%25eth0]:11434', 'invalid'],
  ['http://127.0.0.1:0', 'port'],
  ['http://127.0.0.1:65536', 'port'],
  ['127.0.0.1:abc', 'port'],
  ['file:///etc/passwd', 'scheme'],
  ['javascript://localhost', 'scheme'],
  ['http:/evil.example', 'scheme'],
  ['   ', 'empty'],
];

/** Exposes the URL the `ollama` client will put in front of every request path. */
class ClientProbe extends Ollama {
  get baseUrl(): string {
    return this.config.host;
  }
}

describe('host: the loopback guard decides on the URL requests use', () => {
  it(`covers at least 40 host forms (${ROWS.length})`, () => assert.ok(ROWS.length >= 40));

  for (const [input, expected] of ROWS) {
    const label = typeof expected === 'string' ? `refused (${expected})` : `${expected.url} ${expected.loopback ? 'local' : 'remote'}`;
    it(`${JSON.stringify(input)} → ${label}`, () => {
      const checked = checkHost(input);
      if (typeof expected === 'string') {
        assert.deepEqual(checked, { ok: false, problem: expected });
        return;
      }
      assert.ok(checked.ok, `refused: ${JSON.stringify(checked)}`);
      assert.equal(checked.url, expected.url);
      assert.equal(isLoopbackHostname(checked.hostname), expected.loopback);
      // The loopback decision and the connection read the same host: the URL reads back as itself, in
      // the WHATWG parser and in the `ollama` client, which re-formats the host it is given.
      const again = new URL(checked.url);
      assert.equal(again.hostname.replace(/^\[|\]$/g, ''), checked.hostname);
      assert.equal(new ClientProbe({ host: checked.url }).baseUrl, checked.url);
    });
  }

  it('reports which value was refused and where it came from', () => {
    assert.deepEqual(resolveHostChecked('http://evil.example#.localhost', undefined), { ok: false, problem: 'fragment', value: 'http://evil.example#.localhost', source: 'setting' });
    assert.deepEqual(resolveHostChecked('', 'x\\.localhost'), { ok: false, problem: 'backslash', value: 'x\\.localhost', source: 'environment' });
    // A refused setting never falls back to OLLAMA_HOST or the default.
    assert.equal(resolveHost('http://evil.example?.localhost', '127.0.0.1:11434'), undefined);
  });
});

describe('host: no request leaves for a refused or remote host', () => {
  let server: http.Server;
  let hits = 0;
  let port = 0;
  before(async () => {
    server = http.createServer((_req, res) => {
      hits++;
      res.end('{"version":"0.0.0"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  for (const form of ['http://127.0.0.1:{port}#.localhost', 'http://127.0.0.1:{port}\\.localhost', 'http://127.0.0.1:{port}?.localhost', 'http://x@127.0.0.1:{port}', 'http://127.0.0.1:{port}\t.localhost']) {
    it(`${JSON.stringify(form)}: the gateway refuses with the reason and sends nothing`, async () => {
      const value = form.replace('{port}', String(port));
      const before = hits;
      const fetched: string[] = [];
      const gateway = new OllamaGateway({
        config: () => ({ host: resolveHost(value, undefined), hostSetting: value, hostProblem: 'refused because', allowRemoteHost: true, allowCloudModels: false, keepAlive: '', contextLength: 0 }),
        fetch: (input, init) => {
          fetched.push(String(input));
          return fetch(input, init);
        },
      });
      await assert.rejects(gateway.version(), (err: unknown) => err instanceof OllamaError && err.kind === 'unreachable' && err.message === 'refused because');
      assert.deepEqual(fetched, []);
      assert.equal(hits, before);
    });
  }

  it('a numeric loopback form is local and requests go to exactly the URL the guard judged', async () => {
    const fetched: string[] = [];
    const value = `http://0x7f000001:${port}`;
    const gateway = new OllamaGateway({
        config: () => ({ host: resolveHost(value, undefined), hostSetting: value, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: 0 }),
        fetch: (input, init) => {
          fetched.push(input instanceof Request ? input.url : String(input));
          return fetch(input, init);
        },
      });
    assert.equal(await gateway.version(), '0.0.0'); // 0x7f000001 is 127.0.0.1: local
    assert.deepEqual(fetched, [`http://127.0.0.1:${port}/api/version`]);
  });
});
