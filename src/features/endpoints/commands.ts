// The endpoint commands' implementations (in dist/lazy/endpoints.js, loaded at the first use): "Set Endpoint
// Token…", "Set Endpoint Header…", "Clear Endpoint Token and Headers", "Allow Remote Endpoint…". Values go to
// SecretStorage through the registry, never to settings.json and never to the log (only header names are logged).
import * as vscode from 'vscode';
import { checkHeaderName, checkSecretValue } from '../../core/endpoints/credentials';
import { LOCAL_ENDPOINT_NAME, type EndpointConnection } from '../../core/endpoints/types';
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
}

const windowInputs: EndpointInputs = {
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
