// Loaded by VS Code's extension host as the "tests" of an integration-harness run (E2E_TESTS_PATH), for
// the benchmark only: it waits until Hearth has been activated, then reads VS Code's own record of that
// activation and writes it to the file named by HEARTH_BENCH_ACTIVATION_FILE.
//
// VS Code's record: the extension host measures, for every extension, the time to load its code, the
// time of the activate() call and the time until the promise it returned settled, and reports them to the
// workbench, which lists them in "Developer: Startup Performance" (the `perf:Startup Performance`
// document, section "Extension Activation Stats"). That document is a workbench text model, so the
// extension host can open it like any other document and read the row for Hearth.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'hearth-dev.hearth';

export interface VscodeActivation {
  vscodeVersion: string;
  /** "Load Code": reading and evaluating dist/extension.js. */
  loadCodeMs: number;
  /** "Call Activate": the synchronous part of activate(). */
  callActivateMs: number;
  /** "Finish Activate": until the promise activate() returned settled. */
  finishActivateMs: number;
  eager: boolean;
  event: string;
  /** The row as VS Code wrote it, for the record. */
  row: string;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The cells of the Markdown table row whose first cell is `id`, or undefined. */
export function activationRow(document: string, id: string): string[] | undefined {
  const start = document.indexOf('Extension Activation Stats');
  if (start < 0) return undefined;
  for (const line of document.slice(start).split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // `| id | eager | load | call | finish | event | by |` splits into ['', id, …, ''].
    if (cells.length >= 8 && cells[1] === id) return cells.slice(1, -1);
  }
  return undefined;
}

async function readActivation(): Promise<VscodeActivation> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  for (let waited = 0; !extension.isActive; waited += 100) {
    if (waited > 30_000) throw new Error(`${EXTENSION_ID} was not activated within 30 s`);
    await sleep(100);
  }
  // The document's provider is a lazy workbench contribution: the command that shows it creates it.
  await vscode.commands.executeCommand('perfview.show');
  // The extension host reports the times to the workbench after activate() settles: poll the document
  // until the row is there.
  const uri = vscode.Uri.from({ scheme: 'perf', path: 'Startup Performance' });
  let lastText = '';
  for (let attempt = 0; attempt < 40; attempt++) {
    const document = await vscode.workspace.openTextDocument(uri);
    lastText = document.getText();
    const cells = activationRow(lastText, EXTENSION_ID);
    if (cells) {
      const [, eager, load, call, finish, event] = cells;
      return {
        vscodeVersion: vscode.version,
        loadCodeMs: Number(load),
        callActivateMs: Number(call),
        finishActivateMs: Number(finish),
        eager: eager === 'true',
        event: event ?? '',
        row: cells.join(' | '),
      };
    }
    await sleep(250);
  }
  throw new Error(`no row for ${EXTENSION_ID} in ${uri.toString()} (${lastText.length} characters; section present: ${lastText.includes('Extension Activation Stats')})`);
}

export async function run(): Promise<void> {
  const out = process.env.HEARTH_BENCH_ACTIVATION_FILE;
  if (!out) throw new Error('HEARTH_BENCH_ACTIVATION_FILE is not set');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  try {
    const activation = await readActivation();
    fs.writeFileSync(out, `${JSON.stringify(activation)}\n`);
    console.log(`[bench] VS Code reports ${EXTENSION_ID}: ${activation.row}`);
  } catch (err) {
    fs.writeFileSync(out, `${JSON.stringify({ error: String(err instanceof Error ? err.message : err) })}\n`);
    throw err;
  }
}
