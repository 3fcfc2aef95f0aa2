// Turns the translated comments into one WorkspaceEdit (one undo). The offsets were computed on the text as
// it was when the job started; each range is followed through the user's edits since then, and a comment
// that was edited (or whose text no longer matches) is left alone rather than overwritten.
import * as vscode from 'vscode';
import { assembleUnit } from '../../core/translate/assemble';
import type { CommentPlan } from '../../core/translate/units';
import { RangeTracker } from '../../core/translate/tracker';

export interface PlannedEdit {
  range: vscode.Range;
  text: string;
}

export interface EditOutcome {
  edits: PlannedEdit[];
  /** Comments the user edited while the model worked. */
  changedMeanwhile: number;
}

/** Watches a document from the start of a job: its edits and whether it was closed. */
export class DocumentWatch implements vscode.Disposable {
  readonly tracker: RangeTracker;
  closed = false;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    readonly document: vscode.TextDocument,
    ranges: ReadonlyArray<{ start: number; end: number }>,
  ) {
    this.tracker = new RangeTracker(ranges);
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== document) return;
        this.tracker.apply(e.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text })));
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d === document) this.closed = true;
      }),
    ];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

/** The edits for the translated units, mapped onto the document as it is now. */
export function planEdits(watch: DocumentWatch, source: string, plan: CommentPlan, translations: ReadonlyMap<string, string>): EditOutcome {
  const doc = watch.document;
  const edits: PlannedEdit[] = [];
  let changedMeanwhile = 0;
  plan.units.forEach((unit, i) => {
    const text = assembleUnit(unit, translations);
    const original = source.slice(unit.frame.start, unit.frame.end);
    if (text === undefined || text === original) return;
    const tracked = watch.tracker.current[i];
    if (!tracked || tracked.lost) {
      changedMeanwhile++;
      return;
    }
    const range = new vscode.Range(doc.positionAt(tracked.start), doc.positionAt(tracked.end));
    if (doc.getText(range) !== original) {
      changedMeanwhile++;
      return;
    }
    edits.push({ range, text });
  });
  return { edits, changedMeanwhile };
}

/**
 * One WorkspaceEdit for all the changes. With `preview`, VS Code shows them in the refactor preview first,
 * ticked: the preview opens when any entry needs confirmation, but entries that need it start unticked (so
 * the user had to tick every change). So the changes themselves do not need confirmation and one empty
 * insertion (no change whether ticked or not) does, at a place no change touches: the document's end, else its start.
 */
export function toWorkspaceEdit(uri: vscode.Uri, edits: readonly PlannedEdit[], preview: boolean, label: string, documentEnd: vscode.Position): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  if (!preview) {
    for (const e of edits) edit.replace(uri, e.range, e.text);
    return edit;
  }
  for (const e of edits) edit.replace(uri, e.range, e.text, { needsConfirmation: false, label });
  edit.insert(uri, previewTrigger(edits, documentEnd), '', { needsConfirmation: true, label });
  return edit;
}

/** Where the empty insertion that opens the preview goes: the document's end (listed after every change), else its start. */
export function previewTrigger(edits: readonly PlannedEdit[], documentEnd: vscode.Position): vscode.Position {
  return edits.some((e) => e.range.end.isEqual(documentEnd)) ? new vscode.Position(0, 0) : documentEnd;
}
