// The status bar item: where Ollama stands at a glance (connected with version, model in use and GPU
// share; starting; not running; not installed; remote host; refused), a tooltip with the host, who started
// the daemon and the loaded models, and a click that does the obvious next thing.
import * as vscode from 'vscode';
import type { DaemonStatus, Discovery, Owner } from '../../core/daemon';
import { DAEMON_SETTINGS, partlyOnCpu } from '../../core/daemon';
import { displayModelName, sameModel } from '../../core/ollama/names';
import type { HearthState } from '../../core/state/hearthState';
import type { RunningModel } from '../../core/ollama/types';
import { formatBytes, formatDuration, formatPercent } from '../../core/text/format';
import { Commands } from '../../platform/commands';
import { OLLAMA_ACTIONS_COMMAND } from './commandIds';
import { connectionSentence } from '../../platform/connectionText';
import { binarySourceText, ownerText } from './messages';
import type { DaemonService } from './service';
import { FEATURES, type Feature } from '../../core/settings';
import type { EndpointRegistryService } from '../../platform/endpoints/registry';
import { endpointClick, endpointText, endpointTooltip, type EndpointSnapshot } from './endpointStatus';

export interface StatusSnapshot {
  status: DaemonStatus;
  models: readonly RunningModel[];
  owner?: Owner;
  binary?: Discovery;
  /** The model the active editor's feature uses (completion in an editor, else the chat's), if known. */
  inUse?: string;
  /** False with hearth.ollama.runMode `none`: Hearth never starts Ollama, so no Start is offered. */
  canStart?: boolean;
  /** Set when the active editor's feature is routed to an endpoint other than `local`: the item speaks for it. */
  endpoint?: EndpointSnapshot;
}

/** Models that stay loaded "forever" (keep_alive -1) expire centuries from now. */
const FOREVER_MS = 365 * 24 * 3600_000;

function gpuLabel(model: RunningModel): string {
  if (model.vramBytes <= 0) return vscode.l10n.t('CPU');
  const label = vscode.l10n.t('{0} GPU', formatPercent(model.gpuShare));
  return partlyOnCpu([model]).length ? `$(warning) ${label}` : label;
}

/** The model the user is working with now, and its share of GPU memory when it is loaded. */
function modelPart(snapshot: StatusSnapshot): string {
  const name = snapshot.inUse;
  if (!name) return '';
  const loaded = snapshot.models.find((m) => sameModel(m.name, name));
  return loaded ? ` · ${displayModelName(name)} · ${gpuLabel(loaded)}` : ` · ${displayModelName(name)}`;
}

export function statusText(snapshot: StatusSnapshot): string {
  const s = snapshot.status;
  switch (s.kind) {
    case 'checking':
      return `$(circle-large-outline) ${vscode.l10n.t('Ollama')}`;
    case 'connected':
      return s.remote
        ? `$(warning) ${vscode.l10n.t('Ollama {0} (remote)', s.version)}${modelPart(snapshot)}`
        : `$(check) ${vscode.l10n.t('Ollama {0}', s.version)}${modelPart(snapshot)}`;
    case 'starting':
      return `$(loading~spin) ${vscode.l10n.t('Starting Ollama…')}`;
    case 'notRunning':
      return s.remote ? `$(warning) ${vscode.l10n.t('Remote Ollama unreachable')}` : `$(debug-disconnect) ${vscode.l10n.t('Ollama not running')}`;
    case 'notInstalled':
      return `$(circle-slash) ${s.missing.kind === 'notFound' ? vscode.l10n.t('Ollama not installed') : vscode.l10n.t('Ollama not found')}`;
    case 'notOllama':
      return `$(error) ${vscode.l10n.t('Port taken (not Ollama)')}`;
    case 'blocked':
      return s.error.kind === 'remoteHostRefused' ? `$(shield) ${vscode.l10n.t('Ollama host refused')}` : `$(error) ${vscode.l10n.t('Invalid Ollama host')}`;
  }
}

function clickCommand(status: DaemonStatus, canStart = true): vscode.Command {
  const command = (id: string, title: string, ...args: unknown[]): vscode.Command => ({ command: id, title, arguments: args });
  switch (status.kind) {
    case 'connected':
      return command(OLLAMA_ACTIONS_COMMAND, vscode.l10n.t('Ollama actions'));
    case 'starting':
      return command(Commands.showOllamaLogs, vscode.l10n.t('Show Ollama Logs'));
    case 'notRunning':
      return status.remote || !canStart ? command(Commands.checkConnection, vscode.l10n.t('Check Connection')) : command(Commands.startOllama, vscode.l10n.t('Start Ollama'));
    case 'notInstalled':
      return status.missing.kind === 'notFound'
        ? command(Commands.installOllama, vscode.l10n.t('Install Ollama'))
        : command(Commands.openSettings, vscode.l10n.t('Open Settings'), DAEMON_SETTINGS.path);
    case 'blocked':
      return command(Commands.openSettings, vscode.l10n.t('Open Settings'), status.error.kind === 'remoteHostRefused' ? 'hearth.allowRemoteHost' : 'hearth.host');
    default:
      return command(Commands.checkConnection, vscode.l10n.t('Check Connection'));
  }
}

