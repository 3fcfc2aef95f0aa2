import * as assert from 'node:assert/strict';
import { chordParts, findCollisions, keyFor, keysClash } from '../../support/keybindings';
import { contextKeys, overlap, parseWhen } from '../../support/whenClause';

describe('when clauses', () => {
  it('reads precedence, negation and comparisons into alternatives', () => {
    assert.deepEqual(parseWhen(undefined), [[]]);
    assert.deepEqual(parseWhen('false'), []);
    assert.equal(parseWhen('a && b || c').length, 2);
    assert.equal(parseWhen('a && (b || c)').length, 2);
    // not (a and b) = not a or not b
    assert.deepEqual(parseWhen('!(a && b)'), [[{ key: 'a', op: 'falsy' }], [{ key: 'b', op: 'falsy' }]]);
    assert.deepEqual(parseWhen("view == 'hearth.chat'"), [[{ key: 'view', op: 'eq', value: 'hearth.chat' }]]);
    assert.deepEqual(parseWhen('viewItem =~ /^model loaded|^running/'), [[{ key: 'viewItem', op: 'regex', value: '/^model loaded|^running/' }]]);
  });

  it('lists the keys a clause reads, including the list of an `in`', () => {
    assert.deepEqual([...contextKeys('resourceScheme == hearth-doc && resourcePath in hearth.finishedSummaries')].sort(), ['hearth.finishedSummaries', 'resourcePath', 'resourceScheme']);
    assert.deepEqual([...contextKeys('resourcePath not in x.list && !a')].sort(), ['a', 'resourcePath', 'x.list']);
    assert.deepEqual([...contextKeys('editorReadonly == false')], ['editorReadonly']);
  });

  it('knows when two clauses exclude each other', () => {
    assert.deepEqual(overlap('a && !b', 'b'), []);
    assert.deepEqual(overlap("x == 'one'", 'x == two'), []);
    assert.deepEqual(overlap('x == one', 'x != one'), []);
    assert.deepEqual(overlap('x == one', '!x'), []);
    assert.deepEqual(overlap('hearth.drafting', '!hearth.drafting && editorTextFocus'), []);
    // Focus is in one place: a text editor and a list cannot both have it.
    assert.deepEqual(overlap('editorTextFocus', 'listFocus && listHasSelectionOrFocus'), []);
    assert.deepEqual(overlap('editorTextFocus', 'webviewFindWidgetVisible && !editorFocus'), []);
  });

  it('reports an overlap when it cannot rule one out', () => {
    assert.deepEqual(overlap('editorTextFocus', 'editorFocus && findWidgetVisible'), ['editorTextFocus && editorFocus && findWidgetVisible']);
    assert.equal(overlap('a', undefined).length, 1);
    assert.equal(overlap('x =~ /a/', 'x == b').length, 1, 'a regular expression is not evaluated');
    assert.equal(overlap('a || b', '!a').length, 1, 'b && !a can hold');
  });
});

describe('keybinding collisions', () => {
  it('normalizes keys and chords', () => {
    assert.deepEqual(chordParts('Alt+Ctrl+Enter'), ['ctrl+alt+enter']);
    assert.deepEqual(chordParts('ctrl+k  ctrl+c'), ['ctrl+k', 'ctrl+c']);
    assert.deepEqual(chordParts('ctrl++'), ['ctrl++']);
    assert.ok(keysClash('shift+alt+f', 'alt+shift+f'));
    assert.ok(keysClash('ctrl+k', 'ctrl+k ctrl+c'), 'a key that starts a chord');
    assert.ok(!keysClash('ctrl+k ctrl+d', 'ctrl+k ctrl+c'));
    assert.equal(keyFor({ command: 'c', key: 'ctrl+x', mac: 'cmd+x' }, 'mac'), 'cmd+x');
    assert.equal(keyFor({ command: 'c', key: 'ctrl+x', mac: 'cmd+x' }, 'linux'), 'ctrl+x');
  });

  it('finds a same-key binding whose clause can hold together with ours, and only that one', () => {
    const defaults = [
      { command: 'replaceAll', key: 'ctrl+alt+enter', when: 'editorFocus && findWidgetVisible' },
      { command: 'terminal', key: 'ctrl+alt+enter', when: 'terminalFocus' },
      { command: 'other', key: 'ctrl+alt+d', when: 'editorTextFocus' },
    ];
    const found = findCollisions([{ command: 'ours', key: 'alt+ctrl+enter', when: 'editorTextFocus && !editorReadonly' }], defaults);
    assert.deepEqual(found.map((c) => c.theirs.command), ['replaceAll']);
  });
});
