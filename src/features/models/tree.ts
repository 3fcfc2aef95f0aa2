// The Models view's tree: a "Running" group (from /api/ps: memory, share on GPU, context, time until
// unload), then the installed models with their facts, capabilities (icons in the rows under each model
// and in the tooltip) and the features that use them; pulls in progress and configured models that are
// not installed show at the top of the list with their own actions.
import * as vscode from 'vscode';
import { isEmbeddingOnly, isInstruct } from '../../core/models/choice';
import { displayModelName, sameModel } from '../../core/ollama/names';
import type { Capability, ModelSummary, RunningModel } from '../../core/ollama/types';
import type { Feature } from '../../core/settings';
import { formatBytes, formatDuration, formatPercent } from '../../core/text/format';
import { CAPABILITY_ICONS, capabilityLabel, featureLabel, modelFacts, progressText } from './labels';
import type { PullManager } from './pulls';
import type { FeatureUse, ModelsSnapshot, ModelsState } from './state';

export type ModelNode =
  | { kind: 'group'; group: 'running' | 'installed' }
  | { kind: 'model'; name: string; model: ModelSummary }
  | { kind: 'detail'; name: string; key: string; label: string; description?: string; icon: string }
  | { kind: 'running'; name: string; model: RunningModel }
  | { kind: 'pull'; name: string }
  | { kind: 'missing'; name: string; features: Feature[] };

/** A year out counts as "stays loaded" (keep_alive -1 gives an expiry ~292 years away). */
const FOREVER_MS = 365 * 24 * 3600_000;

function usesOf(snapshot: ModelsSnapshot, name: string): FeatureUse[] {
  return snapshot.uses.filter((u) => u.model !== undefined && sameModel(u.model, name));
}

function usesText(uses: FeatureUse[]): string {
  const names = uses.map((u) => (u.automatic ? vscode.l10n.t('{0} (auto)', featureLabel(u.feature)) : featureLabel(u.feature)));
  return names.length ? vscode.l10n.t('for {0}', names.join(', ')) : '';
}

/** What the model is for at a glance: fill-in-the-middle code, chat, images, plain text, embeddings. */
function modelIcon(model: ModelSummary, loaded: boolean): vscode.ThemeIcon {
  const capabilities = model.capabilities ?? ['completion'];
  const candidate = { name: model.name, sizeBytes: model.sizeBytes, parameterSize: model.parameterSize, capabilities };
  const icon = isEmbeddingOnly(candidate)
    ? 'symbol-array'
    : capabilities.includes('insert')
      ? 'code'
      : capabilities.includes('vision')
        ? 'eye'
        : isInstruct(candidate)
          ? 'comment-discussion'
          : 'symbol-text';
  return new vscode.ThemeIcon(icon, loaded ? new vscode.ThemeColor('charts.green') : undefined);
}

function unloadText(running: RunningModel): string {
  if (!running.expiresAt) return '';
  const left = running.expiresAt.getTime() - Date.now();
  if (left > FOREVER_MS) return vscode.l10n.t('stays loaded');
  return left > 0 ? vscode.l10n.t('unloads in {0}', formatDuration(left)) : vscode.l10n.t('unloading');
}

function runningFacts(running: RunningModel): string {
  const parts = [formatBytes(running.sizeBytes), vscode.l10n.t('{0} GPU', formatPercent(running.gpuShare))];
  if (running.contextLength) parts.push(vscode.l10n.t('{0} context', running.contextLength.toLocaleString()));
  const unload = unloadText(running);
  if (unload) parts.push(unload);
  return parts.join(' · ');
}

function modelTooltip(model: ModelSummary, uses: FeatureUse[], running: RunningModel | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.appendMarkdown(`**${displayModelName(model.name)}**\n\n`);
  const caps = model.capabilities ?? [];
  if (caps.length) md.appendMarkdown(`${caps.map((c) => `$(${CAPABILITY_ICONS[c]}) ${capabilityLabel(c)}`).join(' · ')}\n\n`);
  const rows: [string, string][] = [
    [vscode.l10n.t('Family'), model.family],
    [vscode.l10n.t('Parameters'), model.parameterSize],
    [vscode.l10n.t('Quantization'), model.quantization],
    [vscode.l10n.t('Size'), formatBytes(model.sizeBytes)],
    [vscode.l10n.t('Context length'), model.contextLength ? vscode.l10n.t('{0} tokens', model.contextLength.toLocaleString()) : ''],
    [vscode.l10n.t('Used'), usesText(uses)],
    [vscode.l10n.t('Loaded'), running ? runningFacts(running) : ''],
  ];
  for (const [label, value] of rows) if (value) md.appendMarkdown(`${label}: ${value}  \n`);
  return md;
}

