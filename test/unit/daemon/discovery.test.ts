// Finding the `ollama` binary: the setting first (and never silently replaced), then PATH, then the
// standard install locations of each OS. A fake file system covers every OS; the real one checks the
// permission test.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findContainerCli, findOllama, nodeDiscoveryHost, standardLocations, type DiscoveryHost, type FileKind } from '../../../src/core/daemon/discovery';

function fakeHost(platform: NodeJS.Platform, files: Record<string, FileKind>, env: Record<string, string> = {}, homedir = '/home/u'): DiscoveryHost & { asked: string[] } {
  const asked: string[] = [];
  return {
    platform,
    env,
    homedir,
    asked,
    stat: async (file) => {
      asked.push(file);
      return files[file] ?? 'missing';
    },
  };
}

describe('daemon: finding the ollama binary', () => {
  describe('order', () => {
    it('prefers the setting over PATH and the standard locations', async () => {
      const host = fakeHost('linux', { '/opt/ollama/bin/ollama': 'executable', '/usr/bin/ollama': 'executable', '/usr/local/bin/ollama': 'executable' }, { PATH: '/usr/bin' });
      assert.deepEqual(await findOllama('/opt/ollama/bin/ollama', host), { kind: 'found', path: '/opt/ollama/bin/ollama', source: 'setting' });
    });

    it('uses PATH before the standard locations, in PATH order', async () => {
      const host = fakeHost('linux', { '/home/u/bin/ollama': 'executable', '/usr/bin/ollama': 'executable', '/usr/local/bin/ollama': 'executable' }, { PATH: '/nowhere:/home/u/bin:/usr/bin' });
      assert.deepEqual(await findOllama('', host), { kind: 'found', path: '/home/u/bin/ollama', source: 'path' });
    });

    it('skips a PATH entry that is not executable, and relative PATH entries', async () => {
      const host = fakeHost('linux', { '/a/ollama': 'file', 'rel/ollama': 'executable', '/b/ollama': 'executable' }, { PATH: '/a:rel:/b' });
      assert.deepEqual(await findOllama('', host), { kind: 'found', path: '/b/ollama', source: 'path' });
      assert.ok(!host.asked.includes('rel/ollama'));
    });

    it('falls back to the standard Linux locations in install.sh order', async () => {
      const host = fakeHost('linux', { '/usr/bin/ollama': 'executable', '/bin/ollama': 'executable' }, { PATH: '/home/u/.cargo/bin' });
      assert.deepEqual(await findOllama('', host), { kind: 'found', path: '/usr/bin/ollama', source: 'standard' });
      assert.deepEqual(standardLocations(host).slice(0, 2), ['/usr/local/bin/ollama', '/usr/bin/ollama']);
    });

    it('finds the macOS app bundle before Homebrew', async () => {
      const host = fakeHost('darwin', { '/Applications/Ollama.app/Contents/Resources/ollama': 'executable', '/opt/homebrew/bin/ollama': 'executable' }, { PATH: '/usr/bin:/bin' });
      assert.deepEqual(await findOllama('', host), { kind: 'found', path: '/Applications/Ollama.app/Contents/Resources/ollama', source: 'standard' });
      const homebrewOnly = fakeHost('darwin', { '/opt/homebrew/bin/ollama': 'executable' }, { PATH: '/usr/bin' });
      assert.deepEqual(await findOllama('', homebrewOnly), { kind: 'found', path: '/opt/homebrew/bin/ollama', source: 'standard' });
    });

    it('finds ollama.exe on Windows through Path (any case) and PATHEXT, then in %LOCALAPPDATA%\\Programs\\Ollama', async () => {
      const onPath = fakeHost('win32', { 'C:\\Tools\\ollama.exe': 'executable' }, { Path: 'C:\\Windows;"C:\\Tools"', PATHEXT: '.COM;.EXE;.BAT' });
      assert.deepEqual(await findOllama('', onPath), { kind: 'found', path: 'C:\\Tools\\ollama.exe', source: 'path' });
      const installed = fakeHost('win32', { 'C:\\Users\\u\\AppData\\Local\\Programs\\Ollama\\ollama.exe': 'executable' }, { Path: 'C:\\Windows', LocalAppData: 'C:\\Users\\u\\AppData\\Local' });
      assert.deepEqual(await findOllama('', installed), { kind: 'found', path: 'C:\\Users\\u\\AppData\\Local\\Programs\\Ollama\\ollama.exe', source: 'standard' });
    });

    it('lists everything it searched when nothing is found', async () => {
      const host = fakeHost('linux', {}, { PATH: '/usr/bin:/home/u/bin' });
      const result = await findOllama('', host);
      assert.equal(result.kind, 'notFound');
      assert.ok(result.kind === 'notFound');
      assert.deepEqual(result.searched, ['/usr/bin', '/home/u/bin', '/usr/local/bin/ollama', '/usr/bin/ollama', '/bin/ollama', '/snap/bin/ollama']);
    });
  });

  describe('the path setting', () => {
    it('reports a missing file instead of falling back to another binary', async () => {
      const host = fakeHost('linux', { '/usr/bin/ollama': 'executable' }, { PATH: '/usr/bin' });
      assert.deepEqual(await findOllama('/opt/missing/ollama', host), { kind: 'settingInvalid', path: '/opt/missing/ollama', problem: 'missing' });
    });

    it('reports a file without execute permission', async () => {
      const host = fakeHost('linux', { '/opt/ollama': 'file' });
      assert.deepEqual(await findOllama('/opt/ollama', host), { kind: 'settingInvalid', path: '/opt/ollama', problem: 'notExecutable' });
    });

    it('accepts the folder that contains the binary', async () => {
      const host = fakeHost('linux', { '/opt/ollama': 'directory', '/opt/ollama/ollama': 'executable' });
      assert.deepEqual(await findOllama('/opt/ollama', host), { kind: 'found', path: '/opt/ollama/ollama', source: 'setting' });
      const empty = fakeHost('linux', { '/opt/empty': 'directory' });
      assert.equal((await findOllama('/opt/empty', empty)).kind, 'settingInvalid');
    });

    it('expands ~ and looks a bare command name up on PATH', async () => {
      const host = fakeHost('linux', { '/home/u/ollama/ollama': 'executable', '/usr/bin/ollama-rocm': 'executable' }, { PATH: '/usr/bin' });
      assert.deepEqual(await findOllama('~/ollama/ollama', host), { kind: 'found', path: '/home/u/ollama/ollama', source: 'setting' });
      assert.deepEqual(await findOllama('ollama-rocm', host), { kind: 'found', path: '/usr/bin/ollama-rocm', source: 'setting' });
      assert.deepEqual(await findOllama('nothing-here', host), { kind: 'settingInvalid', path: 'nothing-here', problem: 'missing' });
    });

    it('refuses a relative path (it would depend on VS Code\'s working directory)', async () => {
      const host = fakeHost('linux', { 'bin/ollama': 'executable' });
      assert.deepEqual(await findOllama('bin/ollama', host), { kind: 'settingInvalid', path: 'bin/ollama', problem: 'notAbsolute' });
    });
  });

  describe('on the real file system', function () {
    if (process.platform === 'win32') return;
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-discovery-'));
      fs.writeFileSync(path.join(dir, 'ollama'), '#!/bin/sh\n', { mode: 0o755 });
      fs.writeFileSync(path.join(dir, 'not-exec'), '', { mode: 0o644 });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('finds an executable on PATH and tells a file without the x bit apart', async () => {
      const host = nodeDiscoveryHost({ PATH: `/nonexistent-dir:${dir}` });
      assert.deepEqual(await findOllama('', host), { kind: 'found', path: path.join(dir, 'ollama'), source: 'path' });
      // Even root cannot execute a file with no x bit at all, so this holds for every user.
      assert.deepEqual(await findOllama(path.join(dir, 'not-exec'), host), { kind: 'settingInvalid', path: path.join(dir, 'not-exec'), problem: 'notExecutable' });
      assert.deepEqual(await findOllama(dir, host), { kind: 'found', path: path.join(dir, 'ollama'), source: 'setting' });
    });
  });
});

