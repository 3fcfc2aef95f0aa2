// Comment syntax from language-configuration files (JSON with comments) merged with the built-in table.
import * as assert from 'node:assert/strict';
import { resolveCommentSyntax, scanComments } from '../../../src/core/comments';
import { parseLanguageConfiguration } from '../../../src/core/comments/languageConfigurationFile';

describe('language configuration', () => {
  it('reads JSON with comments and trailing commas, both forms of lineComment, and the quotes', () => {
    const text = `{
      // comments are allowed here
      "comments": { "lineComment": { "comment": "%%", "noIndent": true }, "blockComment": ["%{", "%}"], },
      /* and here */
      "autoClosingPairs": [["{", "}"], { "open": "'", "close": "'", "notIn": ["string"] }, ["\\"", "\\""]],
    }`;
    assert.deepEqual(parseLanguageConfiguration(text), { lineComments: ['%%'], blockComments: [['%{', '%}']], quotes: ["'", '"'] });
    assert.deepEqual(parseLanguageConfiguration('{ "comments": { "lineComment": "#" } }'), { lineComments: ['#'], blockComments: [], quotes: [] });
    assert.equal(parseLanguageConfiguration('[1, 2]'), undefined);
    assert.equal(parseLanguageConfiguration('not json at all'), undefined);
  });

  it('uses a configuration for a language the table does not know, with strings from its quotes', () => {
    const configured = parseLanguageConfiguration('{ "comments": { "lineComment": "//", "blockComment": ["/-", "-/"] }, "autoClosingPairs": [["\\"", "\\""]] }');
    const syntax = resolveCommentSyntax('lean4', configured);
    assert.ok(syntax);
    const text = 'def x := "a // b" -- no\n// yes\n/- block -/\n';
    assert.deepEqual(scanComments(text, syntax).map((c) => text.slice(c.start, c.end)), ['// yes', '/- block -/']);
  });

  it('keeps the table\'s strings and docstrings when a configuration names """ as a block comment (Python)', () => {
    const configured = parseLanguageConfiguration('{ "comments": { "lineComment": "#", "blockComment": ["\\"\\"\\"", "\\"\\"\\""] } }');
    const syntax = resolveCommentSyntax('python', configured);
    assert.ok(syntax);
    assert.deepEqual(syntax.blockComments, []);
    const text = 'x = """not a comment"""\n"""Docstring."""\n';
    assert.deepEqual(scanComments(text, syntax).map((c) => [c.kind, text.slice(c.start, c.end)]), [['docstring', '"""Docstring."""']]);
  });

  it('adds a configuration\'s markers to the table\'s', () => {
    const syntax = resolveCommentSyntax('sql', { lineComments: ['#'], blockComments: [], quotes: [] });
    assert.deepEqual(syntax?.lineComments, ['#', '--']);
  });

  it('knows no syntax when neither the configuration nor the table has a comment marker', () => {
    assert.equal(resolveCommentSyntax('plaintext', undefined), undefined);
    assert.equal(resolveCommentSyntax('somethingnew', { lineComments: [], blockComments: [], quotes: ['"'] }), undefined);
    assert.ok(resolveCommentSyntax('typescript', undefined), 'the table is the fallback');
  });
});
