// The view's words, as the extension sent them (localized). `{0}` placeholders are filled in here.
import type { ViewStringKey, ViewStrings } from '../shared/protocol';

let strings: Partial<ViewStrings> = {};

export function setStrings(next: ViewStrings): void {
  strings = next;
}

export function t(key: ViewStringKey, ...args: (string | number)[]): string {
  const text = strings[key] ?? key;
  return text.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

/** Numbers the way the user's locale writes them. */
export function formatNumber(value: number, fractionDigits = 0): string {
  return value.toLocaleString(undefined, { maximumFractionDigits: fractionDigits, minimumFractionDigits: fractionDigits });
}
