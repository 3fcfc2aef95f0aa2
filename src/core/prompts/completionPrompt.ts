// Builds the /api/generate request for an inline completion: which layout (the family's raw FIM tokens,
// the API's `suffix`, or plain continuation), which mode (code, a comment, prose), how much to generate
// and where to stop.

import type { CommentSyntax } from '../comments/types';
import type { Capability, GenerateParams, ModelDetails } from '../ollama/types';
import { commentAt, commentSyntaxFor } from './comments';
import { suffixText, type CursorContext } from './cursorContext';
import { detectFimFamily, fimLayout, type FimFamily } from './fimTemplates';
import { parameterStops, templateEndTokens } from './templateStops';

/** How the prompt is laid out. */
export type PromptFormat = 'template' | 'suffix' | 'continuation';
/** The user's preference (`hearth.completion.promptFormat`). */
export type FormatPreference = 'auto' | 'suffix' | 'continuation';
/** code: fill in code. comment: continue the comment's sentence. prose: continue Markdown or plain text. */
export type CompletionMode = 'code' | 'comment' | 'prose';
export type Trigger = 'automatic' | 'manual';

export interface CompletionModel {
  name: string;
  family?: string;
  capabilities: readonly Capability[];
  template?: string;
  /** The `stop` values of the model's Modelfile (`/api/show` parameters): a request's stop list replaces them, so they are sent too. */
  stop?: readonly string[];
}

/** What planning needs of `/api/show`'s answer. */
export function completionModelOf(details: Pick<ModelDetails, 'name' | 'family' | 'capabilities' | 'template' | 'parameters'>): CompletionModel {
  return { name: details.name, family: details.family, capabilities: details.capabilities, template: details.template, stop: parameterStops(details.parameters) };
}

export interface PromptSettings {
  maxLines: number;
  format: FormatPreference;
  /** hearth.generation.completion; default TEMPERATURE. */
  temperature?: number;
  /** The most a suggestion may generate (num_predict of a block); default PREDICT_BLOCK_MAX. */
  maxOutputTokens?: number;
}

export interface CompletionInput {
  ctx: CursorContext;
  languageId: string;
  /** Workspace-relative path for the header; '' for untitled documents. */
  path: string;
  model: CompletionModel;
  trigger: Trigger;
  /** The language's comment syntax (installed extensions' language configurations); default: the built-in table. */
  comments?: CommentSyntax;
}

export interface CompletionPlan {
  format: PromptFormat;
  family?: FimFamily;
  mode: CompletionMode;
  /** Whether the suggestion may span lines (only where the rest of the line is empty). */
  multiline: boolean;
  /** Lines a block may have. */
  maxLines: number;
  /** The request, without `model` (the engine adds it). */
  params: Omit<GenerateParams, 'model'>;
  /** The text as the model evaluates it, as far as Hearth knows (the templated `suffix` layout is the model's own). */
  evaluated: string;
}

export const PROSE_LANGUAGES: ReadonlySet<string> = new Set(['markdown', 'plaintext', 'restructuredtext', 'asciidoc', 'latex', 'tex', 'git-commit', 'mdx']);

export const COMPLETION_TEMPERATURE = 0.1;
const TOP_P = 0.95;
const PREDICT_LINE = 64;
const PREDICT_SENTENCE = 96;
const PREDICT_PER_LINE = 32;
export const PREDICT_BLOCK_MAX = 512;