export class ModelsTreeProvider implements vscode.TreeDataProvider<ModelNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly state: ModelsState,
    private readonly pulls: PullManager,
  ) {}

  /** The row of each pull in progress, kept so that progress can update that row alone. */
  private readonly pullNodes = new Map<string, ModelNode>();

  /** Everything changed (a refresh). */
  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Only the progress of one pull changed. */
  refreshPull(name: string): void {
    const node = this.pullNodes.get(name.toLowerCase());
    if (node) this.changed.fire(node);
  }

  getTreeItem(node: ModelNode): vscode.TreeItem {
    const snapshot = this.state.snapshot;
    switch (node.kind) {
      case 'group': {
        const running = node.group === 'running';
        const item = new vscode.TreeItem(running ? vscode.l10n.t('Running') : vscode.l10n.t('Installed'), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `group:${node.group}`;
        const list = running ? (snapshot?.running ?? []) : (snapshot?.installed ?? []);
        const bytes = list.reduce((n, m) => n + m.sizeBytes, 0);
        item.description = `${list.length} · ${formatBytes(bytes)}`;
        item.iconPath = new vscode.ThemeIcon(running ? 'pulse' : 'library');
        item.contextValue = `group-${node.group}`;
        item.tooltip = running ? vscode.l10n.t('Models loaded in memory now (ollama ps)') : vscode.l10n.t('Models installed on the Ollama host');
        return item;
      }
      case 'model': {
        const running = snapshot?.running.find((r) => sameModel(r.name, node.name));
        const uses = snapshot ? usesOf(snapshot, node.name) : [];
        const item = new vscode.TreeItem(displayModelName(node.name), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `model:${node.name}`;
        // What it is used for first: the sidebar is narrow and the end of a description gets cut.
        // An embedding model says so when no feature names it (the workspace index is its only use).
        const kind = !uses.length && isEmbeddingOnly({ capabilities: node.model.capabilities ?? ['completion'] }) ? vscode.l10n.t('embedding model') : '';
        item.description = [usesText(uses) || kind, modelFacts(node.model)].filter(Boolean).join(' · ');
        item.tooltip = modelTooltip(node.model, uses, running);
        item.iconPath = modelIcon(node.model, running !== undefined);
        item.contextValue = running ? 'model loaded' : 'model';
        return item;
      }
      case 'detail': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = `detail:${node.name}:${node.key}`;
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.contextValue = 'detail';
        return item;
      }
      case 'running': {
        const item = new vscode.TreeItem(displayModelName(node.name), vscode.TreeItemCollapsibleState.None);
        item.id = `running:${node.name}`;
        item.description = runningFacts(node.model);
        item.iconPath = new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor('charts.green'));
        item.contextValue = 'running';
        item.tooltip = vscode.l10n.t('{0} is in memory: {1}', displayModelName(node.name), runningFacts(node.model));
        return item;
      }
      case 'pull': {
        const pull = this.pulls.get(node.name);
        const item = new vscode.TreeItem(displayModelName(node.name), vscode.TreeItemCollapsibleState.None);
        item.id = `pull:${node.name}`;
        item.description = pull?.snapshot ? progressText(pull.snapshot) : vscode.l10n.t('starting…');
        item.iconPath = new vscode.ThemeIcon('loading~spin');
        item.contextValue = 'pull';
        item.tooltip = vscode.l10n.t('Pulling {0}', displayModelName(node.name));
        return item;
      }
      case 'missing': {
        const item = new vscode.TreeItem(displayModelName(node.name), vscode.TreeItemCollapsibleState.None);
        item.id = `missing:${node.name}`;
        item.description = vscode.l10n.t('not installed — set for {0}', node.features.map(featureLabel).join(', '));
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.contextValue = 'missing';
        item.tooltip = vscode.l10n.t('The settings name {0}, but it is not installed. Pull it, or choose another model.', displayModelName(node.name));
        return item;
      }
    }
  }

  async getChildren(node?: ModelNode): Promise<ModelNode[]> {
    const snapshot = this.state.snapshot ?? (await this.state.refresh());
    if (!node) {
      if (snapshot.error) return [];
      const roots: ModelNode[] = [];
      if (snapshot.running.length) roots.push({ kind: 'group', group: 'running' });
      if (snapshot.installed.length || this.pulls.list().length || snapshot.uses.some((u) => u.missing)) roots.push({ kind: 'group', group: 'installed' });
      return roots;
    }
    switch (node.kind) {
      case 'group':
        return node.group === 'running' ? snapshot.running.map((m) => ({ kind: 'running', name: m.name, model: m })) : this.installedChildren(snapshot);
      case 'model':
        return this.details(node.model);
      default:
        return [];
    }
  }

  private installedChildren(snapshot: ModelsSnapshot): ModelNode[] {
    const active = this.pulls.list();
    for (const key of [...this.pullNodes.keys()]) if (!active.some((p) => p.name.toLowerCase() === key)) this.pullNodes.delete(key);
    const pulls: ModelNode[] = active.map((p) => {
      const key = p.name.toLowerCase();
      const node = this.pullNodes.get(key) ?? { kind: 'pull', name: p.name };
      this.pullNodes.set(key, node);
      return node;
    });
    const missing = new Map<string, Feature[]>();
    for (const use of snapshot.uses) if (use.missing) missing.set(use.missing, [...(missing.get(use.missing) ?? []), use.feature]);
    const missingNodes: ModelNode[] = [...missing]
      .filter(([name]) => !this.pulls.get(name))
      .map(([name, features]) => ({ kind: 'missing', name, features }));
    const models: ModelNode[] = snapshot.installed.filter((m) => !this.pulls.get(m.name)).map((m) => ({ kind: 'model', name: m.name, model: m }));
    return [...pulls, ...missingNodes, ...models];
  }

  private details(model: ModelSummary): ModelNode[] {
    const rows: ModelNode[] = (model.capabilities ?? []).map((c: Capability) => ({ kind: 'detail', name: model.name, key: `cap-${c}`, label: capabilityLabel(c), icon: CAPABILITY_ICONS[c] }));
    const add = (key: string, label: string, description: string, icon: string): void => {
      if (description) rows.push({ kind: 'detail', name: model.name, key, label, description, icon });
    };
    add('context', vscode.l10n.t('Context length'), model.contextLength ? vscode.l10n.t('{0} tokens', model.contextLength.toLocaleString()) : '', 'symbol-ruler');
    add('family', vscode.l10n.t('Family'), model.family, 'symbol-class');
    add('modified', vscode.l10n.t('Modified'), model.modifiedAt ? new Date(model.modifiedAt).toLocaleString() : '', 'history');
    add('digest', vscode.l10n.t('Digest'), model.digest.slice(0, 12), 'key');
    return rows;
  }

  getParent(): undefined {
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
