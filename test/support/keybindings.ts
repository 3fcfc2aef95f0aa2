// Finds keybindings that collide: the same key (or one a chord prefix of the other) with `when` clauses
// that can be true at the same time. Used by the integration test against VS Code's own default
// keybindings and unit-tested here in Node.
import { overlap } from './whenClause';

export interface Binding {
  command: string;
  key: string;
  when?: string;
}

/** A manifest keybinding, with its per-platform variants. */
export interface ContributedBinding extends Binding {
  mac?: string;
  linux?: string;
  win?: string;
}

export type Platform = 'linux' | 'mac' | 'win';

const MODIFIER_ORDER = ['ctrl', 'shift', 'alt', 'meta', 'cmd', 'win'];

/** One chord part in a canonical form: lower case, modifiers in a fixed order (`alt+ctrl+X` → `ctrl+alt+x`). */
function normalizePart(part: string): string {
  const pieces = part.toLowerCase().split('+');
  // `ctrl++` (the plus key) splits into a trailing empty piece pair.
  const key = part.endsWith('++') ? '+' : pieces[pieces.length - 1];
  const modifiers = pieces.slice(0, part.endsWith('++') ? -2 : -1).filter((m) => m !== '');
  modifiers.sort((a, b) => MODIFIER_ORDER.indexOf(a) - MODIFIER_ORDER.indexOf(b));
  return [...modifiers, key].join('+');
}

/** The chord parts of a key (`ctrl+k ctrl+c` → two parts), each normalized. */
export function chordParts(key: string): string[] {
  return key.trim().split(/\s+/).filter((p) => p !== '').map(normalizePart);
}

/** The key VS Code uses for a contributed binding on a platform (`mac`/`linux`/`win` override `key`). */
export function keyFor(binding: ContributedBinding, platform: Platform): string {
  return binding[platform] ?? binding.key;
}

/** Same key, or one is a chord prefix of the other (`ctrl+k` hides every `ctrl+k …` chord). */
export function keysClash(a: string, b: string): boolean {
  const x = chordParts(a);
  const y = chordParts(b);
  const n = Math.min(x.length, y.length);
  return n > 0 && x.slice(0, n).every((part, i) => part === y[i]);
}

export interface Collision {
  ours: Binding;
  theirs: Binding;
  /** The conditions under which both apply, as readable clauses. */
  together: string[];
}

export function findCollisions(ours: readonly Binding[], defaults: readonly Binding[]): Collision[] {
  const collisions: Collision[] = [];
  for (const mine of ours) {
    for (const theirs of defaults) {
      if (!keysClash(mine.key, theirs.key)) continue;
      const together = overlap(mine.when, theirs.when);
      if (together.length > 0) collisions.push({ ours: mine, theirs, together });
    }
  }
  return collisions;
}

export function describeCollision(c: Collision): string {
  return `${c.ours.command} (${c.ours.key}, when ${c.ours.when ?? 'always'}) collides with ${c.theirs.command} (${c.theirs.key}, when ${c.theirs.when ?? 'always'}); both apply when ${c.together[0]}`;
}
