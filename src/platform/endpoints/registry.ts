// The endpoint registry (issue 15): builds one EndpointConnection per endpoint from the settings, SecretStorage
// and the user's remote opt-ins, and rebuilds them when any of those change. Each connection's fetch is, from
// the outside in: the opt-in gate (a remote endpoint asks once) → the endpoint's own secret headers → an
// observer that records how the endpoint answered → the base fetch (global, or node:https with the CA file).
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { CaFetch } from '../../core/endpoints/caFetch';
import { credentialHeaders, describeCredentials, parseCredentials, secretKey, secretValues, serializeCredentials, type EndpointCredentials } from '../../core/endpoints/credentials';
import { withEndpointHeaders } from '../../core/endpoints/fetch';
import { EndpointHealth } from '../../core/endpoints/health';
import { parseEndpointSettings, problemKey, type EndpointSettings, type ParsedEndpoint } from '../../core/endpoints/settings';
import { LOCAL_ENDPOINT_NAME, type EndpointConnection, type EndpointRegistry } from '../../core/endpoints/types';
import { OllamaError } from '../../core/ollama/errors';
import { observingFetch } from '../../core/ollama/outcomes';
import type { FetchLike } from '../../core/ollama/transport';
import { FEATURES, type Feature } from '../../core/settings';
import { Emitter } from '../../core/util/events';
import type { ConfigService } from '../config';
import type * as EndpointsBundle from '../../lazy/endpoints';
import { lazyBundle } from '../lazy';

/** The CA-file transport and the words for setting mistakes load only when needed (dist/lazy/endpoints.js). */
const bundle = lazyBundle<typeof EndpointsBundle>('endpoints');

export const ENDPOINT_SETTINGS = {
  list: 'hearth.endpoints',
  caFile: 'hearth.tls.caFile',
  feature: (feature: Feature): string => `hearth.endpoint.${feature}`,
} as const;

/** globalState key: the endpoints (name + URL) the user allowed to receive text. */
const ALLOWED_KEY = 'hearth.endpoints.allowed';

/** Asks the user; integration tests replace it (a modal dialog cannot be answered from a test). */
export interface EndpointPrompts {
  /** May Hearth send text to this endpoint on another computer? */
  allowRemote(name: string, host: string): Promise<boolean>;
}

const windowPrompts: EndpointPrompts = {
  async allowRemote(name, host) {
    const allow = vscode.l10n.t('Allow');
    const picked = await vscode.window.showWarningMessage(
      vscode.l10n.t('Hearth is about to send your text to {0} (endpoint "{1}"), which is not on this computer. Allow Hearth to use this endpoint?', host, name),
      { modal: true, detail: vscode.l10n.t('Hearth remembers your answer for this endpoint and address. Until you allow it, nothing is sent there.') },
      allow,
    );
    return picked === allow;
  },
};

export interface RegistryDeps {
  readonly context: vscode.ExtensionContext;
  readonly config: ConfigService;
  readonly log: vscode.LogOutputChannel;
  /** Default: the global fetch, looked up on each call (VS Code may patch it after activation). */
  readonly fetch?: FetchLike;
}

interface Built {
  readonly settings: EndpointSettings;
  readonly connections: Map<string, EndpointConnection>;
  readonly ca: CaFetch | undefined;
  /** The CA file's path as set ('' = none): a change makes every endpoint's certificate verdict stale. */
  readonly caFile: string;
}

export class EndpointRegistryService implements EndpointRegistry, vscode.Disposable {
  readonly health = new EndpointHealth();
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private built: Built;
  private readonly credentials = new Map<string, EndpointCredentials>();
  private credentialsLoaded: Promise<void>;
  private readonly shownProblems = new Set<string>();
  /** Endpoints the user declined this session: not asked again until they allow it by command. */
  private readonly declined = new Set<string>();
  private readonly asking = new Map<string, Promise<boolean>>();
  private readonly subscriptions: vscode.Disposable[] = [];
  prompts: EndpointPrompts = windowPrompts;

  constructor(private readonly deps: RegistryDeps) {
    this.built = this.build();
    this.credentialsLoaded = this.loadCredentials();
    this.subscriptions.push(
      deps.config.onDidChange(() => this.rebuild()),
      deps.context.secrets.onDidChange((e) => {
        if (e.key.startsWith(secretKey(''))) void this.reloadCredentials();
      }),
    );
  }

  // ---- EndpointRegistry ------------------------------------------------------------------------

  connectionFor(feature: Feature): EndpointConnection {
    return this.byName(this.built.settings.choice[feature]) ?? this.local();
  }

  byName(name: string): EndpointConnection | undefined {
    return this.built.connections.get(name.toLowerCase());
  }

  all(): readonly EndpointConnection[] {
    return [...this.built.connections.values()];
  }

  // ---- for features and tests ---------------------------------------------------------------------

  /** The endpoint name each feature uses (after fallback). */
  choice(feature: Feature): string {
    return this.built.settings.choice[feature];
  }

