// The words for what core/models describes with codes: features, capabilities, reasons, name problems,
// pull progress. Every string is localized here, so the other modules stay about behaviour.
import * as vscode from 'vscode';
import type { RecommendationNote } from '../../core/models/catalogue';
import type { ChoiceReason } from '../../core/models/choice';
import type { NameProblem } from '../../core/models/names';
import type { PullSnapshot } from '../../core/models/progress';
import type { Capability } from '../../core/ollama/types';
import type { Feature } from '../../core/settings';
import { formatBytes, formatDuration } from '../../core/text/format';

export function featureLabel(feature: Feature): string {
  switch (feature) {
    case 'completion':
      return vscode.l10n.t('completion');
    case 'chat':
      return vscode.l10n.t('chat');
    case 'summarize':
      return vscode.l10n.t('summaries');
    case 'translate':
      return vscode.l10n.t('translation');
    case 'embedding':
      return vscode.l10n.t('the workspace index');
  }
}

export function featureTitle(feature: Feature): string {
  switch (feature) {
    case 'completion':
      return vscode.l10n.t('Inline completion');
    case 'chat':
      return vscode.l10n.t('Chat');
    case 'summarize':
      return vscode.l10n.t('Summarize');
    case 'translate':
      return vscode.l10n.t('Translate');
    case 'embedding':
      return vscode.l10n.t('Workspace index (embeddings)');
  }
}

export const CAPABILITY_ICONS: Record<Capability, string> = {
  completion: 'symbol-text',
  insert: 'symbol-snippet',
  tools: 'tools',
  vision: 'eye',
  thinking: 'lightbulb',
  embedding: 'symbol-array',
};

export function capabilityLabel(capability: Capability): string {
  switch (capability) {
    case 'completion':
      return vscode.l10n.t('generates text');
    case 'insert':
      return vscode.l10n.t('fills in the middle (insert)');
    case 'tools':
      return vscode.l10n.t('calls tools');
    case 'vision':
      return vscode.l10n.t('reads images');
    case 'thinking':
      return vscode.l10n.t('thinks before answering');
    case 'embedding':
      return vscode.l10n.t('embeddings only');
  }
}

export function reasonLabel(reason: ChoiceReason): string {
  switch (reason) {
    case 'insert':
      return vscode.l10n.t('it fills in the middle of code and is the smallest such model installed');
    case 'rawFim':
      return vscode.l10n.t('it is a code model Hearth can prompt to fill in the middle');
    case 'plainCompletion':
      return vscode.l10n.t('no fill-in-the-middle model is installed, and this one continues text');
    case 'instruct':
      return vscode.l10n.t('it is the largest instruct model installed that runs comfortably');
    case 'embedding':
      return vscode.l10n.t('it is an embedding model, and the smallest such model installed');
  }
}

export function noteLabel(note: RecommendationNote): string {
  switch (note) {
    case 'fimTiny':
      return vscode.l10n.t('Fill in the middle; tiny, for machines without a GPU.');
    case 'fimFast':
      return vscode.l10n.t('Fill in the middle; fast on any GPU. The usual choice for completion.');
    case 'fimBalanced':
      return vscode.l10n.t('Fill in the middle; better suggestions, still quick on a 6 GB GPU.');
    case 'fimBest':
      return vscode.l10n.t('Fill in the middle; the best suggestions, for GPUs with 8 GB or more.');
    case 'chatBilingual':
      return vscode.l10n.t('Instruct model, strong in English and Chinese. The usual choice.');
    case 'chatSmallBilingual':
      return vscode.l10n.t('Small instruct model, English and Chinese; for 4 GB GPUs.');
    case 'chatSmallQuick':
      return vscode.l10n.t('Small, quick instruct model, best in English.');
    case 'chatThinking':
      return vscode.l10n.t('Thinks before answering: slower, better at reasoning.');
    case 'chatLarge':
      return vscode.l10n.t('Larger instruct model for GPUs with 12 GB or more.');
    case 'embedEnglish':
      return vscode.l10n.t('Embedding model for the workspace index; small and fast, best in English and code.');
    case 'embedMultilingual':
      return vscode.l10n.t('Multilingual embedding model (Chinese and English), long inputs; for the workspace index.');
    case 'embedQwen':
      return vscode.l10n.t('Multilingual embedding model (Chinese, English and code), small; the usual choice for the workspace index.');
  }
}

export function nameProblemLabel(problem: NameProblem): string {
  switch (problem) {
    case 'empty':
      return vscode.l10n.t('Type a model name, e.g. qwen2.5-coder:1.5b.');
    case 'whitespace':
      return vscode.l10n.t('A model name cannot contain spaces.');
    case 'tooManyParts':
      return vscode.l10n.t('A model name has at most three parts: host/namespace/model.');
    case 'digest':
      return vscode.l10n.t('Use a name and tag (model:tag), not a digest.');
    case 'badModel':
      return vscode.l10n.t('The model part may use letters, digits, ".", "_" and "-", starts with a letter or digit, and has at most 80 characters.');
    case 'badTag':
      return vscode.l10n.t('The tag after ":" may use letters, digits, ".", "_" and "-", and cannot be empty.');
    case 'badNamespace':
      return vscode.l10n.t('The namespace before "/" may use letters, digits, ".", "_" and "-", and starts with a letter or digit.');
    case 'badHost':
      return vscode.l10n.t('The registry host is not a valid host name.');
  }
}

/** `45% · 1.2 GB of 4.7 GB · 35 MB/s · 1 min 40 s left`, or the phase while there are no bytes. */
export function progressText(s: PullSnapshot): string {
  switch (s.phase) {
    case 'starting':
    case 'manifest':
      return vscode.l10n.t('Fetching the manifest…');
    case 'verifying':
      return vscode.l10n.t('Verifying the download…');
    case 'writing':
      return vscode.l10n.t('Writing the manifest…');
    case 'cleaning':
      return vscode.l10n.t('Removing layers no longer used…');
    case 'done':
      return vscode.l10n.t('Done.');
    default:
      break;
  }
  const parts: string[] = [];
  if (s.fraction !== undefined) parts.push(`${Math.floor(s.fraction * 100)}%`);
  parts.push(s.totalBytes !== undefined ? vscode.l10n.t('{0} of {1}', formatBytes(s.completedBytes), formatBytes(s.totalBytes)) : formatBytes(s.completedBytes));
  if (s.bytesPerSecond !== undefined && s.bytesPerSecond > 0) parts.push(vscode.l10n.t('{0}/s', formatBytes(s.bytesPerSecond)));
  if (s.etaMs !== undefined && s.etaMs > 0) parts.push(vscode.l10n.t('{0} left', formatDuration(s.etaMs)));
  return parts.join(' · ');
}

/** `7.6B · Q4_K_M · 4.7 GB`, leaving out what is unknown. */
export function modelFacts(m: { parameterSize: string; quantization: string; sizeBytes: number }): string {
  return [m.parameterSize, m.quantization, m.sizeBytes > 0 ? formatBytes(m.sizeBytes) : ''].filter(Boolean).join(' · ');
}