function expiryText(model: RunningModel, now: number): string {
  if (!model.expiresAt) return '';
  const left = model.expiresAt.getTime() - now;
  if (left > FOREVER_MS) return vscode.l10n.t('kept loaded');
  return left <= 0 ? vscode.l10n.t('now') : vscode.l10n.t('in {0}', formatDuration(left));
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The loaded models as a Markdown table: memory, GPU share, context and when each unloads. */
export function modelsTable(models: readonly RunningModel[], now = Date.now()): string {
  if (!models.length) return vscode.l10n.t('No model is loaded.');
  const header = `| ${vscode.l10n.t('Model')} | ${vscode.l10n.t('Memory')} | ${vscode.l10n.t('GPU')} | ${vscode.l10n.t('Context')} | ${vscode.l10n.t('Unloads')} |`;
  const rows = models.map((m) => {
    const gpu = m.vramBytes <= 0 ? vscode.l10n.t('CPU only') : formatPercent(m.gpuShare);
    return `| ${cell(displayModelName(m.name))} | ${formatBytes(m.sizeBytes)} | ${gpu} | ${m.contextLength?.toLocaleString() ?? '?'} | ${expiryText(m, now)} |`;
  });
  return [header, '|:---|---:|---:|---:|:---|', ...rows].join('\n');
}

function unloadPhrase(model: RunningModel, now: number): string | undefined {
  if (!model.expiresAt) return undefined;
  const left = model.expiresAt.getTime() - now;
  if (left > FOREVER_MS) return vscode.l10n.t('kept loaded');
  return left > 0 ? vscode.l10n.t('unloads in {0}', formatDuration(left)) : vscode.l10n.t('unloading');
}

/**
 * The loaded models for the tooltip, worded like the Models view's Running rows (a table there is drawn
 * without cell padding, so its headers run together).
 */
export function modelsList(models: readonly RunningModel[], now = Date.now()): string {
  if (!models.length) return vscode.l10n.t('No model is loaded.');
  return models
    .map((m) => {
      const first = [`\`${displayModelName(m.name)}\``, formatBytes(m.sizeBytes), gpuLabel(m)];
      const second: string[] = [];
      if (m.contextLength) second.push(vscode.l10n.t('{0} context', m.contextLength.toLocaleString()));
      const unload = unloadPhrase(m, now);
      if (unload) second.push(unload);
      // Two lines per model (a Markdown line break inside the item): one line would wrap mid-phrase.
      return `- ${first.join(' · ')}${second.length ? `  \n  ${second.join(' · ')}` : ''}`;
    })
    .join('\n');
}

export function statusTooltip(snapshot: StatusSnapshot): vscode.MarkdownString {
  const { status } = snapshot;
  const sentence = connectionSentence(status);
  const startable = status.kind === 'notRunning' && !status.remote && snapshot.canStart !== false;
  const hint = startable ? ` ${vscode.l10n.t('Click to start it.')}` : '';
  const lines = [`**${vscode.l10n.t('Hearth · Ollama')}**`, '', `${sentence}${hint}`, ''];
  const facts: [string, string][] = [];
  if ('host' in status) facts.push([vscode.l10n.t('Host'), status.host]);
  if (status.kind === 'connected') facts.push([vscode.l10n.t('Version'), status.version]);
  if (snapshot.owner && snapshot.owner.kind !== 'none') facts.push([vscode.l10n.t('Started by'), ownerText(snapshot.owner)]);
  if (snapshot.owner?.kind === 'thisWindow') facts.push([vscode.l10n.t('Binary'), snapshot.owner.binary]);
  else if (snapshot.owner?.kind === 'container') facts.push([vscode.l10n.t('Container'), `${snapshot.owner.name} (${snapshot.owner.cli})`]);
  else if (snapshot.binary?.kind === 'found' && status.kind !== 'connected') {
    facts.push([vscode.l10n.t('Binary Hearth would start'), `${snapshot.binary.path} (${binarySourceText(snapshot.binary.source)})`]);
  }
  for (const [label, value] of facts) lines.push(`${label}: \`${value.replace(/`/g, "'")}\`  `);
  if (status.kind === 'connected') lines.push('', `**${vscode.l10n.t('Loaded models')}**`, '', modelsList(snapshot.models));
  const links: string[] = [];
  const link = (icon: string, title: string, command: string): void => {
    links.push(`[$(${icon}) ${title}](command:${command})`);
  };
  const ours = snapshot.owner?.kind === 'thisWindow' || snapshot.owner?.kind === 'container';
  if (startable) link('play', vscode.l10n.t('Start'), Commands.startOllama);
  if (status.kind === 'notInstalled') link('cloud-download', vscode.l10n.t('Install'), Commands.installOllama);
  if (status.kind === 'notInstalled') link('rocket', vscode.l10n.t('Get Started'), Commands.openWalkthrough);
  if (ours) link('debug-stop', vscode.l10n.t('Stop'), Commands.stopOllama);
  if (ours) link('debug-restart', vscode.l10n.t('Restart'), Commands.restartOllama);
  if (ours || status.kind === 'starting') link('output', vscode.l10n.t('Logs'), Commands.showOllamaLogs);
  link('pulse', vscode.l10n.t('Check Connection'), Commands.checkConnection);
  lines.push('', links.join(' · '));
  const md = new vscode.MarkdownString(lines.join('\n'), true);
  md.isTrusted = { enabledCommands: [Commands.startOllama, Commands.installOllama, Commands.stopOllama, Commands.restartOllama, Commands.showOllamaLogs, Commands.checkConnection, Commands.openWalkthrough] };
  return md;
}

