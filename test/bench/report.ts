// The benchmark's output: one row per figure, with its target and whether it was met, written to
// test/bench/results.json and printed as a Markdown table.

export interface Figure {
  section: string;
  name: string;
  /** The headline value as text (e.g. "p50 1.2 / p95 3.4 ms"). */
  value: string;
  /** The number compared with the target, when there is one. */
  measured?: number;
  target?: string;
  /** true met, false missed, undefined no target. */
  met?: boolean;
  /** Raw data (distributions, counts) for the JSON file. */
  detail?: unknown;
}

export class Report {
  readonly figures: Figure[] = [];

  add(figure: Figure): void {
    this.figures.push(figure);
    const mark = figure.met === undefined ? '' : figure.met ? ' ✓' : ' ✗';
    console.log(`  ${figure.section} · ${figure.name}: ${figure.value}${figure.target ? ` (target ${figure.target})${mark}` : ''}`);
  }

  markdown(): string {
    const rows = this.figures.map((f) => `| ${f.section} | ${f.name} | ${f.value} | ${f.target ?? ''} | ${f.met === undefined ? '' : f.met ? '✓' : '✗'} |`);
    return ['| Area | Figure | Measured | Target | Met |', '|---|---|---|---|---|', ...rows].join('\n');
  }
}
