// Scripted failures. A rule matches by path and model; each matching request uses up one of its `times`.

import { keyOf } from './names';
import type { Fault, FaultRule } from './types';

interface ActiveRule {
  rule: FaultRule;
  left: number; // Infinity = until cleared
  modelKey?: string;
}

/** Faults that play out inside a stream (or a buffered reply): everything the dispatcher does not settle. */
export type StreamFault = Extract<Fault, { kind: 'errorMidStream' | 'stall' | 'malformedLine' | 'drop' | 'noDone' }>;

export function isStreamFault(f: Fault): f is StreamFault {
  return f.kind === 'errorMidStream' || f.kind === 'stall' || f.kind === 'malformedLine' || f.kind === 'drop' || f.kind === 'noDone';
}

export class FaultBook {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    if (rule.times !== undefined && rule.times <= 0) return;
    this.rules.push({
      rule,
      left: rule.times ?? Infinity,
      modelKey: rule.model === undefined ? undefined : (keyOf(rule.model) ?? rule.model.toLowerCase()),
    });
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule that matches this request, used up by one. `refuse` is handled apart and never matches. */
  take(path: string, model: string | undefined): Fault | undefined {
    const modelKey = model === undefined ? undefined : keyOf(model);
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.fault.kind === 'refuse') continue;
      if (rule.path !== undefined ? rule.path !== path : !path.startsWith('/api/')) continue;
      if (active.modelKey !== undefined && active.modelKey !== modelKey) continue;
      active.left--;
      if (active.left <= 0) this.rules = this.rules.filter((r) => r !== active);
      return rule.fault;
    }
    return undefined;
  }
}

/** Messages the real server sends with these statuses, so a bare `{ kind: 'status', status }` looks real. */
export function defaultStatusMessage(status: number, model: string): string {
  switch (status) {
    case 400:
      return 'invalid request';
    case 404:
      return `model '${model}' not found`;
    case 499:
      return 'request canceled';
    case 500:
      return 'llama runner process has terminated: exit status 2';
    case 503:
      return 'server busy, please try again.  maximum pending requests exceeded';
    default:
      return `status ${status}`;
  }
}

const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Authorization Required',
  403: 'Forbidden',
  404: 'Not Found',
  407: 'Proxy Authentication Required',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** The error page nginx sends for a status (as nginx 1.24 writes it), as a proxy in front of Ollama would. */
export function nginxErrorPage(status: number): string {
  const title = `${status} ${REASON_PHRASES[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n`;
}
