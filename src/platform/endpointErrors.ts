// The words for a failure of a feature that uses another endpoint than the local Ollama (a team's vLLM, a GPU
// box): the local daemon's buttons (Start Ollama, Install, Pull a model, the hearth.host setting) do nothing
// for it, and "Ollama is not running" would be wrong about a vLLM server. Kinds that read the same anywhere
// (context overflow, cancelled, cloud guard…) keep the common sentence, without the local-only buttons.
import * as vscode from 'vscode';
import { authFailureStatus, certificateFailureCode } from '../core/endpoints/failures';
import type { OllamaError } from '../core/ollama/errors';
import { displayModelName } from '../core/ollama/names';
import { Commands } from './commands';
import { userMessageFor, type ErrorContext, type UserMessage } from './errors';

/** Buttons that act on the local Ollama only. */
const LOCAL_ONLY = new Set<string>([Commands.startOllama, Commands.installOllama, Commands.pullModel, Commands.openWalkthrough]);

export interface EndpointIdentity {
  /** The endpoint's name in the settings. */
  name: string;
  /** Its address for messages (origin only). */
  label: string;
}

export function endpointMessageFor(err: OllamaError, endpoint: EndpointIdentity, ctx: ErrorContext = {}): UserMessage {
  const logs = { title: vscode.l10n.t('Show Logs'), command: Commands.showLogs };
  const chooseAnother = { title: vscode.l10n.t('Choose Another Model'), command: Commands.useModelFor, args: ctx.feature ? [ctx.feature] : [] };
  const model = displayModelName(err.details.model ?? ctx.model ?? '?');
  // A token or a certificate: the next step is the user's, for this endpoint (Set Token…, Set CA File…).
  if (authFailureStatus(err) || certificateFailureCode(err)) {
    const common = userMessageFor(err, { ...ctx, host: endpoint.label });
    const forThis = (a: UserMessage['actions'][number]): UserMessage['actions'][number] =>
      a.command === Commands.setEndpointToken || a.command === Commands.setEndpointHeader ? { ...a, args: [{ endpoint: endpoint.name }] } : a;
    return { ...common, actions: common.actions.map(forThis) };
  }
  switch (err.kind) {
    case 'unreachable':
      if (err.details.reason === 'timeout') return { message: vscode.l10n.t('The endpoint "{0}" at {1} did not answer in time.', endpoint.name, endpoint.label), actions: [logs], severity: 'error' };
      return { message: vscode.l10n.t('Cannot reach the endpoint "{0}" at {1}: {2}', endpoint.name, endpoint.label, err.message), actions: [logs], severity: 'error' };
    case 'modelNotFound':
      return { message: vscode.l10n.t('The endpoint "{0}" does not serve the model {1}.', endpoint.name, model), actions: [chooseAnother], severity: 'error' };
    case 'busy':
      return { message: vscode.l10n.t('The endpoint "{0}" is busy or still loading. Try again in a moment.', endpoint.name), actions: [], severity: 'warning' };
    case 'protocol':
      if (err.details.reason === 'stalled') {
        return { message: vscode.l10n.t('The endpoint "{0}" sent no answer for {1} s.', endpoint.name, Math.round((err.details.quietMs ?? 0) / 1000)), actions: [logs], severity: 'error' };
      }
      return { message: vscode.l10n.t('The endpoint "{0}" sent a reply that Hearth could not use: {1}', endpoint.name, err.message), actions: [logs], severity: 'error' };
    case 'badRequest':
    case 'server':
      // The adapter's sentence already says what happened (a 401 says the request needs a valid API token).
      return { message: vscode.l10n.t('The endpoint "{0}" refused the request: {1}', endpoint.name, err.message), actions: [logs], severity: 'error' };
    default: {
      const common = userMessageFor(err, { ...ctx, host: endpoint.label });
      return { ...common, actions: common.actions.filter((a) => !LOCAL_ONLY.has(a.command)) };
    }
  }
}
