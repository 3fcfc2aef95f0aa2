// Hearth: Check Connection inside a real VS Code, against the Ollama stand-in: it reports the
// version and the models when the daemon answers, and a clear failure when it is down.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ConnectionCheckResult } from '../../src/features/connection';
import type { HearthApi } from '../../src/extension';
import { StandinOllama } from '../support/standin';
import { activateExtension, canScreenshot, closeAllEditors, queryDom, resetSettings, setSetting, waitFor } from './helpers';

const check = (): Thenable<ConnectionCheckResult> => vscode.commands.executeCommand<ConnectionCheckResult>('hearth.checkConnection', { quiet: true });

describe('Check Connection', () => {
  let standin: StandinOllama;
  let api: HearthApi;

  before(async () => {
    standin = await StandinOllama.start();
    api = await activateExtension<HearthApi>();
    await setSetting('hearth.host', standin.url);
  });

  after(async () => {
    await resetSettings(['hearth.host', 'hearth.model.chat']);
    await standin.close();
    await closeAllEditors();
  });

  it('reports the stand-in version, its models and the model per feature', async () => {
    await setSetting('hearth.model.chat', 'llama3.2:3b');
    const result = await check();
    assert.strictEqual(result.ok, true, result.markdown);
    assert.strictEqual(result.facts.version, '0.32.15');
    assert.strictEqual(result.facts.host, standin.url);
    const models = result.facts.models as string[];
    assert.ok(models.includes('qwen2.5-coder:1.5b'), models.join());
    assert.strictEqual((result.facts.features as Record<string, string>).chat, 'llama3.2:3b');
    assert.match(result.markdown, /0\.32\.15/);
    assert.match(result.markdown, /qwen2\.5-coder:1\.5b/);
  });

  it('shows the report rendered (the Markdown preview), its source one click away', async () => {
    await closeAllEditors();
    await vscode.commands.executeCommand('hearth.checkConnection');
    // The report's own document: other read-only documents (summaries of earlier suites) may still be open.
    const doc = await waitForDocument((d) => d.uri.scheme === 'hearth-doc' && d.uri.path.endsWith('/Hearth Connection.md'));
    assert.match(doc.getText(), /0\.32\.15/);
    const tab = await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab, { message: 'the report tab' });
    assert.ok(tab.input instanceof vscode.TabInputCustom && tab.input.viewType === 'vscode.markdown.preview.editor', 'rendered in the Markdown preview');
    assert.strictEqual((tab.input as vscode.TabInputCustom).uri.toString(), doc.uri.toString());
    assert.strictEqual(vscode.window.tabGroups.all.length, 1, 'in the active column, no new one');
    if (canScreenshot()) {
      // Rendered: the report's title is a heading inside the preview's webview, not `# …` text.
      await waitFor(async () => (await queryDom('h1', [], 10_000, { frames: true }))?.some((h) => h.text === 'Hearth connection report'), { message: 'the report rendered in the preview' });
    }
    // The preview's own button (markdown.showSource) on the focused report opens its source.
    await vscode.commands.executeCommand('vscode.openWith', doc.uri, 'vscode.markdown.preview.editor', { viewColumn: tab.group.viewColumn, preserveFocus: false });
    await vscode.commands.executeCommand('markdown.showSource');
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === doc.uri.toString(), { message: 'the source of the report' });
    await closeAllEditors();
  });

  it('reports a clear failure when the daemon is down', async () => {
    await standin.stopListening();
    try {
      api.services.gateway.invalidate();
      const result = await check();
      assert.strictEqual(result.ok, false);
      assert.deepStrictEqual((result.facts.error as { kind: string }).kind, 'unreachable');
      assert.match(result.markdown, /not running/);
    } finally {
      await standin.resume();
    }
  });

  it('refuses a remote host without contacting it', async () => {
    await setSetting('hearth.host', 'http://192.0.2.1:11434');
    try {
      const result = await check();
      assert.strictEqual(result.ok, false);
      assert.strictEqual((result.facts.error as { kind: string }).kind, 'remoteHostRefused');
    } finally {
      await setSetting('hearth.host', standin.url);
    }
  });
});

async function waitForDocument(pred: (d: vscode.TextDocument) => boolean): Promise<vscode.TextDocument> {
  for (let i = 0; i < 100; i++) {
    const found = vscode.workspace.textDocuments.find(pred);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('document did not open');
}
