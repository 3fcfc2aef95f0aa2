// Every question and message the models feature puts to the user goes through this interface, so that
// integration tests can answer a modal confirmation or a quick pick without patching vscode.window, and
// can check that no message was shown (e.g. no error storm while the daemon is down).
import * as vscode from 'vscode';
import type { ErrorContext, ErrorReporter } from '../../platform/errors';

export interface PromptAction {
  id: string;
  title: string;
}

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  /** A separator line with this label; not selectable. */
  separator?: boolean;
  value?: T;
  picked?: boolean;
}

/** What free text typed into a pick turns into: an item to accept, or why it cannot be accepted. */
export type FreeTextItem<T> = { item: PickItem<T> } | { invalid: string };

export interface PickOptions<T> {
  title: string;
  placeholder?: string;
  /** Typed text that matches no item: offered as an extra first item (or explained when invalid). */
  freeText?: (text: string) => FreeTextItem<T> | undefined;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
}

export interface InputOptions {
  title: string;
  prompt: string;
  value?: string;
  placeholder?: string;
  /** A message when the text is not acceptable, undefined when it is. */
  validate?: (text: string) => string | undefined;
}

export interface ProgressReporter {
  /** `fraction` 0..1 when known (the bar moves forward only). */
  report(message: string, fraction?: number): void;
}

export interface ModelPrompts {
  /** A notification with buttons; resolves with the chosen action's id (undefined when dismissed). */
  notify(severity: 'info' | 'warning' | 'error', message: string, actions?: PromptAction[]): Promise<string | undefined>;
  /** A modal question; resolves with the chosen action's id, undefined for Cancel. */
  confirm(message: string, detail: string | undefined, actions: PromptAction[]): Promise<string | undefined>;
  pick<T>(items: PickItem<T>[], options: PickOptions<T>): Promise<T | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  /** A cancellable progress notification; the signal fires when the user cancels. */
  progress<T>(title: string, task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>): Promise<T>;
  /** A short note in the status bar. */
  status(message: string): void;
  /** An OllamaError (or anything thrown) as one clear message with its fixing actions. */
  reportError(err: unknown, ctx?: ErrorContext): Promise<void>;
}

type QuickPickEntry<T> = vscode.QuickPickItem & { value?: T; invalid?: boolean };

function toEntry<T>(item: PickItem<T>): QuickPickEntry<T> {
  if (item.separator) return { label: item.label, kind: vscode.QuickPickItemKind.Separator };
  return { label: item.label, description: item.description, detail: item.detail, value: item.value, picked: item.picked };
}

/** The real thing: notifications, modal dialogs, quick picks and input boxes. */
export class VsCodePrompts implements ModelPrompts {
  constructor(private readonly errors: ErrorReporter) {}

  async notify(severity: 'info' | 'warning' | 'error', message: string, actions: PromptAction[] = []): Promise<string | undefined> {
    const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const picked = await show(message, ...actions.map((a) => a.title));
    return actions.find((a) => a.title === picked)?.id;
  }

  async confirm(message: string, detail: string | undefined, actions: PromptAction[]): Promise<string | undefined> {
    const picked = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions.map((a) => a.title));
    return actions.find((a) => a.title === picked)?.id;
  }

  pick<T>(items: PickItem<T>[], options: PickOptions<T>): Promise<T | undefined> {
    const quickPick = vscode.window.createQuickPick<QuickPickEntry<T>>();
    quickPick.title = options.title;
    quickPick.placeholder = options.placeholder;
    quickPick.matchOnDescription = options.matchOnDescription ?? true;
    quickPick.matchOnDetail = options.matchOnDetail ?? false;
    const fixed = items.map(toEntry);
    quickPick.items = fixed;
    const update = (text: string): void => {
      const extra = text.trim() ? options.freeText?.(text) : undefined;
      if (!extra) {
        quickPick.items = fixed;
        return;
      }
      const entry: QuickPickEntry<T> = 'item' in extra ? { ...toEntry(extra.item), alwaysShow: true } : { label: `$(error) ${text.trim()}`, detail: extra.invalid, alwaysShow: true, invalid: true };
      quickPick.items = [entry, ...fixed];
    };
    return new Promise<T | undefined>((resolve) => {
      let done = false;
      const finish = (value: T | undefined): void => {
        if (done) return;
        done = true;
        resolve(value);
        quickPick.dispose();
      };
      quickPick.onDidChangeValue(update);
      quickPick.onDidAccept(() => {
        const selected = quickPick.selectedItems[0];
        if (!selected || selected.invalid) return; // keep the pick open: the reason is on screen
        finish(selected.value);
      });
      quickPick.onDidHide(() => finish(undefined));
      quickPick.show();
    });
  }

  async input(options: InputOptions): Promise<string | undefined> {
    return vscode.window.showInputBox({
      title: options.title,
      prompt: options.prompt,
      value: options.value,
      placeHolder: options.placeholder,
      ignoreFocusOut: true,
      validateInput: (text) => options.validate?.(text),
    });
  }

  progress<T>(title: string, task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>): Promise<T> {
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        let shown = 0;
        const reporter: ProgressReporter = {
          report(message, fraction) {
            // VS Code's bar takes increments; it only ever moves forward.
            const percent = fraction === undefined ? shown : Math.max(shown, Math.round(fraction * 100));
            progress.report({ message, increment: percent - shown });
            shown = percent;
          },
        };
        return task(reporter, controller.signal).finally(() => subscription.dispose());
      }),
    );
  }

  status(message: string): void {
    vscode.window.setStatusBarMessage(message, 5_000);
  }

  reportError(err: unknown, ctx?: ErrorContext): Promise<void> {
    return this.errors.show(err, ctx);
  }
}

/** Holds the prompts in use; tests swap in their own and restore the real ones on dispose. */
export class SwappablePrompts implements ModelPrompts {
  private current: ModelPrompts;

  constructor(private readonly real: ModelPrompts) {
    this.current = real;
  }

  use(prompts: ModelPrompts): vscode.Disposable {
    this.current = prompts;
    return new vscode.Disposable(() => {
      if (this.current === prompts) this.current = this.real;
    });
  }

  notify(severity: 'info' | 'warning' | 'error', message: string, actions?: PromptAction[]): Promise<string | undefined> {
    return this.current.notify(severity, message, actions);
  }
  confirm(message: string, detail: string | undefined, actions: PromptAction[]): Promise<string | undefined> {
    return this.current.confirm(message, detail, actions);
  }
  pick<T>(items: PickItem<T>[], options: PickOptions<T>): Promise<T | undefined> {
    return this.current.pick(items, options);
  }
  input(options: InputOptions): Promise<string | undefined> {
    return this.current.input(options);
  }
  progress<T>(title: string, task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>): Promise<T> {
    return this.current.progress(title, task);
  }
  status(message: string): void {
    this.current.status(message);
  }
  reportError(err: unknown, ctx?: ErrorContext): Promise<void> {
    return this.current.reportError(err, ctx);
  }
}
