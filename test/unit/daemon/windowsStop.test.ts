// Stopping on Windows: the whole process tree (daemon and model runners) is ended with taskkill, and a
// failed taskkill still ends the daemon itself. Runs on every OS: the platform is injected, and a real
// Node process stands in for ollama.exe.
import * as assert from 'node:assert/strict';
import { DaemonChild } from '../../../src/core/daemon/child';
import { killWindowsTree, taskkillArgs } from '../../../src/core/daemon/treeKill';

function idleProcess(killTree: (pid: number) => Promise<boolean>): DaemonChild {
  return new DaemonChild({
    binary: process.execPath,
    args: ['-e', 'setInterval(() => {}, 1000)'],
    env: { PATH: process.env.PATH ?? '' },
    platform: 'win32',
    killTree,
  });
}

describe('daemon: stopping on Windows', () => {
  it('ends the process tree with taskkill /T /F for the daemon\'s pid', async () => {
    const asked: number[] = [];
    const child = idleProcess(async (pid) => {
      asked.push(pid);
      process.kill(pid, 'SIGKILL');
      return true;
    });
    assert.equal(await child.stop(2_000), 'killed');
    assert.deepEqual(asked, [child.pid]);
    assert.deepEqual(taskkillArgs(4242), ['/PID', '4242', '/T', '/F']);
  });

  it('still ends the daemon itself when taskkill fails', async () => {
    const child = idleProcess(async () => false);
    assert.equal(await child.stop(2_000), 'killed');
    assert.equal(child.isRunning, false);
  });

  it('runs taskkill with the tree arguments and reports its result', async () => {
    const calls: Array<{ file: string; args: readonly string[] }> = [];
    const ok = await killWindowsTree(77, async (file, args) => {
      calls.push({ file, args });
      return false;
    });
    assert.equal(ok, false);
    assert.deepEqual(calls, [{ file: 'taskkill', args: ['/PID', '77', '/T', '/F'] }]);
  });
});