  local(): EndpointConnection {
    return this.built.connections.get(LOCAL_ENDPOINT_NAME) as EndpointConnection;
  }

  /** The endpoint whose base URL has this origin (messages name hosts; commands act on endpoints). */
  byOrigin(origin: string): EndpointConnection | undefined {
    return this.all().find((c) => originOf(c.baseUrl) === originOf(origin));
  }

  /** Every secret value of every endpoint, for blotting out of the log. Synchronous: from the loaded cache. */
  allSecrets(): string[] {
    return [...this.credentials.values()].flatMap(secretValues);
  }

  async credentialsOf(name: string): Promise<EndpointCredentials> {
    await this.credentialsLoaded;
    return this.credentials.get(name.toLowerCase()) ?? {};
  }

  /** Stores an endpoint's credentials in SecretStorage (never in settings); logs only the header names. */
  async storeCredentials(name: string, credentials: EndpointCredentials): Promise<void> {
    const text = serializeCredentials(credentials);
    if (text === undefined) await this.deps.context.secrets.delete(secretKey(name));
    else await this.deps.context.secrets.store(secretKey(name), text);
    this.credentials.set(name.toLowerCase(), credentials);
    this.deps.log.info(`Endpoint ${name}: credentials now send ${describeCredentials(credentials)}.`);
    this.health.forget(name);
    this.changed.fire();
  }

  /** Remembers that the user allowed a remote endpoint (at its current address), and forgets a refusal. */
  async allow(name: string): Promise<void> {
    const conn = this.byName(name);
    if (!conn) return;
    const allowed = new Set(this.deps.context.globalState.get<string[]>(ALLOWED_KEY, []));
    allowed.add(allowKey(conn.name, conn.baseUrl));
    await this.deps.context.globalState.update(ALLOWED_KEY, [...allowed]);
    this.declined.delete(conn.name.toLowerCase());
    this.deps.log.info(`Endpoint ${conn.name}: the user allowed sending text to ${originOf(conn.baseUrl)}.`);
    this.changed.fire();
  }

  /** Forgets every remote opt-in (tests; a user clears them with the globalState of the extension). */
  async forgetAllowed(): Promise<void> {
    await this.deps.context.globalState.update(ALLOWED_KEY, undefined);
    this.declined.clear();
    this.changed.fire();
  }

  // ---- building --------------------------------------------------------------------------------------

  private isAllowed(name: string, baseUrl: string, isLoopback: boolean): boolean {
    if (isLoopback) return true;
    // `local` keeps its meaning from before endpoints: hearth.allowRemoteHost.
    if (name === LOCAL_ENDPOINT_NAME) return this.deps.config.settings.allowRemoteHost;
    return this.deps.context.globalState.get<string[]>(ALLOWED_KEY, []).includes(allowKey(name, baseUrl));
  }

  private readSettings(): EndpointSettings {
    const config = vscode.workspace.getConfiguration();
    // The list is machine-scoped: only the user's (or the remote machine's) value counts, never a workspace's.
    const list = config.inspect(ENDPOINT_SETTINGS.list)?.globalValue;
    const choices: Partial<Record<Feature, unknown>> = {};
    for (const feature of FEATURES) choices[feature] = config.get(ENDPOINT_SETTINGS.feature(feature));
    return parseEndpointSettings(list, choices);
  }

  private caFile(): string {
    return vscode.workspace.getConfiguration().inspect<string>(ENDPOINT_SETTINGS.caFile)?.globalValue?.trim() ?? '';
  }

  private readCa(file: string): CaFetch | undefined {
    if (!file) return undefined;
    try {
      const ca = fs.readFileSync(file, 'utf8');
      if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate in the file');
      this.deps.log.info(`TLS: trusting the certificate authority in ${file} beside the usual ones.`);
      return bundle().createCaFetch(ca, this.baseFetch);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      this.showProblemOnce(`ca:${file}`, () => vscode.l10n.t('Hearth could not read the CA file {0} set in hearth.tls.caFile: {1}', file, why), ENDPOINT_SETTINGS.caFile);
      return undefined;
    }
  }

  private readonly baseFetch: FetchLike = (input, init) => (this.deps.fetch ?? fetch)(input, init);

  private build(): Built {
    const settings = this.readSettings();
    for (const problem of settings.problems) {
      const setting = problem.kind === 'unknownEndpoint' ? ENDPOINT_SETTINGS.feature(problem.feature) : ENDPOINT_SETTINGS.list;
      this.showProblemOnce(problemKey(problem), () => bundle().endpointProblemText(problem), setting);
    }
    const caFile = this.caFile();
    const ca = this.readCa(caFile);
    const host = this.deps.config.host;
    const local: ParsedEndpoint = { name: LOCAL_ENDPOINT_NAME, kind: 'ollama', url: host?.url ?? '', isLoopback: host?.isLoopback ?? true };
    const connections = new Map<string, EndpointConnection>();
    for (const endpoint of [local, ...settings.endpoints]) connections.set(endpoint.name.toLowerCase(), this.connection(endpoint, ca));
    return { settings, connections, ca, caFile };
  }

