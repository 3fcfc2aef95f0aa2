// The connection report behind "Hearth: Check Connection". Sections come from providers so that
// each feature adds what it knows (the daemon feature adds the binary and who started it, for
// example) without this module knowing about them.
import type * as vscode from 'vscode';

export interface ReportLine {
  label: string;
  value: string;
  /** false marks a problem, true a confirmed good state, undefined plain information. */
  ok?: boolean;
}

export interface ReportSection {
  title: string;
  lines: ReportLine[];
  /** Extra Markdown under the lines (tables, advice). */
  markdown?: string;
}

export interface SectionResult {
  section: ReportSection;
  /** A failure that makes the whole check fail (e.g. the daemon cannot be reached). */
  failure?: unknown;
  /** Structured facts for the command's return value (tests and other features read them). */
  facts?: Record<string, unknown>;
}

/** `facts` holds what earlier sections found (e.g. `connected`), so later ones can skip work. */
export type SectionProvider = (signal: AbortSignal, facts: Readonly<Record<string, unknown>>) => Promise<SectionResult | undefined>;

export interface BuiltReport {
  ok: boolean;
  failure?: unknown;
  sections: ReportSection[];
  facts: Record<string, unknown>;
  markdown: string;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderReport(title: string, sections: ReportSection[]): string {
  const out = [`# ${title}`, ''];
  for (const section of sections) {
    out.push(`## ${section.title}`, '');
    for (const line of section.lines) {
      const mark = line.ok === false ? '✗ ' : line.ok === true ? '✓ ' : '';
      out.push(`- ${mark}**${escapeCell(line.label)}**: ${escapeCell(line.value)}`);
    }
    if (section.markdown) out.push('', section.markdown);
    out.push('');
  }
  return out.join('\n');
}

export class ConnectionReport {
  private readonly providers: { order: number; provider: SectionProvider }[] = [];

  /** Adds a section; lower `order` comes first. Returns a disposable that removes it. */
  addSection(order: number, provider: SectionProvider): vscode.Disposable {
    const entry = { order, provider };
    this.providers.push(entry);
    this.providers.sort((a, b) => a.order - b.order);
    return { dispose: () => this.providers.splice(this.providers.indexOf(entry), 1) };
  }

  /** Runs every provider in order; a provider that throws becomes a failed section, never a crash. */
  async build(title: string, signal: AbortSignal): Promise<BuiltReport> {
    const sections: ReportSection[] = [];
    const facts: Record<string, unknown> = {};
    let failure: unknown;
    for (const { provider } of this.providers) {
      let result: SectionResult | undefined;
      try {
        result = await provider(signal, facts);
      } catch (err) {
        result = { section: { title: '?', lines: [{ label: 'Error', value: String(err), ok: false }] }, failure: err };
      }
      if (!result) continue;
      sections.push(result.section);
      Object.assign(facts, result.facts);
      failure ??= result.failure;
    }
    return { ok: failure === undefined, failure, sections, facts, markdown: renderReport(title, sections) };
  }
}
