// The endpoint commands' implementations (in dist/lazy/endpoints.js, loaded at the first use): "Set Endpoint
// Token…", "Set Endpoint Header…", "Clear Endpoint Token and Headers", "Allow Remote Endpoint…". Values go to
// SecretStorage through the registry, never to settings.json and never to the log (only header names are logged).
import * as vscode from 'vscode';
import { checkHeaderName, checkSecretValue } from '../../core/endpoints/credentials';
import { endpointNameProblem } from '../../core/endpoints/settings';
import { LOCAL_ENDPOINT_NAME, type EndpointConnection, type EndpointKind, type EndpointSetting } from '../../core/endpoints/types';
import { checkHost } from '../../core/ollama/host';
import type { Feature } from '../../core/settings';
import { endpointProblemText } from '../../platform/endpoints/problems';
import { featureTitle } from '../models/labels';
import type { EndpointRegistryService } from '../../platform/endpoints/registry';

/** Which endpoint a command acts on: by name, or by the host an error message named. */
export interface EndpointCommandArgs {
  endpoint?: string;
  host?: string;
}

/** The questions the commands ask; integration tests answer them (an input box cannot be typed into from a test). */
export interface EndpointInputs {
  pickEndpoint(items: readonly EndpointConnection[], title: string): Promise<EndpointConnection | undefined>;
  token(endpoint: string): Promise<string | undefined>;
  headerName(endpoint: string): Promise<string | undefined>;
  headerValue(endpoint: string, header: string): Promise<string | undefined>;
  /** Add Endpoint…: its name (checked against `taken`), URL, kind, and the features to send to it. */
  endpointName(taken: readonly EndpointSetting[]): Promise<string | undefined>;
  endpointUrl(name: string): Promise<string | undefined>;
  endpointKind(name: string): Promise<EndpointKind | undefined>;
  routeFeatures(name: string): Promise<Feature[] | undefined>;
}

/** The features an endpoint can serve (the workspace index embeds through the local Ollama). */
const ROUTABLE: readonly Feature[] = ['completion', 'chat', 'summarize', 'translate'];

/** Why `name` cannot be added beside `taken`, in the words the settings check uses; undefined when it can. */
function newNameProblem(name: string, taken: readonly EndpointSetting[]): string | undefined {
  if (!name.trim()) return vscode.l10n.t('Enter a name, e.g. team or gpu-box.');
  const names = new Set([LOCAL_ENDPOINT_NAME, ...taken.map((e) => String(e.name).trim().toLowerCase())]);
  const kind = endpointNameProblem(name.trim(), names);
  return kind ? endpointProblemText({ kind, index: taken.length, name: name.trim() }) : undefined;
}

