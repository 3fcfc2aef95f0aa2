// The channel to the extension, and the state VS Code keeps for this webview while it is hidden or the
// window reloads (getState/setState, instead of retainContextWhenHidden).
import type { ViewToHost } from '../shared/protocol';

export interface PersistedState {
  draft: string;
  view: 'chat' | 'history';
  editing?: string;
  systemPromptOpen?: boolean;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: ViewToHost): void {
  api.postMessage(message);
}

export function loadState(): PersistedState {
  const raw = api.getState() as Partial<PersistedState> | undefined;
  return {
    draft: typeof raw?.draft === 'string' ? raw.draft : '',
    view: raw?.view === 'history' ? 'history' : 'chat',
    editing: typeof raw?.editing === 'string' ? raw.editing : undefined,
    systemPromptOpen: raw?.systemPromptOpen === true,
  };
}

export function saveState(state: PersistedState): void {
  api.setState(state);
}