/** A line ending like this opens a block, so a multi-line suggestion makes sense there. */
const BLOCK_OPENER = /([{[(:]|=>|\bdo|\bthen|\bbegin)\s*$/;

/** Inside a fenced code block of a Markdown document, the code is code. */
function insideMarkdownFence(prefixLines: string): boolean {
  let open = false;
  for (const match of prefixLines.matchAll(/^\s{0,3}(```|~~~)/gm)) if (match) open = !open;
  return open;
}

export function classifyMode(ctx: CursorContext, languageId: string, comments: CommentSyntax | undefined = commentSyntaxFor(languageId)): CompletionMode {
  if (PROSE_LANGUAGES.has(languageId)) {
    return languageId === 'markdown' && insideMarkdownFence(ctx.prefixLines) ? 'code' : 'prose';
  }
  if (commentAt(ctx.prefixLines + ctx.linePrefix, languageId, comments)) return 'comment';
  return 'code';
}

/** `// Path: src/app.ts (typescript)` in the language's own comment syntax; '' where it has none (or must have none). */
export function headerComment(path: string, languageId: string, comments: CommentSyntax | undefined = commentSyntaxFor(languageId)): string {
  if (!comments || comments.readOnly) return '';
  const what = path ? `Path: ${path} (${languageId})` : `Language: ${languageId}`;
  const line = comments.lineComments[0];
  if (line) return `${line.trimEnd()} ${what}\n`;
  const block = comments.blockComments[0];
  return block ? `${block.open} ${what} ${block.close}\n` : '';
}

export function chooseFormat(model: CompletionModel, preference: FormatPreference): { format: PromptFormat; family?: FimFamily } {
  if (preference === 'continuation') return { format: 'continuation' };
  const family = detectFimFamily(model);
  const canInsert = model.capabilities.includes('insert');
  if (preference === 'suffix' && canInsert) return { format: 'suffix' };
  if (family) return { format: 'template', family };
  return canInsert ? { format: 'suffix' } : { format: 'continuation' };
}

function wantsMultiline(ctx: CursorContext, mode: CompletionMode, trigger: Trigger, maxLines: number): boolean {
  if (maxLines <= 1 || ctx.lineSuffix.trim() !== '') return false;
  if (trigger === 'manual') return true;
  if (mode !== 'code') return false;
  return ctx.linePrefix.trim() === '' || BLOCK_OPENER.test(ctx.linePrefix);
}

export function planCompletion(input: CompletionInput, settings: PromptSettings): CompletionPlan {
  const { ctx, model } = input;
  const mode = classifyMode(ctx, input.languageId, input.comments ?? commentSyntaxFor(input.languageId));
  const multiline = wantsMultiline(ctx, mode, input.trigger, settings.maxLines);
  const maxLines = multiline ? Math.max(1, settings.maxLines) : 1;
  const { format, family } = chooseFormat(model, settings.format);
  const header = mode === 'prose' ? '' : headerComment(input.path, input.languageId, input.comments ?? commentSyntaxFor(input.languageId));
  const prefix = header + ctx.prefixLines;
  const suffix = suffixText(ctx);

  // Ollama lets a request's stop list replace the Modelfile's: keep the model's own, then the layout's end
  // tokens, or for a model Hearth has no layout for (an instruct or thinking model), its template's turn markers.
  const stop: string[] = [...(model.stop ?? [])];
  stop.push(...(family ? fimLayout(family).stop : templateEndTokens(model.template)));
  // Mid-line edits end at the line break; elsewhere the engine decides (a leading newline is allowed).
  if (!multiline && ctx.lineSuffix.trim() !== '') stop.push('\n');
  if (mode === 'prose' || mode === 'comment') stop.push('\n\n');
  const most = settings.maxOutputTokens ?? PREDICT_BLOCK_MAX;
  const numPredict = Math.min(most, multiline ? maxLines * PREDICT_PER_LINE : mode === 'code' ? PREDICT_LINE : PREDICT_SENTENCE);
  // No num_ctx: the gateway sends the model's window (hearth.contextLength, or the feature's own).
  const stops = [...new Set(stop.filter((s) => s !== ''))];
  // Never `stop: []`: that would clear the model's own stops on the server.
  const options = { num_predict: numPredict, temperature: settings.temperature ?? COMPLETION_TEMPERATURE, top_p: TOP_P, ...(stops.length > 0 ? { stop: stops } : {}) };

  let params: CompletionPlan['params'];
  let evaluated: string;
  if (format === 'template' && family) {
    const prompt = fimLayout(family).render({ prefix, linePrefix: ctx.linePrefix, suffix });
    params = { prompt, raw: true, think: false, options };
    evaluated = prompt;
  } else if (format === 'suffix') {
    // An empty suffix would make Ollama render the chat branch of the template: send a line break instead.
    const sent = suffix === '' ? '\n' : suffix;
    params = { prompt: prefix + ctx.linePrefix, suffix: sent, think: false, options };
    evaluated = `${prefix}${ctx.linePrefix}\u0000${sent}`;
  } else {
    params = { prompt: prefix + ctx.linePrefix, raw: true, think: false, options };
    evaluated = params.prompt;
  }
  return { format, family, mode, multiline, maxLines, params, evaluated };
}
