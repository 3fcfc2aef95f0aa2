// The chat's own settings. Its context window is the one every feature shares (OllamaGateway.contextWindow).
import { SETTING_DEFAULTS } from '../../core/settings';
import type { HearthServices } from '../../platform/services';

export function systemPromptSetting(services: HearthServices): string {
  const value = services.config.get<unknown>('hearth.chat.systemPrompt', SETTING_DEFAULTS['hearth.chat.systemPrompt']);
  return typeof value === 'string' ? value : '';
}
