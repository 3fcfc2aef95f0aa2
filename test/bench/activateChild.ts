// Run in a fresh Node process (with --expose-gc) by the startup benchmark: loads the production
// bundle with a minimal `vscode`, calls activate(), and prints the times and the heap it cost.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createFakeVscode, fakeExtensionContext, installFakeVscode } from '../support/fakeVscode';

const root = path.resolve(__dirname, '..', '..', '..');
const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  const fake = createFakeVscode(root);
  installFakeVscode(fake);
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-'));
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is CommonJS
  const extension = require(path.join(root, 'dist', 'extension.js')) as { activate(ctx: unknown): unknown };
  const t1 = performance.now();
  await extension.activate(fakeExtensionContext(root, storage));
  const t2 = performance.now();
  gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  fs.rmSync(storage, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, heapBytes: heapAfter - heapBefore }) + '\n');
  process.exit(0);
}

void main();
