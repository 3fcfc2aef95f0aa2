// What a mention picked in the chat box attaches. Each provider is its own small file; this only chooses.
// A string is a note for the user (nothing to attach, and why); undefined means the user cancelled a pick.
import * as vscode from 'vscode';
import { newId } from '../../../core/chat/ids';
import type { WorkspaceIndexAccess } from '../../../platform/workspaceIndexAccess';
import type { MentionKind } from '../../../shared/mentions';
import { collect, documentAttachment, type PendingAttachment } from '../attachments';
import type { EditorTracker } from '../editorTracker';
import type { TerminalTracker } from '../terminalTracker';
import { isUserDocument } from '../userDocument';
import { changesAttachment } from './changes';
import { pickFile, pickFolder } from './file';
import { folderAttachment } from './folder';
import { problemsAttachment } from './problems';
import { terminalAttachment } from './terminal';
import { workspaceUnavailable } from './workspace';

export interface MentionContext {
  editors: EditorTracker;
  terminals: TerminalTracker;
  workspaceIndex: WorkspaceIndexAccess;
}

/** The chip that stands for @workspace until the question is sent (retrieval needs the question). */
export function workspaceMarker(): PendingAttachment {
  return { id: newId('a'), kind: 'workspace', label: '@workspace', content: '', source: 'workspace' };
}

export async function collectMention(kind: MentionKind, ctx: MentionContext, interactive = true): Promise<PendingAttachment[] | string | undefined> {
  switch (kind) {
    case 'workspace': {
      const reason = workspaceUnavailable(ctx.workspaceIndex.availability());
      return reason ?? [workspaceMarker()];
    }
    case 'selection':
      return collect('selection', ctx.editors);
    case 'file': {
      if (!vscode.workspace.workspaceFolders?.length) return collect('file', ctx.editors);
      const uri = await pickFile(ctx.editors);
      if (!uri) return undefined;
      try {
        const doc = await vscode.workspace.openTextDocument(uri);
        return isUserDocument(doc) ? [documentAttachment(doc)] : vscode.l10n.t('{0} cannot be attached.', vscode.workspace.asRelativePath(uri));
      } catch {
        return vscode.l10n.t('{0} cannot be attached: it is not a text file.', vscode.workspace.asRelativePath(uri));
      }
    }
    case 'folder': {
      if (!vscode.workspace.workspaceFolders?.length) return vscode.l10n.t('Open a folder first.');
      const uri = await pickFolder(ctx.editors);
      return uri ? [await folderAttachment(uri)] : undefined;
    }
    case 'problems':
      return problemsAttachment(ctx.editors, interactive);
    case 'changes':
      return changesAttachment(ctx.editors);
    case 'terminal':
      return terminalAttachment(ctx.terminals);
  }
}
