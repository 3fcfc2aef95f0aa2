// FROM/ADAPTER naming something that is not a regular file: refused at once, never opened and waited on.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveFromSource, uploadForCreate } from '../../../src/core/models/create';
import { NotRegularFileError, openRegularFile, sha256File } from '../../../src/core/models/localFiles';

const posix = process.platform !== 'win32';

/** The promise's outcome, or 'hung' when it has not settled within the time (a FIFO open waits for a writer). */
async function settlesWithin<T>(promise: Promise<T>, ms = 2_000): Promise<{ value: T } | { error: unknown } | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), ms)));
  try {
    return await Promise.race([promise.then((value) => ({ value }), (error: unknown) => ({ error })), hung]);
  } finally {
    clearTimeout(timer);
  }
}

describe('models: FROM that is not a regular file', function () {
  let dir: string;
  let fifo: string;
  beforeEach(function () {
    if (!posix) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-special-'));
    fifo = path.join(dir, 'pipe.gguf');
    execFileSync('mkfifo', [fifo]);
  });
  afterEach(() => {
    if (!posix) return;
    // Releases a reader stuck in open() (the behaviour before the fix), so the test process can end.
    try {
      fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
    } catch {
      // ENXIO: nobody is waiting on the pipe, as it should be.
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a FIFO named by FROM at once, saying what it is', async () => {
    const outcome = await settlesWithin(resolveFromSource('./pipe.gguf', dir));
    assert.notEqual(outcome, 'hung', 'Create from Modelfile waited on the pipe');
    assert.deepEqual(outcome, { value: { kind: 'notRegular', path: fifo, what: 'fifo' } });
  });

  it('refuses a socket and a character device', async () => {
    const socketPath = path.join(dir, 'model.sock');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      assert.deepEqual(await resolveFromSource(socketPath, dir), { kind: 'notRegular', path: socketPath, what: 'socket' });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    assert.deepEqual(await resolveFromSource('/dev/null', dir), { kind: 'notRegular', path: '/dev/null', what: 'characterDevice' });
  });

  it('a directory stays a folder (for the ollama command) and is never read as a file', async () => {
    fs.mkdirSync(path.join(dir, 'weights'));
    assert.deepEqual(await resolveFromSource('./weights', dir), { kind: 'folder', path: path.join(dir, 'weights') });
    await assert.rejects(sha256File(path.join(dir, 'weights')), (err: unknown) => err instanceof NotRegularFileError && err.what === 'folder');
  });

  it('hashing or uploading a path that became a FIFO after the check fails at once', async () => {
    const outcome = await settlesWithin(sha256File(fifo));
    assert.notEqual(outcome, 'hung');
    assert.ok(typeof outcome === 'object' && 'error' in outcome && outcome.error instanceof NotRegularFileError && outcome.error.what === 'fifo');
    const target = {
      hasBlob: (): Promise<boolean> => Promise.resolve(false),
      uploadBlob: (): Promise<void> => Promise.reject(new Error('nothing should be uploaded')),
    };
    const upload = await settlesWithin(uploadForCreate(target, { path: fifo, size: 10 }, {}));
    assert.ok(typeof upload === 'object' && 'error' in upload && upload.error instanceof NotRegularFileError, JSON.stringify(upload));
  });

  it('openRegularFile opens a regular file and refuses the rest', async () => {
    const file = path.join(dir, 'real.gguf');
    fs.writeFileSync(file, 'GGUF....');
    const { handle, stat } = await openRegularFile(file);
    await handle.close();
    assert.equal(stat.size, 8);
    await assert.rejects(openRegularFile(fifo), NotRegularFileError);
    await assert.rejects(openRegularFile(dir), NotRegularFileError);
  });
});