describe('daemon: finding the container CLI', () => {
  it('takes docker, then podman, from PATH; the setting by name or absolute path, never a relative one', async () => {
    const both = fakeHost('linux', { '/usr/bin/docker': 'executable', '/usr/bin/podman': 'executable' }, { PATH: '/usr/bin' });
    assert.equal(await findContainerCli('', both), '/usr/bin/docker');
    const podmanOnly = fakeHost('linux', { '/usr/bin/podman': 'executable', '/usr/bin/docker': 'file' }, { PATH: '/usr/bin' });
    assert.equal(await findContainerCli('', podmanOnly), '/usr/bin/podman');
    assert.equal(await findContainerCli('podman', both), '/usr/bin/podman');
    assert.equal(await findContainerCli('/opt/fake/docker', fakeHost('linux', { '/opt/fake/docker': 'executable' })), '/opt/fake/docker');
    assert.equal(await findContainerCli('bin/docker', fakeHost('linux', { 'bin/docker': 'executable' })), undefined);
    assert.equal(await findContainerCli('', fakeHost('linux', {}, { PATH: '/usr/bin' })), undefined);
    assert.equal(await findContainerCli('', fakeHost('win32', { 'C:\\Docker\\docker.exe': 'executable' }, { Path: 'C:\\Docker' })), 'C:\\Docker\\docker.exe');
  });
});
