// Hearth's settings, read once and refreshed when they change. Everything else reads settings here
// rather than calling workspace.getConfiguration itself.
import * as vscode from 'vscode';
import { parseSettings, SETTING_DEFAULTS, type HearthSettings, type SettingKey } from '../core/settings';
import { resolveHost, resolveHostChecked, type ResolvedHost } from '../core/ollama/host';
import type { GatewayConfig } from '../core/ollama/gateway';
import { hostProblemText } from './hostProblem';

/**
 * Reads the value the user set in user (or, remotely, machine) settings; undefined when only the default
 * applies. Only for machine-scoped settings: a workspace value never counts, even if VS Code passed one on
 * (it drops them from the model today; `inspect` must not be the one read that would let one through).
 */
function userValue(config: vscode.WorkspaceConfiguration, key: string): unknown {
  return config.inspect(key)?.globalValue;
}

export class ConfigService implements vscode.Disposable {
  private current: HearthSettings;
  private readonly changed = new vscode.EventEmitter<HearthSettings>();
  private readonly subscription: vscode.Disposable;
  /** Fires with the new settings after any `hearth.*` setting changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {
    this.current = this.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('hearth')) return;
      this.current = this.read();
      this.changed.fire(this.current);
    });
  }

  get settings(): HearthSettings {
    return this.current;
  }

  /** The daemon's address: the setting if set, else OLLAMA_HOST, else the default. */
  get host(): ResolvedHost | undefined {
    return resolveHost(this.current.host, this.env.OLLAMA_HOST);
  }

  /** What the gateway needs, computed on each call so it always follows the settings. */
  gatewayConfig(): GatewayConfig {
    const s = this.current;
    const resolved = resolveHostChecked(s.host, this.env.OLLAMA_HOST);
    return {
      host: resolved.ok ? resolved.host : undefined,
      hostSetting: s.host || this.env.OLLAMA_HOST || SETTING_DEFAULTS['hearth.host'],
      hostProblem: resolved.ok ? undefined : hostProblemText(resolved.problem, resolved.value, resolved.source),
      allowRemoteHost: s.allowRemoteHost,
      allowCloudModels: s.allowCloudModels,
      keepAlive: s.keepAlive,
      contextLength: s.contextLength,
    };
  }

  /**
   * Reads any Hearth setting that has no typed field yet (used by features with their own settings).
   * Through `get`, never `inspect`: VS Code leaves out a workspace's values of the settings that package.json
   * lists in restrictedConfigurations while the workspace is untrusted, and of machine-scoped ones always.
   */
  get<T>(key: string, fallback: T): T {
    return vscode.workspace.getConfiguration().get<T>(key, fallback);
  }

  private read(): HearthSettings {
    const config = vscode.workspace.getConfiguration();
    // hearth.host is special: an unset value must let OLLAMA_HOST through, so only the user's value counts.
    return parseSettings((key: SettingKey) => (key === 'hearth.host' ? userValue(config, key) : config.get(key)));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
