// Text preparation shared by the fact and motivation rules.

const FRACTIONS: Record<string, string> = { '½': '.5', '¼': '.25', '¾': '.75' };

/** Lower-cased, fractions and odd dashes/spaces unified, whitespace collapsed. */
export function prepareText(title: string | null, description: string | null): string {
  return [title ?? '', description ?? '']
    .join(' \n ')
    .toLowerCase()
    .replace(/(\d)\s*([½¼¾])/g, (_, digit: string, fraction: string) => `${digit}${FRACTIONS[fraction]}`)
    .replace(/[½¼¾]/g, (fraction) => `0${FRACTIONS[fraction]}`)
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ');
}

const WORD_NUMBERS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

/** A number word or numeral pattern (for counts of rooms), as a regex source. */
export const COUNT = `(?:\\d{1,2}(?:\\.\\d{1,2})?|${Object.keys(WORD_NUMBERS).join('|')})`;

/** "3", "2.5", "three" to a number; null for anything else. */
export function countValue(text: string): number | null {
  const word = WORD_NUMBERS[text];
  if (word !== undefined) return word;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** The one value all mentions agree on (within `tolerance`, relative), or null when none or they disagree. */
export function agreed(values: number[], tolerance = 0): number | null {
  if (values.length === 0) return null;
  const first = values[0]!;
  const agree = values.every((value) => Math.abs(value - first) <= tolerance * Math.max(value, first));
  return agree ? first : null;
}

/** The text just before a match, for context rules (negation, "lot size:", "garage"). */
export function before(text: string, index: number, chars = 30): string {
  return text.slice(Math.max(0, index - chars), index);
}

/** The text just after a match. */
export function after(text: string, index: number, chars = 30): string {
  return text.slice(index, index + chars);
}
