// The translate bundle, loaded at the first Translate command: the commands' implementations and
// everything they need that activation does not (the translation engine, prompts, document edits).
import * as vscode from 'vscode';
import { resolveLanguage, type Language } from '../core/prompts/languages';
import type { CommentSyntaxProvider } from '../platform/commentSyntax';
import type { ReadOnlyDocuments } from '../platform/readonlyDocument';
import type { HearthServices } from '../platform/services';
import { translateComments, type TranslateCommentsOptions, type TranslateCommentsResult } from '../features/translate/comments';
import { chooseLanguageSetting, configuredLanguage, pickLanguage } from '../features/translate/languagePick';
import { translateSelection, type TranslateSelectionArgs, type TranslateSelectionResult, type TranslationEntry } from '../features/translate/selection';

export { replaceWithTranslation } from '../features/translate/selection';

/** Options passed to the command by other code (a menu passes a Uri, which means none). */
function commentsOptions(args: unknown): TranslateCommentsOptions {
  if (!args || typeof args !== 'object' || args instanceof vscode.Uri) return {};
  const a = args as { language?: unknown; cancellation?: unknown };
  const options: TranslateCommentsOptions = {};
  if (typeof a.language === 'string') options.language = resolveLanguage(a.language, vscode.env.language);
  if (a.cancellation && typeof (a.cancellation as vscode.CancellationToken).onCancellationRequested === 'function') options.cancellation = a.cancellation as vscode.CancellationToken;
  return options;
}

/** Translate Comments. */
export function translateCommentsCommand(services: HearthServices, syntaxes: CommentSyntaxProvider, args: unknown): Promise<TranslateCommentsResult> {
  return translateComments(services, syntaxes, commentsOptions(args));
}

/** Translate Comments To…: asks for the language first. */
export async function translateCommentsToCommand(services: HearthServices, syntaxes: CommentSyntaxProvider, args: unknown): Promise<TranslateCommentsResult | undefined> {
  const picked = await pickLanguage(configuredLanguage(services, 'hearth.translate.targetLanguage'), vscode.l10n.t('Translate comments into'));
  return picked ? translateComments(services, syntaxes, { ...commentsOptions(args), language: picked.language }) : undefined;
}

/** Translate Selection; `add` keeps the translation's document for its CodeLens. */
export function translateSelectionCommand(services: HearthServices, documents: ReadOnlyDocuments, add: (entry: TranslationEntry) => void, args: unknown): Promise<TranslateSelectionResult> {
  const options: TranslateSelectionArgs = args && typeof args === 'object' && !(args instanceof vscode.Uri) ? args : {};
  return translateSelection(services, documents, add, options);
}

/** Choose Translation Language. */
export function chooseLanguageCommand(services: HearthServices): Promise<Language | undefined> {
  return chooseLanguageSetting(services, 'hearth.translate.targetLanguage', vscode.l10n.t('Translate into'));
}
