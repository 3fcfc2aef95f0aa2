// The log channel every feature writes to, with every endpoint's secret values blotted out: a proxy may echo the
// key it got in an error body, an error may carry a URL or a header, and neither may put a credential in the log.
// Hearth never writes a secret on purpose (only header names are logged); this is the net under that rule.
import type * as vscode from 'vscode';
import { redactSecrets } from '../../core/endpoints/credentials';

const WRITERS = new Set<string | symbol>(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

function clean(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (value instanceof Error) {
    const copy = new Error(redactSecrets(value.message, secrets));
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : redactSecrets(value.stack, secrets);
    return copy;
  }
  return value;
}

/** `log` with the current secrets (read at each write) blotted out of everything written to it. */
export function redactingLog(log: vscode.LogOutputChannel, secrets: () => readonly string[]): vscode.LogOutputChannel {
  return new Proxy(log, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (!WRITERS.has(prop)) return (value as (...a: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        const current = secrets();
        return (value as (...a: unknown[]) => unknown).apply(target, current.length ? args.map((a) => clean(a, current)) : args);
      };
    },
  });
}
