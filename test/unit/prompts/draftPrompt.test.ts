// Draft here: the instruction taken from the cursor's place, and the messages sent.
import * as assert from 'node:assert/strict';
import { buildDraftMessages, instructionAt } from '../../../src/core/prompts/draftPrompt';
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
    const messages = buildDraftMessages({ instruction: '写一段介绍', before: '# 标题\n', after: '\n## 下一节', path: 'README.md', languageId: 'markdown' });
    assert.equal(messages[0].role, 'system');
    assert.match(messages[0].content, /nothing else/);
    assert.match(messages[1].content, /Instruction: 写一段介绍/);
    assert.match(messages[1].content, /File: README\.md \(markdown\)/);
    assert.match(messages[1].content, /# 标题/);
    assert.match(messages[1].content, /## 下一节/);
  });
});
