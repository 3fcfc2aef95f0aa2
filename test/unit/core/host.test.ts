import * as assert from 'node:assert/strict';
import { isLoopbackHostname, parseHost, resolveHost } from '../../../src/core/ollama/host';

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
    for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', 'ollama.localhost']) assert.ok(isLoopbackHostname(h), h);
    for (const h of ['192.168.1.4', '10.0.0.1', 'example.com', '::ffff:10.0.0.1', 'localhost.example.com']) assert.ok(!isLoopbackHostname(h), h);
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
