// Create Model from Modelfile: parse the Modelfile (problems go to the Problems panel), work out what
// FROM names, ask for the new model's name, then stream the create. A GGUF file named by FROM or ADAPTER
// is hashed and uploaded first (skipped when the server has it); a safetensors folder needs Ollama's
// converter, which only the CLI drives, so Hearth types the `ollama create` command into a terminal.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createParams, resolveFromSource, runCreate, uploadForCreate, type CreateOutcome, type FromSource } from '../../../core/models/create';
import type { SpecialFileKind } from '../../../core/models/localFiles';
import { parseModelfile, type Located } from '../../../core/models/modelfile';
import { checkModelName, isInstalled } from '../../../core/models/names';
import { isAbort, OllamaError, toOllamaError } from '../../../core/ollama/errors';
import { displayModelName } from '../../../core/ollama/names';
import { formatBytes } from '../../../core/text/format';
import { Commands } from '../../../platform/commands';
import { typeCommand } from '../../../platform/terminalText';
import { ModelCommands } from '../commandIds';
import { nameProblemLabel } from '../labels';
import { problemMessage, toDiagnostics, toRange } from '../modelfileProblems';
import { MODELFILE_LANGUAGE } from '../commandIds';
import type { ModelfileDiagnostics } from '../modelfileWatch';
import { installedModels, type ModelsContext } from './context';

export type CreateResult =
  | { kind: 'success'; name: string }
  | { kind: 'cancelled' | 'failed'; name: string; message: string }
  /** The Modelfile has problems (shown as diagnostics), or names something Hearth cannot create from. */
  | { kind: 'invalid'; message: string }
  /** Handed over to `ollama create` in a terminal. */
  | { kind: 'terminal'; name: string };

async function modelfileDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  const active = vscode.window.activeTextEditor?.document;
  if (active && (active.languageId === MODELFILE_LANGUAGE || /(^|[\\/])modelfile$/i.test(active.fileName))) return active;
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Choose a Modelfile'),
    canSelectMany: false,
    filters: { Modelfile: ['modelfile', '*'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0] ? vscode.workspace.openTextDocument(picked[0]) : undefined;
}

/** `reviewer.modelfile` → `reviewer`; `…/my-model/Modelfile` → `my-model`. */
export function defaultModelName(document: vscode.TextDocument): string {
  const base = path.basename(document.fileName);
  const stem = /^modelfile$/i.test(base) || document.isUntitled ? path.basename(path.dirname(document.fileName)) : base.replace(/\.modelfile$/i, '').replace(/^modelfile\./i, '');
  const cleaned = stem.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 60);
  return cleaned && checkModelName(cleaned).ok ? cleaned : 'my-model';
}

