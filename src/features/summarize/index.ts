// Summarize Selection: the command, the summary documents and the actions on them. The commands and the
// CodeLens are registered here; their implementation is the summarize bundle, loaded at the first call.
import * as vscode from 'vscode';
import { lazyBundle } from '../../platform/lazy';
import { ReadOnlyDocuments } from '../../platform/readonlyDocument';
import type { HearthServices } from '../../platform/services';
import type { CommentSyntaxProvider } from '../../platform/commentSyntax';
import type * as SummarizeBundle from '../../lazy/summarize';
import type { ActionResult } from './actions';
import { SummaryCommands, SummaryRegistry, type SummaryEntry } from './registry';

export { SummaryCommands } from './registry';
export type { SummarizeResult } from './command';

const summarizeBundle = lazyBundle<typeof SummarizeBundle>('summarize');

export function register(services: HearthServices, documents: ReadOnlyDocuments, syntaxes: CommentSyntaxProvider): vscode.Disposable {
  const registry = new SummaryRegistry();
  /** The summary a command acts on: its argument, else the active tab's (rendered or source), else the active editor's. */
  const entryFor = (uri: unknown): SummaryEntry | undefined =>
    registry.get(uri instanceof vscode.Uri ? uri : (ReadOnlyDocuments.activeUri() ?? vscode.window.activeTextEditor?.document.uri));
  const withEntry =
    (action: (entry: SummaryEntry) => Promise<ActionResult>) =>
    async (uri?: unknown): Promise<ActionResult> => {
      const entry = entryFor(uri);
      if (!entry || !entry.view.summary.trim()) return { ok: false, reason: 'no summary' };
      return action(entry);
    };
  return vscode.Disposable.from(
    registry,
    vscode.languages.registerCodeLensProvider({ scheme: 'hearth-doc' }, registry),
    vscode.commands.registerCommand(SummaryCommands.summarize, async (arg?: unknown) => {
      const result = await summarizeBundle().summarize(services, documents, registry, arg);
      if (result.status === 'done') services.milestones.reach('summarized');
      return result;
    }),
    vscode.commands.registerCommand(SummaryCommands.summarizeFile, async (arg?: unknown) => {
      const result = await summarizeBundle().summarize(services, documents, registry, arg, { wholeFile: true });
      if (result.status === 'done') services.milestones.reach('summarized');
      return result;
    }),
    vscode.commands.registerCommand(SummaryCommands.copy, withEntry((e) => summarizeBundle().copySummary(e))),
    vscode.commands.registerCommand(SummaryCommands.insertAsComment, withEntry((e) => summarizeBundle().insertSummaryAsComment(e, syntaxes))),
    vscode.commands.registerCommand(SummaryCommands.openInChat, withEntry((e) => summarizeBundle().openSummaryInChat(e, services))),
    vscode.commands.registerCommand(SummaryCommands.stop, (uri?: unknown) => entryFor(uri)?.stop()),
  );
}
