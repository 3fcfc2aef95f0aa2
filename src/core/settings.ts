// The typed shape of Hearth's settings and their defaults. This module has no `vscode` import so that
// core code and unit tests can use it; src/platform/config.ts reads the values from VS Code.
// A unit test checks that every default here equals the default declared in package.json.
import { GENERATION_DEFAULTS } from './generation';

/** What a model is chosen for. `embedding` feeds the workspace index (an embedding model, not a text one). */
export type Feature = 'completion' | 'chat' | 'summarize' | 'translate' | 'embedding';
export const FEATURES: readonly Feature[] = ['completion', 'chat', 'summarize', 'translate', 'embedding'];

export interface HearthSettings {
  /** Base URL of the Ollama daemon; '' means "not configured" (then OLLAMA_HOST or the default applies). */
  host: string;
  allowRemoteHost: boolean;
  allowCloudModels: boolean;
  /** Model per feature; '' = choose automatically. */
  model: Record<Feature, string>;
  /** keep_alive sent with requests; '' = leave it to the server (OLLAMA_KEEP_ALIVE or 5m). */
  keepAlive: string;
  /** num_ctx of every generate/chat request, capped by the model's trained context; 0 = leave it to the server. */
  contextLength: number;
}

/**
 * Defaults keyed by the full setting id, exactly as declared in package.json.
 * Keep flat: the package.json comparison test walks this object.
 */
export const SETTING_DEFAULTS = {
  'hearth.host': 'http://127.0.0.1:11434',
  'hearth.allowRemoteHost': false,
  'hearth.allowCloudModels': false,
  // Endpoints (typed and validated in core/endpoints/settings.ts; read by src/platform/endpoints/registry.ts).
  'hearth.endpoints': [],
  'hearth.endpoint.completion': 'local',
  'hearth.endpoint.chat': 'local',
  'hearth.endpoint.summarize': 'local',
  'hearth.endpoint.translate': 'local',
  'hearth.tls.caFile': '',
  'hearth.model.completion': '',
  'hearth.model.chat': '',
  'hearth.model.summarize': '',
  'hearth.model.translate': '',
  'hearth.model.embedding': '',
  'hearth.keepAlive': '',
  'hearth.contextLength': 8192,
  'hearth.chat.systemPrompt': '',
  // Daemon management (typed and validated in core/daemon/settings.ts).
  'hearth.ollama.path': '',
  'hearth.ollama.autoStart': 'ask',
  'hearth.ollama.env': {},
  'hearth.ollama.stopOnExit': true,
  'hearth.ollama.startTimeoutSeconds': 30,
  'hearth.ollama.runMode': 'binary',
  'hearth.ollama.containerCli': '',
  'hearth.ollama.containerImage': '',
  'hearth.ollama.containerGpu': 'auto',
  'hearth.completion.enable': { '*': true },
  'hearth.completion.debounceMinMs': 0,
  'hearth.completion.debounceMaxMs': 600,
  'hearth.completion.prefixTokens': 1536,
  'hearth.completion.suffixTokens': 384,
  'hearth.completion.maxLines': 8,
  'hearth.completion.maxLineLength': 1000,
  'hearth.completion.promptFormat': 'auto',
  'hearth.summarize.style': 'bullets',
  'hearth.summarize.language': '',
  'hearth.translate.targetLanguage': '',
  'hearth.translate.preview': true,
  'hearth.translate.rewrap': false,
  // Prompt templates (checked in core/prompts/template.ts) and generation options (core/generation.ts).
  'hearth.prompts.draft': '',
  'hearth.prompts.summarize': '',
  'hearth.prompts.translate': '',
  'hearth.prompts.chatSystem': '',
  'hearth.generation.completion': GENERATION_DEFAULTS.completion,
  'hearth.generation.draft': GENERATION_DEFAULTS.draft,
  'hearth.generation.chat': GENERATION_DEFAULTS.chat,
  'hearth.generation.summarize': GENERATION_DEFAULTS.summarize,
  'hearth.generation.translate': GENERATION_DEFAULTS.translate,
  // The workspace index (read by src/features/workspaceIndex/settings.ts).
  'hearth.workspaceIndex.enabled': false,
  'hearth.workspaceIndex.maxFiles': 5000,
  'hearth.workspaceIndex.maxFileSizeKB': 512,
} as const;

export type SettingKey = keyof typeof SETTING_DEFAULTS;

/** Reads a raw value for a key; returns undefined when the user set nothing. */
export type RawSettingReader = (key: SettingKey) => unknown;

function asString(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value.trim() : fallback;
}

function asBoolean(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** A whole number ≥ 0; anything else is the fallback. */
function asCount(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

/**
 * Builds validated settings from raw values. `read` returns the user's value, or undefined for the
 * default. Invalid types fall back to defaults rather than throwing: a typo in settings.json must not
 * take the extension down.
 */
export function parseSettings(read: RawSettingReader): HearthSettings {
  const str = (key: SettingKey): string => asString(read(key), String(SETTING_DEFAULTS[key]));
  return {
    host: asString(read('hearth.host'), ''),
    allowRemoteHost: asBoolean(read('hearth.allowRemoteHost'), SETTING_DEFAULTS['hearth.allowRemoteHost']),
    allowCloudModels: asBoolean(read('hearth.allowCloudModels'), SETTING_DEFAULTS['hearth.allowCloudModels']),
    model: {
      completion: str('hearth.model.completion'),
      chat: str('hearth.model.chat'),
      summarize: str('hearth.model.summarize'),
      translate: str('hearth.model.translate'),
      embedding: str('hearth.model.embedding'),
    },
    keepAlive: str('hearth.keepAlive'),
    contextLength: asCount(read('hearth.contextLength'), SETTING_DEFAULTS['hearth.contextLength']),
  };
}
