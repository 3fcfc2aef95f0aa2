// @problems: the diagnostics VS Code shows in the Problems panel, of the current file or of all files
// (the user chooses when a file is open), as `path:line:col severity: message (source code)` lines.
import * as vscode from 'vscode';
import { newId } from '../../../core/chat/ids';
import { formatProblems, type Problem } from '../../../core/chat/sources';
import type { PendingAttachment } from '../attachments';
import type { EditorTracker } from '../editorTracker';

/** A workspace with thousands of warnings would drown the question: the worst ones first, this many at most. */
const MAX_PROBLEMS = 300;

const SEVERITY: Record<vscode.DiagnosticSeverity, Problem['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function toProblems(uri: vscode.Uri, diagnostics: readonly vscode.Diagnostic[]): Problem[] {
  const path = vscode.workspace.asRelativePath(uri);
  return diagnostics.map((d) => ({
    path,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    severity: SEVERITY[d.severity],
    message: d.message,
    source: d.source,
    code: typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code),
  }));
}

/** Which problems: asked when a file is open (current file first, so Enter takes it), else all. */
async function chooseScope(editors: EditorTracker, interactive: boolean): Promise<'current' | 'all' | undefined> {
  const doc = editors.editor?.document;
  if (!doc) return 'all';
  if (!interactive) return 'current';
  const items: (vscode.QuickPickItem & { scope: 'current' | 'all' })[] = [
    { label: vscode.l10n.t('Current File'), description: vscode.workspace.asRelativePath(doc.uri), scope: 'current' },
    { label: vscode.l10n.t('All Files'), scope: 'all' },
  ];
  return (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Attach the problems of…') }))?.scope;
}

/** `interactive` false (written out in a message): the current file's problems when one is open, else all. */
export async function problemsAttachment(editors: EditorTracker, interactive = true): Promise<PendingAttachment[] | string | undefined> {
  const scope = await chooseScope(editors, interactive);
  if (!scope) return undefined;
  const doc = editors.editor?.document;
  const entries: [vscode.Uri, readonly vscode.Diagnostic[]][] = scope === 'current' && doc ? [[doc.uri, vscode.languages.getDiagnostics(doc.uri)]] : vscode.languages.getDiagnostics();
  const problems = entries.flatMap(([uri, list]) => toProblems(uri, list));
  if (problems.length === 0) {
    return scope === 'current' ? vscode.l10n.t('The current file has no problems.') : vscode.l10n.t('There are no problems in the workspace.');
  }
  const text = formatProblems(problems).split('\n');
  const shown = text.slice(0, MAX_PROBLEMS);
  if (text.length > MAX_PROBLEMS) shown.push(`… ${text.length - MAX_PROBLEMS} more`);
  const label = scope === 'current' && doc ? vscode.l10n.t('Problems: {0}', vscode.workspace.asRelativePath(doc.uri)) : vscode.l10n.t('Problems: all files ({0})', problems.length);
  return [{ id: newId('a'), kind: 'problems', label, content: shown.join('\n'), source: `problems:${scope === 'current' && doc ? doc.uri.toString() : '*'}` }];
}
