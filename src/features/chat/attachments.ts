// Context from the editor for the next message: the selection, the current file or the open editors.
// The text is captured when attached (what the user saw), not when sent.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { newId } from '../../core/chat/ids';
import type { Attachment } from '../../core/chat/types';
import type { AttachRequest } from '../../shared/protocol';
import type { EditorTracker } from './editorTracker';
import { isUserDocument } from './userDocument';

/** A file larger than this is attached in part: the context budget would cut it anyway. */
const MAX_ATTACHMENT_CHARS = 400_000;
const MAX_OPEN_EDITORS = 20;

export interface PendingAttachment extends Attachment {
  /** What it came from, so attaching the same thing twice replaces it. */
  source: string;
  /** Set when only the start was attached: the text's full length, in characters. */
  totalChars?: number;
}

function fileLabel(doc: vscode.TextDocument): string {
  return doc.isUntitled ? doc.uri.path : path.basename(doc.uri.path);
}

/**
 * The text of `range` (the whole document by default), at most MAX_ATTACHMENT_CHARS of it. Only that part
 * is read: a 50 MB document is never copied whole for a chip whose text the context budget cuts anyway.
 */
function cappedText(doc: vscode.TextDocument, range?: vscode.Range): { content: string; totalChars?: number } {
  const whole = range ?? new vscode.Range(0, 0, doc.lineCount - 1, doc.lineAt(doc.lineCount - 1).text.length);
  const startOffset = doc.offsetAt(whole.start);
  const total = doc.offsetAt(whole.end) - startOffset;
  if (total <= MAX_ATTACHMENT_CHARS) return { content: doc.getText(whole) };
  let end = doc.positionAt(startOffset + MAX_ATTACHMENT_CHARS);
  // Never between the halves of a surrogate pair.
  const last = doc.getText(new vscode.Range(end.translate(0, end.character > 0 ? -1 : 0), end)).charCodeAt(0);
  if (last >= 0xd800 && last <= 0xdbff) end = end.translate(0, -1);
  return { content: doc.getText(new vscode.Range(whole.start, end)), totalChars: total };
}

export function selectionAttachment(editor: vscode.TextEditor): PendingAttachment | undefined {
  const selection = editor.selection;
  if (selection.isEmpty) return undefined;
  const doc = editor.document;
  const first = selection.start.line + 1;
  const last = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line : selection.end.line + 1;
  return {
    id: newId('a'),
    kind: 'selection',
    label: first === last ? `${fileLabel(doc)}:${first}` : `${fileLabel(doc)}:${first}-${last}`,
    language: doc.languageId,
    ...cappedText(doc, selection),
    source: `${doc.uri.toString()}#${first}-${last}`,
  };
}

export function documentAttachment(doc: vscode.TextDocument): PendingAttachment {
  return { id: newId('a'), kind: 'file', label: fileLabel(doc), language: doc.languageId, ...cappedText(doc), source: doc.uri.toString() };
}

/** What to say about attachments of which only the start was attached; undefined when all are whole. */
export function trimmedNotice(items: readonly PendingAttachment[]): string | undefined {
  const trimmed = items.filter((a) => a.totalChars !== undefined);
  if (trimmed.length === 0) return undefined;
  return trimmed
    .map((a) => vscode.l10n.t('{0} has {1} characters: the chat attaches the first {2}.', a.label, (a.totalChars ?? 0).toLocaleString(), a.content.length.toLocaleString()))
    .join(' ');
}

/** What to attach for a request; a message for the user when there is nothing. */
export async function collect(kind: AttachRequest, editors: EditorTracker): Promise<PendingAttachment[] | string> {
  const editor = editors.editor;
  switch (kind) {
    case 'selection': {
      if (!editor) return vscode.l10n.t('Open a file and select some text first.');
      const selected = selectionAttachment(editor);
      return selected ? [selected] : vscode.l10n.t('Select some text in the editor first.');
    }
    case 'file':
      return editor ? [documentAttachment(editor.document)] : vscode.l10n.t('Open a file first.');
    case 'editors': {
      const uris = vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .map((tab) => (tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined))
        .filter((u): u is vscode.Uri => u !== undefined);
      const unique = [...new Map(uris.map((u) => [u.toString(), u])).values()].slice(0, MAX_OPEN_EDITORS);
      const docs: vscode.TextDocument[] = [];
      for (const uri of unique) {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri).then(undefined, () => undefined));
        if (doc && isUserDocument(doc)) docs.push(doc);
      }
      return docs.length ? docs.map(documentAttachment) : vscode.l10n.t('No files are open in editors.');
    }
  }
}
