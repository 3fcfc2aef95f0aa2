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
}

function fileLabel(doc: vscode.TextDocument): string {
  return doc.isUntitled ? doc.uri.path : path.basename(doc.uri.path);
}

function capped(text: string): string {
  return text.length > MAX_ATTACHMENT_CHARS ? text.slice(0, MAX_ATTACHMENT_CHARS) : text;
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
    content: capped(doc.getText(selection)),
    source: `${doc.uri.toString()}#${first}-${last}`,
  };
}

export function documentAttachment(doc: vscode.TextDocument): PendingAttachment {
  return { id: newId('a'), kind: 'file', label: fileLabel(doc), language: doc.languageId, content: capped(doc.getText()), source: doc.uri.toString() };
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
