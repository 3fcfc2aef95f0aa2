// "Reset Prompts and Generation Options": finds which of those settings are set and where (user,
// workspace, each workspace folder), asks once in a modal dialog that lists them, writes the old values to
// the Hearth log so that nothing is lost, and removes them at every scope.
import * as vscode from 'vscode';
import { GENERATION_FEATURES } from '../../core/generation';
import { TEMPLATE_IDS, TEMPLATE_SPECS } from '../../core/prompts/template';
import type { HearthServices } from '../../platform/services';

/** Every setting the command resets, the old chat system prompt included. */
export const CUSTOMISATION_SETTINGS: readonly string[] = [
  ...TEMPLATE_IDS.map((id) => TEMPLATE_SPECS[id].setting),
  'hearth.chat.systemPrompt',
  ...GENERATION_FEATURES.map((f) => `hearth.generation.${f}`),
];

export interface SetValue {
  key: string;
  scope: 'user' | 'workspace' | 'folder';
  /** The folder, for scope `folder`. */
  folder?: vscode.WorkspaceFolder;
  value: unknown;
}

export interface ResetResult {
  status: 'nothingSet' | 'declined' | 'reset';
  reset: SetValue[];
}

/** The values set at each scope; folder values only in a multi-root workspace (otherwise they are the workspace's). */
export function findSetValues(): SetValue[] {
  const found: SetValue[] = [];
  const config = vscode.workspace.getConfiguration();
  const folders = vscode.workspace.workspaceFile ? (vscode.workspace.workspaceFolders ?? []) : [];
  for (const key of CUSTOMISATION_SETTINGS) {
    const inspected = config.inspect(key);
    if (inspected?.globalValue !== undefined) found.push({ key, scope: 'user', value: inspected.globalValue });
    if (inspected?.workspaceValue !== undefined) found.push({ key, scope: 'workspace', value: inspected.workspaceValue });
    for (const folder of folders) {
      const value = vscode.workspace.getConfiguration(undefined, folder.uri).inspect(key)?.workspaceFolderValue;
      if (value !== undefined) found.push({ key, scope: 'folder', folder, value });
    }
  }
  return found;
}

function scopeName(v: SetValue): string {
  switch (v.scope) {
    case 'user':
      return vscode.l10n.t('User');
    case 'workspace':
      return vscode.l10n.t('Workspace');
    case 'folder':
      return vscode.l10n.t('Folder {0}', v.folder?.name ?? '?');
  }
}

function target(v: SetValue): vscode.ConfigurationTarget {
  return v.scope === 'user' ? vscode.ConfigurationTarget.Global : v.scope === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.WorkspaceFolder;
}

export async function resetCustomisation(services: HearthServices): Promise<ResetResult> {
  const set = findSetValues();
  if (set.length === 0) {
    void services.custom.ask({ severity: 'info', message: vscode.l10n.t('No prompt or generation option is set: Hearth already uses its built-in prompts and options.'), buttons: [] });
    return { status: 'nothingSet', reset: [] };
  }
  const lines = CUSTOMISATION_SETTINGS.flatMap((key) => {
    const scopes = set.filter((v) => v.key === key).map(scopeName);
    return scopes.length ? [`${key}: ${scopes.join(', ')}`] : [];
  });
  const yes = vscode.l10n.t('Reset');
  const picked = await services.custom.ask({
    severity: 'warning',
    modal: true,
    message: vscode.l10n.t('Reset {0} prompt and generation settings to Hearth\'s defaults?', set.length),
    detail: `${lines.join('\n')}\n\n${vscode.l10n.t('The current values are written to the Hearth log first.')}`,
    buttons: [yes],
  });
  if (picked !== yes) return { status: 'declined', reset: [] };
  services.log.info(`Reset Prompts and Generation Options: the values before the reset (copy them back into settings.json to restore):`);
  for (const v of set) services.log.info(`  ${v.key} (${v.scope}${v.folder ? ` ${v.folder.name}` : ''}) = ${JSON.stringify(v.value)}`);
  const reset: SetValue[] = [];
  for (const v of set) {
    try {
      await vscode.workspace.getConfiguration(undefined, v.folder?.uri).update(v.key, undefined, target(v));
      reset.push(v);
    } catch (err) {
      services.log.error(`could not reset ${v.key} (${v.scope}): ${String(err)}`);
    }
  }
  const showLog = vscode.l10n.t('Show Log');
  const failed = set.length - reset.length;
  const message = failed
    ? vscode.l10n.t('Reset {0} of {1} settings; {2} could not be changed (see the log). The old values are in the Hearth log.', reset.length, set.length, failed)
    : vscode.l10n.t('Reset {0} settings to Hearth\'s defaults. The old values are in the Hearth log.', reset.length);
  void services.custom.ask({ severity: failed ? 'warning' : 'info', message, buttons: [showLog] }).then((b) => {
    if (b === showLog) services.log.show();
  });
  return { status: 'reset', reset };
}
