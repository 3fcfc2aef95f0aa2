// Typing traces made from real files: a region of a real file is typed again, character by character,
// into the file with that region removed. The plan is seeded, so every strategy (and every run) replays
// the same keys with the same timing:
//  - bursts inside words (log-normal gaps around `keyMs`), a little longer between words and after
//    punctuation, a pause at each line end (reading, deciding what comes next), now and then a thinking
//    pause of one to three seconds;
//  - typos: a wrong (neighbouring) key, noticed a moment later, deleted with Backspace and retyped;
//  - Enter inserts the next line's indentation with it, as the editor's auto-indent does;
//  - each key carries a draw that decides whether the user presses Tab when a right suggestion is on screen
//    (the decision itself is made during the replay, since it depends on what the strategy shows).
// Gaps are in real milliseconds; a replay may scale them (with every other delay) by one factor.
import { seededRandom } from '../support/random';

/** Seeded PRNG for traces (mulberry32). */
export const rng = seededRandom;

export interface TraceSource {
  /** Short label, e.g. "TypeScript (ollama/src/utils.ts)". */
  name: string;
  languageId: string;
  /** Workspace-relative path for the prompt header. */
  path: string;
  /** The whole file as it ends up. */
  truth: string;
  /** The region typed again: truth.slice(start, end). Starts at a line start and ends before a line break. */
  start: number;
  end: number;
}

export interface KeyPlan {
  /** Wait before this key, from the previous key (real ms). */
  gapMs: number;
  /** The editor inserted this character with the line break before it (auto-indent): no key of its own. */
  auto: boolean;
  /** A wrong key pressed instead at first: noticed after `noticeMs`, deleted, then the right one `fixMs` later. */
  typo?: { char: string; noticeMs: number; fixMs: number };
  /** Uniform in [0, 1): the user presses Tab on a right suggestion when this is below the accept rate. */
  acceptDraw: number;
}

export interface Trace extends TraceSource {
  /** The text typed: truth.slice(start, end). */
  target: string;
  /** One plan per character of `target`. */
  keys: KeyPlan[];
}

export interface TraceOptions {
  seed: number;
  /** Median gap between keys inside a word (real ms). 150 ms ≈ 70 words a minute in a burst. */
  keyMs?: number;
  /** Chance of a typo per letter. */
  typoRate?: number;
  /** Chance of a thinking pause (0.8–3 s) before any key. */
  thinkRate?: number;
}


/** A log-normal value around `median`. */
function logNormal(random: () => number, median: number, spread = 0.35): number {
  const u1 = Math.max(random(), 1e-9);
  const u2 = random();
  return median * Math.exp(spread * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
}

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** A key next to `ch` on a QWERTY keyboard (same case). */
function neighbourKey(random: () => number, ch: string): string {
  const lower = ch.toLowerCase();
  for (const row of KEYBOARD_ROWS) {
    const at = row.indexOf(lower);
    if (at < 0) continue;
    const options = [row[at - 1], row[at + 1]].filter((c): c is string => c !== undefined);
    const pick = options[Math.floor(random() * options.length)] ?? 'e';
    return ch === lower ? pick : pick.toUpperCase();
  }
  return 'e';
}

function gapBefore(random: () => number, prev: string, ch: string, keyMs: number, thinkRate: number): number {
  let gap = logNormal(random, keyMs);
  if (prev === '\n') gap += 400 + random() * 1600;
  else if (/[.!?]/.test(prev) && ch === ' ') gap += 200 + random() * 800;
  else if (/[;{}():,=]/.test(prev)) gap += 100 + random() * 300;
  else if (prev === ' ' && random() < 0.3) gap += random() * 250;
  if (random() < thinkRate) gap += 800 + random() * 2200;
  return Math.max(35, gap);
}

export function makeTrace(source: TraceSource, options: TraceOptions): Trace {
  const random = rng(options.seed);
  const keyMs = options.keyMs ?? 150;
  const typoRate = options.typoRate ?? 0.02;
  const thinkRate = options.thinkRate ?? 0.03;
  const target = source.truth.slice(source.start, source.end);
  const keys: KeyPlan[] = [];
  let indenting = false;
  for (let i = 0; i < target.length; i++) {
    const ch = target[i];
    let prev = i > 0 ? target[i - 1] : '\n';
    if (prev === '\n') indenting = true;
    if (indenting && (ch === ' ' || ch === '\t')) {
      keys.push({ gapMs: 0, auto: true, acceptDraw: random() });
      continue;
    }
    // The first key of an indented line follows the line break (the editor typed the indentation): the
    // pause at the line's start is the same as on an unindented line.
    if (indenting) prev = '\n';
    indenting = false;
    const gapMs = gapBefore(random, prev, ch, keyMs, thinkRate);
    const typo = /[a-z]/i.test(ch) && random() < typoRate ? { char: neighbourKey(random, ch), noticeMs: logNormal(random, 300), fixMs: logNormal(random, keyMs) } : undefined;
    keys.push({ gapMs, auto: false, ...(typo ? { typo } : {}), acceptDraw: random() });
  }
  return { ...source, target, keys };
}

/** The region between the first line that contains `from` and the end of the line that contains `to`. */
export function regionBetween(truth: string, from: string, to: string, what: string): { start: number; end: number } {
  const a = truth.indexOf(from);
  const b = a < 0 ? -1 : truth.indexOf(to, a);
  if (a < 0 || b < 0) throw new Error(`trace ${what}: the file no longer contains ${JSON.stringify(a < 0 ? from : to)}`);
  const start = truth.lastIndexOf('\n', a) + 1;
  const lineEnd = truth.indexOf('\n', b);
  return { start, end: lineEnd < 0 ? truth.length : lineEnd };
}

/** Shortens a region to about `chars` characters, ending at a line end. */
export function clipRegion(truth: string, region: { start: number; end: number }, chars: number): { start: number; end: number } {
  if (region.end - region.start <= chars) return region;
  const cut = truth.indexOf('\n', region.start + chars);
  return { start: region.start, end: cut < 0 || cut > region.end ? region.end : cut };
}
