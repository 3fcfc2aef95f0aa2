// The user's prompt templates (`hearth.prompts.*`) and generation options (`hearth.generation.*`), read for a
// feature when it runs. An invalid template is reported with the setting's name and two ways on: open the
// setting, or run this once with Hearth's built-in prompt, so nothing is lost. A template saved with a
// problem is reported at once (once per value), not only when the action runs. Checking and filling
// templates lives in the customisation bundle, loaded only once a template is set.
import * as vscode from 'vscode';
import { GENERATION_DEFAULTS, parseGeneration, type GenerationFeature, type GenerationOptions } from '../core/generation';
import type { TemplateId, TemplateValues } from '../core/prompts/template';
import { SETTING_DEFAULTS } from '../core/settings';
import type * as CustomisationBundle from '../lazy/customisation';
import type { ConfigService } from './config';
import { lazyBundle } from './lazy';

/** The custom prompt, filled in; Hearth's built-in one; or nothing (the user dismissed the error). */
export type PromptChoice = { kind: 'custom'; text: string } | { kind: 'builtin' } | { kind: 'cancelled' };

export interface Question {
  severity: 'error' | 'warning' | 'info';
  message: string;
  buttons: string[];
  /** A modal dialog (with `detail` under the message). */
  modal?: boolean;
  detail?: string;
}

/** Shows a message with buttons and resolves with the button picked (tests replace it). */
export type Chooser = (question: Question) => Thenable<string | undefined>;

const TEMPLATE_SETTINGS: Readonly<Record<TemplateId, string>> = {
  draft: 'hearth.prompts.draft',
  summarize: 'hearth.prompts.summarize',
  translate: 'hearth.prompts.translate',
  chatSystem: 'hearth.prompts.chatSystem',
};
const LEGACY_CHAT_SYSTEM = 'hearth.chat.systemPrompt';
/** How long a saved template must stay unchanged before it is checked (the Settings editor saves as you type). */
const SAVED_CHECK_DELAY_MS = 1_000;

const bundle = lazyBundle<typeof CustomisationBundle>('customisation');

const windowChooser: Chooser = (q) => {
  const show = q.severity === 'error' ? vscode.window.showErrorMessage : q.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  return show(q.message, { modal: q.modal ?? false, detail: q.detail }, ...q.buttons);
};

export class CustomisationService implements vscode.Disposable {
  private chooser: Chooser = windowChooser;
  /** The last template warned about, per setting: each bad value is reported once. */
  private readonly warned = new Map<TemplateId, string>();
  private readonly loggedGeneration = new Map<string, string>();
  private readonly pendingChecks = new Map<TemplateId, ReturnType<typeof setTimeout>>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly config: ConfigService,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      for (const id of Object.keys(TEMPLATE_SETTINGS) as TemplateId[]) {
        if (!e.affectsConfiguration(TEMPLATE_SETTINGS[id])) continue;
        // The Settings editor saves while the user types: check once the value has rested a moment.
        clearTimeout(this.pendingChecks.get(id));
        this.pendingChecks.set(id, setTimeout(() => this.checkSaved(id), SAVED_CHECK_DELAY_MS));
      }
    });
  }

  private checkSaved(id: TemplateId): void {
    this.pendingChecks.delete(id);
    const template = this.template(id);
    if (!template || this.warned.get(id) === template) return;
    this.warned.set(id, template);
    void bundle().warnIfInvalid(this, id, template);
  }

  /** The raw template for `id`; '' = none. */
  template(id: TemplateId): string {
    const value = this.config.get<unknown>(TEMPLATE_SETTINGS[id], '');
    return typeof value === 'string' ? value.trim() : '';
  }

  /** The old chat system prompt, used as written (no placeholders) while hearth.prompts.chatSystem is empty. */
  legacyChatSystem(): string {
    const value = this.config.get<unknown>(LEGACY_CHAT_SYSTEM, SETTING_DEFAULTS[LEGACY_CHAT_SYSTEM]);
    return typeof value === 'string' ? value.trim() : '';
  }

  /**
   * The prompt to run `id` with: the user's template filled with `values`, or the built-in one when none is
   * set. An invalid template asks the user: open the setting (the action stops), or use the built-in prompt.
   */
  async prompt(id: TemplateId, values: TemplateValues): Promise<PromptChoice> {
    const template = this.template(id);
    return template ? bundle().choosePrompt(this, id, template, values) : { kind: 'builtin' };
  }

  /** The chat's default system prompt, as its editor shows it. */
  chatDefaultSystemPrompt(): string {
    return bundle().chatDefaultSystemPrompt(this);
  }

  /** The chat's default system prompt for a turn; undefined when the user dismissed the error about the template. */
  chatSystemPromptForTurn(): Promise<string | undefined> {
    return bundle().chatSystemPromptForTurn(this);
  }

  /** Generation options of a feature, validated; ignored values are logged once per value. */
  generation(feature: GenerationFeature): GenerationOptions {
    const key = `hearth.generation.${feature}`;
    const parsed = parseGeneration(feature, this.config.get<unknown>(key, GENERATION_DEFAULTS[feature]));
    const note = parsed.ignored.join('; ');
    if (note && this.loggedGeneration.get(key) !== note) this.log.warn(`${key}: ignored ${note}; Hearth's defaults apply instead.`);
    this.loggedGeneration.set(key, note);
    return parsed.options;
  }

  /** Asks the user (through the test's chooser while one is installed). */
  ask(question: Question): Thenable<string | undefined> {
    return this.chooser(question);
  }

  /** Replaces how questions reach the screen (integration tests); dispose to restore. */
  useChooser(chooser: Chooser): vscode.Disposable {
    this.chooser = chooser;
    this.warned.clear();
    return new vscode.Disposable(() => {
      this.chooser = windowChooser;
      this.warned.clear();
    });
  }

  dispose(): void {
    this.subscription.dispose();
    for (const timer of this.pendingChecks.values()) clearTimeout(timer);
  }
}
