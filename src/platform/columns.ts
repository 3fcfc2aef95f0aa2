// Where a result opens beside the editor. `ViewColumn.Beside` alone opens a new column right of the active one
// every time (a third, a fourth...), so a column that already exists beside it is reused: any action opens at
// most one extra column.
import * as vscode from 'vscode';

/** The column next to the active editor: an existing one (right first, then left), else a new one beside. */
export function besideColumn(): vscode.ViewColumn {
  const active = vscode.window.tabGroups.activeTabGroup.viewColumn;
  const columns = vscode.window.tabGroups.all.map((g) => g.viewColumn).sort((a, b) => a - b);
  return columns.find((c) => c > active) ?? [...columns].reverse().find((c) => c < active) ?? vscode.ViewColumn.Beside;
}
