// What the Models view says when a feature is routed to another endpoint (issue 15): the view and its commands
// (pull, delete, copy, create, show, load, unload) manage the local Ollama only, so the view says whose models
// these are and where the routed features go instead, rather than letting a user think they manage the server.
import * as vscode from 'vscode';
import type { EndpointConnection } from '../../core/endpoints/types';
import { FEATURES, type Feature } from '../../core/settings';

/** undefined when every feature uses `local` (nothing to say: zero configuration reads as before). */
export function routedNote(connectionFor: (feature: Feature) => EndpointConnection): string | undefined {
  const elsewhere = new Map<string, Feature[]>();
  for (const feature of FEATURES) {
    const name = connectionFor(feature).name;
    if (name !== 'local') elsewhere.set(name, [...(elsewhere.get(name) ?? []), feature]);
  }
  if (!elsewhere.size) return undefined;
  const routes = [...elsewhere].map(([name, features]) => vscode.l10n.t('{0} on {1}', features.join(', '), name)).join('; ');
  return vscode.l10n.t('Local Ollama · {0}', routes);
}
