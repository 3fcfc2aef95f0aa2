// Translate Comments, Translate Comments To…, Translate Selection and Choose Translation Language. The
// commands are registered here; their implementation is the translate bundle, loaded at the first call.
import * as vscode from 'vscode';
import { Commands } from '../../platform/commands';
import { lazyBundle } from '../../platform/lazy';
import type { ReadOnlyDocuments } from '../../platform/readonlyDocument';
import type { HearthServices } from '../../platform/services';
import type { CommentSyntaxProvider } from '../../platform/commentSyntax';
import type * as TranslateBundle from '../../lazy/translate';
import type { TranslateCommentsResult } from './comments';
import type { TranslateSelectionResult } from './selection';
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

/**
 * Tells the walkthrough when a translation reached the user: applied (directly, or accepted in the refactor
 * preview), shown beside, or replacing the selection. A preview that was discarded, or applied with nothing
 * ticked, does not count.
 */
function noteTranslated(services: HearthServices, result: TranslateCommentsResult | TranslateSelectionResult): void {
  const status: string = result.status;
  if (status === 'applied' || status === 'shown' || status === 'replaced') services.milestones.reach('translated');
}

export function register(services: HearthServices, documents: ReadOnlyDocuments, syntaxes: CommentSyntaxProvider): vscode.Disposable {
  const docs = new TranslationDocs((entry) => translateBundle().replaceWithTranslation(entry));
  return vscode.Disposable.from(
    docs,
    vscode.languages.registerCodeLensProvider({ scheme: 'hearth-doc' }, docs),
    vscode.commands.registerCommand(TranslateCommands.comments, async (args?: unknown) => {
      const result = await translateBundle().translateCommentsCommand(services, syntaxes, args);
      if (result) noteTranslated(services, result);
      return result;
    }),
    vscode.commands.registerCommand(TranslateCommands.commentsTo, async (args?: unknown) => {
      const result = await translateBundle().translateCommentsToCommand(services, syntaxes, args);
      if (result) noteTranslated(services, result);
      return result;
    }),
    vscode.commands.registerCommand(TranslateCommands.selection, async (args?: unknown) => {
      const result = await translateBundle().translateSelectionCommand(services, documents, (entry) => docs.add(entry), args);
      docs.refresh();
      noteTranslated(services, result);
      return result;
    }),
    vscode.commands.registerCommand(TranslateCommands.chooseLanguage, () => translateBundle().chooseLanguageCommand(services)),
  );
}
