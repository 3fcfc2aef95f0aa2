// The workspace index's settings, read through the ConfigService (so an untrusted workspace's values of the
// restricted ones never count), and a change event that says what changed.
import * as vscode from 'vscode';
import { SETTING_DEFAULTS } from '../../core/settings';
import type { ConfigService } from '../../platform/config';

export interface IndexSettingsValue {
  enabled: boolean;
  maxFiles: number;
  /** hearth.workspaceIndex.maxFileSizeKB in bytes. */
  maxBytes: number;
  /** hearth.model.embedding ('' = automatic). */
  model: string;
}

const ENABLED = 'hearth.workspaceIndex.enabled';

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}

export function readIndexSettings(config: ConfigService): IndexSettingsValue {
  return {
    enabled: config.get<unknown>(ENABLED, SETTING_DEFAULTS[ENABLED]) === true,
    maxFiles: positive(config.get<unknown>('hearth.workspaceIndex.maxFiles', undefined), SETTING_DEFAULTS['hearth.workspaceIndex.maxFiles']),
    maxBytes: positive(config.get<unknown>('hearth.workspaceIndex.maxFileSizeKB', undefined), SETTING_DEFAULTS['hearth.workspaceIndex.maxFileSizeKB']) * 1024,
    model: config.settings.model.embedding,
  };
}

export class IndexSettings implements vscode.Disposable {
  private current: IndexSettingsValue;
  private readonly changed = new vscode.EventEmitter<{ previous: IndexSettingsValue; now: IndexSettingsValue; excludes: boolean }>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly config: ConfigService) {
    this.current = readIndexSettings(config);
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      const excludes = e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude');
      if (!excludes && !e.affectsConfiguration('hearth.workspaceIndex') && !e.affectsConfiguration('hearth.model.embedding')) return;
      const previous = this.current;
      // The ConfigService refreshes its own copy on the same event; read the raw values here.
      this.current = { ...readIndexSettings(this.config), model: vscode.workspace.getConfiguration().get<string>('hearth.model.embedding', '').trim() };
      this.changed.fire({ previous, now: this.current, excludes });
    });
  }

  get value(): IndexSettingsValue {
    return this.current;
  }

  /** Turns indexing on or off for this workspace (the workspace's settings, where the user's choice belongs). */
  async enableForWorkspace(on: boolean): Promise<void> {
    const config = vscode.workspace.getConfiguration();
    if (config.get<boolean>(ENABLED) === on) return;
    // Written for this workspace: on here says nothing about other workspaces; off here overrides a user value.
    await config.update(ENABLED, on, vscode.ConfigurationTarget.Workspace);
    this.current = { ...this.current, enabled: on };
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
