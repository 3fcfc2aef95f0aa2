import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Ollama } from 'ollama';
import { StandinOllama } from '../../support/standin';
import { collectError, rejection, useStandin } from './helpers';

describe('stand-in: life cycle', () => {
  const t = useStandin({ perTokenMs: 2 });

  it('stopListening → ECONNREFUSED and open streams reset; resume → same port, state kept', async () => {
    await t.client().pull({ model: 'all-minilm' });
    t.s.scriptReplies([Array.from({ length: 100 }, () => 'tok').join(' ')]);
    const stream = await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'x', stream: true });
    const port = t.s.port;
    const reading = collectError(stream);
    await t.s.waitForRequest((r) => r.tokensSent > 0);
    await t.s.stopListening();
    const broken = await reading;
    assert.equal(broken.error.name, 'TypeError', 'the open stream is cut');
    assert.equal(t.s.isListening, false);

    const e = await rejection(t.client().version());
    assert.equal((e.cause as { code?: string }).code, 'ECONNREFUSED');

    await t.s.resume();
    assert.equal(t.s.port, port);
    const { models } = await t.client().list();
    assert.ok(models.some((m) => m.name === 'all-minilm:latest'), 'installed models survive');
    assert.equal(t.s.inFlight(), 0);
  });

  it('url and port describe a 127.0.0.1 listener on a free port', () => {
    assert.match(t.s.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(t.s.port > 0);
    assert.equal(t.s.url, `http://127.0.0.1:${t.s.port}`);
  });

  it('close() ends everything; a closed stand-in does not resume', async () => {
    const s = await StandinOllama.start();
    await s.close();
    await s.resume();
    const e = await rejection(new Ollama({ host: s.url }).version());
    assert.equal((e.cause as { code?: string }).code, 'ECONNREFUSED');
  });

  it('a fixed port can be chosen', async () => {
    const probe = await StandinOllama.start();
    const port = probe.port;
    await probe.close();
    const s = await StandinOllama.start({ port, version: '0.0.0' });
    try {
      assert.equal(s.port, port);
      assert.deepEqual(await new Ollama({ host: s.url }).version(), { version: '0.0.0' });
    } finally {
      await s.close();
    }
  });
});

describe('stand-in: cli', () => {
  it('prints its URL, serves, and stops on SIGINT', async function () {
    this.timeout(5000);
    const probe = await StandinOllama.start();
    const port = probe.port;
    await probe.close();
    const cli = spawn(process.execPath, [path.join(__dirname, '../../support/standin/cli.js'), '--port', String(port), '--quiet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        let out = '';
        cli.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
        });
        cli.on('exit', (code) => reject(new Error(`cli exited early (${code})`)));
      });
      assert.match(firstLine, new RegExp(`not Ollama.*http://127\\.0\\.0\\.1:${port}$`));
      const res = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(await res.text(), 'Ollama is running');
    } finally {
      const exited = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
      cli.kill('SIGINT');
      assert.equal(await exited, 0);
    }
  });
});
