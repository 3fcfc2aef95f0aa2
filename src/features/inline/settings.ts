// The completion settings, parsed once and again only when a `hearth.*` setting changes, so that the
// provider never reads the configuration on a keystroke.
import * as vscode from 'vscode';
import { parseCompletionSettings, type CompletionSettings } from '../../core/completion/completionSettings';
import { SETTING_DEFAULTS } from '../../core/settings';
import type { HearthServices } from '../../platform/services';

export class CompletionSettingsService implements vscode.Disposable {
  private value: CompletionSettings;
  private readonly changed = new vscode.EventEmitter<CompletionSettings>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: HearthServices) {
    this.value = this.read();
    this.subscription = services.config.onDidChange(() => {
      this.value = this.read();
      this.changed.fire(this.value);
    });
  }

  get current(): CompletionSettings {
    return this.value;
  }

  private read(): CompletionSettings {
    return parseCompletionSettings((key) => this.services.config.get<unknown>(key, SETTING_DEFAULTS[key]), this.services.custom.generation('completion'));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
