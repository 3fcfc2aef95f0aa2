// What the user can do with a finished summary: copy it, insert it as a comment above the text it
// summarizes (in that language's comment syntax), or continue in the chat.
import * as vscode from 'vscode';
import { renderAsComment } from '../../core/comments/render';
import { syntaxAt } from '../../core/comments/embedded';
import { Commands } from '../../platform/commands';
import type { HearthServices } from '../../platform/services';
import type { CommentSyntaxProvider } from '../../platform/commentSyntax';
import type { SummaryEntry } from './registry';

export type ActionResult = { ok: true } | { ok: false; reason: string };

export async function copySummary(entry: SummaryEntry): Promise<ActionResult> {
  await vscode.env.clipboard.writeText(entry.view.summary.trim());
  vscode.window.setStatusBarMessage(vscode.l10n.t('Summary copied.'), 3_000);
  return { ok: true };
}

async function sourceDocument(entry: SummaryEntry): Promise<vscode.TextDocument | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === entry.source.uri.toString());
  if (open) return open;
  if (entry.source.uri.scheme === 'untitled') return undefined;
  try {
    return await vscode.workspace.openTextDocument(entry.source.uri);
  } catch {
    return undefined;
  }
}

export async function insertSummaryAsComment(entry: SummaryEntry, syntaxes: CommentSyntaxProvider): Promise<ActionResult> {
  const doc = await sourceDocument(entry);
  if (!doc) {
    const reason = vscode.l10n.t('{0} is no longer open, so the summary cannot be inserted into it.', entry.source.name);
    void vscode.window.showWarningMessage(reason);
    return { ok: false, reason };
  }
  const documentSyntax = await syntaxes.get(doc.languageId);
  let line = Math.min(entry.anchor.line, Math.max(0, doc.lineCount - 1));
  // Nothing may go above a shebang or an XML declaration.
  if (line === 0 && doc.lineCount > 1 && /^(#!|<\?xml)/.test(doc.lineAt(0).text)) line = 1;
  // Inside a Vue or HTML <script>, the comment is written the script's way.
  const syntax = documentSyntax && syntaxAt(doc.getText(), documentSyntax, doc.offsetAt(new vscode.Position(line, 0)));
  if (!syntax) {
    const reason = vscode.l10n.t('Hearth does not know how comments are written in {0} files. Use Copy instead.', doc.languageId);
    void vscode.window.showWarningMessage(reason);
    return { ok: false, reason };
  }
  const indent = /^[ \t]*/.exec(doc.lineAt(line).text)?.[0] ?? '';
  const width = vscode.workspace.getConfiguration('editor', doc).get<number>('wordWrapColumn', 80);
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const comment = renderAsComment(entry.view.summary.trim(), syntax, { indent, width: Math.max(40, width), eol });
  if (!comment) {
    const reason = vscode.l10n.t('Hearth does not know how comments are written in {0} files. Use Copy instead.', doc.languageId);
    void vscode.window.showWarningMessage(reason);
    return { ok: false, reason };
  }
  const edit = new vscode.WorkspaceEdit();
  const at = new vscode.Position(line, 0);
  edit.insert(doc.uri, at, comment);
  if (!(await vscode.workspace.applyEdit(edit))) {
    const reason = vscode.l10n.t('The summary could not be inserted into {0}.', entry.source.name);
    void vscode.window.showWarningMessage(reason);
    return { ok: false, reason };
  }
  const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false, preview: false });
  const end = doc.positionAt(doc.offsetAt(at) + comment.length);
  editor.revealRange(new vscode.Range(at, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return { ok: true };
}

/** The argument of the chat's `hearth.chat.openWith` command. */
export interface OpenInChatArgs {
  title: string;
  text: string;
  attachment?: string;
}

export async function openSummaryInChat(entry: SummaryEntry, services: HearthServices): Promise<ActionResult> {
  const commands = await vscode.commands.getCommands(true);
  if (!commands.includes(Commands.openInChat)) {
    const reason = vscode.l10n.t('The chat is not available in this version of Hearth.');
    void vscode.window.showInformationMessage(reason);
    return { ok: false, reason };
  }
  const args: OpenInChatArgs = { title: vscode.l10n.t('Summary of {0}', entry.source.name), text: entry.view.summary.trim() };
  if (entry.source.attachment !== undefined) args.attachment = entry.source.attachment;
  try {
    await vscode.commands.executeCommand(Commands.openInChat, args);
    return { ok: true };
  } catch (err) {
    services.log.error(`open in chat: ${String(err)}`);
    return { ok: false, reason: String(err) };
  }
}
