// The questions and notes of the container route (download the image? runs on the CPU, no GPU found),
// behind one small interface so integration tests can answer them (DaemonApi.useContainerPrompts).
import * as vscode from 'vscode';

export interface ContainerPrompts {
  /** A modal question; true when the user chose `confirm`. */
  confirm(message: string, detail: string, confirm: string): Promise<boolean>;
  /** A notification with buttons; resolves with the chosen title. */
  notify(severity: 'info' | 'warning', message: string, actions: string[]): Promise<string | undefined>;
}

export const windowContainerPrompts: ContainerPrompts = {
  async confirm(message, detail, confirm) {
    return (await vscode.window.showInformationMessage(message, { modal: true, detail }, confirm)) === confirm;
  },
  notify(severity, message, actions) {
    return Promise.resolve(severity === 'warning' ? vscode.window.showWarningMessage(message, ...actions) : vscode.window.showInformationMessage(message, ...actions));
  },
};

/** The prompts in use: the window's, or a test's while it holds them. */
export class ContainerPromptsHolder {
  current: ContainerPrompts = windowContainerPrompts;

  use(prompts: ContainerPrompts): vscode.Disposable {
    this.current = prompts;
    return new vscode.Disposable(() => {
      if (this.current === prompts) this.current = windowContainerPrompts;
    });
  }
}
