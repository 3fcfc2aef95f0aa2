// The walkthrough's samples: files shipped under media/walkthrough/samples/ (chosen in core/walkthrough/samples),
// opened as untitled documents (nothing on disk is ever overwritten) beside the walkthrough, each followed by
// the feature it shows.
import * as vscode from 'vscode';
import { SAMPLE_KINDS, sampleFile, sampleKindOf, sampleLanguage, type SampleKind } from '../../core/walkthrough/samples';
import { besideColumn } from '../../platform/columns';
import { Commands } from '../../platform/commands';

/** Where drafting starts: the end of the document (the samples end inside an unfinished function). */
function endOf(document: vscode.TextDocument): vscode.Position {
  return document.lineAt(document.lineCount - 1).range.end;
}

export interface OpenedSample {
  kind: SampleKind;
  editor: vscode.TextEditor;
  /** What the feature command returned (a summary, a translation), or undefined for drafting. */
  result?: unknown;
}

export async function openSample(extensionUri: vscode.Uri, arg: unknown): Promise<OpenedSample | undefined> {
  const kind = sampleKindOf(arg);
  if (!kind) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Unknown sample "{0}". Use one of: {1}.', String(arg), SAMPLE_KINDS.join(', ')));
    return undefined;
  }
  const sample = sampleFile(kind, sampleLanguage(vscode.env.language));
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'media', 'walkthrough', 'samples', sample.file));
  const document = await vscode.workspace.openTextDocument({ language: sample.languageId, content: new TextDecoder().decode(bytes) });
  const editor = await vscode.window.showTextDocument(document, { viewColumn: besideColumn(), preview: false });
  switch (kind) {
    case 'draft': {
      const end = endOf(document);
      editor.selection = new vscode.Selection(end, end);
      editor.revealRange(new vscode.Range(end, end));
      // Ghost text at once, without waiting for the user to type.
      await vscode.commands.executeCommand(Commands.triggerCompletion);
      return { kind, editor };
    }
    case 'summarize':
      return { kind, editor, result: await vscode.commands.executeCommand(Commands.summarize) };
    case 'translate':
      return { kind, editor, result: await vscode.commands.executeCommand(Commands.translateComments) };
  }
}
