// The environment `ollama serve` gets: VS Code's, the user's hearth.ollama.env on top, OLLAMA_HOST
// derived from hearth.host, and a clear account of what was skipped.
import * as assert from 'node:assert/strict';
import { buildDaemonEnv, listenAddress } from '../../../src/core/daemon/env';
import { parseDaemonSettings } from '../../../src/core/daemon/settings';

const host = { hostname: '127.0.0.1', port: 11500 };

describe('daemon: the environment passed to ollama serve', () => {
  it('derives OLLAMA_HOST from hearth.host, overriding an inherited one', () => {
    const result = buildDaemonEnv({ base: { PATH: '/usr/bin', OLLAMA_HOST: '0.0.0.0:9999' }, host, user: {}, platform: 'linux' });
    assert.equal(result.env.OLLAMA_HOST, '127.0.0.1:11500');
    assert.equal(result.env.PATH, '/usr/bin');
    assert.deepEqual(result.passed, { OLLAMA_HOST: '127.0.0.1:11500' });
    assert.equal(listenAddress('::1', 11434), '[::1]:11434');
  });

  it('keeps an inherited OLLAMA_HOST as it is when Hearth\'s host came from it (0.0.0.0 stays "listen everywhere")', () => {
    const result = buildDaemonEnv({ base: { OLLAMA_HOST: '0.0.0.0:11500' }, host, listen: '0.0.0.0:11500', user: {}, platform: 'linux' });
    assert.equal(result.env.OLLAMA_HOST, '0.0.0.0:11500');
    assert.deepEqual(result.passed, { OLLAMA_HOST: '0.0.0.0:11500' });
  });

  it('passes the user\'s variables (numbers and booleans as text) and lists them', () => {
    const user = { OLLAMA_MODELS: '/data/models', OLLAMA_CONTEXT_LENGTH: 8192, OLLAMA_FLASH_ATTENTION: true, OLLAMA_KV_CACHE_TYPE: 'q8_0', CUDA_VISIBLE_DEVICES: '0' };
    const result = buildDaemonEnv({ base: { OLLAMA_KEEP_ALIVE: '10m' }, host, user, platform: 'linux' });
    assert.equal(result.env.OLLAMA_CONTEXT_LENGTH, '8192');
    assert.equal(result.env.OLLAMA_FLASH_ATTENTION, 'true');
    assert.equal(result.env.CUDA_VISIBLE_DEVICES, '0');
    assert.deepEqual(result.passed, { OLLAMA_HOST: '127.0.0.1:11500', OLLAMA_MODELS: '/data/models', OLLAMA_CONTEXT_LENGTH: '8192', OLLAMA_FLASH_ATTENTION: 'true', OLLAMA_KV_CACHE_TYPE: 'q8_0', CUDA_VISIBLE_DEVICES: '0' });
    assert.deepEqual(result.inherited, { OLLAMA_KEEP_ALIVE: '10m' });
    assert.deepEqual(result.problems, []);
  });

  it('removes an inherited variable whose value is null', () => {
    const result = buildDaemonEnv({ base: { OLLAMA_KEEP_ALIVE: '10m', OLLAMA_DEBUG: '1' }, host, user: { OLLAMA_DEBUG: null }, platform: 'linux' });
    assert.ok(!('OLLAMA_DEBUG' in result.env));
    assert.deepEqual(result.removed, ['OLLAMA_DEBUG']);
    assert.deepEqual(result.inherited, { OLLAMA_KEEP_ALIVE: '10m' });
  });

  it('skips bad names, bad values and a second OLLAMA_HOST, and says so', () => {
    const user = { 'BAD NAME': 'x', '1ST': 'x', OLLAMA_HOST: '0.0.0.0', OLLAMA_NUM_PARALLEL: { n: 2 }, OLLAMA_MAX_LOADED_MODELS: [1], OLLAMA_KEEP_ALIVE: '30m' };
    const result = buildDaemonEnv({ base: {}, host, user, platform: 'linux' });
    assert.deepEqual(result.problems, [
      { key: 'BAD NAME', reason: 'invalidName' },
      { key: '1ST', reason: 'invalidName' },
      { key: 'OLLAMA_HOST', reason: 'hostIgnored' },
      { key: 'OLLAMA_NUM_PARALLEL', reason: 'invalidValue' },
      { key: 'OLLAMA_MAX_LOADED_MODELS', reason: 'invalidValue' },
    ]);
    assert.equal(result.env.OLLAMA_HOST, '127.0.0.1:11500');
    assert.equal(result.env.OLLAMA_KEEP_ALIVE, '30m');
    assert.ok(!('OLLAMA_NUM_PARALLEL' in result.env));
  });

  it('reports a setting that is not an object and still builds a usable environment', () => {
    for (const user of ['OLLAMA_MODELS=/x', ['OLLAMA_MODELS'], 42]) {
      const result = buildDaemonEnv({ base: { PATH: '/bin' }, host, user, platform: 'linux' });
      assert.deepEqual(result.problems, [{ key: '', reason: 'notAnObject' }]);
      assert.equal(result.env.OLLAMA_HOST, '127.0.0.1:11500');
    }
    assert.deepEqual(buildDaemonEnv({ base: {}, host, user: undefined, platform: 'linux' }).problems, []);
  });

  it('replaces a variable whatever its case on Windows, and keeps the cases apart elsewhere', () => {
    const windows = buildDaemonEnv({ base: { Path: 'C:\\Windows', ollama_models: 'C:\\old' }, host, user: { OLLAMA_MODELS: 'D:\\models' }, platform: 'win32' });
    assert.equal(windows.env.OLLAMA_MODELS, 'D:\\models');
    assert.ok(!('ollama_models' in windows.env));
    const linux = buildDaemonEnv({ base: { ollama_models: '/old' }, host, user: { OLLAMA_MODELS: '/new' }, platform: 'linux' });
    assert.equal(linux.env.ollama_models, '/old');
  });

  it('reads the daemon settings with safe fallbacks', () => {
    const raw: Record<string, unknown> = { 'hearth.ollama.path': ' /opt/ollama ', 'hearth.ollama.autoStart': 'sometimes', 'hearth.ollama.startTimeoutSeconds': 9999 };
    const settings = parseDaemonSettings((key) => raw[key]);
    assert.deepEqual(settings, { path: '/opt/ollama', autoStart: 'ask', env: {}, stopOnExit: true, startTimeoutMs: 600_000, runMode: 'binary', containerCli: '', containerImage: '', containerGpu: 'auto' });
    const container = parseDaemonSettings((key) => ({ 'hearth.ollama.runMode': 'container', 'hearth.ollama.containerCli': ' podman ', 'hearth.ollama.containerGpu': 'nvidia' })[key]);
    assert.deepEqual([container.runMode, container.containerCli, container.containerGpu], ['container', 'podman', 'nvidia']);
    const bad = parseDaemonSettings((key) => ({ 'hearth.ollama.runMode': 'kubernetes', 'hearth.ollama.containerGpu': 'intel' })[key]);
    assert.deepEqual([bad.runMode, bad.containerGpu], ['binary', 'auto']);
    assert.equal(parseDaemonSettings((key) => (key === 'hearth.ollama.startTimeoutSeconds' ? 1 : undefined)).startTimeoutMs, 5_000);
    assert.equal(parseDaemonSettings((key) => (key === 'hearth.ollama.autoStart' ? 'never' : undefined)).autoStart, 'never');
  });
});
