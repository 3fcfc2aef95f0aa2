// Endpoint credentials and opt-ins from the Command Palette. The commands' code loads at the first use
// (dist/lazy/endpoints.js): most users never run them, and the main bundle stays small.
import * as vscode from 'vscode';
import type * as EndpointsBundle from '../../lazy/endpoints';
import { Commands } from '../../platform/commands';
import type { EndpointRegistryService } from '../../platform/endpoints/registry';
import { lazyBundle } from '../../platform/lazy';
import type { EndpointCommandArgs, EndpointInputs } from './commands';

export type { EndpointCommandArgs, EndpointInputs } from './commands';

const bundle = lazyBundle<typeof EndpointsBundle>('endpoints');

export interface EndpointsApi {
  readonly registry: EndpointRegistryService;
  /** Replaces the input boxes and quick picks (tests); dispose to restore. */
  useInputs(inputs: Partial<EndpointInputs>): vscode.Disposable;
}

export function register(registry: EndpointRegistryService): { disposable: vscode.Disposable; api: EndpointsApi } {
  let overrides: Partial<EndpointInputs> = {};
  const command = (id: string, run: (b: typeof EndpointsBundle) => (r: EndpointRegistryService, o: Partial<EndpointInputs>, a?: EndpointCommandArgs) => Promise<boolean>): vscode.Disposable =>
    vscode.commands.registerCommand(id, (args?: EndpointCommandArgs) => run(bundle())(registry, overrides, typeof args === 'object' && args !== null ? args : undefined));
  const disposable = vscode.Disposable.from(
    command(Commands.addEndpoint, (b) => b.addEndpoint),
    command(Commands.setEndpointToken, (b) => b.setToken),
    command(Commands.setEndpointHeader, (b) => b.setHeader),
    command(Commands.clearEndpointToken, (b) => b.clearToken),
    command(Commands.allowEndpoint, (b) => b.allowEndpoint),
  );
  return {
    disposable,
    api: {
      registry,
      useInputs(partial) {
        const before = overrides;
        overrides = partial;
        return new vscode.Disposable(() => (overrides = before));
      },
    },
  };
}