const windowInputs: EndpointInputs = {
  endpointName: (taken) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: vscode.l10n.t('Add Endpoint (1/4): name'),
        prompt: vscode.l10n.t('A short name for the server, e.g. team, gpu-box or vllm.'),
        ignoreFocusOut: true,
        validateInput: (v) => newNameProblem(v, taken),
      }),
    ),
  endpointUrl: (name) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: vscode.l10n.t('Add Endpoint (2/4): address of {0}', name),
        prompt: vscode.l10n.t('The server\'s http or https address, e.g. https://ollama.team.example or http://gpu-box:8000.'),
        ignoreFocusOut: true,
        validateInput: (v) => {
          const checked = checkHost(v);
          return checked.ok ? undefined : vscode.l10n.t('Not a valid http or https address ({0}).', checked.problem);
        },
      }),
    ),
  async endpointKind(name) {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'Ollama', detail: vscode.l10n.t('Ollama on another computer, in a container, or behind a proxy.'), endpointKind: 'ollama' as const },
        { label: vscode.l10n.t('OpenAI-compatible'), detail: vscode.l10n.t('vLLM, llama.cpp\'s server, LM Studio, LiteLLM.'), endpointKind: 'openai-compatible' as const },
      ],
      { title: vscode.l10n.t('Add Endpoint (3/4): what serves {0}?', name), ignoreFocusOut: true },
    );
    return picked?.endpointKind;
  },
  async routeFeatures(name) {
    const picked = await vscode.window.showQuickPick(
      ROUTABLE.map((feature) => ({ label: featureTitle(feature), feature })),
      { title: vscode.l10n.t('Add Endpoint (4/4): which features use {0}?', name), canPickMany: true, ignoreFocusOut: true, placeHolder: vscode.l10n.t('None: choose later in the hearth.endpoint.* settings') },
    );
    return picked?.map((p) => p.feature);
  },
  async pickEndpoint(items, title) {
    const picked = await vscode.window.showQuickPick(
      items.map((c) => ({ label: c.name, description: c.baseUrl, detail: c.kind === 'ollama' ? 'Ollama' : vscode.l10n.t('OpenAI-compatible'), connection: c })),
      { title, placeHolder: vscode.l10n.t('Choose an endpoint') },
    );
    return picked?.connection;
  },
  token: (endpoint) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: vscode.l10n.t('Token for endpoint {0}', endpoint),
        prompt: vscode.l10n.t('Sent as "Authorization: Bearer …" to this endpoint only. Kept in VS Code\'s secret storage, never in settings.'),
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (checkSecretValue(v) ? vscode.l10n.t('Enter the token on one line.') : undefined),
      }),
    ),
  headerName: (endpoint) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: vscode.l10n.t('Header for endpoint {0}', endpoint),
        prompt: vscode.l10n.t('The header name, e.g. X-Api-Key or CF-Access-Client-Secret.'),
        ignoreFocusOut: true,
        validateInput: (v) => headerNameProblem(v),
      }),
    ),
  headerValue: (endpoint, header) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: vscode.l10n.t('{0} for endpoint {1}', header, endpoint),
        prompt: vscode.l10n.t('Sent to this endpoint only. Kept in VS Code\'s secret storage, never in settings.'),
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (checkSecretValue(v) ? vscode.l10n.t('Enter the value on one line.') : undefined),
      }),
    ),
};

function headerNameProblem(name: string): string | undefined {
  switch (checkHeaderName(name)) {
    case 'empty':
      return vscode.l10n.t('Enter a header name.');
    case 'invalid':
      return vscode.l10n.t('A header name has only letters, digits and - _ . ! # $ % & \' * + ^ ` | ~.');
    case 'reserved':
      return vscode.l10n.t('Hearth sets {0} itself.', name.trim());
    default:
      return undefined;
  }
}

async function target(
  registry: EndpointRegistryService,
  inputs: EndpointInputs,
  args: EndpointCommandArgs | undefined,
  title: string,
  filter: (c: EndpointConnection) => boolean = () => true,
): Promise<EndpointConnection | undefined> {
  const named = args?.endpoint ? registry.byName(args.endpoint) : args?.host ? registry.byOrigin(args.host) : undefined;
  if (named) return named;
  const items = registry.all().filter(filter);
  if (items.length === 1) return items[0];
  return inputs.pickEndpoint(items, title);
}

/** The questions asked, with the tests' answers where they gave some. */
function withDefaults(overrides: Partial<EndpointInputs>): EndpointInputs {
  return { ...windowInputs, ...overrides };
}

export async function setToken(registry: EndpointRegistryService, overrides: Partial<EndpointInputs>, args?: EndpointCommandArgs): Promise<boolean> {
  const inputs = withDefaults(overrides);
  const conn = await target(registry, inputs, args, vscode.l10n.t('Set the token of which endpoint?'));
  if (!conn) return false;
  const token = (await inputs.token(conn.name))?.trim();
  if (!token || checkSecretValue(token)) return false;
  const current = await registry.credentialsOf(conn.name);
  await registry.storeCredentials(conn.name, { ...current, token });
  void vscode.window.showInformationMessage(vscode.l10n.t('Hearth now sends a token to endpoint {0} ({1}).', conn.name, conn.baseUrl));
  return true;
}

