// Which sample file a walkthrough step opens: drafting and summaries in the user's language, the comments to
// translate in the other one (Chinese comments for an English UI and the other way round), so translating
// them shows something. The files ship under media/walkthrough/samples/.

export const SAMPLE_KINDS = ['draft', 'summarize', 'translate'] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];

/** The UI languages the samples exist in. */
export type SampleLanguage = 'en' | 'zh-cn';

export interface SampleFile {
  file: string;
  languageId: string;
}

export function isSampleKind(value: unknown): value is SampleKind {
  return typeof value === 'string' && (SAMPLE_KINDS as readonly string[]).includes(value);
}

/** The kind a command argument names: `'draft'`, or `{ kind: 'draft' }`. */
export function sampleKindOf(arg: unknown): SampleKind | undefined {
  if (isSampleKind(arg)) return arg;
  const kind = arg && typeof arg === 'object' ? (arg as { kind?: unknown }).kind : undefined;
  return isSampleKind(kind) ? kind : undefined;
}

/** VS Code's display language (`vscode.env.language`, e.g. 'zh-cn', 'zh-tw', 'en', 'de') → the samples' language. */
export function sampleLanguage(displayLanguage: string): SampleLanguage {
  return displayLanguage.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}

export function sampleFile(kind: SampleKind, language: SampleLanguage): SampleFile {
  switch (kind) {
    case 'draft':
      return { file: `draft.${language}.ts`, languageId: 'typescript' };
    case 'summarize':
      return { file: `summarize.${language}.md`, languageId: 'markdown' };
    case 'translate':
      return { file: `translate.${language === 'en' ? 'zh-cn' : 'en'}.py`, languageId: 'python' };
  }
}
