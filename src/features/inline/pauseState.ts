// Pause, resume and snooze of automatic completion. Kept in global state so that a pause outlives a window
// reload, and a snooze ends by itself. The manual trigger works whatever the state.
import * as vscode from 'vscode';

const KEY = 'hearth.completion.pausedUntil';
/** Stored for "paused until resumed". */
const FOREVER = -1;

export class PauseState implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.schedule();
    void this.publish();
  }

  private get stored(): number | undefined {
    const value = this.memento.get<number>(KEY);
    return typeof value === 'number' ? value : undefined;
  }

  /** undefined when running, 'forever' when paused until resumed, else the time (ms since epoch) it resumes. */
  get until(): number | 'forever' | undefined {
    const value = this.stored;
    if (value === undefined) return undefined;
    if (value === FOREVER) return 'forever';
    return value > this.now() ? value : undefined;
  }

  get paused(): boolean {
    return this.until !== undefined;
  }

  pause(): Promise<void> {
    return this.set(FOREVER);
  }

  snooze(ms: number): Promise<void> {
    return this.set(this.now() + ms);
  }

  resume(): Promise<void> {
    return this.set(undefined);
  }

  private async set(value: number | undefined): Promise<void> {
    await this.memento.update(KEY, value);
    this.schedule();
    await this.publish();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const until = this.until;
    if (typeof until === 'number') {
      // Timers longer than ~24 days overflow; snoozes are minutes or hours.
      this.timer = setTimeout(() => void this.set(undefined), Math.min(until - this.now(), 2 ** 31 - 1));
    }
  }

  private async publish(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'hearth.completion.paused', this.paused);
    this.changed.fire();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }
}
