// The comment scanner on the languages users write most, with the traps that make naive scanners wrong:
// comment markers inside strings, doc comments, unterminated blocks and CRLF line endings.
import * as assert from 'node:assert/strict';
import { builtinCommentSyntax, scanComments, type ScannedComment } from '../../../src/core/comments';

function scan(languageId: string, text: string): ScannedComment[] {
  const syntax = builtinCommentSyntax(languageId);
  assert.ok(syntax, `the table knows ${languageId}`);
  return scanComments(text, syntax);
}

/** The text of each comment found. */
function comments(languageId: string, text: string): string[] {
  return scan(languageId, text).map((c) => text.slice(c.start, c.end));
}

describe('comment scanner', () => {
  describe('TypeScript / JavaScript', () => {
    it('finds line, block and JSDoc comments', () => {
      const src = '/**\n * Adds.\n * @param a first\n */\nfunction add(a, b) { // sum\n  return a + b; /* inline */\n}\n';
      assert.deepEqual(comments('typescript', src), ['/**\n * Adds.\n * @param a first\n */', '// sum', '/* inline */']);
    });

    it('skips markers inside strings, templates and regular expressions', () => {
      const src = [
        "const url = 'http://example.com'; // real",
        'const s = "/* not */ // not";',
        'const t = `line ${a /* in code */} // not ${"}"} end`;',
        'const re = /\\/\\/ not a comment/g; // after regex',
        'const d = a / b; // division',
        'const q = "it\'s // still a string";',
      ].join('\n');
      assert.deepEqual(comments('javascript', src), ['// real', '/* in code */', '// after regex', '// division']);
    });

    it('treats an unterminated block as running to the end', () => {
      const src = 'let a = 1;\n/* open\nlet b = 2;\n';
      const found = scan('typescript', src);
      assert.equal(found.length, 1);
      assert.equal(found[0]?.terminated, false);
      assert.equal(found[0]?.end, src.length);
    });

    it('keeps CRLF out of line comments and marks own-line comments', () => {
      const src = '// first\r\nlet a = 1; // trailing\r\n';
      const found = scan('typescript', src);
      assert.deepEqual(found.map((c) => src.slice(c.start, c.end)), ['// first', '// trailing']);
      assert.deepEqual(found.map((c) => c.ownLine), [true, false]);
    });
  });

  describe('Python', () => {
    it('finds # comments and docstrings but not other strings', () => {
      const src = [
        '"""Module docstring."""',
        'import os  # the os',
        'URL = "http://x"  # a url',
        "COLOR = '#fff'",
        'def f(x):',
        "    r'''Raw docstring.'''",
        '    s = """not a docstring # really"""',
        '    call("""also not""")',
        '    return x',
      ].join('\n');
      assert.deepEqual(comments('python', src), ['"""Module docstring."""', '# the os', '# a url', "r'''Raw docstring.'''"]);
      assert.deepEqual(scan('python', src).map((c) => c.kind), ['docstring', 'line', 'line', 'docstring']);
    });

    it('does not take a string continued onto the next line for a docstring', () => {
      const src = 'x = \\\n    """value"""\nfoo = (\n    """arg"""\n)\n"""real""".format()\n';
      assert.deepEqual(comments('python', src), []);
    });
  });

  describe('Go', () => {
    it('skips raw strings and runes', () => {
      const src = 'package main\n\n// Doc.\nvar s = `raw // not\n/* not */`\nvar r = \'"\' // rune\n';
      assert.deepEqual(comments('go', src), ['// Doc.', '// rune']);
    });
  });

  describe('Rust', () => {
    it('handles doc comments, nested blocks, raw strings, chars and lifetimes', () => {
      const src = [
        '//! Crate doc.',
        '/// Item doc.',
        "fn f<'a>(x: &'a str) -> char { '\"' } // quote char",
        'let s = r#"// not "a comment" "#;',
        '/* outer /* inner */ still outer */',
        'let t = "multi',
        '// not a comment',
        '";',
      ].join('\n');
      assert.deepEqual(comments('rust', src), ['//! Crate doc.', '/// Item doc.', '// quote char', '/* outer /* inner */ still outer */']);
    });
  });

  describe('C and C++', () => {
    it('skips strings, chars and C++ raw strings', () => {
      const src = '#include <stdio.h>\n/* block */\nchar c = \'/\'; // slash\nconst char* s = "//";\nauto r = R"x(// not )x"; // raw\n';
      assert.deepEqual(comments('c', '#include <stdio.h>\n/* block */\nchar c = \'/\'; // slash\nconst char* s = "//";\n'), ['/* block */', '// slash']);
      assert.deepEqual(comments('cpp', src), ['/* block */', '// slash', '// raw']);
    });
  });

  describe('Java and C#', () => {
    it('handles Javadoc and text blocks', () => {
      const src = '/** Doc. */\nString s = """\n  // not\n  """; // after\n';
      assert.deepEqual(comments('java', src), ['/** Doc. */', '// after']);
    });

    it('handles C# verbatim strings with doubled quotes and /// docs', () => {
      const src = '/// <summary>Doc.</summary>\nvar p = @"C:\\dir\\ ""// not""";  // path\nvar q = "a\\"//b"; /* c */\n';
      assert.deepEqual(comments('csharp', src), ['/// <summary>Doc.</summary>', '// path', '/* c */']);
    });
  });

  describe('Ruby', () => {
    it('handles =begin/=end and interpolation with quotes', () => {
      const src = '=begin\nBlock doc.\n=end\nputs "#{h["k"]} # not" # real\nx = \'#not\'\n';
      assert.deepEqual(comments('ruby', src), ['=begin\nBlock doc.\n=end', '# real']);
    });
  });

  describe('shell', () => {
    it('only takes # at a word start, and skips strings and here-documents', () => {
      const src = [
        '#!/bin/sh',
        'echo a#b # real',
        'echo ${#arr} "$(echo "# nested")" \'# single\'',
        'cat <<EOF # after heredoc marker',
        '# inside the heredoc',
        'EOF',
        'ls # last',
      ].join('\n');
      assert.deepEqual(comments('shellscript', src), ['#!/bin/sh', '# real', '# after heredoc marker', '# last']);
    });
  });

  describe('SQL', () => {
    it('handles -- and /* */ and doubled quotes', () => {
      const src = "SELECT 'it''s -- not' AS a, \"col--x\" -- real\nFROM t /* block */;\n";
      assert.deepEqual(comments('sql', src), ['-- real', '/* block */']);
    });
  });

  describe('HTML and Markdown', () => {
    it('finds <!-- --> comments, also over several lines', () => {
      const src = '<p>Don\'t</p>\n<!-- one -->\n<div title="x"><!--\n  two\n--></div>\n';
      assert.deepEqual(comments('html', src), ['<!-- one -->', '<!--\n  two\n-->']);
    });

    it('ignores markers in Markdown code', () => {
      const src = 'Text `<!-- not -->`\n\n```html\n<!-- not -->\n```\n<!-- real -->\n';
      assert.deepEqual(comments('markdown', src), ['<!-- real -->']);
    });
  });

  describe('CSS', () => {
    it('finds block comments and skips strings', () => {
      const src = 'a { content: "/* not */"; color: #fff; } /* real */\n.b::after { content: \'*/\' }\n';
      assert.deepEqual(comments('css', src), ['/* real */']);
    });

    it('does not read // in an unquoted url() as a SCSS comment', () => {
      const src = '.a { background: url(http://x/y.png); } // real\n';
      assert.deepEqual(comments('scss', src), ['// real']);
    });
  });

  describe('Lua', () => {
    it('handles long comments and long strings', () => {
      const src = '--[[ long\ncomment ]]\nlocal s = [[ -- not ]]\nlocal t = [==[ ]] -- not ]==] -- real\n--[==[ a ]] b ]==]\n';
      assert.deepEqual(comments('lua', src), ['--[[ long\ncomment ]]', '-- real', '--[==[ a ]] b ]==]']);
    });
  });

  describe('YAML', () => {
    it('needs whitespace before #, and skips quoted and block scalars', () => {
      const src = [
        '# top',
        'color: "#fff" # real',
        "tag: 'a # b'",
        'url: http://x#frag',
        'script: | # after indicator',
        '  echo hi # part of the script',
        '  # also part of the script',
        'next: 1 # end',
      ].join('\n');
      assert.deepEqual(comments('yaml', src), ['# top', '# real', '# after indicator', '# end']);
    });
  });

  describe('more languages from the table', () => {
    const cases: Array<[string, string, string[]]> = [
      ['kotlin', 'val s = "${"//"}" // k\n/* a /* b */ c */', ['// k', '/* a /* b */ c */']],
      ['swift', 'let s = "a \\("//") b" // s\n/* a /* b */ */', ['// s', '/* a /* b */ */']],
      ['dart', "var s = '${\"//\"}'; // d", ['// d']],
      ['php', '<?php $a = "#"; # hash\n// slash\n', ['# hash', '// slash']],
      ['haskell', 'x = "--" -- h\n{- a {- b -} c -}', ['-- h', '{- a {- b -} c -}']],
      ['powershell', '$a = "#" # p\n<# block #>', ['# p', '<# block #>']],
      ['toml', 'a = "#" # t\nb = \'#\'', ['# t']],
      ['dockerfile', 'RUN echo a#b\n# d', ['# d']],
    ];
    for (const [lang, src, expected] of cases) {
      it(lang, () => assert.deepEqual(comments(lang, src), expected));
    }
  });

  it('finds markers that are not ASCII (from a language configuration), and skips plain text between tokens', () => {
    const apl = { lineComments: ['⍝'], blockComments: [], strings: [{ open: "'", close: "'", escape: 'double' as const, multiline: false }] };
    const found = scanComments("x ← 'a ⍝ b' ⍝ note\ny ← 2 ⍝ more", apl).map((c) => [c.open, c.start, c.end]);
    assert.deepEqual(found, [['⍝', 12, 18], ['⍝', 25, 31]]);
    // Interpolations count brackets: the `}` inside the nested object does not end `${…}` early.
    assert.deepEqual(comments('typescript', 'const s = `${ {a: "//"}.a } // in template`; // real'), ['// real']);
  });

  it('scans a 20 000-line file in one pass', () => {
    const block = '/** Doc. */\nfunction f(a) { return "//" + a; } // tail\n';
    const src = block.repeat(10_000);
    const found = scan('typescript', src);
    assert.equal(found.length, 20_000);
  });
});
