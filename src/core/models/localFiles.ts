// Local model files named by a Modelfile's FROM or ADAPTER. The server's JSON create API cannot read
// the user's disk: the `ollama` CLI hashes each file, asks the server whether it has that blob
// (`HEAD /api/blobs/sha256:…`), uploads it if not (`POST`), and then sends `files` {name: digest}.
// Hearth does the same for a single GGUF file. A safetensors folder needs the server to convert it
// (and to be given every file in the right layout); that is left to `ollama create -f` in a terminal.
import { createHash } from 'node:crypto';
import { constants, promises as fs, type Stats } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addAbortSignal, Readable } from 'node:stream';
import { abortError } from '../util/abort';

/** What a path is when it is neither a regular file nor a folder. */
export type SpecialFileKind = 'fifo' | 'socket' | 'characterDevice' | 'blockDevice' | 'other';

export type LocalSource =
  | { kind: 'gguf'; path: string; size: number }
  | { kind: 'folder'; path: string }
  | { kind: 'notGguf'; path: string }
  /** A FIFO, socket or device: opening or reading it can block forever or never end, so it is refused. */
  | { kind: 'notRegular'; path: string; what: SpecialFileKind }
  | { kind: 'missing'; path: string };

export function specialKindOf(stat: Stats): SpecialFileKind {
  if (stat.isFIFO()) return 'fifo';
  if (stat.isSocket()) return 'socket';
  if (stat.isCharacterDevice()) return 'characterDevice';
  if (stat.isBlockDevice()) return 'blockDevice';
  return 'other';
}

/** Thrown when a path that was a regular file is something else by the time it is opened. */
export class NotRegularFileError extends Error {
  override readonly name = 'NotRegularFileError';
  constructor(
    readonly path: string,
    readonly what: SpecialFileKind | 'folder',
  ) {
    super(`${path} is not a regular file (${what}).`);
  }
}

// O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer (POSIX; Windows has no
// FIFOs in the file system and no such flag). It changes nothing for regular files.
const OPEN_FLAGS = constants.O_RDONLY | (process.platform === 'win32' ? 0 : (constants.O_NONBLOCK ?? 0));

/**
 * Opens a file for reading only if it is a regular file, checked on the open handle (fstat) so that a
 * file swapped for a FIFO or a device after an earlier check is refused too, without blocking.
 */
export async function openRegularFile(file: string): Promise<{ handle: fs.FileHandle; stat: Stats }> {
  const handle = await fs.open(file, OPEN_FLAGS);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new NotRegularFileError(file, stat.isDirectory() ? 'folder' : specialKindOf(stat));
    return { handle, stat };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** Ollama's expandPath: `~` is the home folder, a relative path is relative to the Modelfile's folder. */
export function expandPath(value: string, baseDir: string | undefined): string {
  let p = value;
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) p = path.join(os.homedir(), p.slice(1));
  if (!path.isAbsolute(p)) p = path.resolve(baseDir ?? process.cwd(), p);
  return p;
}

const GGUF_MAGIC = 'GGUF';

/** What is at the path: a GGUF file (by its magic bytes, not its name), a folder, something else, nothing. */
export async function inspectLocalSource(file: string): Promise<LocalSource> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    return { kind: 'missing', path: file };
  }
  if (stat.isDirectory()) return { kind: 'folder', path: file };
  // Decided before anything opens it: opening a FIFO blocks until someone writes to it.
  if (!stat.isFile()) return { kind: 'notRegular', path: file, what: specialKindOf(stat) };
  let handle: fs.FileHandle;
  try {
    ({ handle } = await openRegularFile(file));
  } catch (err) {
    if (err instanceof NotRegularFileError) return err.what === 'folder' ? { kind: 'folder', path: file } : { kind: 'notRegular', path: file, what: err.what };
    throw err;
  }
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead === 4 && head.toString('latin1') === GGUF_MAGIC) return { kind: 'gguf', path: file, size: stat.size };
    return { kind: 'notGguf', path: file };
  } finally {
    await handle.close();
  }
}

export interface FileProgress {
  (phase: 'hashing' | 'uploading', doneBytes: number, totalBytes: number): void;
}

/** `sha256:<hex>` of a file, read as a stream; cancellable. */
export async function sha256File(file: string, options: { signal?: AbortSignal; onBytes?: (done: number) => void } = {}): Promise<string> {
  const hash = createHash('sha256');
  const { handle } = await openRegularFile(file);
  const stream = handle.createReadStream({ highWaterMark: 1 << 20 }); // closes the handle when it ends
  if (options.signal) addAbortSignal(options.signal, stream);
  let done = 0;
  try {
    for await (const chunk of stream) {
      hash.update(chunk as Buffer);
      done += (chunk as Buffer).length;
      options.onBytes?.(done);
    }
  } catch (err) {
    if (options.signal?.aborted) throw abortError();
    throw err;
  }
  return `sha256:${hash.digest('hex')}`;
}

/** Where blobs go: the gateway (or a test double). */
export interface BlobTarget {
  hasBlob(digest: string, opts?: { signal?: AbortSignal }): Promise<boolean>;
  uploadBlob(digest: string, body: ReadableStream<Uint8Array>, opts?: { signal?: AbortSignal }): Promise<void>;
}

/** Hashes the file and uploads it unless the server has it already. Returns its digest. */
export async function uploadLocalFile(target: BlobTarget, file: string, size: number, options: { signal?: AbortSignal; onProgress?: FileProgress } = {}): Promise<string> {
  const { signal, onProgress } = options;
  const digest = await sha256File(file, { signal, onBytes: (done) => onProgress?.('hashing', done, size) });
  if (await target.hasBlob(digest, { signal })) {
    onProgress?.('uploading', size, size);
    return digest;
  }
  let sent = 0;
  const counting = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      sent += chunk.byteLength;
      onProgress?.('uploading', sent, size);
      controller.enqueue(chunk);
    },
  });
  const { handle } = await openRegularFile(file);
  const stream = handle.createReadStream({ highWaterMark: 1 << 20 });
  if (signal) addAbortSignal(signal, stream);
  const source = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  await target.uploadBlob(digest, source.pipeThrough(counting), { signal });
  return digest;
}
