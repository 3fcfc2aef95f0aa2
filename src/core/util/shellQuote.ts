// Quoting text that Hearth types into a terminal, per shell. Typed text reaches the shell's line editor
// and then its parser, so an argument must be inert for both: control characters are refused everywhere
// (a typed Ctrl-C, Ctrl-U or escape sequence acts whatever the quotes say), and each shell gets the quoting
// in which nothing expands. Where a shell cannot quote a character safely (cmd.exe expands %VAR% even
// inside double quotes) the argument is refused rather than typed.

export type ShellKind = 'posix' | 'fish' | 'powershell' | 'cmd' | 'unknown';

export type QuoteProblem =
  /** Control characters (newline, tab, escape…) would be keystrokes, not text. */
  | 'control'
  /** cmd.exe cannot quote `"`, and expands `%` (and `!` with delayed expansion) even inside quotes. */
  | 'cmdUnsafe'
  /** A shell Hearth does not know the quoting of: only plain characters are typed. */
  | 'unknownShell';

export type QuoteResult = { ok: true; text: string } | { ok: false; problem: QuoteProblem; characters: string };

const POSIX_SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ksh93', 'ash', 'yash', 'busybox', 'gitbash', 'git-bash', 'wsl']);
const POWERSHELLS = new Set(['pwsh', 'powershell', 'pwsh-preview']);

/**
 * Which quoting a shell needs, from its executable path (`/usr/bin/fish`, `C:\…\pwsh.exe`) or the name VS Code
 * detected (`terminal.state.shell`: 'bash', 'pwsh', 'cmd', 'gitbash', 'wsl'…). csh/tcsh expand `!` inside
 * single quotes and nushell has no escape in its quotes, so they are 'unknown': plain arguments only.
 */
export function shellKindOf(shell: string | undefined): ShellKind {
  const base = (shell ?? '').trim().split(/[\\/]/).pop()?.toLowerCase().replace(/\.exe$/, '') ?? '';
  if (!base) return 'unknown';
  if (POSIX_SHELLS.has(base)) return 'posix';
  if (base === 'fish') return 'fish';
  if (POWERSHELLS.has(base)) return 'powershell';
  if (base === 'cmd') return 'cmd';
  return 'unknown';
}

// C0 controls, DEL and C1 controls: keystrokes for a terminal's line editor.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** Needs no quoting in any shell Hearth knows. */
const PLAIN = /^[A-Za-z0-9_./:+=,-]+$/;
// PowerShell reads the typographic single quotes as quotes too; each must be doubled like `'`.
const PS_SINGLE_QUOTES = /['\u2018\u2019\u201a\u201b]/g;

function distinct(text: string, pattern: RegExp): string {
  return [...new Set(text.match(pattern) ?? [])].join('');
}

/** One argument, quoted for `kind` so that the shell passes it to the program unchanged. */
export function quoteArg(arg: string, kind: ShellKind): QuoteResult {
  const controls = distinct(arg, CONTROL);
  if (controls) return { ok: false, problem: 'control', characters: controls };
  switch (kind) {
    case 'posix':
      // Nothing is special inside single quotes; a quote is closed, escaped, reopened.
      return { ok: true, text: `'${arg.replace(/'/g, `'\\''`)}'` };
    case 'fish':
      // fish's single quotes know two escapes, \\ and \'.
      return { ok: true, text: `'${arg.replace(/[\\']/g, '\\$&')}'` };
    case 'powershell':
      return { ok: true, text: `'${arg.replace(PS_SINGLE_QUOTES, '$&$&')}'` };
    case 'cmd': {
      const unsafe = distinct(arg, /["%!]/g);
      if (unsafe) return { ok: false, problem: 'cmdUnsafe', characters: unsafe };
      // Inside double quotes & | < > ^ are literal. Backslashes before the closing quote would escape it
      // for the program's argument parser (CommandLineToArgvW rules), so they are doubled.
      return { ok: true, text: `"${arg.replace(/(\\+)$/, '$1$1')}"` };
    }
    case 'unknown':
      if (PLAIN.test(arg)) return { ok: true, text: arg };
      return { ok: false, problem: 'unknownShell', characters: distinct(arg, /[^A-Za-z0-9_./:+=,-]/g) };
  }
}

/**
 * A command line: literals are Hearth's own words (typed as they are), values are quoted, e.g.
 * commandLine([{ literal: 'ollama create' }, { value: name }, { literal: '-f' }, { value: file }], kind).
 */
export function commandLine(parts: readonly ({ literal: string } | { value: string })[], kind: ShellKind): QuoteResult {
  const out: string[] = [];
  for (const part of parts) {
    if ('literal' in part) {
      out.push(part.literal);
      continue;
    }
    const quoted = quoteArg(part.value, kind);
    if (!quoted.ok) return quoted;
    out.push(quoted.text);
  }
  return { ok: true, text: out.join(' ') };
}
