// Indentation measured in columns, for code that compares the depth of lines (where a block ends,
// where a declaration starts). A tab counts as 4 columns: the editor's tab size is not known in core,
// and comparisons within one file stay consistent whatever the exact value.

export function indentWidth(line: string, tabSize = 4): number {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width++;
    else if (ch === '\t') width += tabSize;
    else break;
  }
  return width;
}
