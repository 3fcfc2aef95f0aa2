// The "Get started with Hearth" walkthrough's progress: the milestones a first-time user reaches (Ollama
// found, running, models pulled, each feature tried once), remembered across restarts, and whether to open
// the walkthrough on this activation. Plain logic over a key-value store; the feature binds it to VS Code's
// globalState and context keys.

/** In the walkthrough's order. Each one completes one step (see package.json contributes.walkthroughs). */
export const MILESTONES = ['ollamaFound', 'ollamaRunning', 'modelsReady', 'drafted', 'summarized', 'translated', 'chatted'] as const;
export type Milestone = (typeof MILESTONES)[number];

/** globalState keys. */
export const PROGRESS_KEY = 'hearth.walkthrough.progress';
export const FIRST_RUN_KEY = 'hearth.walkthrough.firstRunHandled';

/** The context key a step's completionEvents name: `onContext:hearth.walkthrough.<milestone>`. */
export function contextKeyOf(milestone: Milestone): string {
  return `hearth.walkthrough.${milestone}`;
}

export function isMilestone(value: unknown): value is Milestone {
  return typeof value === 'string' && (MILESTONES as readonly string[]).includes(value);
}

/** The subset of vscode.Memento used here (globalState in the extension, a Map in tests). */
export interface ProgressStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
  keys(): readonly string[];
}

/** Milestone → when it was first reached (ms since the epoch). */
export type ProgressRecord = Partial<Record<Milestone, number>>;

/** Reads the record, dropping anything that is not a known milestone with a time (a damaged or newer state). */
export function readProgress(store: ProgressStore): ProgressRecord {
  const raw = store.get<unknown>(PROGRESS_KEY);
  const record: ProgressRecord = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return record;
  for (const [key, value] of Object.entries(raw)) {
    if (isMilestone(key) && typeof value === 'number' && Number.isFinite(value)) record[key] = value;
  }
  return record;
}

export class WalkthroughProgress {
  private record: ProgressRecord;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: ProgressStore,
    private readonly now: () => number = Date.now,
  ) {
    this.record = readProgress(store);
  }

  has(milestone: Milestone): boolean {
    return this.record[milestone] !== undefined;
  }

  /** The milestones reached so far, in the walkthrough's order. */
  reached(): Milestone[] {
    return MILESTONES.filter((m) => this.has(m));
  }

  /** Records the milestone; true the first time (then the caller sets its context key), false after. */
  reach(milestone: Milestone): boolean {
    if (this.has(milestone)) return false;
    this.record = { ...this.record, [milestone]: this.now() };
    const snapshot = this.record;
    // Writes in order, so a slower earlier write never overwrites a later record.
    this.writing = this.writing.then(() => this.store.update(PROGRESS_KEY, snapshot)).then(undefined, () => undefined);
    return true;
  }

  /** Resolves when every record so far is stored. */
  flushed(): Promise<void> {
    return this.writing;
  }
}

export interface FirstRunFacts {
  /** FIRST_RUN_KEY is set: the decision was taken on an earlier activation. */
  handled: boolean;
  /** VS Code's `workbench.welcomePage.walkthroughs.openOnInstall`. */
  openOnInstall: boolean;
  /**
   * Hearth kept state before this version (other `hearth.` globalState keys): an upgrade, not an install,
   * so the user already knows their way around.
   */
  upgraded: boolean;
}

/**
 * Whether this activation opens the walkthrough. Only the first activation decides (the caller then sets
 * FIRST_RUN_KEY whatever the answer), so it opens at most once and never after an upgrade, and it honours
 * the user's choice not to have walkthroughs open on install.
 */
export function shouldOpenOnFirstRun(facts: FirstRunFacts): boolean {
  return !facts.handled && !facts.upgraded && facts.openOnInstall;
}

/** Keys that existed before the walkthrough did, minus the walkthrough's own. */
export function hasEarlierState(keys: readonly string[]): boolean {
  return keys.some((k) => k.startsWith('hearth.') && !k.startsWith('hearth.walkthrough.'));
}
