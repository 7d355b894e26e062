// Turning the `q` parameter into what the SQL needs: websearch syntax for words, phrases, OR and -not;
// `word*` prefixes apart (websearch_to_tsquery has no prefix syntax); and the place/street words the
// fuzzy (trigram) retry compares with city and address_line.

export interface TextQuery {
  /** What remains for websearch_to_tsquery('english', …) once prefixes are taken out; null when nothing. */
  web: string | null;
  /** Lower-case prefixes of `word*` terms (letters and digits only). */
  prefixes: string[];
  /** Words of 4+ letters a misspelled place or street name could be; at most 6. */
  fuzzyWords: string[];
}

const PREFIX = /(?<=^|[\s(])([\p{L}\p{N}]+)\*(?=$|[\s)])/gu;
const WORD = /[\p{L}]{4,}/gu;
// Words that are never place names; the fuzzy retry would only add noise with them.
const NOT_PLACES = new Set(['with', 'from', 'near', 'that', 'this', 'have', 'sale', 'rent', 'house', 'home']);
const MAX_FUZZY_WORDS = 6;

/** Splits a `q` string into websearch text, prefixes and fuzzy words; null when it holds no term. */
export function parseTextQuery(q: string | undefined): TextQuery | null {
  if (q === undefined) return null;
  const prefixes = new Set<string>();
  const rest = q.replace(PREFIX, (_match, word: string) => {
    prefixes.add(word.toLowerCase());
    return ' ';
  });
  const web = /[\p{L}\p{N}]/u.test(rest) ? rest.trim().replace(/\s+/g, ' ') : null;
  if (web === null && prefixes.size === 0) return null;
  const words = new Set<string>();
  for (const match of q.replace(/-[\p{L}]+/gu, ' ').matchAll(WORD)) {
    const word = match[0].toLowerCase();
    if (!NOT_PLACES.has(word) && words.size < MAX_FUZZY_WORDS) words.add(word);
  }
  return { web, prefixes: [...prefixes], fuzzyWords: [...words] };
}
