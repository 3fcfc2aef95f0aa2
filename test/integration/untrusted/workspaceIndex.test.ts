// Restricted Mode: the workspace index never runs, whatever the settings say, and never asks.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { HearthApi } from '../../../src/extension';
import { StandinOllama } from '../../support/standin';
import { activateExtension, resetSettings, setSetting, sleep } from '../helpers';

describe('untrusted workspace: the workspace index never indexes', function () {
  this.timeout(60_000);
  let api: HearthApi;
  let standin: StandinOllama;

  before(async () => {
    api = await activateExtension<HearthApi>();
    standin = await StandinOllama.start({ perTokenMs: 0 });
    await setSetting('hearth.host', standin.url);
    // The user's own setting (not the workspace's) turns it on: still nothing in an untrusted workspace.
    await setSetting('hearth.workspaceIndex.enabled', true);
  });

  after(async () => {
    await resetSettings(['hearth.host', 'hearth.workspaceIndex.enabled']);
    await standin.close();
  });

  it('reports untrusted, never prompts, retrieves nothing, sends no embedding and writes no index', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    const index = api.workspaceIndex;
    let asked = false;
    index.prompt = async () => (asked = true);
    assert.strictEqual(index.availability(), 'untrusted');
    assert.strictEqual(await index.ensureEnabled(), false);
    assert.strictEqual(asked, false, 'no prompt');
    assert.deepStrictEqual(await index.retrieve('anything at all', { budgetTokens: 1000 }), { availability: 'untrusted', chunks: [] });
    assert.strictEqual(await vscode.commands.executeCommand('hearth.workspaceIndex.rebuild'), false);
    await sleep(1500);
    assert.strictEqual(standin.requests.filter((r) => r.path === '/api/embed').length, 0);
    assert.strictEqual(index.stats().chunks, 0);
    const storage = api.services.context.storageUri;
    assert.ok(!storage || !fs.existsSync(path.join(storage.fsPath, 'workspace-index.bin')), 'no index file');
  });
});
