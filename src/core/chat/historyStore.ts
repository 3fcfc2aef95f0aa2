// Saved conversations: one JSON file per conversation in a folder (the extension's global storage),
// plus an index that only caches the list. The files are the truth; the index is checked against
// them on every listing and rebuilt when it is missing, corrupt or stale.
//
// Safety:
//  - every write is atomic (temporary file, then rename), so a crash never leaves half a file;
//  - a file that cannot be read is moved aside (`*.corrupt-<time>`) and reported, never fatal;
//  - two windows share the folder: saves hold a per-conversation file lock and compare revisions. When
//    another window changed the conversation meanwhile and our copy does not simply extend theirs,
//    ours is saved as a new conversation, so neither window loses what it wrote;
//  - an id becomes a file name only when it has exactly the shape ids.ts makes (`c` + 17 base-36
//    digits): the store checks this itself, whatever its callers checked, so no id (`../../x`, an
//    absolute path, a NUL) can name a file outside the folder.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Emitter } from '../util/events';
import { silentLogger, type Logger } from '../util/log';
import { isTempFile, KeyedQueue, withFileLock, writeFileAtomic } from './files';
import { isConversationId, newId } from './ids';
import { CONVERSATION_FORMAT, summarize, type Conversation, type ConversationSummary } from './types';
import { parseConversation } from './validate';
import { isFiniteNumber, isRecord } from '../../shared/guards';

const INDEX = 'index.json';
const FILE_PATTERN = /^c-([A-Za-z0-9_-]{1,64})\.json$/;
const TEMP_MAX_AGE_MS = 60 * 60 * 1000;

export interface CorruptFile {
  /** The file that could not be read. */
  file: string;
  /** Where it was moved. */
  movedTo: string;
  reason: string;
}

export interface SaveResult {
  conversation: Conversation;
  /** Set when another window changed the conversation meanwhile: ours was saved under a new id. */
  forkedFrom?: string;
}

interface IndexEntry {
  summary: ConversationSummary;
  mtimeMs: number;
  size: number;
}

/** An id that is not one the store made: refused before it comes near the file system. */
export class InvalidConversationIdError extends Error {
  override readonly name = 'InvalidConversationIdError';
  constructor(readonly id: unknown) {
    super(`Not a conversation id: ${JSON.stringify(typeof id === 'string' ? (id.length > 80 ? `${id.slice(0, 80)}…` : id) : typeof id)}`);
  }
}

function checkedId(id: unknown): string {
  if (!isConversationId(id)) throw new InvalidConversationIdError(id);
  return id;
}

export function emptyConversation(now = Date.now()): Conversation {
  return { format: CONVERSATION_FORMAT, id: newId('c'), title: '', createdAt: now, updatedAt: now, revision: 0, messages: [] };
}

export class HistoryStore {
  private readonly queue = new KeyedQueue();
  private readonly corrupt = new Emitter<CorruptFile>();
  /** Fires when a conversation file was found corrupt and moved aside. */
  readonly onDidFindCorruptFile = this.corrupt.event;
  private ready: Promise<void> | undefined;

  constructor(
    readonly dir: string,
    private readonly log: Logger = silentLogger,
  ) {}

  /** The file of a conversation; throws InvalidConversationIdError for anything but a conversation id. */
  fileOf(id: string): string {
    return path.join(this.dir, `c-${checkedId(id)}.json`);
  }