  private connection(endpoint: ParsedEndpoint, ca: CaFetch | undefined): EndpointConnection {
    const { name, kind, url, isLoopback } = endpoint;
    const base = ca?.fetch ?? this.baseFetch;
    const observed = observingFetch(base, (outcome) => this.health.observe(name, outcome));
    const withHeaders = withEndpointHeaders(observed, url, async () => credentialHeaders(await this.credentialsOf(name)));
    const allowed = (): boolean => this.isAllowed(name, url, isLoopback);
    const gated: FetchLike = async (input, init) => {
      // `local` is guarded where it always was (the gateway refuses a remote hearth.host unless allowed).
      if (name !== LOCAL_ENDPOINT_NAME && !allowed()) await this.askToAllow(name, url);
      return withHeaders(input, init);
    };
    return {
      name,
      kind,
      baseUrl: url,
      isLoopback,
      get allowed(): boolean {
        return allowed();
      },
      fetch: gated,
      secrets: async () => secretValues(await this.credentialsOf(name)),
    };
  }

  /** Asks once per endpoint (one dialog however many requests wait); refuses with remoteHostRefused. */
  private async askToAllow(name: string, url: string): Promise<void> {
    const key = name.toLowerCase();
    const host = originOf(url);
    const refuse = (): never => {
      throw new OllamaError('remoteHostRefused', `Endpoint ${name} at ${host} is not on this machine and the user has not allowed it.`, { host });
    };
    if (this.declined.has(key)) refuse();
    let pending = this.asking.get(key);
    if (!pending) {
      pending = this.prompts.allowRemote(name, host).finally(() => this.asking.delete(key));
      this.asking.set(key, pending);
    }
    if (await pending) {
      if (!this.isAllowed(name, url, false)) await this.allow(name);
      return;
    }
    this.declined.add(key);
    this.deps.log.info(`Endpoint ${name}: the user did not allow sending text to ${host}; nothing was sent.`);
    refuse();
  }

  /**
   * Shows a problem with the endpoint settings (extension.ts hands these to the ErrorReporter once it exists;
   * before that, the window). Each problem once per session, however often the settings are read.
   */
  notify: (text: string, setting: string) => void = (text, setting) => {
    const open = vscode.l10n.t('Open Settings');
    void vscode.window.showWarningMessage(text, open).then((picked) => {
      if (picked === open) void vscode.commands.executeCommand('workbench.action.openSettings', setting);
    });
  };

  private showProblemOnce(key: string, words: () => string, setting: string): void {
    if (this.shownProblems.has(key)) return;
    this.shownProblems.add(key);
    const text = words();
    this.deps.log.warn(text);
    this.notify(text, setting);
  }

  private rebuild(): void {
    const before = this.built;
    this.built = this.build();
    before.ca?.dispose();
    // Addresses may have changed: what was learnt about them no longer holds.
    for (const conn of this.all()) {
      const old = before.connections.get(conn.name.toLowerCase());
      if (!old || old.baseUrl !== conn.baseUrl || before.caFile !== this.built.caFile) this.health.forget(conn.name);
    }
    this.changed.fire();
    void this.loadCredentials(); // endpoints added to the list
    void this.askForRoutedRemotes(before.settings);
  }

  /**
   * The user just routed a feature to an endpoint on another computer that they have not allowed: ask now, once,
   * rather than let the first request be refused. (Requests still ask or refuse by themselves: see askToAllow.)
   */
  private async askForRoutedRemotes(previous: EndpointSettings): Promise<void> {
    const asked = new Set<string>();
    for (const feature of FEATURES) {
      const conn = this.connectionFor(feature);
      const key = conn.name.toLowerCase();
      if (conn.name === LOCAL_ENDPOINT_NAME || conn.allowed || asked.has(key) || this.declined.has(key)) continue;
      if (previous.choice[feature] === conn.name && previous.endpoints.some((e) => e.name === conn.name && e.url === conn.baseUrl)) continue;
      asked.add(key);
      await this.askToAllow(conn.name, conn.baseUrl).catch(() => undefined);
    }
  }

  private async loadCredentials(): Promise<void> {
    await Promise.all(
      this.all().map(async (conn) => {
        this.credentials.set(conn.name.toLowerCase(), parseCredentials(await this.deps.context.secrets.get(secretKey(conn.name))));
      }),
    );
  }

  private async reloadCredentials(): Promise<void> {
    this.credentialsLoaded = this.loadCredentials();
    await this.credentialsLoaded;
    this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.built.ca?.dispose();
    this.health.dispose();
    this.changed.dispose();
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function allowKey(name: string, url: string): string {
  return `${name.toLowerCase()} ${url}`;
}
