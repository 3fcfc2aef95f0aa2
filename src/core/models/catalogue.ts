// Models Hearth recommends, per feature, with their download sizes (Ollama library, Q4_K_M tags).
//
// Completion wants a model trained for fill-in-the-middle whose template has Ollama's `insert`
// capability, so the server builds the FIM prompt itself: Qwen2.5-Coder is that at every size from a
// CPU-friendly 0.5B to 7B, with a permissive licence. Chat, summaries and translation want instruct
// models; Hearth's users read Chinese as well as English, and Qwen2.5 is strong in both (Llama 3.2
// does not list Chinese among its supported languages), so it leads, with Llama 3.2 3B as a small,
// quick English-first option and Qwen3 for answers that benefit from thinking first. The workspace index
// wants an embedding model (capability `embedding`): multilingual ones first for the same reason.
import type { Capability } from '../ollama/types';
import type { Feature } from '../settings';

/** Why a model is on the list; the feature layer turns it into words. */
export type RecommendationNote =
  | 'fimTiny'
  | 'fimFast'
  | 'fimBalanced'
  | 'fimBest'
  | 'chatBilingual'
  | 'chatSmallBilingual'
  | 'chatSmallQuick'
  | 'chatThinking'
  | 'chatLarge'
  | 'embedEnglish'
  | 'embedMultilingual'
  | 'embedQwen';

export interface Recommendation {
  name: string;
  features: readonly Feature[];
  /** Download size, bytes. */
  downloadBytes: number;
  parameterSize: string;
  capabilities: readonly Capability[];
  note: RecommendationNote;
  /** The first choice for its features. */
  preferred?: boolean;
}

const GB = 1e9;
const MB = 1e6;
const TEXT: readonly Feature[] = ['chat', 'summarize', 'translate'];

export const RECOMMENDATIONS: readonly Recommendation[] = [
  { name: 'qwen2.5-coder:1.5b', features: ['completion'], downloadBytes: 986 * MB, parameterSize: '1.5B', capabilities: ['completion', 'insert', 'tools'], note: 'fimFast', preferred: true },
  { name: 'qwen2.5-coder:3b', features: ['completion'], downloadBytes: 1.9 * GB, parameterSize: '3.1B', capabilities: ['completion', 'insert', 'tools'], note: 'fimBalanced' },
  { name: 'qwen2.5-coder:7b', features: ['completion'], downloadBytes: 4.7 * GB, parameterSize: '7.6B', capabilities: ['completion', 'insert', 'tools'], note: 'fimBest' },
  { name: 'qwen2.5-coder:0.5b', features: ['completion'], downloadBytes: 398 * MB, parameterSize: '0.5B', capabilities: ['completion', 'insert', 'tools'], note: 'fimTiny' },
  { name: 'qwen2.5:7b', features: TEXT, downloadBytes: 4.7 * GB, parameterSize: '7.6B', capabilities: ['completion', 'tools'], note: 'chatBilingual', preferred: true },
  { name: 'qwen2.5:3b', features: TEXT, downloadBytes: 1.9 * GB, parameterSize: '3.1B', capabilities: ['completion', 'tools'], note: 'chatSmallBilingual' },
  { name: 'llama3.2:3b', features: ['chat', 'summarize'], downloadBytes: 2.0 * GB, parameterSize: '3.2B', capabilities: ['completion', 'tools'], note: 'chatSmallQuick' },
  { name: 'qwen3:8b', features: ['chat'], downloadBytes: 5.2 * GB, parameterSize: '8.2B', capabilities: ['completion', 'tools', 'thinking'], note: 'chatThinking' },
  { name: 'qwen2.5:14b', features: TEXT, downloadBytes: 9.0 * GB, parameterSize: '14.8B', capabilities: ['completion', 'tools'], note: 'chatLarge' },
  // Embedding models for the workspace index (optional). Qwen3-Embedding 0.6B leads: multilingual (Chinese and
  // English, and code) at a third of bge-m3's size; bge-m3 is the long-standing multilingual choice (8k inputs);
  // nomic-embed-text is the smallest and fastest, English-first.
  { name: 'qwen3-embedding:0.6b', features: ['embedding'], downloadBytes: 639 * MB, parameterSize: '596M', capabilities: ['embedding'], note: 'embedQwen', preferred: true },
  { name: 'bge-m3', features: ['embedding'], downloadBytes: 1.2 * GB, parameterSize: '567M', capabilities: ['embedding'], note: 'embedMultilingual' },
  { name: 'nomic-embed-text', features: ['embedding'], downloadBytes: 274 * MB, parameterSize: '137M', capabilities: ['embedding'], note: 'embedEnglish' },
];

/** Recommendations for a feature, the preferred one first, then in catalogue order. */
export function recommendationsFor(feature: Feature): Recommendation[] {
  const list = RECOMMENDATIONS.filter((r) => r.features.includes(feature));
  return [...list.filter((r) => r.preferred), ...list.filter((r) => !r.preferred)];
}

/**
 * The one to offer when nothing installed fits: the preferred model, or the largest that fits
 * `budgetBytes` (the memory left on the GPU) when that is known.
 */
export function topRecommendation(feature: Feature, fitsBudget?: (r: Recommendation) => boolean): Recommendation {
  const list = recommendationsFor(feature);
  const preferred = list[0];
  if (!fitsBudget || fitsBudget(preferred)) return preferred;
  const fitting = list.filter(fitsBudget).sort((a, b) => b.downloadBytes - a.downloadBytes);
  return fitting[0] ?? [...list].sort((a, b) => a.downloadBytes - b.downloadBytes)[0];
}
