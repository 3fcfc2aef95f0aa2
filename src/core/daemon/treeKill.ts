// Windows has no process groups to signal: `ollama serve` starts model runners as child processes, and
// killing ollama.exe alone (ChildProcess.kill) leaves them running with the model in GPU memory.
// `taskkill /T` ends the whole tree. /F because a console program has no window to receive WM_CLOSE,
// so there is no graceful way to ask on Windows anyway.
import { execFile } from 'node:child_process';

/** Runs a program and reports whether it exited with 0. Injected in tests. */
export type ProgramRunner = (file: string, args: readonly string[]) => Promise<boolean>;

const runProgram: ProgramRunner = (file, args) =>
  new Promise((resolve) => {
    execFile(file, [...args], { windowsHide: true, timeout: 5_000 }, (error) => resolve(!error));
  });

export function taskkillArgs(pid: number): string[] {
  return ['/PID', String(pid), '/T', '/F'];
}

/** Ends a process and all its descendants on Windows; false when taskkill failed or is missing. */
export function killWindowsTree(pid: number, run: ProgramRunner = runProgram): Promise<boolean> {
  return run('taskkill', taskkillArgs(pid));
}
