// The `hearth.completion.*` settings, validated (a typo in settings.json falls back to the default instead
// of breaking completion), and what the engine and the context reader need from them.

import type { FormatPreference } from '../prompts/completionPrompt';
import { DEFAULT_STRIDE, type ContextBudget } from '../prompts/cursorContext';
import { GENERATION_DEFAULTS, type GenerationOptions } from '../generation';
import { SETTING_DEFAULTS } from '../settings';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './engine';

export interface CompletionSettings {
  /** Language id → automatic completion on/off; `*` for the rest. */
  enable: Readonly<Record<string, boolean>>;
  debounceMinMs: number;
  debounceMaxMs: number;
  prefixTokens: number;
  suffixTokens: number;
  maxLines: number;
  maxLineLength: number;
  promptFormat: FormatPreference;
  /** hearth.generation.completion, validated. */
  generation: GenerationOptions;
}

export type CompletionSettingKey = Extract<keyof typeof SETTING_DEFAULTS, `hearth.completion.${string}`>;

/** Room kept in the context window for the header, the FIM markers and the longest block suggestion. */
const RESERVED_TOKENS = 64 + 512;
const MIN_CONTEXT_TOKENS = 256;

function integer(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
}

function enableMap(value: unknown): Record<string, boolean> {
  const fallback = { ...SETTING_DEFAULTS['hearth.completion.enable'] };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fallback;
  const out: Record<string, boolean> = {};
  for (const [language, on] of Object.entries(value)) if (typeof on === 'boolean') out[language] = on;
  return out;
}

export function parseCompletionSettings(read: (key: CompletionSettingKey) => unknown, generation: GenerationOptions = GENERATION_DEFAULTS.completion): CompletionSettings {
  const d = SETTING_DEFAULTS;
  const format = read('hearth.completion.promptFormat');
  const min = integer(read('hearth.completion.debounceMinMs'), d['hearth.completion.debounceMinMs'], 0, 5_000);
  return {
    enable: enableMap(read('hearth.completion.enable')),
    debounceMinMs: min,
    debounceMaxMs: Math.max(min, integer(read('hearth.completion.debounceMaxMs'), d['hearth.completion.debounceMaxMs'], 0, 10_000)),
    prefixTokens: integer(read('hearth.completion.prefixTokens'), d['hearth.completion.prefixTokens'], 64, 32_768),
    suffixTokens: integer(read('hearth.completion.suffixTokens'), d['hearth.completion.suffixTokens'], 0, 16_384),
    maxLines: integer(read('hearth.completion.maxLines'), d['hearth.completion.maxLines'], 1, 100),
    maxLineLength: integer(read('hearth.completion.maxLineLength'), d['hearth.completion.maxLineLength'], 80, 100_000),
    promptFormat: format === 'suffix' || format === 'continuation' ? format : 'auto',
    generation,
  };
}

/** The most specific entry wins: the language's own, then `*`; completion is on when neither says. */
export function isEnabledFor(enable: Readonly<Record<string, boolean>>, languageId: string): boolean {
  return enable[languageId] ?? enable['*'] ?? true;
}

/**
 * Prefix and suffix budgets, scaled down when they would not fit the context window with the answer.
 * `contextTokens` is the model's window (OllamaGateway.contextWindow), the num_ctx its requests run with.
 */
export function budgetOf(s: CompletionSettings, contextTokens: number): ContextBudget {
  const room = Math.max(MIN_CONTEXT_TOKENS, contextTokens - RESERVED_TOKENS);
  const wanted = s.prefixTokens + s.suffixTokens;
  const scale = wanted > room ? room / wanted : 1;
  return { prefixTokens: Math.floor(s.prefixTokens * scale), suffixTokens: Math.floor(s.suffixTokens * scale), stride: DEFAULT_STRIDE };
}

export function engineConfigOf(s: CompletionSettings): EngineConfig {
  return {
    ...DEFAULT_ENGINE_CONFIG,
    debounceMinMs: s.debounceMinMs,
    debounceMaxMs: s.debounceMaxMs,
    maxLines: s.maxLines,
    format: s.promptFormat,
    temperature: s.generation.temperature,
    maxOutputTokens: s.generation.maxOutputTokens,
    contextLength: s.generation.contextLength,
  };
}
