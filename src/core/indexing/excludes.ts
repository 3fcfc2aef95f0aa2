// Which paths of a workspace folder the index leaves out by rule: `.gitignore` files (each applies to its own
// folder and below, as Git reads them), and VS Code's `files.exclude` and `search.exclude` globs. Plain values
// in, a yes/no out, so the rules are unit-tested without VS Code. `ignore` (the .gitignore matcher eslint
// uses, pure JS) reads the ignore files; VS Code's globs are turned into the same form: a glob that does not
// start with `**/` is relative to the folder's root, braces are expanded, and conditional entries
// (`{ "when": … }`) are left out, since they only hide derived files that the skip rules catch anyway.
import ignore, { type Ignore } from 'ignore';

/** Folders never walked, whatever the settings say: version-control internals. */
const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn']);

/** `a{b,c}d` → `abd`, `acd` (nested braces too). */
export function expandBraces(glob: string): string[] {
  const open = glob.indexOf('{');
  if (open < 0) return [glob];
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    const c = glob[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      const inner = glob.slice(open + 1, i);
      const parts: string[] = [];
      let level = 0;
      let start = 0;
      for (let j = 0; j < inner.length; j++) {
        if (inner[j] === '{') level++;
        else if (inner[j] === '}') level--;
        else if (inner[j] === ',' && level === 0) {
          parts.push(inner.slice(start, j));
          start = j + 1;
        }
      }
      parts.push(inner.slice(start));
      const head = glob.slice(0, open);
      const tail = glob.slice(i + 1);
      return parts.flatMap((p) => expandBraces(head + p + tail));
    }
  }
  return [glob];
}

/** A VS Code glob (relative to the folder) as .gitignore lines. */
export function globToIgnoreLines(glob: string): string[] {
  return expandBraces(glob.trim().replace(/\\/g, '/'))
    .filter((g) => g !== '')
    .map((g) => (g.startsWith('**/') || g.startsWith('/') ? g : `/${g}`));
}

/** The globs of a `files.exclude` / `search.exclude` value that are switched on (plain `true`). */
export function enabledGlobs(setting: unknown): string[] {
  if (!setting || typeof setting !== 'object') return [];
  return Object.entries(setting as Record<string, unknown>)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

export class ExcludeRules {
  private readonly globs: Ignore;
  /** .gitignore matchers by the folder (relative, '' for the root) that holds the file. */
  private readonly gitignores = new Map<string, Ignore>();

  constructor(globs: readonly string[]) {
    this.globs = ignore({ allowRelativePaths: true }).add(globs.flatMap(globToIgnoreLines));
  }

  /** Adds the rules of the `.gitignore` in folder `dir` ('' = the root; '/'-separated, no trailing slash). */
  addGitignore(dir: string, text: string): void {
    this.gitignores.set(dir, ignore({ allowRelativePaths: true }).add(text));
  }

  /** Whether `rel` ('/'-separated, relative to the folder's root) is left out; `isDir` for folders. */
  excludes(rel: string, isDir: boolean): boolean {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    if (isDir && ALWAYS_SKIPPED.has(name)) return true;
    const probe = isDir ? `${rel}/` : rel;
    if (this.globs.ignores(probe)) return true;
    // Each .gitignore applies to paths below its folder, relative to it (Git's rule). Nested files can
    // re-include what a parent excluded only for files, not below an excluded folder: the walk never enters one.
    let ignored = false;
    for (const [dir, rules] of this.gitignores) {
      if (dir !== '' && !rel.startsWith(`${dir}/`)) continue;
      const sub = dir === '' ? probe : probe.slice(dir.length + 1);
      const result = rules.test(sub);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }
}
