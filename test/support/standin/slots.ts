// OLLAMA_NUM_PARALLEL: a runner serves `parallel` requests at once; the rest wait on a semaphore inside the
// runner, before any response header is written. A waiter whose client goes away leaves the queue.

export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
}

export class SlotPool {
  private active = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly size: number) {}

  get busy(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with a release function, or undefined if the signal fired first. */
  acquire(signal: AbortSignal): Promise<Release | undefined> {
    if (signal.aborted) return Promise.resolve(undefined);
    if (this.active < this.size) {
      this.active++;
      return Promise.resolve(this.makeRelease());
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        grant: (release) => {
          signal.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = (): void => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        resolve(undefined);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  private makeRelease(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next.grant(this.makeRelease());
      else this.active--;
    };
  }
}

/** One pool for everything, or one per model (the real server has a semaphore per runner). */
export class SlotManager {
  private readonly pools = new Map<string, SlotPool>();

  constructor(
    private readonly parallel: number,
    private readonly scope: 'global' | 'model',
  ) {}

  pool(modelKey: string): SlotPool {
    const key = this.scope === 'global' ? '*' : modelKey;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new SlotPool(Math.max(1, this.parallel));
      this.pools.set(key, pool);
    }
    return pool;
  }
}
