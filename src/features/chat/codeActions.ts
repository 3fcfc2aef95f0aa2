// The buttons on a code block: Copy, Insert at Cursor, Replace Selection, New File. Edits go to the
// editor the user last worked in, as one undoable edit, and only if the document did not change between
// reading the cursor and applying the edit.
import * as vscode from 'vscode';
import { indentAfterFirstLine, indentAtCursor, trimFinalNewline } from '../../core/chat/indent';
import type { CodeAction } from '../../shared/protocol';
import type { EditorTracker } from './editorTracker';

/** Fence names models write → VS Code language ids. */
const LANGUAGE_IDS: Record<string, string> = {
  js: 'javascript', jsx: 'javascriptreact', mjs: 'javascript', cjs: 'javascript', ts: 'typescript', tsx: 'typescriptreact', py: 'python',
  python3: 'python', sh: 'shellscript', bash: 'shellscript', shell: 'shellscript', zsh: 'shellscript', console: 'shellscript', yml: 'yaml',
  'c++': 'cpp', cc: 'cpp', hpp: 'cpp', cs: 'csharp', 'c#': 'csharp', md: 'markdown', rs: 'rust', golang: 'go', rb: 'ruby', kt: 'kotlin',
  ps1: 'powershell', pwsh: 'powershell', text: 'plaintext', txt: 'plaintext', toml: 'toml', docker: 'dockerfile', html: 'html', xml: 'xml',
  vue: 'vue', objc: 'objective-c', 'objective-c': 'objective-c', tex: 'latex', make: 'makefile', jsonc: 'jsonc',
};

export async function languageIdFor(fence: string | undefined): Promise<string> {
  if (!fence) return 'plaintext';
  const wanted = LANGUAGE_IDS[fence.toLowerCase()] ?? fence.toLowerCase();
  const known = await vscode.languages.getLanguages();
  return known.includes(wanted) ? wanted : 'plaintext';
}

export type CodeActionResult = 'done' | 'noEditor' | 'noSelection' | 'changed';

export async function runCodeAction(action: CodeAction, code: string, language: string | undefined, editors: EditorTracker): Promise<CodeActionResult> {
  switch (action) {
    case 'copy':
      await vscode.env.clipboard.writeText(code);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied to the clipboard.'), 2_000);
      return 'done';
    case 'newFile': {
      const doc = await vscode.workspace.openTextDocument({ content: code, language: await languageIdFor(language) });
      await vscode.window.showTextDocument(doc, { preview: false });
      return 'done';
    }
    case 'insert':
    case 'replace':
      return editInEditor(action, trimFinalNewline(code), editors);
  }
}

async function editInEditor(action: 'insert' | 'replace', code: string, editors: EditorTracker): Promise<CodeActionResult> {
  const editor = editors.editor;
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a file in an editor first: Hearth inserts the code there.'));
    return 'noEditor';
  }
  const selection = editor.selection;
  if (action === 'replace' && selection.isEmpty) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Select the text to replace first.'));
    return 'noSelection';
  }
  const doc = editor.document;
  const version = doc.version;
  const at = action === 'insert' ? selection.active : selection.start;
  const text = indentAfterFirstLine(code, indentAtCursor(doc.lineAt(at.line).text, at.character));
  const edit = new vscode.WorkspaceEdit();
  if (action === 'insert') edit.insert(doc.uri, selection.active, text);
  else edit.replace(doc.uri, selection, text);
  if (doc.version !== version || !(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The document changed before the code could be inserted. Try again.'));
    return 'changed';
  }
  await vscode.window.showTextDocument(doc, { viewColumn: editor.viewColumn, preserveFocus: false });
  return 'done';
}
