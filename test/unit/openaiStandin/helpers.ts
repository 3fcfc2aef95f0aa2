// Shared bits for the OpenAI-compatible stand-in's own tests: a server per test and raw HTTP helpers.

import { StandinOpenAI, type OpenAIStandinOptions } from '../../support/openaiStandin';

export function useOpenAIStandin(options: OpenAIStandinOptions = {}): { readonly s: StandinOpenAI } {
  let current: StandinOpenAI | undefined;
  beforeEach(async () => {
    current = await StandinOpenAI.start(options);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get s(): StandinOpenAI {
      if (!current) throw new Error('stand-in not started');
      return current;
    },
  };
}

export interface RawReply {
  status: number;
  headers: Headers;
  text: string;
  json(): Record<string, unknown>;
}

export async function call(url: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawReply> {
  const init: RequestInit = body === undefined ? { headers } : { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } };
  const res = await fetch(url + path, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

/** The `data:` payloads of an SSE body, in order (`[DONE]` kept as the string). */
export function events(text: string): Array<Record<string, unknown> | string> {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => {
      const data = block.slice('data: '.length);
      try {
        return JSON.parse(data) as Record<string, unknown>;
      } catch {
        return data;
      }
    });
}

type Choice = { delta?: Record<string, unknown>; text?: string; finish_reason?: string | null };

export function choiceOf(e: Record<string, unknown> | string | undefined): Choice | undefined {
  if (typeof e !== 'object') return undefined;
  return (e['choices'] as Choice[] | undefined)?.[0];
}

/** The text of a streamed chat or completion. */
export function streamedText(all: Array<Record<string, unknown> | string>): string {
  return all.map((e) => {
    const c = choiceOf(e);
    return typeof c?.delta?.['content'] === 'string' ? c.delta['content'] : (c?.text ?? '');
  }).join('');
}
