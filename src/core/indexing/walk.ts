// The walk of one workspace folder: every file the index may hold, in a stable order, pruning excluded folders
// before entering them (a `node_modules` or build folder listed in .gitignore is never listed, let alone read).
// The file system is an interface so that the feature passes vscode.workspace.fs and tests pass plain values.
import { ExcludeRules } from './excludes';

export type EntryKind = 'file' | 'directory' | 'other';

export interface WalkFs {
  /** Entries of the folder at `rel` ('' = the root): names and kinds. Symbolic links count as 'other'. */
  list(rel: string): Promise<readonly [string, EntryKind][]>;
  /** A small text file's content (for .gitignore), or undefined when there is none. */
  readText(rel: string): Promise<string | undefined>;
}

export interface WalkOptions {
  /** files.exclude and search.exclude globs that are on. */
  excludeGlobs: readonly string[];
  /** Stop after this many files (the count limit); `truncated` then says so. */
  maxFiles: number;
  /** Checked between folders: the walk stops when it says so. */
  signal?: AbortSignal;
  /** Called between folders, so a long walk can give way to the user (e.g. a scheduler's pause). */
  between?: () => Promise<void>;
}

export interface WalkResult {
  /** '/'-separated paths relative to the folder's root, sorted. */
  files: string[];
  /** The count limit cut the walk short. */
  truncated: boolean;
}

const join = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`);

export async function walkFolder(fs: WalkFs, opts: WalkOptions): Promise<WalkResult> {
  const rules = new ExcludeRules(opts.excludeGlobs);
  const files: string[] = [];
  const queue: string[] = [''];
  let truncated = false;
  while (queue.length > 0) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('aborted');
    await opts.between?.();
    const dir = queue.shift() ?? '';
    const gitignore = await fs.readText(join(dir, '.gitignore'));
    if (gitignore !== undefined) rules.addGitignore(dir, gitignore);
    const entries = [...(await fs.list(dir))].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [name, kind] of entries) {
      const rel = join(dir, name);
      if (kind === 'directory') {
        if (!rules.excludes(rel, true)) queue.push(rel);
      } else if (kind === 'file' && !rules.excludes(rel, false)) {
        if (files.length >= opts.maxFiles) {
          truncated = true;
          break;
        }
        files.push(rel);
      }
    }
    if (truncated) break;
  }
  files.sort();
  return { files, truncated };
}

/** Whether a single path (a changed file) is left out by the same rules, given the ignore files on its way. */
export async function isExcluded(fs: WalkFs, rel: string, excludeGlobs: readonly string[]): Promise<boolean> {
  const rules = new ExcludeRules(excludeGlobs);
  const parts = rel.split('/');
  let dir = '';
  for (let i = 0; i < parts.length; i++) {
    const gitignore = await fs.readText(join(dir, '.gitignore'));
    if (gitignore !== undefined) rules.addGitignore(dir, gitignore);
    const here = join(dir, parts[i] ?? '');
    if (rules.excludes(here, i < parts.length - 1)) return true;
    dir = here;
  }
  return false;
}