export async function setHeader(registry: EndpointRegistryService, overrides: Partial<EndpointInputs>, args?: EndpointCommandArgs): Promise<boolean> {
  const inputs = withDefaults(overrides);
  const conn = await target(registry, inputs, args, vscode.l10n.t('Set a header for which endpoint?'));
  if (!conn) return false;
  const name = (await inputs.headerName(conn.name))?.trim();
  if (!name || checkHeaderName(name)) return false;
  const value = (await inputs.headerValue(conn.name, name))?.trim();
  if (!value || checkSecretValue(value)) return false;
  const current = await registry.credentialsOf(conn.name);
  await registry.storeCredentials(conn.name, { ...current, headers: { ...current.headers, [name]: value } });
  void vscode.window.showInformationMessage(vscode.l10n.t('Hearth now sends the header {0} to endpoint {1} ({2}).', name, conn.name, conn.baseUrl));
  return true;
}

export async function clearToken(registry: EndpointRegistryService, overrides: Partial<EndpointInputs>, args?: EndpointCommandArgs): Promise<boolean> {
  const conn = await target(registry, withDefaults(overrides), args, vscode.l10n.t('Clear the token and headers of which endpoint?'));
  if (!conn) return false;
  await registry.storeCredentials(conn.name, {});
  void vscode.window.showInformationMessage(vscode.l10n.t('Hearth no longer sends a token or headers to endpoint {0}.', conn.name));
  return true;
}

export async function allowEndpoint(registry: EndpointRegistryService, overrides: Partial<EndpointInputs>, args?: EndpointCommandArgs): Promise<boolean> {
  const conn = await target(registry, withDefaults(overrides), args, vscode.l10n.t('Allow which endpoint?'), (c) => !c.isLoopback);
  if (!conn) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Every endpoint is on this computer: there is nothing to allow.'));
    return false;
  }
  if (conn.name === LOCAL_ENDPOINT_NAME) {
    // `local` keeps the meaning it had before endpoints: the hearth.allowRemoteHost setting.
    await vscode.commands.executeCommand('workbench.action.openSettings', 'hearth.allowRemoteHost');
    return false;
  }
  if (conn.allowed) return true;
  if (!(await registry.prompts.allowRemote(conn.name, conn.baseUrl))) return false;
  await registry.allow(conn.name);
  return true;
}

/**
 * Add Endpoint…: the Command Palette's way to fill hearth.endpoints and hearth.endpoint.<feature> (user settings:
 * the list is machine-scoped), then offers the token. A remote endpoint is still asked for once before use.
 */
export async function addEndpoint(_registry: EndpointRegistryService, overrides: Partial<EndpointInputs>): Promise<boolean> {
  const inputs = withDefaults(overrides);
  const config = vscode.workspace.getConfiguration('hearth');
  const current = config.inspect<unknown>('endpoints')?.globalValue;
  const taken = (Array.isArray(current) ? current : []) as EndpointSetting[];
  const name = (await inputs.endpointName(taken))?.trim();
  if (!name || newNameProblem(name, taken)) return false;
  const url = (await inputs.endpointUrl(name))?.trim();
  if (!url || !checkHost(url).ok) return false;
  const kind = await inputs.endpointKind(name);
  if (!kind) return false;
  const features = (await inputs.routeFeatures(name)) ?? [];
  await config.update('endpoints', [...taken, { name, url, kind }], vscode.ConfigurationTarget.Global);
  for (const feature of features) await config.update(`endpoint.${feature}`, name, vscode.ConfigurationTarget.Global);
  const setToken = vscode.l10n.t('Set Token…');
  const message = features.length
    ? vscode.l10n.t('Endpoint {0} added; {1} now use it.', name, features.map(featureTitle).join(vscode.l10n.t(', ')))
    : vscode.l10n.t('Endpoint {0} added. Choose the features that use it in the hearth.endpoint.* settings.', name);
  void vscode.window.showInformationMessage(message, setToken).then((picked) => {
    if (picked === setToken) void vscode.commands.executeCommand('hearth.setEndpointToken', { endpoint: name });
  });
  return true;
}
