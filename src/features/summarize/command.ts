// "Summarize Selection" (the selection, or the whole document when nothing is selected) and "Summarize File"
// (the whole document, or a file from the explorer). The summary streams, rendered, beside the editor once a
// model is ready for it, with "part 3 of 8" progress and Cancel for a long text. A failure goes to the error
// reporter; a summary with nothing written is closed, so no empty document is left behind.
import * as path from 'path';
import * as vscode from 'vscode';
import { isAbort } from '../../core/ollama/errors';
import { styleRule, SUMMARY_STYLES, type SummarySource, type SummaryStyle } from '../../core/prompts/summarize';
import { planSummaryAsync, runSummary, SummaryBudgetError, type RequestRecord, type SummaryListener, type SummaryPlan, type SummaryProgress, type SummaryResult } from '../../core/summarize';
import { languageForPrompt, type Language } from '../../core/prompts/languages';
import type { ReadOnlyDocuments } from '../../platform/readonlyDocument';
import type { HearthServices } from '../../platform/services';
import { configuredLanguage } from '../translate/languagePick';
import { abortOnCancel, prepareModelJob, type ModelJob } from '../translate/modelJob';
import { LineAnchor } from './anchor';
import type { SummaryRegistry, SummarySourceInfo } from './registry';
import { SummaryView } from './view';

export type SummarizeStatus = 'done' | 'empty' | 'noDocument' | 'cancelled' | 'failed';

/** What the command returns (for tests and other features). */
export interface SummarizeResult {
  status: SummarizeStatus;
  /** The summary document. */
  uri?: vscode.Uri;
  summary?: string;
  parts?: number;
  requests?: RequestRecord[];
  model?: string;
  numCtx?: number;
}

interface SummaryTarget {
  document: vscode.TextDocument;
  text: string;
  /** 0-based first line of the text. */
  firstLine: number;
  lastLine: number;
  whole: boolean;
}

let sequence = 0;

function wholeOf(document: vscode.TextDocument): SummaryTarget {
  return { document, text: document.getText(), firstLine: 0, lastLine: Math.max(0, document.lineCount - 1), whole: true };
}

/** What to summarize: the file `arg`, else the active editor's selection (all of it with `wholeFile` or no selection). */
async function targetFor(arg: unknown, wholeFile: boolean): Promise<SummaryTarget | undefined> {
  const editor = vscode.window.activeTextEditor;
  const uri = arg instanceof vscode.Uri ? arg : undefined;
  if (uri && editor?.document.uri.toString() !== uri.toString()) return wholeOf(await vscode.workspace.openTextDocument(uri));
  if (!editor) return undefined;
  const { document, selection } = editor;
  if (selection.isEmpty || wholeFile) return wholeOf(document);
  return { document, text: document.getText(selection), firstLine: selection.start.line, lastLine: selection.end.line, whole: false };
}

function styleSetting(services: HearthServices): SummaryStyle {
  const value = services.config.get<unknown>('hearth.summarize.style', 'bullets');
  return SUMMARY_STYLES.includes(value as SummaryStyle) ? (value as SummaryStyle) : 'bullets';
}

function statusText(p: SummaryProgress, model: string): string {
  switch (p.phase) {
    case 'single':
      return vscode.l10n.t('Summarizing with {0}…', model);
    case 'part':
      return vscode.l10n.t('Reading part {0} of {1}…', p.part, p.parts);
    case 'merge':
      return vscode.l10n.t('Combining notes (round {0}, group {1} of {2})…', p.round, p.group, p.groups);
    case 'final':
      return vscode.l10n.t('Writing the summary from the notes on {0} parts…', p.notes);
  }
}

interface RunState {
  /** The model, once chosen (for error messages). */
  model: string | undefined;
}

interface JobContext {
  view: SummaryView;
  registry: SummaryRegistry;
  sourceInfo: SummarySourceInfo;
  text: string;
  source: SummarySource;
  style: SummaryStyle;
  language: Language;
  /** The user's prompt, filled in; undefined = Hearth's. */
  instructions: string | undefined;
}

/** Chooses the model and the context, plans, and runs the summary while keeping the view and progress current. */
async function runJob(
  services: HearthServices,
  ctx: JobContext,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  run: RunState,
  signal: AbortSignal,
): Promise<{ result: SummaryResult; job: ModelJob; parts: number }> {
  const { view, registry, sourceInfo, language } = ctx;
  const job = await prepareModelJob(services, 'summarize', signal);
  run.model = job.model.name;
  // Shown only once a model answers for it: Ollama down or no model leaves no empty document behind.
  await view.show();
  const input = { text: ctx.text, source: ctx.source, style: ctx.style, language, numCtx: job.numCtx, instructions: ctx.instructions, maxOutputTokens: job.generation.maxOutputTokens };
  // A long text is split in slices (the extension host stays responsive), saying so while it takes.
  let lastPercent = -1;
  let plan = await planSummaryAsync(input, {
    signal,
    onProgress: (done) => {
      const percent = Math.floor(done * 100);
      if (percent === lastPercent) return;
      lastPercent = percent;
      view.status = vscode.l10n.t('Splitting the text into parts… {0}%', percent);
      progress.report({ message: view.status });
      view.flush();
    },
  });
  let parts = 0;
  let steps = 1;
  let done = 0;
  const describe = (p: SummaryPlan): void => {
    parts = p.kind === 'single' ? 1 : p.parts.length;
    steps = p.kind === 'single' ? 1 : parts + 1;
    view.meta = parts > 1
      ? vscode.l10n.t('{0} · {1} parts · {2}', job.model.name, parts, language.native)
      : vscode.l10n.t('{0} · {1}', job.model.name, language.native);
    // The chat gets the text itself only when it fitted one request (so it fits the chat's context too).
    sourceInfo.attachment = p.kind === 'single' ? ctx.text : undefined;
  };
  describe(plan);
  const listener: SummaryListener = {
    progress: (p) => {
      view.status = statusText(p, job.model.name);
      if (p.phase === 'part') {
        const part = plan.kind === 'mapReduce' ? plan.parts[p.part - 1] : undefined;
        if (part) view.startPart(p.part, part.firstLine, part.lastLine);
      }
      progress.report({ message: view.status, increment: done++ === 0 ? 0 : 100 / steps });
      registry.refresh();
      view.flush();
    },
    noteDelta: (part, delta) => view.appendToPart(part, delta),
    summaryDelta: (delta) => view.appendToSummary(delta),
    restart: (next) => {
      plan = next;
      describe(next);
      done = 0;
      view.reset(vscode.l10n.t('{0} counted the text as longer than estimated: splitting it into smaller parts…', job.model.name));
    },
  };
  const result = await runSummary(input, { model: job.model.name, chat: job.chat, temperature: job.generation.temperature }, listener, signal, plan);
  return { result, job, parts };
}

