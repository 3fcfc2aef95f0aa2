// The output language of summaries and translations: the setting, or VS Code's display language when it is
// empty, and a quick pick to choose another (the common languages in their own names, or any language
// typed in).
import * as vscode from 'vscode';
import { LANGUAGES, findLanguage, resolveLanguage, type Language } from '../../core/prompts/languages';
import type { HearthServices } from '../../platform/services';

export type LanguageSettingKey = 'hearth.translate.targetLanguage' | 'hearth.summarize.language';

export function configuredLanguage(services: HearthServices, key: LanguageSettingKey): Language {
  const value = services.config.get<unknown>(key, '');
  return resolveLanguage(typeof value === 'string' ? value : '', vscode.env.language);
}

/** The name shown to users: `简体中文 (Simplified Chinese)`. */
export function displayName(language: Language): string {
  return language.native === language.english ? language.native : `${language.native} (${language.english})`;
}

interface LanguageItem extends vscode.QuickPickItem {
  value: string;
}

/** Asks for a language. Resolves with the setting value ('' = display language) and the language, or undefined. */
export async function pickLanguage(current: Language, title: string): Promise<{ value: string; language: Language } | undefined> {
  const display = resolveLanguage('', vscode.env.language);
  const items: LanguageItem[] = [
    { label: vscode.l10n.t('VS Code display language: {0}', display.native), value: '', description: display.english },
    { label: '', kind: vscode.QuickPickItemKind.Separator, value: '' },
    ...LANGUAGES.map((l): LanguageItem => ({ label: l.native, description: l.native === l.english ? undefined : l.english, value: l.code })),
    { label: '', kind: vscode.QuickPickItemKind.Separator, value: '' },
    { label: vscode.l10n.t('Other language…'), value: '\u0000other' },
  ];
  for (const item of items) if (item.value !== '' && item.value === current.code) item.description = `${item.description ?? ''} $(check)`.trim();
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Current: {0}', displayName(current)), matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.value !== '\u0000other') return { value: picked.value, language: resolveLanguage(picked.value, vscode.env.language) };
  const typed = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('The name of the language, e.g. Esperanto or Tiếng Việt') });
  if (!typed?.trim()) return undefined;
  const known = findLanguage(typed);
  return { value: known?.code ?? typed.trim(), language: resolveLanguage(typed, vscode.env.language) };
}

/** Asks for a language and saves it in the user settings. */
export async function chooseLanguageSetting(services: HearthServices, key: LanguageSettingKey, title: string): Promise<Language | undefined> {
  const picked = await pickLanguage(configuredLanguage(services, key), title);
  if (!picked) return undefined;
  await vscode.workspace.getConfiguration().update(key, picked.value, vscode.ConfigurationTarget.Global);
  return picked.language;
}
