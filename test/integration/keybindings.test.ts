// Hearth's keybindings against the default keybindings of the VS Code that runs the tests: VS Code's
// own "Default Keybindings" document (Preferences: Open Default Keyboard Shortcuts (JSON)) lists every
// default binding for the running platform, built-in extensions included. This harness runs on Linux, so
// the Linux keys are checked here; macOS and Windows keys were checked by hand (see README, Keyboard).
import * as assert from 'assert';
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { describeCollision, findCollisions, keyFor, type Binding, type ContributedBinding } from '../support/keybindings';
import { EXTENSION_ID, closeAllEditors, waitFor } from './helpers';

async function defaultKeybindings(): Promise<Binding[]> {
  await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
  const document = await waitFor(
    () => {
      const doc = vscode.window.activeTextEditor?.document;
      return doc && doc.uri.path.endsWith('keybindings.json') && doc.getText().includes('"command"') ? doc : undefined;
    },
    { timeoutMs: 20_000, message: 'the default keybindings document' },
  );
  const entries = parse(document.getText()) as unknown;
  assert.ok(Array.isArray(entries), 'the default keybindings document is a JSON array');
  return (entries as Binding[]).filter((b) => typeof b.key === 'string' && typeof b.command === 'string');
}

describe('keybindings', () => {
  let defaults: Binding[] = [];
  let ours: Binding[] = [];

  before(async function () {
    this.timeout(40_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const contributed = (ext.packageJSON.contributes?.keybindings ?? []) as ContributedBinding[];
    ours = contributed.map((b) => ({ command: b.command, key: keyFor(b, 'linux'), when: b.when }));
    // The document lists Hearth's own bindings too: those are what is checked, not what is checked against.
    defaults = (await defaultKeybindings()).filter((b) => !b.command.startsWith('hearth.') && !b.command.startsWith('-'));
  });

  after(closeAllEditors);

  it('reads VS Code\'s default keybindings for Linux', () => {
    assert.ok(defaults.length > 300, `only ${defaults.length} default bindings found`);
    // Known Linux defaults: if these are missing the document was not read right.
    const has = (command: string, key: string): boolean => defaults.some((b) => b.command === command && b.key === key);
    assert.ok(has('workbench.action.quickOpen', 'ctrl+p'), 'ctrl+p opens Quick Open');
    assert.ok(has('editor.action.replaceAll', 'ctrl+alt+enter'), 'ctrl+alt+enter is Replace All in the find widget');
  });

  it('finds a collision when there is one (the check can fail)', () => {
    const probe: Binding = { command: 'probe', key: 'ctrl+alt+enter', when: 'editorTextFocus && !editorReadonly' };
    const found = findCollisions([probe], defaults).map((c) => c.theirs.command);
    assert.ok(found.includes('editor.action.replaceAll'), `found ${found.join(', ')}`);
  });

  it('has no Hearth keybinding that collides with a default one', () => {
    assert.ok(ours.length > 0, 'Hearth contributes keybindings');
    const collisions = findCollisions(ours, defaults).map(describeCollision);
    assert.deepStrictEqual(collisions, [], `collisions with VS Code's default keybindings:\n${collisions.join('\n')}`);
  });
});
