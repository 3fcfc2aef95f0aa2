import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { commandLine, quoteArg, shellKindOf, type ShellKind } from '../../../src/core/util/shellQuote';

// Run through real shells below, so the payloads are harmless: a broken quoting shows as changed output
// ("INJECTED" instead of the name), never as a deleted home folder.
const HOSTILE = [
  '/home/u/$(echo INJECTED).modelfile',
  '/home/u/`echo INJECTED`.modelfile',
  "/home/u/it's.modelfile",
  "/home/u/'; echo INJECTED; echo '.modelfile",
  '/home/u/"$(echo INJECTED)".modelfile',
  '/home/u/a; echo INJECTED',
  '/home/u/a && echo INJECTED | cat',
  '/home/u/a || b',
  '/home/u/$HOME/${PATH}',
  '/home/u/!!/!$/Modelfile',
  '/home/u/a\\b\\',
  '/home/u/*?[a-z]{1,2}~',
  '/home/u/<in >out 2>&1',
  '/home/u/模型 ü é 🦙.modelfile',
  '/home/u/\u2018smart\u2019 quotes\u201b.modelfile',
  '/home/u/#comment',
  '-f',
  '',
];

/** What a shell hands the program: the quoted text run through a real shell, printed back. */
function throughShell(shell: string, quoted: string): string {
  return execFileSync(shell, ['-c', `printf '%s' ${quoted}`], { encoding: 'utf8' });
}

