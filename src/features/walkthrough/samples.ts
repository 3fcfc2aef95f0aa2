// The walkthrough's samples: files shipped under media/walkthrough/samples/, opened as untitled documents
// (nothing on disk is ever overwritten) beside the walkthrough, in the user's language (the comments to
// translate in the other one), and each followed by the feature it shows.
import * as vscode from 'vscode';
import { Commands } from '../../platform/commands';

export const SAMPLE_KINDS = ['draft', 'summarize', 'translate'] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];

export function isSampleKind(value: unknown): value is SampleKind {
  return typeof value === 'string' && (SAMPLE_KINDS as readonly string[]).includes(value);
}

/** The UI language family the samples exist in. */
export type SampleLanguage = 'en' | 'zh-cn';

export function uiLanguage(language: string = vscode.env.language): SampleLanguage {
  return language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}

interface SampleFile {
  file: string;
  languageId: string;
}

/**
 * The file for a kind: drafting and summaries in the user's language; the comments to translate in the
 * other one (Chinese comments for an English UI and the other way round), so translating shows something.
 */
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
  const kind = isSampleKind(arg) ? arg : isSampleKind((arg as { kind?: unknown } | undefined)?.kind) ? (arg as { kind: SampleKind }).kind : undefined;
  if (!kind) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Unknown sample "{0}". Use one of: {1}.', String(arg), SAMPLE_KINDS.join(', ')));
    return undefined;
  }
  const sample = sampleFile(kind, uiLanguage());
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'media', 'walkthrough', 'samples', sample.file));
  const document = await vscode.workspace.openTextDocument({ language: sample.languageId, content: new TextDecoder().decode(bytes) });
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
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
