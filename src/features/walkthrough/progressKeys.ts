// Binds the walkthrough's progress to VS Code: globalState keeps it across restarts, a context key per
// milestone completes the walkthrough's step (`onContext:` completion events).
import * as vscode from 'vscode';
import { contextKeyOf, MILESTONES, PROGRESS_KEY, WalkthroughProgress, type Milestone } from '../../core/walkthrough/progress';
import type { Milestones } from '../../platform/milestones';

export class WalkthroughMilestones implements Milestones, vscode.Disposable {
  private progress: WalkthroughProgress;
  private readonly reachedEmitter = new vscode.EventEmitter<Milestone>();
  /** Fires the first time each milestone is reached. */
  readonly onDidReach = this.reachedEmitter.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.progress = new WalkthroughProgress(state);
    // Only the milestones already reached: a key never set reads as false. No awaiting (activation).
    for (const m of this.progress.reached()) void vscode.commands.executeCommand('setContext', contextKeyOf(m), true);
  }

  has(milestone: Milestone): boolean {
    return this.progress.has(milestone);
  }

  reached(): Milestone[] {
    return this.progress.reached();
  }

  reach(milestone: Milestone): void {
    if (!this.progress.reach(milestone)) return;
    this.log.info(`Get started: ${milestone}`);
    void vscode.commands.executeCommand('setContext', contextKeyOf(milestone), true);
    this.reachedEmitter.fire(milestone);
  }

  /** Forgets every milestone (integration tests replay the first run). */
  async reset(): Promise<void> {
    await this.progress.flushed();
    await this.state.update(PROGRESS_KEY, undefined);
    this.progress = new WalkthroughProgress(this.state);
    await Promise.all(MILESTONES.map((m) => vscode.commands.executeCommand('setContext', contextKeyOf(m), false)));
  }

  flushed(): Promise<void> {
    return this.progress.flushed();
  }

  dispose(): void {
    this.reachedEmitter.dispose();
  }
}