export async function summarize(
  services: HearthServices,
  documents: ReadOnlyDocuments,
  registry: SummaryRegistry,
  arg?: unknown,
  options: { wholeFile?: boolean } = {},
): Promise<SummarizeResult> {
  let target: SummaryTarget | undefined;
  try {
    target = await targetFor(arg, options.wholeFile === true);
  } catch (err) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Cannot open this file as text: {0}', String(err)));
    return { status: 'noDocument' };
  }
  if (!target) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a file or select text to summarize.'));
    return { status: 'noDocument' };
  }
  const name = target.document.isUntitled ? target.document.uri.path : path.basename(target.document.uri.path);
  if (target.text.trim() === '') {
    void vscode.window.showInformationMessage(
      target.whole ? vscode.l10n.t('{0} is empty: there is nothing to summarize.', name) : vscode.l10n.t('The selection is empty: there is nothing to summarize.'),
    );
    return { status: 'empty' };
  }

  const style = styleSetting(services);
  const language = configuredLanguage(services, 'hearth.summarize.language');
  const source: SummarySource = { name, languageId: target.document.languageId, firstLine: target.firstLine + 1, lastLine: target.lastLine + 1 };
  const choice = await services.custom.prompt('summarize', { language: languageForPrompt(language), style: styleRule(style), fileName: name, languageId: source.languageId });
  if (choice.kind === 'cancelled') return { status: 'cancelled' };
  const instructions = choice.kind === 'custom' ? choice.text : undefined;
  const title = target.whole
    ? vscode.l10n.t('Summary of {0}', name)
    : vscode.l10n.t('Summary of {0}, lines {1}–{2}', name, source.firstLine, source.lastLine);
  const view = new SummaryView(documents, `summaries/${++sequence}/${vscode.l10n.t('{0} (summary)', name)}.md`, title);
  view.status = vscode.l10n.t('Starting…');
  const controller = new AbortController();
  const anchor = new LineAnchor(target.document.uri, target.firstLine);
  const sourceInfo: SummarySourceInfo = { uri: target.document.uri, languageId: target.document.languageId, name };
  registry.add({ view, anchor, source: sourceInfo, stop: () => controller.abort() });

  const run: RunState = { model: undefined };
  try {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Summarizing {0}', name), cancellable: true },
      async (progress, token) => {
        const cancel = abortOnCancel(token);
        try {
          const signal = AbortSignal.any([cancel.signal, controller.signal]);
          return await runJob(services, { view, registry, sourceInfo, text: target.text, source, style, language, instructions }, progress, run, signal);
        } finally {
          cancel.dispose();
        }
      },
    );
    view.summary = outcome.result.summary;
    view.truncated = outcome.result.truncated;
    view.state = 'done';
    const largest = outcome.result.requests.reduce((a, r) => (r.promptTokens / r.promptBudget > a.promptTokens / a.promptBudget ? r : a));
    services.log.info(`summarize ${name}: ${outcome.result.requests.length} requests at num_ctx ${outcome.job.numCtx}, fullest prompt ${largest.promptTokens} of its ${largest.promptBudget}-token budget`);
    return {
      status: 'done',
      uri: view.uri,
      summary: outcome.result.summary,
      parts: outcome.parts,
      requests: outcome.result.requests,
      model: outcome.job.model.name,
      numCtx: outcome.job.numCtx,
    };
  } catch (err) {
    // Nothing worth keeping: no document is left behind.
    const kept = view.hasContent;
    if (!kept) {
      registry.remove(view.uri);
      await view.close();
    }
    if (isAbort(err) || controller.signal.aborted) {
      view.state = 'cancelled';
      return { status: 'cancelled', uri: kept ? view.uri : undefined, summary: view.summary };
    }
    // The error goes to the error reporter (with its buttons, like every feature), never into the document.
    view.state = 'failed';
    if (err instanceof SummaryBudgetError) {
      void services.errors.showMessage({ message: vscode.l10n.t('The model\'s context is too small to summarize this text: {0}', err.message), actions: [], severity: 'warning' });
    } else {
      void services.errors.show(err, { feature: 'summarize', model: run.model });
    }
    return { status: 'failed', uri: kept ? view.uri : undefined, summary: view.summary };
  } finally {
    if (registry.get(view.uri)) view.flush();
    registry.refresh();
  }
}
