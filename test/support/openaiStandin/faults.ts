// Scripted failures of the OpenAI-compatible stand-in. A rule matches by path; each match uses up one `times`.

import type { OpenAIFault, OpenAIFaultRule } from './types';

const GENERATION_PATHS = new Set(['/v1/chat/completions', '/v1/completions', '/infill']);

export type StreamFault = Extract<OpenAIFault, { kind: 'stallAfterHeaders' | 'drop' | 'malformedLine' | 'errorMidStream' | 'noDone' }>;

export function isStreamFault(f: OpenAIFault): f is StreamFault {
  return f.kind !== 'status' && f.kind !== 'html500';
}

export class OpenAIFaultBook {
  private rules: { rule: OpenAIFaultRule; left: number }[] = [];

  add(rule: OpenAIFaultRule): void {
    if (rule.times !== undefined && rule.times <= 0) return;
    this.rules.push({ rule, left: rule.times ?? Infinity });
  }

  clear(): void {
    this.rules = [];
  }

  take(path: string): OpenAIFault | undefined {
    for (const active of this.rules) {
      const wanted = active.rule.path;
      if (wanted !== undefined ? wanted !== path : !GENERATION_PATHS.has(path)) continue;
      active.left--;
      if (active.left <= 0) this.rules = this.rules.filter((r) => r !== active);
      return active.rule.fault;
    }
    return undefined;
  }
}

/** What nginx in front of a dead upstream answers: not JSON, not for a user's eyes. */
export const HTML_500 =
  '<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
