// Scripted "translations" for the stand-in: the reply to a comment batch looks up each id's text in a
// dictionary (or marks it), so tests know the exact expected output. Also the parser for the batch JSON
// in a prompt, for tests that want to misbehave on purpose (drop an id, add one, break the JSON).
import type { Reply, ReplyContext } from '../../support/standin';

/** The `{ id: text }` object in a comment-translation prompt. */
export function itemsInPrompt(prompt: string): Record<string, string> {
  const start = prompt.indexOf('{\n');
  const end = prompt.indexOf('\n}', start);
  if (start < 0 || end < 0) throw new Error(`no items in prompt: ${prompt.slice(0, 200)}`);
  return JSON.parse(prompt.slice(start, end + 2)) as Record<string, string>;
}

/** A translation function: the dictionary entry, or the text marked as translated. */
export function dictionaryTranslator(dictionary: Record<string, string>): (text: string) => string {
  return (text) => dictionary[text] ?? `【译】${text}`;
}

/** A reply function for comment batches; plain prompts (no JSON format) get `fallback`. */
export function commentReplies(translate: (text: string) => string, edit?: (items: Record<string, string>) => Record<string, string> | string): (ctx: ReplyContext) => Reply {
  return (ctx) => {
    if (!ctx.format) return { text: translate(ctx.prompt) };
    const items = itemsInPrompt(ctx.prompt);
    const out = Object.fromEntries(Object.entries(items).map(([id, text]) => [id, translate(text)]));
    const edited = edit ? edit(out) : out;
    return { text: typeof edited === 'string' ? edited : JSON.stringify(edited) };
  };
}
