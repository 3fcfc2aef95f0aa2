// The stop rule (never a daemon Hearth did not start) and the guess of who started a daemon.
import * as assert from 'node:assert/strict';
import { decideStop, guessExternalOrigin, originMarkers, type OriginHost, type Owner, type SpawnRecord } from '../../../src/core/daemon/ownership';

function host(platform: NodeJS.Platform, files: string[] = [], alive: number[] = []): OriginHost {
  return { platform, env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, homedir: platform === 'win32' ? 'C:\\Users\\u' : '/Users/u', exists: async (f) => files.includes(f), isAlive: (pid) => alive.includes(pid), selfPid: 100 };
}

describe('daemon: who owns the daemon, and the stop rule', () => {
  const external: Owner = { kind: 'external', origin: 'systemService' };

  it('stops only a process this window spawned and still holds', () => {
    assert.deepEqual(decideStop(true, true, { kind: 'thisWindow', pid: 1, binary: '/b', startedAt: 0 }), { kind: 'stop' });
    assert.deepEqual(decideStop(false, true, external), { kind: 'notOwned', owner: external });
    assert.deepEqual(decideStop(false, true, { kind: 'external', origin: 'otherWindow' }), { kind: 'notOwned', owner: { kind: 'external', origin: 'otherWindow' } });
    assert.deepEqual(decideStop(false, false, { kind: 'none' }), { kind: 'notRunning' });
  });

  it('recognises a daemon started by Hearth in another window while both processes live', async () => {
    const record: SpawnRecord = { daemonPid: 500, ownerPid: 200, host: 'http://127.0.0.1:11434', binary: '/usr/bin/ollama', startedAt: 0 };
    assert.equal(await guessExternalOrigin(host('linux', [], [200, 500]), record, 'http://127.0.0.1:11434'), 'otherWindow');
    assert.equal(await guessExternalOrigin(host('linux', [], [500]), record, 'http://127.0.0.1:11434'), 'unknown', 'that window is gone');
    assert.equal(await guessExternalOrigin(host('linux', [], [200, 500]), record, 'http://127.0.0.1:11500'), 'unknown', 'another host');
    assert.equal(await guessExternalOrigin(host('linux', [], [100, 500]), { ...record, ownerPid: 100 }, 'http://127.0.0.1:11434'), 'unknown', 'our own old record');
  });

  it('points at the system service, the macOS app or the Windows tray app', async () => {
    assert.equal(await guessExternalOrigin(host('linux', ['/etc/systemd/system/ollama.service']), undefined, 'x'), 'systemService');
    assert.equal(await guessExternalOrigin(host('darwin', ['/Applications/Ollama.app']), undefined, 'x'), 'macApp');
    const win = host('win32', ['C:\\Users\\u\\AppData\\Local\\Programs\\Ollama\\ollama app.exe']);
    assert.equal(await guessExternalOrigin(win, undefined, 'x'), 'windowsApp');
    assert.equal(await guessExternalOrigin(host('linux'), undefined, 'x'), 'unknown');
    assert.deepEqual(originMarkers(host('freebsd')), []);
  });
});
