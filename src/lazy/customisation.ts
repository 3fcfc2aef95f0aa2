// The customisation bundle, loaded the first time a prompt template is set or checked, the chat needs its
// default system prompt, or "Reset Prompts and Generation Options" runs.
export { resetCustomisation } from '../features/customisation/reset';
export { chatDefaultSystemPrompt, chatSystemPromptForTurn, choosePrompt, renderIfValid, warnIfInvalid } from '../features/customisation/prompts';
