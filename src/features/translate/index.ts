// Translate Comments, Translate Comments To…, Translate Selection and Choose Translation Language.
import * as vscode from 'vscode';
import { Commands } from '../../platform/commands';
import type { ReadOnlyDocuments } from '../../platform/readonlyDocument';
import type { HearthServices } from '../../platform/services';
import type { CommentSyntaxProvider } from '../../platform/commentSyntax';
import { translateComments, type TranslateCommentsOptions } from './comments';
import { resolveLanguage } from '../../core/prompts/languages';
import { chooseLanguageSetting, configuredLanguage, pickLanguage } from './languagePick';
import { translateSelection, type TranslateSelectionArgs } from './selection';
import { TranslationDocs } from './translationDocs';

export type { TranslateCommentsResult } from './comments';
export type { TranslateSelectionResult } from './selection';

export const TranslateCommands = {
  comments: Commands.translateComments,
  commentsTo: 'hearth.translate.commentsTo',
  selection: Commands.translateSelection,
  chooseLanguage: 'hearth.translate.chooseLanguage',
} as const;

/** Options passed to the command by other code (a menu passes a Uri, which means none). */
function commentsOptions(args: unknown): TranslateCommentsOptions {
  if (!args || typeof args !== 'object' || args instanceof vscode.Uri) return {};
  const a = args as { language?: unknown; cancellation?: unknown };
  const options: TranslateCommentsOptions = {};
  if (typeof a.language === 'string') options.language = resolveLanguage(a.language, vscode.env.language);
  if (a.cancellation && typeof (a.cancellation as vscode.CancellationToken).onCancellationRequested === 'function') options.cancellation = a.cancellation as vscode.CancellationToken;
  return options;
}

export function register(services: HearthServices, documents: ReadOnlyDocuments, syntaxes: CommentSyntaxProvider): vscode.Disposable {
  const docs = new TranslationDocs();
  return vscode.Disposable.from(
    docs,
    vscode.languages.registerCodeLensProvider({ scheme: 'hearth-doc' }, docs),
    vscode.commands.registerCommand(TranslateCommands.comments, (args?: unknown) => translateComments(services, syntaxes, commentsOptions(args))),
    vscode.commands.registerCommand(TranslateCommands.commentsTo, async (args?: unknown) => {
      const picked = await pickLanguage(configuredLanguage(services, 'hearth.translate.targetLanguage'), vscode.l10n.t('Translate comments into'));
      return picked ? translateComments(services, syntaxes, { ...commentsOptions(args), language: picked.language }) : undefined;
    }),
    vscode.commands.registerCommand(TranslateCommands.selection, async (args?: TranslateSelectionArgs) => {
      const result = await translateSelection(services, documents, (entry) => docs.add(entry), args && typeof args === 'object' && !(args instanceof vscode.Uri) ? args : {});
      docs.refresh();
      return result;
    }),
    vscode.commands.registerCommand(TranslateCommands.chooseLanguage, () =>
      chooseLanguageSetting(services, 'hearth.translate.targetLanguage', vscode.l10n.t('Translate into')),
    ),
  );
}
