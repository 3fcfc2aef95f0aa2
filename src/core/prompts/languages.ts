// The languages Hearth offers for summaries and translations, and how a setting value or VS Code's display
// language maps to one. A setting may also name any other language in words ("Esperanto"): the model gets
// the name as written.

export type Script = 'latin' | 'han' | 'kana' | 'hangul' | 'cyrillic' | 'arabic' | 'devanagari' | 'thai' | 'greek' | 'hebrew';

export interface Language {
  /** VS Code locale style: `en`, `zh-cn`, `pt-br`. Empty for a language named freely in the settings. */
  code: string;
  /** The name a model understands best. */
  english: string;
  /** The name its speakers use, for the quick pick. */
  native: string;
  script?: Script;
}

export const LANGUAGES: readonly Language[] = [
  { code: 'en', english: 'English', native: 'English', script: 'latin' },
  { code: 'zh-cn', english: 'Simplified Chinese', native: '简体中文', script: 'han' },
  { code: 'zh-tw', english: 'Traditional Chinese', native: '繁體中文', script: 'han' },
  { code: 'ja', english: 'Japanese', native: '日本語', script: 'kana' },
  { code: 'ko', english: 'Korean', native: '한국어', script: 'hangul' },
  { code: 'de', english: 'German', native: 'Deutsch', script: 'latin' },
  { code: 'fr', english: 'French', native: 'Français', script: 'latin' },
  { code: 'es', english: 'Spanish', native: 'Español', script: 'latin' },
  { code: 'ru', english: 'Russian', native: 'Русский', script: 'cyrillic' },
  { code: 'pt-br', english: 'Brazilian Portuguese', native: 'Português (Brasil)', script: 'latin' },
  { code: 'pt', english: 'Portuguese', native: 'Português', script: 'latin' },
  { code: 'it', english: 'Italian', native: 'Italiano', script: 'latin' },
  { code: 'nl', english: 'Dutch', native: 'Nederlands', script: 'latin' },
  { code: 'pl', english: 'Polish', native: 'Polski', script: 'latin' },
  { code: 'tr', english: 'Turkish', native: 'Türkçe', script: 'latin' },
  { code: 'uk', english: 'Ukrainian', native: 'Українська', script: 'cyrillic' },
  { code: 'cs', english: 'Czech', native: 'Čeština', script: 'latin' },
  { code: 'sv', english: 'Swedish', native: 'Svenska', script: 'latin' },
  { code: 'vi', english: 'Vietnamese', native: 'Tiếng Việt', script: 'latin' },
  { code: 'id', english: 'Indonesian', native: 'Bahasa Indonesia', script: 'latin' },
  { code: 'th', english: 'Thai', native: 'ไทย', script: 'thai' },
  { code: 'ar', english: 'Arabic', native: 'العربية', script: 'arabic' },
  { code: 'hi', english: 'Hindi', native: 'हिन्दी', script: 'devanagari' },
  { code: 'el', english: 'Greek', native: 'Ελληνικά', script: 'greek' },
  { code: 'he', english: 'Hebrew', native: 'עברית', script: 'hebrew' },
];

const ALIASES: Record<string, string> = {
  zh: 'zh-cn',
  'zh-hans': 'zh-cn',
  'zh-sg': 'zh-cn',
  'zh-hant': 'zh-tw',
  'zh-hk': 'zh-tw',
  'zh-mo': 'zh-tw',
  'pt-pt': 'pt',
  iw: 'he',
};

function normalize(value: string): string {
  return value.trim().toLowerCase().replace(/_/g, '-');
}

/** The language of a code (`zh-CN`, `en-US`, `pt_BR`) or a name (`German`, `简体中文`); undefined if unknown. */
export function findLanguage(value: string): Language | undefined {
  const key = normalize(value);
  if (key === '') return undefined;
  const code = ALIASES[key] ?? key;
  const exact = LANGUAGES.find((l) => l.code === code);
  if (exact) return exact;
  const byName = LANGUAGES.find((l) => l.english.toLowerCase() === key || l.native.toLowerCase() === key);
  if (byName) return byName;
  const base = code.split('-')[0] ?? '';
  return LANGUAGES.find((l) => l.code === (ALIASES[base] ?? base));
}

/**
 * The language a setting asks for: '' means VS Code's display language (`vscode.env.language`), a known code
 * or name gives that language, anything else is taken as the name of a language.
 */
export function resolveLanguage(setting: string, displayLanguage: string): Language {
  const value = setting.trim();
  if (value === '') return findLanguage(displayLanguage) ?? (LANGUAGES[0] as Language);
  return findLanguage(value) ?? { code: '', english: value, native: value };
}

/** How a prompt names the language: `Simplified Chinese (简体中文)`. */
export function languageForPrompt(language: Language): string {
  return language.native !== language.english ? `${language.english} (${language.native})` : language.english;
}
