// What is wrong with an endpoint setting, in the user's language, with what Hearth does instead.
import * as vscode from 'vscode';
import type { EndpointProblem } from '../../core/endpoints/settings';

export function endpointProblemText(problem: EndpointProblem): string {
  switch (problem.kind) {
    case 'notAList':
      return vscode.l10n.t('hearth.endpoints must be a list of entries, each with a name, a url and a kind. Hearth uses only the local Ollama until it is fixed.');
    case 'notAnObject':
      return vscode.l10n.t('Entry {0} of hearth.endpoints needs a "name" and a "url". Hearth leaves it out.', problem.index + 1);
    case 'badName':
      return vscode.l10n.t('The endpoint name "{0}" in hearth.endpoints may only use letters, digits, ".", "_" and "-" (up to 40). Hearth leaves it out.', problem.name);
    case 'reservedName':
      return vscode.l10n.t('"local" is the endpoint hearth.host defines; give entry {0} of hearth.endpoints another name. Hearth leaves it out.', problem.index + 1);
    case 'duplicateName':
      return vscode.l10n.t('The endpoint name "{0}" appears twice in hearth.endpoints. Hearth uses the first and leaves out the other.', problem.name);
    case 'badUrl':
      return vscode.l10n.t('The URL "{0}" of endpoint "{1}" is not a valid http or https address ({2}). Hearth leaves the endpoint out.', problem.url, problem.name, problem.reason);
    case 'badKind':
      return vscode.l10n.t('Endpoint "{0}" has the kind "{1}"; it must be "ollama" or "openai-compatible". Hearth leaves it out.', problem.name, problem.value);
    case 'unknownEndpoint':
      return vscode.l10n.t('hearth.endpoint.{0} names the endpoint "{1}", which is not in hearth.endpoints. Hearth uses the local Ollama for {0} until it is fixed.', problem.feature, problem.name);
  }
}
