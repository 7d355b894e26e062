import {
  STATE_ABBREVIATION_VARIANTS,
  USPS_DIRECTIONALS,
  USPS_STATE_CODES,
  USPS_STATES,
} from './usps-places.js';
import { STREET_SUFFIX_MISSPELLINGS, USPS_STREET_SUFFIXES } from './usps-suffixes.js';
import { UNIT_DESIGNATOR_VARIANTS, USPS_UNIT_DESIGNATORS } from './usps-units.js';

/** Upper-cases a word and drops the punctuation USPS leaves out (periods, commas, quotes). */
export function cleanWord(word: string): string {
  return word
    .toUpperCase()
    .replace(/[.,;:"'()]/g, '')
    .replace(/^[-/]+|[-/]+$/g, '');
}

/** Joins cleaned words with single spaces; null when nothing is left. */
export function joinWords(words: readonly string[]): string | null {
  const text = words.map(cleanWord).filter(Boolean).join(' ');
  return text === '' ? null : text;
}

/** A directional word (`North`, `N.`, `S.W.`) as its USPS code, or null when it is not one. */
export function directionalCode(word: string): string | null {
  return USPS_DIRECTIONALS[cleanWord(word)] ?? null;
}

/** `S E`, `N. W.`: a two-letter directional written as two one-letter words, as its code (`SE`), or null. */
export function splitDirectionalCode(first: string, second: string): string | null {
  const a = cleanWord(first);
  const b = cleanWord(second);
  return /^[NS]$/.test(a) && /^[EW]$/.test(b) ? `${a}${b}` : null;
}

/** A street suffix spelling as its Appendix C1 abbreviation, or null when it is not one. */
export function suffixCode(word: string): string | null {
  const clean = cleanWord(word);
  return USPS_STREET_SUFFIXES[clean] ?? STREET_SUFFIX_MISSPELLINGS[clean] ?? null;
}

/** A unit designator (`Suite`, `Apt.`, `#`) as its Appendix C2 abbreviation, or null. */
export function unitTypeCode(word: string): string | null {
  const clean = cleanWord(word);
  return USPS_UNIT_DESIGNATORS[clean]?.code ?? UNIT_DESIGNATOR_VARIANTS[clean] ?? null;
}

/** Whether a unit designator is written with an identifier after it (Appendix C2). */
export function unitTypeNeedsId(code: string): boolean {
  return USPS_UNIT_DESIGNATORS[code]?.needsId ?? true;
}

/** A state name or abbreviation as its two-letter USPS code, or null. */
export function stateCode(text: string): string | null {
  const clean = text.toUpperCase().replace(/[.,]/g, '').replace(/\s+/g, ' ').trim();
  if (USPS_STATE_CODES.has(clean)) return clean;
  return USPS_STATES[clean] ?? STATE_ABBREVIATION_VARIANTS[clean] ?? null;
}

/** Splits a ZIP or ZIP+4 (`62704-1234`, `627041234`) into its two parts; other text is kept as the ZIP. */
export function splitZip(text: string): { zip: string; zip4: string | null } {
  const clean = text.replace(/[.,\s]/g, '');
  const match = /^(\d{5})-?(\d{4})$/.exec(clean);
  if (match) return { zip: match[1] as string, zip4: match[2] as string };
  return { zip: clean.replace(/-$/, ''), zip4: null };
}
