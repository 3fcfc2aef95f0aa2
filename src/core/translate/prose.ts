// What in a comment is prose to translate, and what must stay exactly as written: commented-out code, tool
// directives (`eslint-disable`, `noqa`, `#region`), legal notices, and inside the prose: code in backticks,
// URLs, inline doc tags and XML tags.

const DIRECTIVE =
  /^\s*(?:eslint(?:-disable|-enable|-env)?\b|global\s+\w|globals\s|jshint|prettier-ignore|istanbul\s|c8\s|v8\s+ignore|@ts-|@flow\b|@jsx|@vite-ignore|biome-ignore|deno-lint-ignore|webpack\w*:|#?region\b|#?endregion\b|noqa\b|type:\s*ignore|pylint:|mypy:|pyright:|ruff:|fmt:\s*(?:off|on|skip)|isort:|nolint|NOLINT|rubocop:|frozen_string_literal:|-\*-|vim?:|shellcheck\s|go:\w+|\+build\b|SPDX-License-Identifier|clang-format\s|cspell:|spell-checker:|sourceMappingURL=|swiftlint:|#?pragma\b|NOSONAR|checkstyle:|CHECKSTYLE|@formatter:|language=|yaml-language-server:|\$schema|tslint:|coverage:|pragma:|nocov|nosemgrep|lgtm\b|@license\b|@preserve\b)/;

/** A line that tells a tool something; translating it would break the tool. */
export function isDirective(line: string): boolean {
  return DIRECTIVE.test(line);
}

const LEGAL = /\bcopyright\b|\(c\)\s*\d{4}|©|\blicensed under\b|\ball rights reserved\b|SPDX-License-Identifier|\bGNU (?:General|Lesser|Affero)\b|\bApache License\b|\bMIT License\b/i;

/** License headers and copyright notices keep their exact wording. */
export function isLegalNotice(text: string): boolean {
  return LEGAL.test(text);
}

const CODE_PATTERNS: RegExp[] = [
  /[;{]\s*$/,
  /^\s*[}\])]+[;,]?\s*$/,
  /^(?:if|for|while|switch|catch|elif|else\s+if)\s*\(.*\)\s*\{?\s*$/,
  /^(?:const|let|var|val|auto|def|fn|func|function|class|struct|enum|interface|impl|trait)\s+[\w$]+\s*(?:=|\(|\{|:|<|;|\s+extends\b|\s+implements\b)/,
  /^return\b.*;\s*$/,
  /^(?:import|export)\s+.*(?:\bfrom\s+['"]|['";{}*]|\bas\s+\w+$)/,
  /^from\s+[\w.]+\s+import\s+[\w, *()]+$/,
  /^(?:#include|#define|#if|#ifdef|#ifndef|#endif|#else|using\s+[\w.]+;|package\s+[\w.]+;?$)/,
  /^[\w$.[\]'"]+\s*(?:=|\+=|-=|\*=|\/=|:=|\?\?=|\|\|=)\s*\S/,
  /^(?:await\s+|new\s+)?[\w$.]+(?:\[[^\]]*\])?\([^()]*\)(?:\.[\w$]+\([^()]*\))*;?\s*$/,
  /^(?:print|println|printf|console\.\w+|self\.|this\.|super\(|raise\s+\w+\(|assert\s+\w)/,
  /^<\/?[A-Za-z][\w:-]*(?:\s+[\w:-]+(?:=(?:"[^"]*"|'[^']*'|[^\s>]+))?)*\s*\/?>$/,
  /^(?:\w+\s*)?=>/,
];

/** Commented-out code: it must not be translated. */
export function looksLikeCode(line: string): boolean {
  const t = line.trim();
  if (t === '') return false;
  return CODE_PATTERNS.some((re) => re.test(t));
}

/** Spans that a translation must keep exactly: `code`, {@link X}, URLs, XML/HTML tags. */
const PROTECTED = /`[^`\n]+`|\{@\w+[^}]*\}|https?:\/\/[^\s<>"'`）)\]]+[^\s<>"'`）)\].,;:!?。，]|<\/?[A-Za-z][\w:-]*(?:\s+[\w:-]+(?:=(?:"[^"]*"|'[^']*'))?)*\s*\/?>/g;

export function protectedSpans(text: string): string[] {
  return [...text.matchAll(PROTECTED)].map((m) => m[0]);
}

/** The text without its protected spans (for language detection and for "is there prose at all"). */
export function withoutProtected(text: string): string {
  return text.replace(PROTECTED, ' ');
}

/** At least two letters outside code, URLs and tags: something a person wrote to be read. */
export function hasProse(text: string): boolean {
  const letters = withoutProtected(text).match(/\p{L}/gu);
  return (letters?.length ?? 0) >= 2;
}

/** The protected spans of `source` that `translation` lost (each must appear as often as in the source). */
export function missingSpans(source: string, translation: string): string[] {
  const missing: string[] = [];
  const counts = new Map<string, number>();
  for (const span of protectedSpans(source)) counts.set(span, (counts.get(span) ?? 0) + 1);
  for (const [span, count] of counts) {
    const found = translation.split(span).length - 1;
    if (found < count) missing.push(span);
  }
  return missing;
}
