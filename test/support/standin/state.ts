// What the routes share: the model store, what is loaded, the slots, and the settings tests can change
// while the server runs.

import type { DelaySettings } from './delays';
import { LoadedModels } from './loaded';
import type { Recorder } from './recorder';
import { defaultReply, toReply } from './replies';
import type { SlotManager } from './slots';
import { BlobStore, ModelStore } from './store';
import type { Reply, ReplyContext } from './types';

export interface Settings extends DelaySettings {
  version: string;
  pullChunkMs: number;
  loadMs: number;
  defaultNumCtx: number;
  allowedOrigins: string[];
  /** Model the runner's KV-cache reuse of a shared prompt prefix (see routes/inference.ts). */
  kvCache: boolean;
}

export class StandinState {
  readonly installed: ModelStore;
  readonly registry: ModelStore;
  readonly blobs = new BlobStore();
  readonly loaded = new LoadedModels();
  /** Per runner (model key): the text its KV cache holds (prompt and generated tokens). */
  readonly kvCache = new Map<string, string>();
  replyFn: ((ctx: ReplyContext) => Reply | string) | undefined;
  readonly script: Array<Reply | string> = [];

  constructor(
    readonly settings: Settings,
    readonly slots: SlotManager,
    readonly recorder: Recorder,
    installed: ModelStore,
    registry: ModelStore,
  ) {
    this.installed = installed;
    this.registry = registry;
    for (const m of installed.list()) this.blobs.addModel(m);
  }

  /** Scripted replies first, then the reply function, then the built-in rules. */
  nextReply(ctx: ReplyContext): Reply {
    const scripted = this.script.shift();
    if (scripted !== undefined) return toReply(scripted);
    if (this.replyFn) return toReply(this.replyFn(ctx));
    return defaultReply(ctx);
  }
}
