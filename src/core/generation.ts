// Generation options per feature (`hearth.generation.<feature>`): temperature, the longest answer
// (num_predict) and the context window (num_ctx). A missing or nonsensical value falls back to Hearth's
// own choice rather than failing: a typo in settings.json must not break a feature.
//
// The context window stays one per model by default (hearth.contextLength, see ollama/contextWindow.ts).
// A feature's contextLength > 0 replaces it for that feature's requests and for the budgets it plans against;
// two features that share a model with different windows make Ollama reload the model between them.

export type GenerationFeature = 'completion' | 'draft' | 'chat' | 'summarize' | 'translate';
export const GENERATION_FEATURES: readonly GenerationFeature[] = ['completion', 'draft', 'chat', 'summarize', 'translate'];

export interface GenerationOptions {
  /** undefined: Hearth's built-in value for the request (or, for chat, the model's own). */
  temperature?: number;
  /** undefined: no limit (chat) or sized to the text (translate). */
  maxOutputTokens?: number;
  /** 0: hearth.contextLength. */
  contextLength: number;
}

export const MAX_TEMPERATURE = 2;
export const MAX_OUTPUT_TOKENS = 131_072;
export const MAX_CONTEXT_LENGTH = 1_048_576;

/**
 * What each feature uses when the user sets nothing: exactly the values the features used before these
 * settings existed. Chat leaves temperature and length to the model; translate sizes each answer to its
 * text and uses 0.1 for comments (JSON) and 0.2 for selected text.
 */
export const GENERATION_DEFAULTS = {
  completion: { temperature: 0.1, maxOutputTokens: 512, contextLength: 0 },
  draft: { temperature: 0.3, maxOutputTokens: 1024, contextLength: 0 },
  chat: { contextLength: 0 },
  summarize: { temperature: 0.3, maxOutputTokens: 600, contextLength: 0 },
  translate: { contextLength: 0 },
} as const satisfies Record<GenerationFeature, GenerationOptions>;

/** The properties a feature's object accepts (translate has no maximum: a cut translation is useless). */
export const GENERATION_PROPERTIES: Readonly<Record<GenerationFeature, readonly (keyof GenerationOptions)[]>> = {
  completion: ['temperature', 'maxOutputTokens', 'contextLength'],
  draft: ['temperature', 'maxOutputTokens', 'contextLength'],
  chat: ['temperature', 'maxOutputTokens', 'contextLength'],
  summarize: ['temperature', 'maxOutputTokens', 'contextLength'],
  translate: ['temperature', 'contextLength'],
};

export interface ParsedGeneration {
  options: GenerationOptions;
  /** Values that were ignored, for the log: `temperature: 7 (0–2)`. */
  ignored: string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates the setting's value; anything out of range or of the wrong type takes the default. */
export function parseGeneration(feature: GenerationFeature, raw: unknown): ParsedGeneration {
  const defaults: GenerationOptions = GENERATION_DEFAULTS[feature];
  const options: GenerationOptions = { ...defaults };
  const ignored: string[] = [];
  if (raw === undefined || raw === null) return { options, ignored };
  if (!isObject(raw)) return { options, ignored: [`${JSON.stringify(raw)} (an object is expected)`] };
  const allowed = GENERATION_PROPERTIES[feature];
  for (const [key, value] of Object.entries(raw)) {
    if (value === null || value === undefined) continue; // null: the default
    const why = (range: string): void => void ignored.push(`${key}: ${JSON.stringify(value)} (${range})`);
    if (!(allowed as readonly string[]).includes(key)) {
      why(`not an option here; options: ${allowed.join(', ')}`);
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      why('a number is expected');
    } else if (key === 'temperature') {
      if (value >= 0 && value <= MAX_TEMPERATURE) options.temperature = value;
      else why(`0–${MAX_TEMPERATURE}`);
    } else if (key === 'maxOutputTokens') {
      if (value >= 1 && value <= MAX_OUTPUT_TOKENS) options.maxOutputTokens = Math.floor(value);
      else why(`1–${MAX_OUTPUT_TOKENS}`);
    } else if (value >= 0 && value <= MAX_CONTEXT_LENGTH) {
      options.contextLength = Math.floor(value);
    } else {
      why(`0–${MAX_CONTEXT_LENGTH}, 0 = hearth.contextLength`);
    }
  }
  return { options, ignored };
}

/** The context length a feature's requests use: its own, else the shared setting. */
export function effectiveContextLength(options: GenerationOptions, shared: number): number {
  return options.contextLength > 0 ? options.contextLength : shared;
}
