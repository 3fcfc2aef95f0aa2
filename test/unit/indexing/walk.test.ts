// The walk of a workspace folder with plain values: .gitignore files (nested, negation, folders),
// files.exclude / search.exclude globs as VS Code writes them, version-control folders, the count limit.
import * as assert from 'node:assert/strict';
import { enabledGlobs, expandBraces, globToIgnoreLines } from '../../../src/core/indexing/excludes';
import { isExcluded, walkFolder, type EntryKind, type WalkFs } from '../../../src/core/indexing/walk';

/** A folder tree from paths; a path ending in '/' is an empty folder. Contents only for .gitignore files. */
function memoryFs(files: Record<string, string>): WalkFs & { listed: string[] } {
  const listed: string[] = [];
  return {
    listed,
    async list(rel) {
      listed.push(rel);
      const prefix = rel === '' ? '' : `${rel}/`;
      const out = new Map<string, EntryKind>();
      for (const p of Object.keys(files)) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length);
        const slash = rest.indexOf('/');
        if (slash < 0) out.set(rest, 'file');
        else out.set(rest.slice(0, slash), 'directory');
      }
      out.delete('');
      return [...out];
    },
    async readText(rel) {
      return files[rel];
    },
  };
}

const TREE = {
  '.gitignore': 'dist/\n*.log\n!keep.log\n/build\n',
  'src/a.ts': '',
  'src/b.log': '',
  'src/keep.log': '',
  'src/build/x.ts': '',
  'build/out.js': '',
  'dist/bundle.js': '',
  'node_modules/pkg/index.js': '',
  'docs/.gitignore': 'draft-*.md\n',
  'docs/draft-1.md': '',
  'docs/guide.md': '',
  'other/draft-2.md': '',
  '.git/HEAD': '',
  'notes.code-search': '',
  'src/gen/types.generated.ts': '',
};

describe('indexing: the walk and its ignore rules', () => {
  it('respects .gitignore files (root and nested, negation, anchored and folder patterns) and VS Code excludes', async () => {
    const fs = memoryFs(TREE);
    const excludeGlobs = [...enabledGlobs({ '**/.git': true, '**/*.code-search': true, '**/node_modules': true, '**/nope': false, 'src/gen': true })];
    const result = await walkFolder(fs, { excludeGlobs, maxFiles: 100 });
    assert.deepEqual(result.files, ['.gitignore', 'docs/.gitignore', 'docs/guide.md', 'other/draft-2.md', 'src/a.ts', 'src/build/x.ts', 'src/keep.log']);
    assert.equal(result.truncated, false);
    // Excluded folders are never entered.
    for (const dir of ['dist', 'node_modules', '.git', 'build', 'src/gen']) assert.ok(!fs.listed.includes(dir), `${dir} was not listed`);
  });

  it('stops at the file count limit and says so', async () => {
    const result = await walkFolder(memoryFs(TREE), { excludeGlobs: [], maxFiles: 3 });
    assert.equal(result.files.length, 3);
    assert.equal(result.truncated, true);
  });

  it('decides a single changed path with the ignore files on its way', async () => {
    const fs = memoryFs(TREE);
    assert.equal(await isExcluded(fs, 'docs/draft-9.md', []), true, 'nested .gitignore');
    assert.equal(await isExcluded(fs, 'dist/new.js', []), true, 'inside an ignored folder');
    assert.equal(await isExcluded(fs, 'node_modules/pkg/x.js', ['**/node_modules']), true, 'search.exclude');
    assert.equal(await isExcluded(fs, 'src/new.ts', ['**/node_modules']), false);
    assert.equal(await isExcluded(fs, 'src/keep.log', []), false, 'negated');
  });

  it('turns VS Code globs into .gitignore lines: root-relative unless **/, braces expanded', () => {
    assert.deepEqual(expandBraces('**/*.{js,map}'), ['**/*.js', '**/*.map']);
    assert.deepEqual(expandBraces('a{b,{c,d}}e'), ['abe', 'ace', 'ade']);
    assert.deepEqual(globToIgnoreLines('out'), ['/out']);
    assert.deepEqual(globToIgnoreLines('**/.DS_Store'), ['**/.DS_Store']);
    assert.deepEqual(enabledGlobs({ a: true, b: false, c: { when: '$(basename).ts' } }), ['a']);
  });
});
