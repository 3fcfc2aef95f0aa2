// The chat's system prompt when a conversation has none of its own: the user's hearth.prompts.chatSystem
// template, else the old hearth.chat.systemPrompt (as written), else Hearth's built-in prompt, which asks for
// answers in the user's language with VS Code's display language as the fallback. The logic loads with the
// customisation bundle (src/features/customisation/prompts.ts) when the chat first needs it.
import type { HearthServices } from '../../platform/services';

/** What the chat uses by default, shown in the system prompt editor. */
export function defaultSystemPrompt(services: HearthServices): string {
  return services.custom.chatDefaultSystemPrompt();
}

/** The default system prompt for a turn; undefined when the user dismissed the error about an invalid template. */
export function systemPromptForTurn(services: HearthServices): Promise<string | undefined> {
  return services.custom.chatSystemPromptForTurn();
}