function baseDirOf(document: vscode.TextDocument): string | undefined {
  if (document.uri.scheme === 'file' && !document.isUntitled) return path.dirname(document.uri.fsPath);
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

function specialFileText(what: SpecialFileKind): string {
  switch (what) {
    case 'fifo':
      return vscode.l10n.t('a named pipe (FIFO)');
    case 'socket':
      return vscode.l10n.t('a socket');
    case 'characterDevice':
      return vscode.l10n.t('a character device');
    case 'blockDevice':
      return vscode.l10n.t('a block device');
    case 'other':
      return vscode.l10n.t('a special file');
  }
}

/** The words for a FROM/ADAPTER Hearth cannot use; undefined when it can. */
function sourceProblem(source: FromSource, value: string, instruction: 'FROM' | 'ADAPTER'): string | undefined {
  switch (source.kind) {
    case 'notGguf':
      return vscode.l10n.t('{0} names {1}, which is not a GGUF file. Hearth creates models from a model name or a GGUF file.', instruction, source.path);
    case 'missingFile':
      return vscode.l10n.t('{0} names {1}, but there is no such file.', instruction, source.path);
    case 'notRegular':
      return vscode.l10n.t('{0} names {1}, which is {2}, not a file. Hearth reads only regular files (a pipe or a device could make it wait forever).', instruction, source.path, specialFileText(source.what));
    case 'badName':
      return vscode.l10n.t('{0} "{1}" is neither a valid model name nor an existing file.', instruction, value);
    case 'model':
      return instruction === 'ADAPTER' ? vscode.l10n.t('ADAPTER needs the path of a GGUF adapter file, not "{0}".', value) : undefined;
    case 'folder':
      return instruction === 'ADAPTER' ? vscode.l10n.t('ADAPTER needs a GGUF adapter file; folders of safetensors are converted only by the ollama command.') : undefined;
    case 'gguf':
      return undefined;
  }
}

/** Marks a problem at a FROM/ADAPTER value as a diagnostic, and says it. */
async function refuse(ctx: ModelsContext, diagnostics: ModelfileDiagnostics, document: vscode.TextDocument, at: Located<string>, message: string): Promise<CreateResult> {
  const diagnostic = new vscode.Diagnostic(toRange(at.range), message, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'Hearth';
  diagnostics.collection.set(document.uri, [...(diagnostics.collection.get(document.uri) ?? []), diagnostic]);
  void ctx.prompts.notify('error', message);
  return { kind: 'invalid', message };
}

async function handToTerminal(ctx: ModelsContext, document: vscode.TextDocument, name: string, folder: string): Promise<CreateResult> {
  if (document.isDirty) await document.save();
  const terminal = vscode.window.createTerminal({ name: 'ollama create', cwd: path.dirname(document.fileName) });
  // Typed, not run: the user sees the command and presses Enter. Each value is quoted for the terminal's
  // shell, so a file name like `$(rm -rf ~).modelfile` stays a name.
  const problem = typeCommand(terminal, [{ literal: 'ollama create' }, { value: name }, { literal: '-f' }, { value: document.fileName }]);
  if (problem) {
    terminal.dispose();
    const message = vscode.l10n.t('Hearth did not type the ollama create command for {0}: {1}. Rename the Modelfile, or run ollama create yourself.', document.fileName, problem);
    void ctx.prompts.notify('error', message);
    return { kind: 'invalid', message };
  }
  terminal.show();
  void vscode.window.showInformationMessage(
    vscode.l10n.t('FROM names a folder ({0}). Ollama converts safetensors weights only through the ollama command, so Hearth typed it in a terminal: press Enter to run it.', folder),
  );
  return { kind: 'terminal', name };
}

export async function createModelFromModelfile(ctx: ModelsContext, diagnostics: ModelfileDiagnostics, arg?: unknown): Promise<CreateResult | undefined> {
  const document = await modelfileDocument(arg);
  if (!document) return undefined;
  const parsed = parseModelfile(document.getText());
  diagnostics.collection.set(document.uri, toDiagnostics(parsed.problems));
  if (parsed.errors.length) {
    const first = parsed.errors[0];
    const message = vscode.l10n.t('The Modelfile has {0} problem(s). Line {1}: {2}', parsed.errors.length, first.range.startLine + 1, problemMessage(first));
    void ctx.prompts.notify('error', message, [{ id: 'problems', title: vscode.l10n.t('Show Problems') }]).then((id) => {
      if (id === 'problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return { kind: 'invalid', message };
  }
  const { request } = parsed;
  const from = request.from as Located<string>;
  const baseDir = baseDirOf(document);
  const source = await resolveFromSource(from.value, baseDir);
  const fromProblem = sourceProblem(source, from.value, 'FROM');
  if (fromProblem) return refuse(ctx, diagnostics, document, from, fromProblem);
  const adapterSources: { path: string; size: number }[] = [];
  for (const adapter of request.adapters) {
    const resolved = await resolveFromSource(adapter.value, baseDir);
    const problem = sourceProblem(resolved, adapter.value, 'ADAPTER');
    if (problem || resolved.kind !== 'gguf') return refuse(ctx, diagnostics, document, adapter, problem ?? '');
    adapterSources.push(resolved);
  }

  const models = await installedModels(ctx);
  if (!models) return undefined;
  const name = await ctx.prompts.input({
    title: vscode.l10n.t('Create Model from Modelfile'),
    prompt: vscode.l10n.t('Name of the new model, as model:tag'),
    value: defaultModelName(document),
    validate: (text) => {
      const check = checkModelName(text);
      return check.ok ? undefined : nameProblemLabel(check.problem);
    },
  });
  const check = checkModelName(name ?? '');
  if (!name || !check.ok) return undefined;
  const newName = check.name;
  if (isInstalled(newName, models)) {
    const answer = await ctx.prompts.confirm(
      vscode.l10n.t('{0} already exists. Replace it?', displayModelName(newName)),
      vscode.l10n.t('The new model takes the name; layers the old one shares with other models stay.'),
      [{ id: 'replace', title: vscode.l10n.t('Replace') }],
    );
    if (answer !== 'replace') return undefined;
  }
  if (source.kind === 'folder') return handToTerminal(ctx, document, newName, source.path);

  const outcome = await ctx.prompts.progress(vscode.l10n.t('Creating {0}', displayModelName(newName)), async (progress, signal): Promise<CreateOutcome> => {
    try {
      const upload = async (file: { path: string; size: number }): Promise<Record<string, string>> =>
        uploadForCreate(ctx.gateway, file, {
          signal,
          onProgress: (phase, done, total) => {
            const fraction = total > 0 ? done / total : 0;
            const label = path.basename(file.path);
            progress.report(
              phase === 'hashing'
                ? vscode.l10n.t('Checking {0}: {1}%', label, Math.floor(fraction * 100))
                : vscode.l10n.t('Uploading {0}: {1} of {2}', label, formatBytes(done), formatBytes(total)),
              (phase === 'hashing' ? 0 : 0.5) + fraction / 2,
            );
          },
        });
      const files = source.kind === 'gguf' ? await upload(source) : undefined;
      const adapters: Record<string, string> = {};
      for (const adapter of adapterSources) Object.assign(adapters, await upload(adapter));
      const params = createParams(newName, request, { from: source.kind === 'model' ? source.name : undefined, files, adapters });
      return await runCreate(ctx.gateway, params, {
        signal,
        onStatus: (e) => progress.report(e.total ? `${e.status} (${Math.floor(((e.completed ?? 0) / e.total) * 100)}%)` : e.status),
      });
    } catch (err) {
      if (isAbort(err) || signal.aborted) return { kind: 'cancelled' };
      const error = err instanceof OllamaError ? err : toOllamaError(err, { model: newName });
      return { kind: 'failed', error, serverMessage: error.details.serverMessage ?? error.message };
    }
  });
  await ctx.state.latest();
  const shown = displayModelName(newName);
  switch (outcome.kind) {
    case 'success':
      void ctx.prompts
        .notify('info', vscode.l10n.t('Created {0}.', shown), [
          { id: 'use', title: vscode.l10n.t('Use for…') },
          { id: 'show', title: vscode.l10n.t('Show Details') },
        ])
        .then((id) => {
          if (id === 'use') void vscode.commands.executeCommand(Commands.useModelFor, { name: newName });
          if (id === 'show') void vscode.commands.executeCommand(ModelCommands.showModel, { name: newName });
        });
      return { kind: 'success', name: newName };
    case 'cancelled': {
      const message = vscode.l10n.t('Stopped creating {0}.', shown);
      void ctx.prompts.notify('info', message);
      return { kind: 'cancelled', name: newName, message };
    }
    case 'failed': {
      if (outcome.error.kind === 'unreachable' || outcome.error.kind === 'remoteHostRefused' || outcome.error.details.reason === 'foreign') {
        void ctx.prompts.reportError(outcome.error, { model: newName });
        return { kind: 'failed', name: newName, message: outcome.serverMessage };
      }
      const message = vscode.l10n.t('Ollama could not create {0}: {1}', shown, outcome.serverMessage);
      void ctx.prompts.notify('error', message, [{ id: 'logs', title: vscode.l10n.t('Show Logs') }]).then((id) => {
        if (id === 'logs') void vscode.commands.executeCommand(Commands.showLogs);
      });
      return { kind: 'failed', name: newName, message };
    }
  }
}
