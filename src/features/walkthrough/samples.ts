// The walkthrough's samples: files shipped under media/walkthrough/samples/ (chosen in core/walkthrough/samples),
// copied fresh into Hearth's own storage (nothing of the user's is ever written) and opened beside the
// walkthrough, each followed by the feature it shows. They are files, not untitled documents, and Hearth saves
// them as they change (they are Hearth's scratch copies), so closing one never asks whether to save it.
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

const SAVE_AFTER_MS = 150;

/** The sample copies in Hearth's storage, saved shortly after every change so that none is left unsaved. */
export class SampleFiles implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    /** A folder of Hearth's own (under globalStorageUri). */
    readonly folder: vscode.Uri,
  ) {
    this.subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.isDirty && this.isSample(e.document.uri)) this.saveSoon(e.document);
    });
  }

  isSample(uri: vscode.Uri): boolean {
    return uri.toString().startsWith(`${this.folder.toString()}/`);
  }

  private saveSoon(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!document.isClosed && document.isDirty) void document.save();
      }, SAVE_AFTER_MS),
    );
  }

  /** A fresh copy of the sample, as a saved document (an open one is reset to the sample's text). */
  async fresh(file: string): Promise<vscode.TextDocument> {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'media', 'walkthrough', 'samples', file));
    const uri = vscode.Uri.joinPath(this.folder, file);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!open) {
      await vscode.workspace.fs.createDirectory(this.folder);
      await vscode.workspace.fs.writeFile(uri, bytes);
      return vscode.workspace.openTextDocument(uri);
    }
    const text = new TextDecoder().decode(bytes);
    if (open.getText() !== text) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(0, 0, open.lineCount, 0), text);
      await vscode.workspace.applyEdit(edit);
    }
    if (open.isDirty) await open.save();
    return open;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.subscription.dispose();
  }
}

export async function openSample(files: SampleFiles, arg: unknown): Promise<OpenedSample | undefined> {
  const kind = sampleKindOf(arg);
  if (!kind) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Unknown sample "{0}". Use one of: {1}.', String(arg), SAMPLE_KINDS.join(', ')));
    return undefined;
  }
  const sample = sampleFile(kind, sampleLanguage(vscode.env.language));
  let document = await files.fresh(sample.file);
  if (document.languageId !== sample.languageId) document = await vscode.languages.setTextDocumentLanguage(document, sample.languageId);
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
