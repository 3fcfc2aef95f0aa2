// Arranging the workbench for a README screenshot: which views are shown, how wide the side bar is,
// nothing left over from the previous shot (notifications, panels, other editors).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { screenshot, sleep } from '../helpers';

/** Closes what a previous shot left on screen: notifications, the panel, and optionally the side bar. */
export async function tidy({ sideBar }: { sideBar: boolean }): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
  await vscode.commands.executeCommand('workbench.action.closePanel');
  if (!sideBar) await vscode.commands.executeCommand('workbench.action.closeSidebar');
}

/** The size of an element of the workbench page in CSS pixels, read from a screenshot of it. */
export async function measure(selector: string): Promise<{ width: number; height: number }> {
  const file = await screenshot('readme-measure', { selector });
  if (!file) throw new Error('the runner takes no screenshots here, so nothing can be measured');
  const png = fs.readFileSync(file);
  fs.rmSync(file, { force: true });
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }; // IHDR
}

/**
 * Brings the side bar to about `target` pixels wide with VS Code's resize commands (steps of some tens of
 * pixels), measuring after each step. Which part those commands resize depends on where VS Code thinks the
 * focus is (a webview's focus counts as the editor's), so a step that went the wrong way swaps them.
 * Returns the width reached.
 */
export async function sizeSideBar(target: number, tolerance = 30): Promise<number> {
  let [widen, narrow] = ['workbench.action.increaseViewWidth', 'workbench.action.decreaseViewWidth'];
  let width = (await measure('.part.sidebar')).width;
  let stuck = 0;
  for (let i = 0; i < 24 && stuck < 3 && Math.abs(width - target) > tolerance; i++) {
    await vscode.commands.executeCommand('workbench.action.focusSideBar');
    const wider = width < target;
    await vscode.commands.executeCommand(wider ? widen : narrow);
    await sleep(150);
    const next = (await measure('.part.sidebar')).width;
    if (next === width || (wider ? next < width : next > width)) [widen, narrow] = [narrow, widen];
    stuck = next === width ? stuck + 1 : 0;
    width = next;
  }
  return width;
}

/** The workbench redraws a moment after the extension host changes something. */
export const settle = (ms = 700): Promise<void> => sleep(ms);

/**
 * Chinese text needs a CJK font on the machine that runs the browser; without one it shows as boxes.
 * Returns why the screenshots cannot be taken, or undefined.
 */
export function missingCjkFont(): string | undefined {
  let families: string;
  try {
    families = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8', timeout: 10_000 });
  } catch {
    return undefined; // no fontconfig (not Linux): trust the system's fonts
  }
  return families.trim() ? undefined : 'no font with Chinese characters is installed: apt-get install fonts-noto-cjk';
}
