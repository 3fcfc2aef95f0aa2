// The bundled extension's activate() in plain Node with a minimal `vscode`: it must finish without
// a single network connection (no daemon probe, no telemetry) and register its commands.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createFakeVscode, fakeExtensionContext, installFakeVscode } from '../../support/fakeVscode';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const bundle = path.join(root, 'dist', 'extension.js');

describe('activation', function () {
  before(() => {
    assert.ok(fs.existsSync(bundle), 'dist/extension.js exists (npm run test:unit builds it first)');
  });

  it('opens no network connection and registers its commands', async () => {
    const connections: string[] = [];
    const originalConnect = net.Socket.prototype.connect;
    const originalFetch = globalThis.fetch;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      connections.push(JSON.stringify(args[0]));
      return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof net.Socket.prototype.connect;
    globalThis.fetch = (async (input: unknown) => {
      connections.push(String(input));
      throw new Error('no network in this test');
    }) as typeof fetch;
    const fake = createFakeVscode(root);
    const restore = installFakeVscode(fake);
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-activation-'));
    try {
      delete require.cache[bundle];
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is CommonJS and must load after the fake vscode is installed
      const extension = require(bundle) as { activate(ctx: unknown): unknown; deactivate(): unknown };
      const context = fakeExtensionContext(root, storage) as { subscriptions: { dispose(): unknown }[] };
      await extension.activate(context);
      // Give deferred work (timers scheduled by activate) a moment to misbehave.
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(connections, [], 'activation connected to the network');
      assert.ok(fake.registered.commands.includes('hearth.checkConnection'));
      await extension.deactivate();
      context.subscriptions.forEach((d) => d.dispose());
    } finally {
      restore();
      net.Socket.prototype.connect = originalConnect;
      globalThis.fetch = originalFetch;
      fs.rmSync(storage, { recursive: true, force: true });
    }
  });
});
