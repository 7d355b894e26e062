import { parsePhoneNumberFromString } from 'libphonenumber-js';

const DIGIT_WORDS: Record<string, string> = {
  zero: '0',
  oh: '0',
  o: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  for: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};

const WORD = Object.keys(DIGIT_WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|');
// Letters must not touch a digit word ("someone" is not a one), but digits may ("zero142").
const WORD_TOKEN = `(?<![a-z])(?:${WORD})(?![a-z])`;
const TOKEN = `(?:\\d|${WORD_TOKEN})`;
// A run of digits and digit words joined by phone punctuation, e.g. "505-555-zero142" or "five o five".
const RUN = new RegExp(`${TOKEN}(?:[\\s\\-.()]*${TOKEN})+`, 'gi');
// Built once: global match and replace start from 0 and leave lastIndex at 0, so sharing them is safe.
const TOKENS = new RegExp(TOKEN, 'gi');
const WORD_TOKENS = new RegExp(WORD_TOKEN, 'gi');

/**
 * Turns digits written as words ("505-555-zero142", "five o five") into digits. Owners write numbers this
 * way to dodge scrapers; only words inside a run of at least seven digit tokens are converted, so prose
 * ("one bedroom") survives.
 */
export function digitsFromWords(text: string): string {
  return text.replace(RUN, (run) => {
    const tokens = run.match(TOKENS) ?? [];
    if (tokens.length < 7) return run;
    return run.replace(WORD_TOKENS, (word) => DIGIT_WORDS[word.toLowerCase()] ?? word);
  });
}

/** A phone as written (US default region) to E.164, or null when it is not a possible number. */
export function toE164(raw: string, defaultCountry: 'US' | 'CA' = 'US'): string | null {
  const cleaned = digitsFromWords(raw).replace(/[^\d+()\-.\s]/g, ' ');
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry);
  if (!parsed?.isPossible()) return null;
  return parsed.number;
}
