// Chunking along the code's structure: declarations, members, Markdown sections, paragraphs; limits and hashes.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chunkFile } from '../../../src/core/workspaceIndex/chunker';
import type { Chunk } from '../../../src/core/workspaceIndex/types';
import { estimateTokens } from '../../../src/core/text/tokens';

const ranges = (chunks: Chunk[]): string[] => chunks.map((c) => `${c.startLine}-${c.endLine}`);

/** A function of about `n` statements, each a few tokens. */
function fn(name: string, n: number, indent = ''): string {
  const body = Array.from({ length: n }, (_, i) => `${indent}  const v${i} = compute${i}(input, "value { ${i}");`);
  return [`${indent}function ${name}(input: number): number {`, ...body, `${indent}  return input;`, `${indent}}`].join('\n');
}

describe('workspaceIndex: chunker', () => {
  it('cuts a TypeScript file at top-level declarations, keeping comments with what follows', () => {
    const text = [fn('alpha', 12), '', '/** Beta does things. */', fn('beta', 12), '', fn('gamma', 12)].join('\n');
    const chunks = chunkFile('src/a.ts', text, { maxTokens: 300, minTokens: 10 });
    assert.deepEqual(ranges(chunks), ['1-15', '17-32', '34-48']);
    assert.ok(chunks[1]?.text.startsWith('/** Beta does things. */\nfunction beta'));
    assert.equal(chunks[0]?.path, 'src/a.ts');
  });

  it('ignores braces inside strings and comments', () => {
    // Unbalanced braces in a string, a template and a comment would otherwise glue the functions together.
    const text = ['const s = "{{{";', 'const t = `}}} ${1}`;', '// {', '', fn('a', 12), '', fn('b', 12)].join('\n');
    const chunks = chunkFile('x.ts', text, { maxTokens: 300, minTokens: 10 });
    assert.deepEqual(ranges(chunks), ['1-3', '5-19', '21-35']);
  });

  it('splits a class that is too large along its methods', () => {
    const text = ['export class Big {', fn('one', 10, '  ').replace('function ', ''), '', fn('two', 10, '  ').replace('function ', ''), '}', '', 'export const after = 1;'].join('\n');
    const chunks = chunkFile('big.ts', text, { maxTokens: 160, minTokens: 5 });
    // The class header travels with its first member, the closing brace with the last.
    assert.equal(chunks[0]?.startLine, 1);
    assert.ok(chunks[0]?.text.includes('one('));
    assert.ok(!chunks[0]?.text.includes('two('));
    assert.ok(chunks.some((c) => c.text.startsWith('  two(')));
    assert.ok(chunks.some((c) => c.text.endsWith('    return input;\n  }\n}')));
    for (const c of chunks) assert.ok(estimateTokens(c.text) <= 160 + c.text.split('\n').length, `${c.startLine}-${c.endLine} too large`);
  });

  it('splits a huge function into pieces within the limit and keeps every line', () => {
    const text = fn('huge', 400);
    const chunks = chunkFile('h.go', text, { maxTokens: 300, minTokens: 30 });
    assert.ok(chunks.length > 5);
    for (const c of chunks) assert.ok(estimateTokens(c.text) <= 300, `${c.startLine}-${c.endLine}`);
    // Contiguous, nothing lost.
    assert.equal(chunks.map((c) => c.text).join('\n'), text);
  });

  it('merges tiny neighbours (a run of imports is one chunk)', () => {
    const text = ["import { a } from './a';", '', "import { b } from './b';", '', "import { c } from './c';", '', fn('main', 10)].join('\n');
    const chunks = chunkFile('m.ts', text, { maxTokens: 400, minTokens: 40 });
    assert.equal(chunks.length, 1);
    const split = chunkFile('m.ts', text, { maxTokens: 200, minTokens: 40 });
    assert.ok(split[0]?.text.startsWith("import { a }") && split[0].text.includes("import { c }"));
  });

  it('Python: cuts at top-level definitions by indentation, not inside brackets or docstrings', () => {
    const body = (n: number): string[] => Array.from({ length: n }, (_, i) => `    value_${i} = compute(value, ${i}, "text")`);
    const text = [
      'import os',
      '',
      '@decorator',
      'def first(value):',
      '    """Docstring',
      '',
      'def not_a_boundary():',
      '    """',
      ...body(10),
      '',
      'CONFIG = dict(',
      '    a=1,',
      ')',
      'def second(value):',
      ...body(10),
    ].join('\n');
    const chunks = chunkFile('p.py', text, { maxTokens: 220, minTokens: 5 });
    const starts = chunks.map((c) => c.text.split('\n')[0]);
    assert.ok(starts.includes('@decorator'), starts.join(' | '));
    assert.ok(!starts.includes('def not_a_boundary():'));
    assert.ok(!starts.includes(')'));
  });

  it('Markdown: one chunk per section, code fences never cut at their blank lines or # lines', () => {
    const para = (w: string): string => Array.from({ length: 30 }, () => w).join(' ');
    const text = ['# Title', '', para('intro'), '', '## Install', '', '```sh', '# not a heading', '', 'npm i', '```', '', '## Use', '', para('use')].join('\n');
    const chunks = chunkFile('README.md', text, { maxTokens: 120, minTokens: 5 });
    assert.deepEqual(chunks.map((c) => c.text.split('\n')[0]), ['# Title', '## Install', '## Use']);
    assert.ok(chunks[1]?.text.includes('npm i'));
  });

  it('prose: paragraphs, packed up to the limit', () => {
    const para = (w: string): string => Array.from({ length: 40 }, () => w).join(' ');
    const text = [para('one'), '', para('two'), '', para('three')].join('\n');
    const chunks = chunkFile('notes.txt', text, { maxTokens: 80, minTokens: 10 });
    assert.deepEqual(ranges(chunks), ['1-1', '3-3', '5-5']);
  });

  it('prose: short paragraphs are packed together up to the limit, within a Markdown section', () => {
    const para = (w: string): string => Array.from({ length: 12 }, () => w).join(' ');
    const text = ['alpha', 'bravo', 'charl', 'delta', 'echoo', 'foxtr'].map(para).join('\n\n');
    const chunks = chunkFile('notes.txt', text, { maxTokens: 100, minTokens: 10 });
    assert.deepEqual(ranges(chunks), ['1-5', '7-11']);
    const md = chunkFile('n.md', `# One\n\n${para('a')}\n\n# Two\n\n${para('b')}`, { maxTokens: 1000, minTokens: 1 });
    assert.deepEqual(md.map((c) => c.text.split('\n')[0]), ['# One', '# Two']);
  });

  it('every chunk carries the sha256 of its text; equal text, equal hash', () => {
    const chunks = chunkFile('a.txt', 'hello\n\nworld');
    for (const c of chunks) assert.equal(c.hash, createHash('sha256').update(c.text).digest('hex'));
    assert.equal(chunkFile('b.txt', 'hello\n\nworld')[0]?.hash, chunks[0]?.hash);
  });

  it('an empty or blank file has no chunks; CRLF files count lines the same', () => {
    assert.deepEqual(chunkFile('e.ts', ''), []);
    assert.deepEqual(chunkFile('e.ts', '\n\n  \n'), []);
    const crlf = chunkFile('c.ts', 'a\r\n\r\nb');
    assert.deepEqual(ranges(crlf), ['1-3']);
    assert.equal(crlf[0]?.text, 'a\n\nb');
  });
});
