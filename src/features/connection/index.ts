// "Hearth: Check Connection": a report of where the daemon is, whether it answers, what is
// installed and what each feature will use. Also the two small commands every error offers:
// Show Logs and Open Settings.
import * as vscode from 'vscode';
import { Commands } from '../../platform/commands';
import type { BuiltReport } from '../../platform/report';
import type { ReadOnlyDocuments } from '../../platform/readonlyDocument';
import type { HearthServices } from '../../platform/services';
import type * as ConnectionBundle from '../../lazy/connection';
import { lazyBundle } from '../../platform/lazy';
import type { SectionProvider } from '../../platform/report';

/** The report's sections load with the first Check Connection (they are not needed before). */
const connectionBundle = lazyBundle<typeof ConnectionBundle>('connection');

/** A section whose code is in the lazy bundle. */
function lazySection(pick: (bundle: typeof ConnectionBundle) => (services: HearthServices) => SectionProvider, services: HearthServices): SectionProvider {
  return (signal, facts) => pick(connectionBundle())(services)(signal, facts);
}

/** What the command returns: the facts, for tests and for other features. */
export interface ConnectionCheckResult {
  ok: boolean;
  facts: Record<string, unknown>;
  markdown: string;
}

export function register(services: HearthServices, documents: ReadOnlyDocuments): vscode.Disposable {
  const disposables = [
    services.report.addSection(0, lazySection((b) => b.connectionSection, services)),
    services.report.addSection(100, lazySection((b) => b.modelsSection, services)),
    services.report.addSection(200, lazySection((b) => b.featuresSection, services)),
    vscode.commands.registerCommand(Commands.checkConnection, async (options?: { quiet?: boolean }) => {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the connection to Ollama…'), cancellable: true },
        (_progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return services.report.build(vscode.l10n.t('Hearth connection report'), controller.signal);
        },
      );
      services.log.info(`check connection: ${report.ok ? 'ok' : 'failed'}\n${report.markdown}`);
      if (!options?.quiet) void present(services, documents, report);
      return { ok: report.ok, facts: report.facts, markdown: report.markdown } satisfies ConnectionCheckResult;
    }),
    vscode.commands.registerCommand(Commands.showLogs, () => services.log.show()),
    vscode.commands.registerCommand(Commands.openSettings, (query?: string) =>
      vscode.commands.executeCommand('workbench.action.openSettings', typeof query === 'string' ? query : '@ext:hearth-dev.hearth'),
    ),
  ];
  return vscode.Disposable.from(...disposables);
}

async function present(services: HearthServices, documents: ReadOnlyDocuments, report: BuiltReport): Promise<void> {
  await documents.showRendered('Hearth Connection.md', report.markdown);
  if (report.ok) {
    const models = Array.isArray(report.facts.models) ? report.facts.models.length : 0;
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Connected to Ollama {0} at {1}: {2} models installed.', String(report.facts.version), String(report.facts.host), models),
    );
  } else {
    await services.errors.show(report.failure, { host: typeof report.facts.host === 'string' ? report.facts.host : undefined });
  }
}
