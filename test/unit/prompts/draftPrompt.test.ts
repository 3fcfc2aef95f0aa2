// Draft here: the instruction taken from the cursor's place, and the messages sent.
import * as assert from 'node:assert/strict';
import { buildDraftMessages, DRAFT_MAX_TOKENS, instructionAt } from '../../../src/core/prompts/draftPrompt';
import { templateOverhead } from '../../../src/core/text/budget';
import { estimateTokens } from '../../../src/core/text/tokens';
import { stringLineSource } from '../../../src/core/prompts/cursorContext';

const at = (text: string, line: number, language: string): string | undefined => instructionAt(stringLineSource(text), line, language);

describe('prompts: Draft here', () => {
  it('takes the line comments right above an empty cursor line', () => {
    const doc = 'import os\n\n# Read a CSV file and\n# return its rows as dicts.\n\n';
    assert.equal(at(doc, 4, 'python'), 'Read a CSV file and return its rows as dicts.');
  });

  it('takes the comment on the cursor line', () => {
    assert.equal(at('// parse ISO dates', 0, 'typescript'), 'parse ISO dates');
  });

  it('takes a block comment that ends right above', () => {
    const doc = '/**\n * Sorts the list\n * in place.\n */\n\n';
    assert.equal(at(doc, 4, 'typescript'), 'Sorts the list in place.');
  });

  it('takes a docstring right above, and never a comment marker inside a string', () => {
    assert.equal(at('def parse(path):\n    """Parse the file and\n    return its rows."""\n    \n', 3, 'python'), 'Parse the file and return its rows.');
    assert.equal(at('const url = "http://example.com"; // not the whole line\n\n', 1, 'typescript'), undefined, 'a trailing comment after code is not an instruction');
    assert.equal(at('const s = "/* not a comment */";\n\n', 1, 'typescript'), undefined);
  });

  it('uses the comment syntax of an installed extension', () => {
    const nasm = { lineComments: [';'], blockComments: [], strings: [] };
    const source = stringLineSource('; print the greeting\n; and exit\n\n');
    assert.equal(instructionAt(source, 2, 'nasm'), undefined);
    assert.equal(instructionAt(source, 2, 'nasm', nasm), 'print the greeting and exit');
  });

  it('takes the nearest Markdown heading above, ignoring code fences', () => {
    const doc = '# Project\n\n## Installation\n\n```sh\n# not a heading\n```\n\n';
    assert.equal(at(doc, 8, 'markdown'), 'Installation');
  });

  it('finds nothing when there is no comment or heading', () => {
    assert.equal(at('x = 1\n\n', 2, 'python'), undefined);
    assert.equal(at('plain text\n', 0, 'plaintext'), undefined);
    assert.equal(at('code();\n\n\n', 2, 'typescript'), undefined);
  });

  it('asks for text only, with the context around the cursor', () => {
    const messages = buildDraftMessages({ instruction: '写一段介绍', before: '# 标题\n', after: '\n## 下一节', path: 'README.md', languageId: 'markdown', contextTokens: 8192 });
    assert.equal(messages[0].role, 'system');
    assert.match(messages[0].content, /nothing else/);
    assert.match(messages[1].content, /Instruction: 写一段介绍/);
    assert.match(messages[1].content, /File: README\.md \(markdown\)/);
    assert.match(messages[1].content, /# 标题/);
    assert.match(messages[1].content, /## 下一节/);
  });

  it("fits the prompt and the longest draft in the model's window, keeping the text nearest the cursor", () => {
    const before = Array.from({ length: 600 }, (_, i) => `line ${i} before the cursor with some words`).join('\n');
    const after = Array.from({ length: 600 }, (_, i) => `line ${i} after the cursor with some words`).join('\n');
    const input = { instruction: 'continue', before, after, path: 'a.txt', languageId: 'plaintext' };
    const promptTokens = (contextTokens: number): number => buildDraftMessages({ ...input, contextTokens }).reduce((sum, m) => sum + estimateTokens(m.content), 0);
    for (const window of [2048, 4096]) {
      assert.ok(promptTokens(window) + DRAFT_MAX_TOKENS + templateOverhead(2) <= window, `${promptTokens(window)} tokens of prompt in a window of ${window}`);
    }
    const small = buildDraftMessages({ ...input, contextTokens: 2048 })[1].content;
    assert.match(small, /line 599 before the cursor with some words\n>>>/, 'the line right before the cursor is kept');
    assert.match(small, /<<<\nline 0 after the cursor/, 'the line right after the cursor is kept');
    assert.ok(promptTokens(8192) > promptTokens(2048), 'a larger window keeps more of the document');
  });
});
