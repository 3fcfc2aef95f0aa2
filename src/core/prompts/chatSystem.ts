// The chat's built-in system prompt, used when the user set none: short, because small models follow a
// long system prompt worse, and it only asks for what users expect: an answer in the language they write in.
import { languageForPrompt, type Language } from './languages';

export function builtinChatSystemPrompt(displayLanguage: Language): string {
  return `You are a helpful assistant in the code editor VS Code. Reply in the language of the user's message; if that is unclear, reply in ${languageForPrompt(displayLanguage)}.`;
}
