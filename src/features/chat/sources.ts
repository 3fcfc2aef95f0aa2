// Opens a `path:start-end` citation from an answer at its lines. The webview is untrusted, so the citation
// is parsed again here and only a file inside an open workspace folder is opened (never `..`, never absolute).
import * as vscode from 'vscode';
import { parseCitation } from '../../shared/citations';

/** The workspace file a citation names, if it exists (in multi-root workspaces a path may start with the folder's name). */
export async function resolveCitationPath(relative: string): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const candidates: vscode.Uri[] = [];
  for (const folder of folders) {
    candidates.push(vscode.Uri.joinPath(folder.uri, relative));
    const [first, ...rest] = relative.split('/');
    if (folders.length > 1 && first === folder.name && rest.length) candidates.push(vscode.Uri.joinPath(folder.uri, ...rest));
  }
  for (const uri of candidates) {
    const stat = await vscode.workspace.fs.stat(uri).then((s) => s, () => undefined);
    if (stat && stat.type & vscode.FileType.File) return uri;
  }
  return undefined;
}

export async function openSource(citation: string, log: vscode.LogOutputChannel): Promise<void> {
  const parsed = parseCitation(citation);
  if (!parsed) {
    log.warn(`chat: ignored a citation that is not one: ${citation.slice(0, 80)}`);
    return;
  }
  const uri = await resolveCitationPath(parsed.path);
  if (!uri) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} is not a file in this workspace.', parsed.path));
    return;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const last = Math.min(parsed.endLine, doc.lineCount) - 1;
  const first = Math.min(parsed.startLine, doc.lineCount) - 1;
  const range = new vscode.Range(first, 0, last, doc.lineAt(last).text.length);
  await vscode.window.showTextDocument(doc, { selection: range, preview: true, viewColumn: vscode.ViewColumn.Active });
}
