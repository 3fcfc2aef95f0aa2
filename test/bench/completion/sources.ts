// The real files the typing traces are made from: all installed by `npm ci` at pinned versions, so that a
// trace is the same on every clone. Each region is typed again into the file with the region removed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clipRegion, regionBetween, type TraceSource } from '../trace';

interface SourceSpec {
  name: string;
  languageId: string;
  file: string;
  /** Header path as Hearth would write it for a workspace file. */
  path: string;
  from: string;
  /** A string on the region's last line. */
  to: string;
}

const SPECS: SourceSpec[] = [
  {
    name: 'TypeScript',
    languageId: 'typescript',
    file: 'node_modules/ollama/src/utils.ts',
    path: 'src/utils.ts',
    from: 'const checkOk = async (response: Response)',
    to: 'throw new ResponseError(message, response.status)',
  },
  {
    name: 'Python',
    languageId: 'python',
    file: 'node_modules/flatted/python/flatted.py',
    path: 'flatted/flatted.py',
    from: 'def parse(value, *args, **kwargs):',
    to: 'o[k] = revive(o[k])',
  },
  {
    name: 'Markdown',
    languageId: 'markdown',
    file: 'node_modules/debug/README.md',
    path: 'README.md',
    from: '## Namespace Colors',
    to: 'otherwise debug will only use a small handful of basic colors.',
  },
];

/** The trace sources, each region cut to about `maxChars` characters (at a line end). */
export function traceSources(root: string, maxChars: number): TraceSource[] {
  return SPECS.map((spec) => {
    const truth = fs.readFileSync(path.join(root, spec.file), 'utf8').replace(/\r\n/g, '\n');
    const region = clipRegion(truth, regionBetween(truth, spec.from, spec.to, spec.file), maxChars);
    return { name: `${spec.name} (${spec.file.replace(/^node_modules\//, '')})`, languageId: spec.languageId, path: spec.path, truth, ...region };
  });
}
