// hearth.ollama.autoStart (ask once, Start / Always Start / Never), the install guidance per OS, and
// how the daemon's log lines are read.
import * as assert from 'node:assert/strict';
import { AutoStartGate, type AutoStartAnswer } from '../../../src/core/daemon/autoStart';
import { installGuidance, LINUX_INSTALL_COMMAND } from '../../../src/core/daemon/install';
import { parseOllamaLine } from '../../../src/core/daemon/logLine';

function gate(answers: AutoStartAnswer[]): { gate: AutoStartGate; asked: () => number; saved: string[]; release: () => void } {
  let asked = 0;
  const saved: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const g = new AutoStartGate(
    async () => {
      asked++;
      await released;
      return answers.shift();
    },
    async (value) => void saved.push(value),
  );
  return { gate: g, asked: () => asked, saved, release };
}

describe('daemon: autoStart, install guidance, log lines', () => {
  it('never asks with "never", or when there is no binary to start', async () => {
    const g = gate(['start']);
    g.release();
    assert.equal(await g.gate.allows('never', true), false);
    assert.equal(await g.gate.allows('ask', false), false);
    assert.equal(await g.gate.allows('always', false), false);
    assert.equal(g.asked(), 0);
  });

  it('starts without asking with "always"', async () => {
    const g = gate([]);
    assert.equal(await g.gate.allows('always', true), true);
    assert.equal(g.asked(), 0);
  });

  it('asks once for callers at the same moment; "Start" also covers later outages of the session', async () => {
    const g = gate(['start']);
    const answers = [g.gate.allows('ask', true), g.gate.allows('ask', true), g.gate.allows('ask', true)];
    g.release();
    assert.deepEqual(await Promise.all(answers), [true, true, true]);
    assert.equal(await g.gate.allows('ask', true), true);
    assert.equal(g.asked(), 1);
    assert.deepEqual(g.saved, []);
  });

  it('does not ask again after the question was dismissed', async () => {
    const g = gate([undefined]);
    g.release();
    assert.equal(await g.gate.allows('ask', true), false);
    assert.equal(await g.gate.allows('ask', true), false);
    assert.equal(g.asked(), 1);
  });

  it('saves "Always Start" and "Never" to the setting', async () => {
    const always = gate(['always']);
    always.release();
    assert.equal(await always.gate.allows('ask', true), true);
    assert.deepEqual(always.saved, ['always']);
    const never = gate(['never']);
    never.release();
    assert.equal(await never.gate.allows('ask', true), false);
    assert.deepEqual(never.saved, ['never']);
  });

  it('sends people to the official download page for their OS, with the script on Linux only', () => {
    assert.deepEqual(installGuidance('linux'), { downloadUrl: 'https://ollama.com/download/linux', command: LINUX_INSTALL_COMMAND });
    assert.equal(LINUX_INSTALL_COMMAND, 'curl -fsSL https://ollama.com/install.sh | sh');
    assert.deepEqual(installGuidance('darwin'), { downloadUrl: 'https://ollama.com/download/mac' });
    assert.deepEqual(installGuidance('win32'), { downloadUrl: 'https://ollama.com/download/windows' });
    assert.deepEqual(installGuidance('freebsd'), { downloadUrl: 'https://ollama.com/download' });
  });

  it('reads the level of the daemon\'s log lines and drops the time VS Code shows anyway', () => {
    assert.deepEqual(parseOllamaLine('time=2025-01-01T10:00:00.000Z level=WARN source=sched.go:123 msg="gpu VRAM usage didn\'t recover"'), {
      level: 'warn',
      text: 'source=sched.go:123 msg="gpu VRAM usage didn\'t recover"',
    });
    assert.equal(parseOllamaLine('time=x level=ERROR source=server.go msg=boom').level, 'error');
    assert.equal(parseOllamaLine('time=x level=DEBUG msg=y').level, 'debug');
    assert.equal(parseOllamaLine('[GIN] 2025/01/01 - 10:00:00 | 200 | 1.2ms | 127.0.0.1 | GET "/api/version"').level, 'info');
    assert.equal(parseOllamaLine('Error: listen tcp 127.0.0.1:11434: bind: address already in use').level, 'error');
  });
});
