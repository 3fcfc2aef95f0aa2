// Prompts for translating code comments (a JSON object of ids → texts, answered in the same shape under a
// JSON schema) and for translating any selected text (answered as plain text).
import type { Language } from './languages';
import { languageForPrompt } from './languages';

export interface TranslationSource {
  /** File name, e.g. `cart.ts`. */
  name: string;
  /** VS Code language id, e.g. `typescript`. */
  languageId: string;
  /** The user's prompt (hearth.prompts.translate, filled in): replaces the built-in instructions; the reply format stays Hearth's. */
  instructions?: string;
}

export interface PromptItem {
  id: string;
  text: string;
}

export function commentsSystemPrompt(target: Language, source: TranslationSource): string {
  const lang = languageForPrompt(target);
  if (source.instructions) {
    // The reply must stay machine-readable whatever the user's instructions say.
    return `${source.instructions}\n\nYou receive a JSON object that maps ids to comment texts from the ${source.languageId} file \`${source.name}\`. Reply with one JSON object that maps every id to its translation into ${lang}: the same ids, no others, nothing else.`;
  }
  return [
    `You translate comments from source code into ${lang}.`,
    `You receive a JSON object that maps ids to comment texts from the ${source.languageId} file \`${source.name}\`.`,
    `Reply with one JSON object that maps every id to its translation into ${lang}: the same ids, no others, nothing else.`,
    'Translate naturally and concisely, as a developer would write the comment in that language.',
    'Keep exactly as written: code, identifiers, anything in backticks, URLs, file paths, {@link …} and XML or HTML tags, numbers and units.',
    'Keep each text one paragraph; do not add notes or explanations.',
    `If a text is already in ${lang}, return it unchanged.`,
  ].join(' ');
}

/** One item per line, so the model sees each text on its own. */
export function itemsJson(items: readonly PromptItem[]): string {
  return `{\n${items.map((i) => `  ${JSON.stringify(i.id)}: ${JSON.stringify(i.text)}`).join(',\n')}\n}`;
}

export function commentsUserMessage(items: readonly PromptItem[], target: Language, note?: string): string {
  const ask = `Translate into ${languageForPrompt(target)}:\n\n${itemsJson(items)}`;
  return note ? `${ask}\n\n${note}` : ask;
}

/** Added to the request when the previous reply could not be used. */
export function retryNote(problem: string, ids: readonly string[]): string {
  return `Your previous reply could not be used (${problem}). Reply with one JSON object whose keys are exactly ${ids.map((id) => JSON.stringify(id)).join(', ')}, each mapped to its translation as a string.`;
}

/** Added when translations lost code, URLs or tags that must be kept. */
export function keepSpansNote(spans: readonly string[]): string {
  return `Keep these exactly as written in the translations: ${spans.join(' ')}`;
}

export function selectionSystemPrompt(target: Language): string {
  const lang = languageForPrompt(target);
  return [
    `You translate text into ${lang}.`,
    `Reply with the translation only: no introduction, no notes, no quotation marks or code fences around it.`,
    'Keep the layout: line breaks, Markdown, lists and indentation.',
    'Keep exactly as written: code, identifiers, anything in backticks, URLs, file paths, placeholders like {0} or %s, and tags.',
    `If the text is already in ${lang}, return it unchanged.`,
  ].join(' ');
}

export function selectionUserMessage(text: string, languageId: string, target: Language, part?: { index: number; total: number }): string {
  const where = part ? ` (part ${part.index} of ${part.total})` : '';
  return `Translate this ${languageId} text${where} into ${languageForPrompt(target)}:\n\n${text}`;
}
