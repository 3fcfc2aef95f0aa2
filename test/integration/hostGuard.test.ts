// The privacy guard inside a real VS Code: a hearth.host value whose text reads as local but that a URL
// parser reads differently (`#`, `?`, `\`, a tab, userinfo) is refused with its reason, and nothing reaches
// the address a parser would have connected to (a second local listener standing in for "evil").
import * as assert from 'assert';
import * as net from 'net';
import * as vscode from 'vscode';
import type { ConnectionCheckResult } from '../../src/features/connection';
import type { HearthApi } from '../../src/extension';
import { StandinOllama } from '../support/standin';
import { activateExtension, resetSettings, setSetting, sleep } from './helpers';

const check = (): Thenable<ConnectionCheckResult> => vscode.commands.executeCommand<ConnectionCheckResult>('hearth.checkConnection', { quiet: true });

describe('Host guard: look-alike local hosts', () => {
  let standin: StandinOllama;
  let api: HearthApi;
  let evil: net.Server;
  let evilPort = 0;
  let connections = 0;

  before(async () => {
    standin = await StandinOllama.start();
    api = await activateExtension<HearthApi>();
    evil = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilPort = (evil.address() as net.AddressInfo).port;
    await setSetting('hearth.host', standin.url);
  });

  after(async () => {
    await resetSettings(['hearth.host']);
    await standin.close();
    await new Promise<void>((resolve) => evil.close(() => resolve()));
  });

  const forms = ['http://127.0.0.1:{port}#.localhost', 'http://127.0.0.1:{port}?.localhost', 'http://127.0.0.1:{port}\\.localhost', 'http://127.0.0.1:{port}\t.localhost', 'http://localhost@127.0.0.1:{port}'];
  for (const form of forms) {
    it(`refuses ${JSON.stringify(form)} with a reason and sends nothing anywhere`, async () => {
      const value = form.replace('{port}', String(evilPort));
      await setSetting('hearth.host', value);
      try {
        api.services.gateway.invalidate();
        const result = await check();
        assert.strictEqual(result.ok, false, result.markdown);
        const error = result.facts.error as { kind: string; message: string };
        assert.strictEqual(error.kind, 'unreachable');
        assert.match(error.message, /was refused: .*Hearth sent nothing/);
        assert.match(result.markdown, /was refused/);
        // Give the health monitor, which reacts to the setting change, time to try too; requests to the
        // previous host that were already under way have ended by then, and no new one may start.
        await sleep(500);
        const standinBefore = standin.requests.length;
        assert.strictEqual((await check()).ok, false);
        await sleep(500);
        assert.strictEqual(connections, 0, 'a connection reached the look-alike host');
        assert.strictEqual(standin.requests.length, standinBefore, 'a request went to the previously configured host');
      } finally {
        await setSetting('hearth.host', standin.url);
      }
    });
  }
});
