// The status bar item when the active editor's feature is routed to an endpoint other than `local`: it names
// that endpoint and how it answered lately (answered, unreachable, unauthorized, certificate refused), learnt
// from the outcomes of requests on its fetch. The local daemon's part (HearthState) stays in the tooltip.
import * as vscode from 'vscode';
import type { EndpointState } from '../../core/endpoints/health';
import type { EndpointConnection } from '../../core/endpoints/types';
import { FEATURES, type Feature } from '../../core/settings';
import { Commands } from '../../platform/commands';
import { featureTitle } from '../models/labels';

export interface EndpointSnapshot {
  /** The feature the status bar speaks for (completion in an editor, else the chat). */
  readonly feature: Feature;
  readonly connection: EndpointConnection;
  readonly state: EndpointState;
  /** Each feature's endpoint name, for the tooltip. */
  readonly routes: Readonly<Record<Feature, string>>;
}

function kindText(connection: EndpointConnection): string {
  return connection.kind === 'ollama' ? 'Ollama' : vscode.l10n.t('OpenAI-compatible');
}

export function endpointStateText(state: EndpointState): string {
  switch (state) {
    case 'unknown':
      return vscode.l10n.t('not used yet');
    case 'answered':
      return vscode.l10n.t('answers');
    case 'unreachable':
      return vscode.l10n.t('unreachable');
    case 'unauthorized':
      return vscode.l10n.t('unauthorized');
    case 'untrusted':
      return vscode.l10n.t('certificate not trusted');
  }
}

const ICONS: Record<EndpointState, string> = {
  unknown: '$(circle-large-outline)',
  answered: '$(check)',
  unreachable: '$(debug-disconnect)',
  unauthorized: '$(lock)',
  untrusted: '$(shield)',
};

export function endpointText(s: EndpointSnapshot): string {
  const remote = !s.connection.isLoopback ? ' $(globe)' : '';
  return s.state === 'answered' ? `${ICONS[s.state]} ${s.connection.name}${remote}` : `${ICONS[s.state]} ${s.connection.name}${remote} · ${endpointStateText(s.state)}`;
}


/** The tooltip's first part: this endpoint, its state, and where every feature goes. */
export function endpointTooltip(s: EndpointSnapshot): string {
  const { connection } = s;
  const where = connection.isLoopback ? vscode.l10n.t('on this computer') : vscode.l10n.t('on another computer: your text is sent there');
  const lines = [
    `**${vscode.l10n.t('Hearth · endpoint {0}', connection.name)}**`,
    '',
    vscode.l10n.t('{0} uses the endpoint {1} ({2}, {3}), {4}.', featureTitle(s.feature), connection.name, kindText(connection), connection.baseUrl, where),
    '',
    `${vscode.l10n.t('State')}: ${endpointStateText(s.state)}`,
    '',
    ...FEATURES.map((f) => `- ${featureTitle(f)}: \`${s.routes[f]}\``),
    '',
    '---',
    '',
  ];
  return lines.join('\n');
}

export function endpointClick(s: EndpointSnapshot): vscode.Command {
  switch (s.state) {
    case 'unauthorized':
      return { command: Commands.setEndpointToken, title: vscode.l10n.t('Set Token…'), arguments: [{ endpoint: s.connection.name }] };
    case 'untrusted':
      return { command: Commands.openSettings, title: vscode.l10n.t('Set CA File…'), arguments: ['hearth.tls.caFile'] };
    default:
      return { command: Commands.checkConnection, title: vscode.l10n.t('Check Connection') };
  }
}
