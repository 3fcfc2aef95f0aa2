// Hearth suggests code and prose as you type: grey "ghost text" appears after a short pause.
//   Tab accepts the suggestion, Esc dismisses it, Alt+\ asks for one at any time.
// Try it: the cursor is at the end of the last line. Wait for the suggestion, or start the body yourself.
// Draft Here (Ctrl+Shift+Alt+Enter; ⌘⇧⌥Enter on macOS) writes a longer draft from an instruction or from the comment above the cursor.
// This is an untitled document: close it without saving when you are done.

/** The median of the numbers: the middle value once sorted, or the mean of the two middle values. */
export function median(values: number[]): number {
