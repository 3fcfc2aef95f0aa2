// The checking and filling of the user's prompt templates, and the chat's default system prompt: loaded with
// the customisation bundle the first time a template is set or the chat needs its default, so activation
// carries none of it. CustomisationService (src/platform/customisation.ts) holds the state and calls these.
import * as vscode from 'vscode';
import { builtinChatSystemPrompt } from '../../core/prompts/chatSystem';
import { languageForPrompt, resolveLanguage } from '../../core/prompts/languages';
import { checkTemplate, describeProblem, positionOf, renderTemplate, TEMPLATE_SPECS, type TemplateId, type TemplateProblem, type TemplateSpec, type TemplateValues } from '../../core/prompts/template';
import { Commands } from '../../platform/commands';
import type { CustomisationService, PromptChoice } from '../../platform/customisation';

function placeholderList(spec: TemplateSpec): string {
  return spec.allowed.map((p) => `{${p}}`).join(', ');
}

/** The problem in the user's language. Braces go in as arguments: l10n.t reads `{0}` in its message. */
export function problemText(problem: TemplateProblem, template: string): string {
  const braces = vscode.l10n.t('Write {0} and {1} for literal braces.', '{{', '}}');
  switch (problem.kind) {
    case 'unclosed': {
      const at = positionOf(template, problem.offset);
      return `${vscode.l10n.t('The {0} at line {1}, column {2} has no closing {3}.', '"{"', at.line, at.column, '"}"')} ${braces}`;
    }
    case 'unknown':
      return problem.suggestion
        ? vscode.l10n.t('{0} is not a placeholder. Did you mean {1}?', `{${problem.name}}`, `{${problem.suggestion}}`)
        : `${vscode.l10n.t('{0} is not a placeholder.', `{${problem.name}}`)} ${braces}`;
    case 'notAllowed':
      return problem.name === 'text'
        ? vscode.l10n.t('{0} cannot be used here: Hearth sends the text itself, fenced, after your prompt.', '{text}')
        : vscode.l10n.t('{0} cannot be used in this prompt.', `{${problem.name}}`);
    case 'missing':
      return vscode.l10n.t('The prompt must contain {0}.', `{${problem.name}}`);
  }
}

interface FoundProblem {
  spec: TemplateSpec;
  /** The first problem, in the user's language. */
  problem: string;
  /** The placeholders the template accepts, e.g. `{language}, {style}`. */
  placeholders: string;
}

/** Checks a template and logs every problem it has; undefined when it has none. */
function findProblem(custom: CustomisationService, id: TemplateId, template: string): FoundProblem | undefined {
  const spec = TEMPLATE_SPECS[id];
  const problems = checkTemplate(template, spec);
  if (problems.length === 0) return undefined;
  custom.log.warn(`${spec.setting}: ${problems.map((p) => describeProblem(p, spec)).join(' ')}`);
  return { spec, problem: problemText(problems[0] as TemplateProblem, template), placeholders: placeholderList(spec) };
}

/** The template filled in; on a problem, asks: open the setting (the action stops) or use the built-in prompt. */
export async function choosePrompt(custom: CustomisationService, id: TemplateId, template: string, values: TemplateValues): Promise<PromptChoice> {
  const found = findProblem(custom, id, template);
  if (!found) return { kind: 'custom', text: renderTemplate(template, values) };
  const open = vscode.l10n.t('Open Setting');
  const builtin = vscode.l10n.t('Use Built-in Prompt');
  const message = vscode.l10n.t('Hearth cannot use your prompt in the setting {0}: {1} Placeholders it accepts: {2}.', found.spec.setting, found.problem, found.placeholders);
  const picked = await custom.ask({ severity: 'error', message, buttons: [open, builtin] });
  if (picked === builtin) return { kind: 'builtin' };
  if (picked === open) void vscode.commands.executeCommand(Commands.openSettings, found.spec.setting);
  return { kind: 'cancelled' };
}

export function renderIfValid(id: TemplateId, template: string, values: TemplateValues): string | undefined {
  return checkTemplate(template, TEMPLATE_SPECS[id]).length > 0 ? undefined : renderTemplate(template, values);
}

/** Warns about a template just saved with a problem. */
export async function warnIfInvalid(custom: CustomisationService, id: TemplateId, template: string): Promise<void> {
  const found = findProblem(custom, id, template);
  if (!found) return;
  const open = vscode.l10n.t('Open Setting');
  const message = vscode.l10n.t('The prompt in the setting {0} has a problem: {1} Placeholders it accepts: {2}.', found.spec.setting, found.problem, found.placeholders);
  if ((await custom.ask({ severity: 'warning', message, buttons: [open] })) === open) void vscode.commands.executeCommand(Commands.openSettings, found.spec.setting);
}

// ---- the chat's system prompt ------------------------------------------------------------------------

function chatValues(): TemplateValues {
  return { language: languageForPrompt(resolveLanguage('', vscode.env.language)) };
}

function builtinChat(): string {
  return builtinChatSystemPrompt(resolveLanguage('', vscode.env.language));
}

/**
 * What the chat uses when a conversation has no system prompt of its own, as the system prompt editor shows
 * it: hearth.prompts.chatSystem filled in, else the old hearth.chat.systemPrompt as written, else the
 * built-in prompt (also while the template has a problem: the send asks about it).
 */
export function chatDefaultSystemPrompt(custom: CustomisationService): string {
  const template = custom.template('chatSystem');
  if (template) return renderIfValid('chatSystem', template, chatValues()) ?? builtinChat();
  return custom.legacyChatSystem() || builtinChat();
}

/** The default system prompt for one turn; undefined when the user dismissed the error about the template. */
export async function chatSystemPromptForTurn(custom: CustomisationService): Promise<string | undefined> {
  const template = custom.template('chatSystem');
  if (!template) return custom.legacyChatSystem() || builtinChat();
  const choice = await choosePrompt(custom, 'chatSystem', template, chatValues());
  if (choice.kind === 'cancelled') return undefined;
  return choice.kind === 'custom' ? choice.text : builtinChat();
}
