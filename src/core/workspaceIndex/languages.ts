// How a file is cut, chosen from its extension: brace languages by bracket depth, indentation languages by
// indent, Markdown by headings, everything else by paragraphs.
import { builtinCommentSyntax, type CommentSyntax } from '../comments';

export type ChunkStrategy =
  | { kind: 'brace'; syntax: CommentSyntax }
  | { kind: 'indent'; syntax: CommentSyntax }
  | { kind: 'markdown' }
  | { kind: 'prose' };

/** Extension → VS Code language id of the comment table, for languages whose blocks are `{ … }`. */
const BRACE: Record<string, string> = {
  ts: 'typescript', tsx: 'typescriptreact', mts: 'typescript', cts: 'typescript',
  js: 'javascript', jsx: 'javascriptreact', mjs: 'javascript', cjs: 'javascript',
  go: 'go', rs: 'rust', java: 'java', kt: 'kotlin', kts: 'kotlin', scala: 'scala', swift: 'swift', dart: 'dart',
  c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', hxx: 'cpp', cu: 'cuda-cpp',
  m: 'objective-c', mm: 'objective-cpp', cs: 'csharp', php: 'php', groovy: 'groovy', proto: 'proto',
  zig: 'zig', sol: 'solidity', css: 'css', scss: 'scss', less: 'less', tf: 'terraform', hcl: 'hcl',
};

const INDENT: Record<string, string> = { py: 'python', pyi: 'python', gd: 'gdscript', nim: 'nim' };

const MARKDOWN = new Set(['md', 'markdown', 'mdx', 'mdown']);

export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function chunkStrategy(path: string): ChunkStrategy {
  const ext = extensionOf(path);
  const brace = BRACE[ext];
  const braceSyntax = brace === undefined ? undefined : builtinCommentSyntax(brace);
  if (braceSyntax) return { kind: 'brace', syntax: braceSyntax };
  const indent = INDENT[ext];
  const indentSyntax = indent === undefined ? undefined : builtinCommentSyntax(indent);
  if (indentSyntax) return { kind: 'indent', syntax: indentSyntax };
  if (MARKDOWN.has(ext)) return { kind: 'markdown' };
  return { kind: 'prose' };
}