describe('shellQuote: text typed into a terminal stays text', () => {
  describe('POSIX shells (bash, sh, dash: really run)', () => {
    const shells = ['/bin/bash', '/bin/sh', '/bin/dash', '/bin/zsh', '/usr/bin/zsh', '/usr/bin/ksh'].filter((s) => fs.existsSync(s));
    for (const name of HOSTILE) {
      it(`${JSON.stringify(name)} reaches the program unchanged`, () => {
        const quoted = quoteArg(name, 'posix');
        assert.ok(quoted.ok);
        for (const shell of shells) assert.equal(throughShell(shell, quoted.text), name, shell);
      });
    }
    it('(JSON.stringify, the quoting used before, lets the shell run $(…) and backticks)', () => {
      assert.equal(throughShell('/bin/sh', JSON.stringify('/m/$(echo INJECTED)')), '/m/INJECTED');
      assert.equal(throughShell('/bin/sh', JSON.stringify('/m/`echo INJECTED`')), '/m/INJECTED');
    });
    it('uses single quotes, closing and escaping a quote in the name', () => {
      assert.deepEqual(quoteArg('/home/u/$(rm -rf ~).modelfile', 'posix'), { ok: true, text: `'/home/u/$(rm -rf ~).modelfile'` });
      assert.deepEqual(quoteArg("a'b", 'posix'), { ok: true, text: `'a'\\''b'` });
      assert.deepEqual(quoteArg('$(x)', 'posix'), { ok: true, text: `'$(x)'` });
    });
  });

  describe('fish', () => {
    it('escapes only \\ and \' inside single quotes', () => {
      assert.deepEqual(quoteArg("it's", 'fish'), { ok: true, text: `'it\\'s'` });
      assert.deepEqual(quoteArg('a\\b', 'fish'), { ok: true, text: `'a\\\\b'` });
      assert.deepEqual(quoteArg('$(rm -rf ~) `x` "y" ; && %PATH%', 'fish'), { ok: true, text: `'$(rm -rf ~) \`x\` "y" ; && %PATH%'` });
    });
    it('decodes back to the name with fish\'s rules', () => {
      // fish single quotes: \\ → \, \' → ', any other character literal; nothing else is special.
      const unfish = (text: string): string => text.slice(1, -1).replace(/\\([\\'])/g, '$1');
      for (const name of HOSTILE) {
        const quoted = quoteArg(name, 'fish');
        assert.ok(quoted.ok);
        assert.ok(/^'([^\\']|\\[\\'])*'$/.test(quoted.text), quoted.text);
        assert.equal(unfish(quoted.text), name);
      }
    });
  });

  describe('PowerShell', () => {
    it('uses single quotes and doubles every kind of single quote PowerShell knows', () => {
      assert.deepEqual(quoteArg("it's", 'powershell'), { ok: true, text: `'it''s'` });
      assert.deepEqual(quoteArg('a\u2019b', 'powershell'), { ok: true, text: `'a\u2019\u2019b'` });
      assert.deepEqual(quoteArg('$env:PATH $(calc) `n', 'powershell'), { ok: true, text: `'$env:PATH $(calc) \`n'` });
    });
    it('leaves no lone quote that would end the string early', () => {
      for (const name of HOSTILE) {
        const quoted = quoteArg(name, 'powershell');
        assert.ok(quoted.ok);
        const inner = quoted.text.slice(1, -1);
        assert.ok(!/['\u2018\u2019\u201a\u201b]/.test(inner.replace(/(['\u2018\u2019\u201a\u201b])\1/g, '')), quoted.text);
        assert.equal(inner.replace(/(['\u2018\u2019\u201a\u201b])\1/g, '$1'), name);
      }
    });
  });

  describe('cmd.exe', () => {
    it('double-quotes, so & | < > ^ are literal', () => {
      assert.deepEqual(quoteArg('C:\\a & b | c <d> ^e', 'cmd'), { ok: true, text: '"C:\\a & b | c <d> ^e"' });
      assert.deepEqual(quoteArg('C:\\模型\\Modelfile', 'cmd'), { ok: true, text: '"C:\\模型\\Modelfile"' });
    });
    it('doubles trailing backslashes so the closing quote stays a quote', () => {
      assert.deepEqual(quoteArg('C:\\dir\\', 'cmd'), { ok: true, text: '"C:\\dir\\\\"' });
    });
    it('refuses what cmd cannot quote: %VAR%, ! and "', () => {
      assert.deepEqual(quoteArg('C:\\%PATH%\\m', 'cmd'), { ok: false, problem: 'cmdUnsafe', characters: '%' });
      assert.deepEqual(quoteArg('C:\\a"b', 'cmd'), { ok: false, problem: 'cmdUnsafe', characters: '"' });
      assert.deepEqual(quoteArg('C:\\wow!', 'cmd'), { ok: false, problem: 'cmdUnsafe', characters: '!' });
    });
  });

  describe('every shell', () => {
    const kinds: ShellKind[] = ['posix', 'fish', 'powershell', 'cmd', 'unknown'];
    for (const bad of ['a\nb', 'a\rb', 'a\u0003b', 'a\u001b[2Jb', 'a\tb', 'a\u0000b', 'a\u007fb', 'a\u0085b']) {
      it(`refuses ${JSON.stringify(bad)}: control characters would be keystrokes`, () => {
        for (const kind of kinds) assert.equal((quoteArg(bad, kind) as { problem?: string }).problem, 'control', kind);
      });
    }
    it('an unknown shell gets plain arguments only', () => {
      assert.deepEqual(quoteArg('my-model:latest', 'unknown'), { ok: true, text: 'my-model:latest' });
      assert.deepEqual(quoteArg('/a/$(x) y', 'unknown'), { ok: false, problem: 'unknownShell', characters: '$() ' });
    });
  });

  it('knows the shell from its path or VS Code\'s detected name', () => {
    const cases: [string | undefined, ShellKind][] = [
      ['/bin/bash', 'posix'],
      ['/usr/bin/zsh', 'posix'],
      ['/bin/sh', 'posix'],
      ['gitbash', 'posix'],
      ['C:\\Program Files\\Git\\bin\\bash.exe', 'posix'],
      ['/opt/homebrew/bin/fish', 'fish'],
      ['C:\\Program Files\\PowerShell\\7\\pwsh.exe', 'powershell'],
      ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell'],
      ['pwsh', 'powershell'],
      ['C:\\Windows\\System32\\cmd.exe', 'cmd'],
      ['CMD.EXE', 'cmd'],
      ['/bin/tcsh', 'unknown'],
      ['/usr/bin/nu', 'unknown'],
      ['', 'unknown'],
      [undefined, 'unknown'],
    ];
    for (const [shell, kind] of cases) assert.equal(shellKindOf(shell), kind, String(shell));
  });

  it('builds the command line from literal words and quoted values, or refuses it whole', () => {
    const parts = (file: string): ({ literal: string } | { value: string })[] => [{ literal: 'ollama create' }, { value: 'my-model:latest' }, { literal: '-f' }, { value: file }];
    assert.deepEqual(commandLine(parts('/m/$(id).modelfile'), 'posix'), { ok: true, text: `ollama create 'my-model:latest' -f '/m/$(id).modelfile'` });
    assert.deepEqual(commandLine(parts('C:\\m\\x.modelfile'), 'cmd'), { ok: true, text: 'ollama create "my-model:latest" -f "C:\\m\\x.modelfile"' });
    assert.deepEqual(commandLine(parts('C:\\%USERPROFILE%\\x'), 'cmd'), { ok: false, problem: 'cmdUnsafe', characters: '%' });
  });
});
