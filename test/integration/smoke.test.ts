// Smoke test: the extension is installed and activates, in a Node extension host, with the test
// workspace open. Also checks the test helpers against this VS Code (settings round trip, screenshot).
import * as assert from 'assert';
import * as http from 'http';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, canScreenshot, closeAllEditors, openWorkspaceFile, resetSettings, screenshot, setSetting, workspaceFolder, workspaceUri } from './helpers';

describe('smoke', () => {
  it('has the extension installed and it activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
    assert.strictEqual(ext.packageJSON.publisher, 'hearth-dev');
    assert.strictEqual(ext.packageJSON.name, 'hearth');
    // The copy under test: the development folder, or the installed .vsix with E2E_VSIX.
    const expectedDir = process.env.E2E_EXTENSION_DIR;
    if (expectedDir) {
      const rel = path.relative(expectedDir, ext.extensionUri.fsPath);
      assert.ok(!rel.startsWith('..') && !path.isAbsolute(rel), `loaded from ${ext.extensionUri.fsPath}, expected under ${expectedDir}`);
    }
  });

  it('runs in a Node extension host', () => {
    assert.strictEqual(process.release.name, 'node');
    assert.match(process.versions.node, /^\d+\.\d+\.\d+$/);
    // Node built-ins are available (a web worker host would have none).
    assert.strictEqual(typeof http.createServer, 'function');
  });

  it('has the test workspace open', async () => {
    const folder = workspaceFolder();
    assert.strictEqual(vscode.workspace.workspaceFolders?.length, 1);
    for (const name of ['README.md', 'sample.ts', 'sample.py']) {
      const stat = await vscode.workspace.fs.stat(workspaceUri(name));
      assert.strictEqual(stat.type, vscode.FileType.File, `${name} in ${folder.uri.toString()}`);
    }
  });
});

describe('test helpers', () => {
  after(async () => {
    await resetSettings(['hearth.host', 'hearth.model.chat']);
    await closeAllEditors();
  });

  it('sets a machine-scoped setting and a resource-scoped one', async () => {
    await setSetting('hearth.host', 'http://127.0.0.1:1');
    assert.strictEqual(vscode.workspace.getConfiguration('hearth').get('host'), 'http://127.0.0.1:1');
    await setSetting('hearth.model.chat', 'smoke-model');
    assert.strictEqual(vscode.workspace.getConfiguration('hearth').get('model.chat'), 'smoke-model');
    await resetSettings(['hearth.host', 'hearth.model.chat']);
    assert.strictEqual(vscode.workspace.getConfiguration('hearth').get('host'), 'http://127.0.0.1:11434');
    assert.strictEqual(vscode.workspace.getConfiguration('hearth').get('model.chat'), '');
  });

  it('takes a screenshot of the workbench', async function () {
    if (!canScreenshot()) this.skip();
    const editor = await openWorkspaceFile('sample.ts');
    assert.strictEqual(editor.document.languageId, 'typescript');
    const file = await screenshot('smoke-workbench');
    assert.ok(file);
    const editorOnly = await screenshot('smoke-editor', { selector: '.part.editor' });
    assert.ok(editorOnly);
  });
});
