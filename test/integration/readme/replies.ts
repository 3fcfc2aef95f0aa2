// What the "model" answers in the README screenshots: realistic text for each feature, chosen by what the
// request asks for, so the order in which VS Code and Hearth send requests does not matter.
import * as fs from 'fs';
import * as path from 'path';
import { splitFimPrompt, type Reply, type ReplyContext } from '../../support/standin';

export const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'readme');
export const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** The body of the for loop in retry.ts, after the four spaces already on the cursor's line. */
export const RETRY_BODY = [
  'try {',
  '      return await task();',
  '    } catch (error) {',
  '      lastError = error;',
  '      if (attempt === attempts) break;',
  '      const cap = baseDelayMs * 2 ** (attempt - 1);',
  '      await wait(Math.random() * cap);',
  '    }',
].join('\n');
/** The line of retry.ts (0-based) where the cursor waits, after its four spaces. */
export const RETRY_CURSOR_LINE = 16;

/** Where the Markdown fixture ends: the user types on from here. */
export const PROSE_END = '吃了片儿川，';
/** What the model writes after PROSE_END; it goes on past the sentence, and Hearth shows only the sentence. */
export const PROSE_CONTINUATION = '汤头很鲜，笋片和雪菜切得很细，面条也够劲道。下午我们去了';

/** The text before the cursor, from a completion prompt of any layout. */
function textBeforeCursor(ctx: ReplyContext): string {
  return ctx.suffix !== undefined ? ctx.prompt : (splitFimPrompt(ctx.prompt)?.prefix ?? ctx.prompt);
}

/** The rest of `full` after what the user typed of it since `anchor`; '' when they typed something else. */
function restOf(before: string, anchor: string, full: string): string {
  const at = before.lastIndexOf(anchor);
  const typed = at < 0 ? '' : before.slice(at + anchor.length);
  return full.startsWith(typed) ? full.slice(typed.length) : '';
}

export const CHAT_QUESTION = 'Why wait a random time, not exactly baseDelayMs × 2ⁿ?';

export const CHAT_ANSWER = [
  'So that clients that failed together do not **retry together** and knock the server over again.',
  '',
  '*Full jitter* picks any delay up to the exponential cap: the wait still grows, but the retries spread out.',
  '',
  '```ts',
  'const cap = baseDelayMs * 2 ** (attempt - 1);',
  'await wait(Math.random() * cap);',
  '```',
  '',
  'Want a minimum pause? Use *equal jitter*: half the cap plus a random half.',
].join('\n');

export const SUMMARY = [
  '- `RateLimiter` is a token bucket: up to `capacity` calls in a burst, refilled at `refillPerSecond` tokens per second.',
  '- `acquire(signal?)` resolves when a token is free; callers wait in the order they asked, and aborting the signal takes a caller out of the line.',
  '- `tryAcquire()` takes a token only if one is free now and never waits.',
  '- Tokens are refilled lazily from the clock on each call, so an idle limiter runs no timer.',
  '- A caller that waits longer than `maxWaitMs` is rejected with `LimiterTimeoutError`; `dispose()` rejects everyone still waiting with `LimiterClosedError`.',
].join('\n');

/** The `{ id: text }` object in a comment-translation prompt. */
function itemsInPrompt(prompt: string): Record<string, string> {
  const start = prompt.indexOf('{\n');
  const end = prompt.indexOf('\n}', start);
  return start < 0 || end < 0 ? {} : (JSON.parse(prompt.slice(start, end + 2)) as Record<string, string>);
}

/**
 * Answers every request of the README run. A comment whose translation is not in the dictionary fails the
 * run's translation (the fixture and the dictionary must be kept together) instead of showing a placeholder.
 */
export function readmeReplies(translations: Record<string, string>, missing: string[]): (ctx: ReplyContext) => Reply | string {
  return (ctx) => {
    if (ctx.path === '/api/generate') {
      const before = textBeforeCursor(ctx);
      if (before.includes(PROSE_END)) return restOf(before, PROSE_END, PROSE_CONTINUATION);
      if (before.includes('withRetry')) return RETRY_BODY;
      return '';
    }
    if (ctx.format) {
      const items = itemsInPrompt(ctx.prompt);
      const out: Record<string, string> = {};
      for (const [id, text] of Object.entries(items)) {
        const english = translations[text];
        if (english === undefined) missing.push(text);
        out[id] = english ?? text;
      }
      return JSON.stringify(out);
    }
    const system = ctx.messages?.find((m) => m.role === 'system')?.content ?? '';
    if (system.startsWith('You summarize')) return SUMMARY;
    return CHAT_ANSWER;
  };
}
