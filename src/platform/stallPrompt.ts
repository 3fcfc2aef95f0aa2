// What a feature the user invoked shows when Ollama goes quiet in the middle of it: "Ollama has not answered
// for N s (the model X is still loading)…" with Cancel, as a progress notification, because that is the one
// kind of notification Hearth can end: it goes away by itself when data arrives again or the request ends,
// so it never stays on screen once untrue. Keeping waiting is what happens while it shows (VS Code gives a
// progress notification no other button); Cancel stops the request as the feature's own Cancel would.
// The notice's code loads at the first stall (stallNotice.ts, in dist/lazy/stall.js).
import * as vscode from 'vscode';
import type { StallDecision, StallHandler, StallInfo } from '../core/ollama/stall';
import type * as StallBundle from '../lazy/stall';
import { lazyBundle } from './lazy';

const bundle = lazyBundle<typeof StallBundle>('stall');

export interface StallNotice {
  /** The sentence on screen when the notice appears (the count of seconds goes on while it shows). */
  message: string;
  /** Button titles, in order. */
  actions: string[];
  info: StallInfo;
}

/** Puts a notice on screen; resolves with the user's answer, or 'wait' once `notice.info.over` fired (the notice must then go). */
export type StallPresenter = (notice: StallNotice) => Promise<StallDecision>;

export class StallPrompts {
  /** undefined: the window (a progress notification). */
  presenter: StallPresenter | undefined;

  constructor(readonly log: Pick<vscode.LogOutputChannel, 'warn'>) {}

  /**
   * The stall callback for one request of a feature the user invoked. `cancel`: the feature's own way to stop
   * (the chat's Stop), run when the user cancels here so that the feature ends as cancelled, not failed.
   */
  handler(feature: string, cancel?: () => void): StallHandler {
    return (info) => bundle().askAboutStall(this, feature, info, cancel);
  }

  /** Replaces how notices reach the screen (integration tests answer them); dispose to restore the window. */
  usePresenter(presenter: StallPresenter): { dispose(): void } {
    this.presenter = presenter;
    return { dispose: () => (this.presenter = undefined) };
  }
}
