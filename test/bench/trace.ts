// Typing traces made from real files: the text is typed character by character with human-like
// timing (bursts within words, short gaps between words, longer pauses at line ends and now and then
// to think), occasional typos corrected with backspace, and the user accepting a suggestion when it
// matches what they were about to type. Seeded, so every run replays the same trace.

export type TraceEvent =
  /** Types one character (may be '\n'). */
  | { kind: 'type'; at: number; char: string }
  /** Deletes the character before the cursor. */
  | { kind: 'backspace'; at: number }
  /** A pause long enough for a suggestion to show: if it matches the text ahead, the user accepts it (Tab). */
  | { kind: 'consider'; at: number };

export interface Trace {
  name: string;
  language: string;
  /** Text that already stands before the typed part (the file's head). */
  prefix: string;
  /** The text the user types, in order. */
  target: string;
  /** Text after the cursor that stays (the file's tail). */
  suffix: string;
  events: TraceEvent[];
}

/** Mulberry32: a small, fast, seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A log-normal gap around `median` ms. */
function gap(random: () => number, median: number, spread = 0.35): number {
  const u1 = Math.max(random(), 1e-9);
  const u2 = random();
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return median * Math.exp(spread * normal);
}

export interface TraceOptions {
  seed: number;
  /** Median gap between keys inside a word (ms). 110 ms ≈ 60 words a minute. */
  keyMs?: number;
  /** Chance of a typo (a wrong key, then a backspace) per character. */
  typoRate?: number;
  /** Chance of a thinking pause (0.6–2 s) at a word boundary. */
  pauseRate?: number;
}

/**
 * Builds a trace that types `target` between `prefix` and `suffix`. Line ends and sentence ends get
 * a "consider" pause, which is when a real user looks at the ghost text and may press Tab.
 */
export function makeTrace(name: string, language: string, prefix: string, target: string, suffix: string, options: TraceOptions): Trace {
  const random = rng(options.seed);
  const keyMs = options.keyMs ?? 110;
  const typoRate = options.typoRate ?? 0.02;
  const pauseRate = options.pauseRate ?? 0.08;
  const events: TraceEvent[] = [];
  let at = 0;
  for (let i = 0; i < target.length; i++) {
    const char = target[i];
    const prev = i > 0 ? target[i - 1] : '\n';
    const boundary = /\s/.test(prev) || /[.,;:(){}[\]]/.test(prev);
    if (prev === '\n' || /[.!?。！？]/.test(prev)) {
      at += gap(random, 700, 0.5);
      events.push({ kind: 'consider', at });
    } else if (boundary && random() < pauseRate) {
      at += 600 + random() * 1400;
      events.push({ kind: 'consider', at });
    } else {
      at += gap(random, boundary ? keyMs * 1.6 : keyMs);
    }
    if (/[a-z]/i.test(char) && random() < typoRate) {
      events.push({ kind: 'type', at, char: String.fromCharCode(97 + Math.floor(random() * 26)) });
      at += gap(random, 250);
      events.push({ kind: 'backspace', at });
      at += gap(random, keyMs);
    }
    events.push({ kind: 'type', at, char });
  }
  return { name, language, prefix, target, suffix, events };
}
