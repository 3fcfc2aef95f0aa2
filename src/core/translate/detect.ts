// Is a comment already in the target language? Decided from the script first (Han, kana, Hangul, Cyrillic,
// Latin…), then, within a script, from characters and common words that belong to one language only.
// When unsure the answer is "not in the target", so a comment is translated rather than silently skipped,
// except for Latin-script text without clues while the target is English: in code that is nearly always
// English made of identifiers.
import type { Language, Script } from '../prompts/languages';
import { withoutProtected } from './prose';

const SCRIPT_TESTS: Array<[Script, RegExp]> = [
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['han', /\p{Script=Han}/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
  ['thai', /\p{Script=Thai}/u],
  ['greek', /\p{Script=Greek}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['latin', /\p{Script=Latin}/u],
];

/** Ideographic and syllabic characters weigh more than letters: one carries about a word. */
const WEIGHT: Partial<Record<Script, number>> = { han: 3, kana: 3, hangul: 2 };

export function scriptCounts(text: string): Map<Script, number> {
  const counts = new Map<Script, number>();
  for (const ch of withoutProtected(text)) {
    for (const [script, re] of SCRIPT_TESTS) {
      if (re.test(ch)) {
        counts.set(script, (counts.get(script) ?? 0) + (WEIGHT[script] ?? 1));
        break;
      }
    }
  }
  return counts;
}

export function dominantScript(text: string): Script | undefined {
  const counts = scriptCounts(text);
  // Any kana makes Han text Japanese.
  const kana = counts.get('kana') ?? 0;
  if (kana > 0 && kana * 4 >= (counts.get('han') ?? 0)) {
    counts.set('kana', kana + (counts.get('han') ?? 0));
    counts.delete('han');
  }
  let best: Script | undefined;
  let bestCount = 0;
  for (const [script, count] of counts) {
    if (count > bestCount) {
      best = script;
      bestCount = count;
    }
  }
  return best;
}

// Characters written differently in Simplified and Traditional Chinese (common ones only).
const SIMPLIFIED_ONLY = new Set([...'这个们说为时会对国来发过后还进开关数据认设读写请单应该与从问题实现类动态错误参获统计传递级线试验输标签处当于无显们调节页'].filter((c, i, a) => a.indexOf(c) === i));
const TRADITIONAL_ONLY = new Set([...'這個們說為時會對國來發過後還進開關數據認設讀寫請單應該與從問題實現類動態錯誤參獲統計傳遞級線試驗輸標籤處當於無顯示調節頁'].filter((c) => !SIMPLIFIED_ONLY.has(c)));

function chineseVariant(text: string): 'zh-cn' | 'zh-tw' | undefined {
  let simplified = 0;
  let traditional = 0;
  for (const ch of text) {
    if (SIMPLIFIED_ONLY.has(ch)) simplified++;
    else if (TRADITIONAL_ONLY.has(ch)) traditional++;
  }
  if (simplified === traditional) return undefined;
  return simplified > traditional ? 'zh-cn' : 'zh-tw';
}

const STOPWORDS: Record<string, string[]> = {
  en: ['the', 'a', 'an', 'of', 'to', 'in', 'is', 'are', 'for', 'and', 'or', 'with', 'this', 'that', 'be', 'it', 'on', 'as', 'by', 'if', 'not', 'from', 'when', 'we', 'you', 'returns', 'every', 'each', 'should', 'must', 'can', 'use', 'used', 'will', 'all', 'only', 'than', 'then'],
  de: ['der', 'die', 'das', 'und', 'ist', 'nicht', 'mit', 'für', 'ein', 'eine', 'den', 'dem', 'zu', 'von', 'auf', 'wird', 'werden', 'wenn', 'auch', 'noch', 'nur', 'sich', 'oder', 'alle', 'jede', 'jeden'],
  fr: ['le', 'la', 'les', 'des', 'est', 'et', 'une', 'un', 'pour', 'dans', 'que', 'qui', 'pas', 'avec', 'sur', 'du', 'ce', 'cette', 'sont', 'par', 'si', 'ou', 'chaque', 'tous'],
  es: ['el', 'los', 'las', 'es', 'y', 'una', 'para', 'que', 'con', 'por', 'del', 'se', 'no', 'como', 'este', 'esta', 'son', 'si', 'cada', 'todos', 'al', 'lo'],
  pt: ['o', 'os', 'as', 'é', 'e', 'uma', 'um', 'para', 'que', 'com', 'por', 'do', 'da', 'não', 'se', 'este', 'esta', 'são', 'cada', 'todos', 'ao', 'em', 'no', 'na'],
  it: ['il', 'lo', 'gli', 'è', 'e', 'una', 'un', 'per', 'che', 'con', 'non', 'del', 'della', 'questo', 'questa', 'sono', 'ogni', 'tutti', 'nel', 'alla'],
  nl: ['de', 'het', 'een', 'en', 'is', 'van', 'voor', 'met', 'niet', 'dat', 'die', 'op', 'wordt', 'zijn', 'als', 'elke', 'alle', 'naar'],
};

const STOPWORD_SETS: Array<[string, ReadonlySet<string>]> = Object.entries(STOPWORDS).map(([code, list]) => [code, new Set(list)]);

/** The Latin-script language with the most common words in `text`, and how many it has. */
function stopwordLeader(text: string): { best: string | undefined; hits: number; tie: boolean } {
  const words = withoutProtected(text).toLowerCase().match(/\p{L}+/gu) ?? [];
  let best: string | undefined;
  let bestHits = 0;
  let tie = false;
  for (const [code, set] of STOPWORD_SETS) {
    const hits = words.filter((w) => set.has(w)).length;
    if (hits > bestHits) {
      best = code;
      bestHits = hits;
      tie = false;
    } else if (hits === bestHits && hits > 0) {
      tie = true;
    }
  }
  return { best, hits: bestHits, tie };
}

function latinLanguage(text: string): string | undefined {
  const { best, tie } = stopwordLeader(text);
  if (best && !tie) return best;
  if (/[äöüß]/i.test(text)) return 'de';
  if (/[ñ¿¡]/i.test(text)) return 'es';
  if (/[ãõ]/i.test(text)) return 'pt';
  if (/[èêëçœ]/i.test(text)) return 'fr';
  return undefined;
}

/** True when `text` is already written in `target`. */
export function isInLanguage(text: string, target: Language): boolean {
  if (!target.script) return false; // a language named freely: cannot tell, so translate
  const script = dominantScript(text);
  if (!script) return true; // nothing to read
  if (script !== target.script) return false;
  const base = target.code.split('-')[0] ?? '';
  switch (script) {
    case 'han': {
      const variant = chineseVariant(text);
      return variant === undefined || variant === target.code;
    }
    case 'cyrillic': {
      const ukrainian = /[іїєґ]/i.test(text);
      return target.code === 'uk' ? ukrainian || !/[ыэъё]/i.test(text) : !ukrainian;
    }
    case 'latin': {
      const lang = latinLanguage(text);
      if (lang === undefined) return base === 'en';
      return lang === base;
    }
    default:
      return true;
  }
}

// ---- Mixed-language comments ----------------------------------------------------------------------------
// A comment can hold the target language and another one (an English header over a Chinese paragraph, a
// Chinese sentence followed by an English one). Detection then works per line and per sentence: a line is
// foreign when it is not in the target as a whole, or when one of its sentences clearly is not.

const SCRIPT_OF: Partial<Record<Script, RegExp>> = Object.fromEntries(SCRIPT_TESTS);

/** Whether `text` has letters of `script` (Japanese text counts its kanji: kana targets accept Han too). */
function hasScript(text: string, script: Script): boolean {
  const re = SCRIPT_OF[script];
  if (!re) return false;
  const plain = withoutProtected(text);
  return re.test(plain) || (script === 'kana' && /\p{Script=Han}/u.test(plain));
}

/** Sentences of one line: after `.`, `!`, `?`, `;` and a space, or after `。！？；`. */
export function sentencesOf(line: string): string[] {
  return line
    .split(/(?<=[.!?;])\s+|(?<=[。！？；])/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Words made of letters only (`e.g.`, `foo_bar()` and numbers are not words a person wrote as prose). */
function proseWords(text: string): number {
  return withoutProtected(text)
    .split(/\s+/)
    .filter((w) => /^[(["'“‘]?\p{L}[\p{L}'’-]*[)\]"'”’.,;:!?]*$/u.test(w)).length;
}

/** Enough letters to be read as prose: two letters of a wide script, or two Latin-script words. */
function substantial(text: string, script: Script): boolean {
  const letters = withoutProtected(text).match(/\p{L}/gu)?.length ?? 0;
  if (letters < 2) return false;
  return script === 'latin' || script === 'cyrillic' || script === 'greek' ? proseWords(text) >= 2 : true;
}

/**
 * True only when `sentence` is positively in another language than `target`: another script with prose in
 * it, or the target's script with words of another language. English terms inside Chinese prose (a class
 * name, "HTTP") are not a foreign sentence; a whole English clause inside it is.
 */
export function isClearlyForeign(sentence: string, target: Language): boolean {
  if (!target.script) return false;
  const script = dominantScript(sentence);
  if (!script || !substantial(sentence, script)) return false;
  const base = target.code.split('-')[0] ?? '';
  if (script === target.script) {
    if (script === 'latin') {
      const lang = latinLanguage(sentence);
      return lang !== undefined && lang !== base && STOPWORDS[base] !== undefined;
    }
    return !isInLanguage(sentence, target);
  }
  if (script === 'latin' && hasScript(sentence, target.script)) {
    // Latin words among the target's script: a foreign clause only when it has the small words of a language.
    const { hits } = stopwordLeader(sentence);
    return hits >= 2;
  }
  return true;
}

/** A sentence of `line` is clearly in another language. */
export function hasForeignSentence(line: string, target: Language): boolean {
  return sentencesOf(line).some((s) => isClearlyForeign(s, target));
}

/** Positive evidence that `line` is in `target` (not just the absence of clues): its script, and its words. */
export function isClearlyInLanguage(line: string, target: Language): boolean {
  if (!target.script || !hasProseLetters(line) || hasForeignSentence(line, target)) return false;
  if (dominantScript(line) !== target.script) return false;
  if (target.script !== 'latin') return isInLanguage(line, target);
  return latinLanguage(line) === (target.code.split('-')[0] ?? '');
}

function hasProseLetters(text: string): boolean {
  return (withoutProtected(text).match(/\p{L}/gu)?.length ?? 0) >= 2;
}
