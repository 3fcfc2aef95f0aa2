// Translate Comments, Translate Comments To…, Translate Selection and Choose Translation Language. The
// commands are registered here; their implementation is the translate bundle, loaded at the first call.
import * as vscode from 'vscode';
import { Commands } from '../../platform/commands';
import { lazyBundle } from '../../platform/lazy';
import type { ReadOnlyDocuments } from '../../platform/readonlyDocument';
import type { HearthServices } from '../../platform/services';
import type { CommentSyntaxProvider } from '../../platform/commentSyntax';
import type * as TranslateBundle from '../../lazy/translate';
import { TranslationDocs } from './translationDocs';

export type { TranslateCommentsResult } from './comments';
export type { TranslateSelectionResult } from './selection';

export const TranslateCommands = {
  comments: Commands.translateComments,
  commentsTo: 'hearth.translate.commentsTo',
  selection: Commands.translateSelection,
  chooseLanguage: 'hearth.translate.chooseLanguage',
} as const;

const translateBundle = lazyBundle<typeof TranslateBundle>('translate');

export function register(services: HearthServices, documents: ReadOnlyDocuments, syntaxes: CommentSyntaxProvider): vscode.Disposable {
  const docs = new TranslationDocs((entry) => translateBundle().replaceWithTranslation(entry));
  return vscode.Disposable.from(
    docs,
    vscode.languages.registerCodeLensProvider({ scheme: 'hearth-doc' }, docs),
    vscode.commands.registerCommand(TranslateCommands.comments, (args?: unknown) => translateBundle().translateCommentsCommand(services, syntaxes, args)),
    vscode.commands.registerCommand(TranslateCommands.commentsTo, (args?: unknown) => translateBundle().translateCommentsToCommand(services, syntaxes, args)),
    vscode.commands.registerCommand(TranslateCommands.selection, async (args?: unknown) => {
      const result = await translateBundle().translateSelectionCommand(services, documents, (entry) => docs.add(entry), args);
      docs.refresh();
      return result;
    }),
    vscode.commands.registerCommand(TranslateCommands.chooseLanguage, () => translateBundle().chooseLanguageCommand(services)),
  );
}