export class DaemonStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private snapshot: StatusSnapshot;
  private readonly subscriptions: vscode.Disposable[];
  private refreshSeq = 0;

  constructor(
    private readonly service: DaemonService,
    private readonly state: HearthState,
    private readonly endpoints?: EndpointRegistryService,
  ) {
    this.item = vscode.window.createStatusBarItem('hearth.daemon', vscode.StatusBarAlignment.Right, 100);
    this.item.name = vscode.l10n.t('Hearth: Ollama');
    this.snapshot = this.fromState();
    this.subscriptions = [
      // Drawn from the one state: a change there is on screen at once, whatever revealed it.
      state.onDidChange((change) => {
        if (change.parts.has('connection')) void this.refresh();
        else this.render({ ...this.snapshot, ...this.fromState() });
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.render({ ...this.snapshot, ...this.fromState() })),
    ];
    if (endpoints) {
      const redraw = (): void => this.render({ ...this.snapshot, ...this.fromState() });
      this.subscriptions.push({ dispose: endpoints.onDidChange(redraw).dispose }, { dispose: endpoints.health.onDidChange(redraw).dispose });
    }
    this.render(this.snapshot);
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    const tooltip = this.item.tooltip;
    return typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '');
  }

  /** The state's part of what is drawn: the connection, the loaded models, the model in use here. */
  private fromState(): StatusSnapshot {
    const { connection, running } = this.state.snapshot;
    // In an editor Hearth's work is inline drafting; elsewhere (the chat, a terminal) it is the chat.
    const feature = vscode.window.activeTextEditor ? 'completion' : 'chat';
    return { status: connection, models: running, inUse: this.state.use(feature)?.model, canStart: this.service.settings.runMode !== 'none', endpoint: this.endpointPart(feature) };
  }

  private endpointPart(feature: Feature): EndpointSnapshot | undefined {
    const registry = this.endpoints;
    const connection = registry?.connectionFor(feature);
    if (!registry || !connection) return undefined;
    const state = registry.health.get(connection.name);
    // The local Ollama speaks through the daemon's own state, unless what it learnt is only the user's to fix
    // (a token, a CA file): "not running" or "port taken" would send them the wrong way.
    if (connection.name === 'local' && state !== 'unauthorized' && state !== 'untrusted') return undefined;
    const routes = Object.fromEntries(FEATURES.map((f) => [f, registry.choice(f)])) as Record<Feature, string>;
    return { feature, connection, state, routes };
  }

  /** Re-reads who started the daemon and where the binary is (cheap, local), then redraws. */
  private async refresh(): Promise<void> {
    const seq = ++this.refreshSeq;
    this.render({ ...this.snapshot, ...this.fromState() });
    const status = this.state.snapshot.connection;
    // The binary matters only where Hearth would start one (not in a container, not with runMode none).
    const local = 'host' in status && !('remote' in status && status.remote) && this.service.settings.runMode === 'binary';
    const [owner, binary] = await Promise.all([this.service.supervisor.owner(), local ? this.service.supervisor.findBinary() : Promise.resolve(undefined)]);
    if (seq === this.refreshSeq) this.render({ ...this.snapshot, ...this.fromState(), owner, binary });
  }

  private render(snapshot: StatusSnapshot): void {
    this.snapshot = snapshot;
    const endpoint = snapshot.endpoint;
    const text = endpoint ? endpointText(endpoint) : statusText(snapshot);
    this.item.text = text;
    const tooltip = statusTooltip(snapshot);
    if (endpoint) tooltip.value = `${endpointTooltip(endpoint)}${tooltip.value}`;
    this.item.tooltip = tooltip;
    this.item.command = endpoint ? endpointClick(endpoint) : clickCommand(snapshot.status, snapshot.canStart);
    this.item.accessibilityInformation = { label: text.replace(/\$\([^)]+\)\s*/g, '') };
    const warn = (snapshot.status.kind === 'connected' && snapshot.status.remote) || snapshot.status.kind === 'notOllama';
    this.item.backgroundColor = warn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