  /** Every saved conversation, most recently updated first. */
  async list(): Promise<ConversationSummary[]> {
    await this.ensureDir();
    const index = await this.readIndex();
    const names = await fs.readdir(this.dir);
    const next: Record<string, IndexEntry> = {};
    let changed = false;
    for (const name of names) {
      if (isTempFile(name)) {
        await this.removeOldTemp(name);
        continue;
      }
      const id = FILE_PATTERN.exec(name)?.[1];
      if (!id || !isConversationId(id)) continue;
      const stat = await fs.stat(path.join(this.dir, name)).catch(() => undefined);
      if (!stat) continue;
      const cached = index?.[id];
      if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
        next[id] = cached;
        continue;
      }
      changed = true;
      const conversation = await this.load(id);
      if (conversation) next[id] = { summary: summarize(conversation), mtimeMs: stat.mtimeMs, size: stat.size };
    }
    if (!index || changed || Object.keys(index).length !== Object.keys(next).length) await this.writeIndex(next);
    return Object.values(next)
      .map((e) => e.summary)
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** The conversation, or undefined when it does not exist or was corrupt (then it is moved aside and reported). */
  async load(id: string): Promise<Conversation | undefined> {
    const file = this.fileOf(id); // rejects with InvalidConversationIdError first
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    let parsed: ReturnType<typeof parseConversation>;
    try {
      parsed = parseConversation(JSON.parse(text));
    } catch (err) {
      parsed = { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
    if (parsed.ok && parsed.conversation.id !== id) parsed = { ok: false, reason: `the file holds conversation ${parsed.conversation.id}` };
    if (!parsed.ok) {
      await this.moveAside(file, parsed.reason);
      return undefined;
    }
    return parsed.conversation;
  }

  /**
   * Saves `conversation`, whose `revision` is the one it was loaded (or last saved) with. Returns the
   * saved copy with its new revision, possibly under a new id (see `forkedFrom`).
   */
  async save(conversation: Conversation): Promise<SaveResult> {
    checkedId(conversation.id);
    return this.queue.run(conversation.id, async () => {
      await this.ensureDir();
      const file = this.fileOf(conversation.id);
      const result = await withFileLock(file, async () => {
        const onDisk = await this.load(conversation.id);
        if (onDisk && onDisk.revision > conversation.revision && !extends_(conversation, onDisk)) {
          return undefined; // diverged: fork below, outside this lock
        }
        const merged: Conversation = {
          ...conversation,
          // A rename made in the other window survives unless this one renamed too.
          ...(onDisk && onDisk.titleEdited && !conversation.titleEdited ? { title: onDisk.title, titleEdited: true } : {}),
          revision: Math.max(onDisk?.revision ?? 0, conversation.revision) + 1,
        };
        await writeFileAtomic(file, JSON.stringify(merged));
        return { conversation: merged };
      });
      if (result) return result;
      const fork: Conversation = { ...conversation, id: newId('c'), revision: 0 };
      this.log.warn(`chat history: conversation ${conversation.id} changed in another window; saving this copy as ${fork.id}`);
      const saved = await this.save(fork);
      return { conversation: saved.conversation, forkedFrom: conversation.id };
    });
  }

  async delete(id: string): Promise<void> {
    checkedId(id);
    await this.queue.run(id, async () => {
      const file = this.fileOf(id);
      await withFileLock(file, () => fs.rm(file, { force: true }));
    });
  }

  dispose(): void {
    this.corrupt.dispose();
  }

  // ---- internals --------------------------------------------------------------------------------

  private ensureDir(): Promise<void> {
    this.ready ??= fs.mkdir(this.dir, { recursive: true }).then(
      () => undefined,
      (err: unknown) => {
        this.ready = undefined;
        throw err;
      },
    );
    return this.ready;
  }

  private async moveAside(file: string, reason: string): Promise<void> {
    const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await fs.rename(file, movedTo);
    } catch (err) {
      this.log.error(`chat history: could not move the corrupt file ${file} aside: ${String(err)}`);
      return;
    }
    this.log.warn(`chat history: ${path.basename(file)} could not be read (${reason}); moved to ${path.basename(movedTo)}`);
    this.corrupt.fire({ file, movedTo, reason });
  }

  private async removeOldTemp(name: string): Promise<void> {
    const file = path.join(this.dir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > TEMP_MAX_AGE_MS) await fs.rm(file, { force: true });
  }

  private async readIndex(): Promise<Record<string, IndexEntry> | undefined> {
    try {
      const raw: unknown = JSON.parse(await fs.readFile(path.join(this.dir, INDEX), 'utf8'));
      if (!isRecord(raw) || raw.format !== CONVERSATION_FORMAT || !isRecord(raw.entries)) return undefined;
      const entries: Record<string, IndexEntry> = {};
      for (const [id, value] of Object.entries(raw.entries)) {
        if (isRecord(value) && isRecord(value.summary) && isFiniteNumber(value.mtimeMs) && isFiniteNumber(value.size)) {
          entries[id] = value as unknown as IndexEntry;
        }
      }
      return entries;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn(`chat history: rebuilding the index (${String(err)})`);
      return undefined;
    }
  }

  private async writeIndex(entries: Record<string, IndexEntry>): Promise<void> {
    try {
      await writeFileAtomic(path.join(this.dir, INDEX), JSON.stringify({ format: CONVERSATION_FORMAT, entries }));
    } catch (err) {
      // The index is only a cache: the next listing rebuilds it.
      this.log.warn(`chat history: could not write the index: ${String(err)}`);
    }
  }
}

/** Does `ours` contain everything `theirs` has, in order (so writing ours loses nothing of theirs)? */
function extends_(ours: Conversation, theirs: Conversation): boolean {
  if (theirs.messages.length > ours.messages.length) return false;
  return theirs.messages.every((m, i) => {
    const o = ours.messages[i];
    return o.id === m.id && (o.content.length >= m.content.length || o.role === 'user');
  });
}
