// Scripted "summaries" for the stand-in: notes name the part they were asked about, merged notes and the
// final summary name the notes they received, so a test can check the map-reduce order from the output.
import type { Reply, ReplyContext } from '../../support/standin';

export const FINAL_SUMMARY = '- The document covers the whole system.\n- Every part was read in order.';
export const SINGLE_SUMMARY = '- A short text about one topic.';

/** The part number in a notes prompt (`Part 3 of 8 of …`). */
export function partOf(prompt: string): number | undefined {
  const m = /^Part (\d+) of (\d+)/.exec(prompt);
  return m ? Number(m[1]) : undefined;
}

export function summaryReplies(ctx: ReplyContext): Reply {
  const system = ctx.messages?.find((m) => m.role === 'system')?.content ?? '';
  if (system.includes('write notes on it')) {
    // As long as a real model's notes (a few hundred tokens), so that long texts need merge rounds.
    const part = partOf(ctx.prompt) ?? '?';
    const details = Array.from({ length: 6 }, (_, i) => `- Detail ${i + 1} of part ${part}: a function, a type or a decision that this part describes at some length.`);
    return { text: [`- Notes on part ${part}.`, ...details].join('\n') };
  }
  if (system.includes('Merge them into one set of notes')) {
    const labels = [...ctx.prompt.matchAll(/^## (Parts? [\d–]+)/gm)].map((m) => m[1]);
    return { text: `- Merged notes on ${labels.join(', ')}.` };
  }
  if (system.includes('Combine them into a summary')) return { text: FINAL_SUMMARY };
  return { text: SINGLE_SUMMARY };
}
