// Keeps the Problems panel in step with open Modelfiles. The parser and its messages are in the models
// bundle, loaded when the first Modelfile is opened: most sessions never open one.
import * as vscode from 'vscode';
import type * as ModelsBundle from '../../lazy/models';
import { lazyBundle } from '../../platform/lazy';
import { MODELFILE_LANGUAGE } from './commandIds';

export { MODELFILE_LANGUAGE };

const modelsBundle = lazyBundle<typeof ModelsBundle>('models');

/** Keeps the Problems panel in step with open Modelfiles (parsed 300 ms after the last keystroke). */
export class ModelfileDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('hearth-modelfile');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, 300)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    ];
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  update(document: vscode.TextDocument): void {
    if (document.languageId !== MODELFILE_LANGUAGE) {
      this.collection.delete(document.uri);
      return;
    }
    this.collection.set(document.uri, modelsBundle().modelfileDiagnostics(document.getText()));
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (document.languageId !== MODELFILE_LANGUAGE && !this.collection.has(document.uri)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.update(document);
    }, delayMs));
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.subscriptions.forEach((s) => s.dispose());
    this.collection.dispose();
  }
}
