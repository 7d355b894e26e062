import { isKnownCity } from './gazetteer.js';
import { directionalCode, splitZip, stateCode, suffixCode, unitTypeCode } from './normalize.js';
import { ORDINAL } from './street-words.js';

/** A word of the input, with whether a comma followed it (commas separate address lines). */
export interface Token {
  raw: string;
  /** Upper case, punctuation removed (`St.,` → `ST`). */
  word: string;
  comma: boolean;
}

/** Splits an address into words, remembering commas; `#5` becomes `#` `5` so designators stand alone. */
export function tokenize(text: string): Token[] {
  const spaced = text
    .replace(/[\u00a0\t\r\n]+/g, ' ')
    .replace(/,/g, ', ')
    // `Apt#4`, `Ste.#200`: a number sign glued to the designator before it stands apart too.
    .replace(/([a-z.])#/gi, '$1 #')
    .replace(/#\s*(?=\w)/g, '# ')
    // `P.O.Box` and `PO.BOX` glue the box words together; part them so the box rule sees them.
    .replace(/\b(p\.?\s*o\.?)(box)\b/gi, '$1 $2')
    // `Suite100`, `Unit508`: a designator glued to its number.
    .replace(/\b(suite|ste|unit|apt|rm|room)\.?(\d+\w*)\b/gi, '$1 $2');
  const tokens: Token[] = [];
  for (const piece of spaced.split(' ')) {
    if (piece === '') continue;
    const comma = /[,;]$/.test(piece);
    const word = piece
      .toUpperCase()
      .replace(/[.,;:"'()]/g, '')
      .replace(/^-+|-+$/g, '');
    if (word === '') {
      const last = tokens.at(-1);
      if (last && comma) last.comma = true;
      continue;
    }
    tokens.push({ raw: piece, word, comma });
  }
  return tokens;
}

/** The ZIP and state at the end of an address, and how many tokens they take. */
export interface Tail {
  zip: string | null;
  zip4: string | null;
  state: string | null;
  /** Index of the first token after the street-and-city part. */
  end: number;
}

const STATE_WORDS_MAX = 4;

/** Reads a ZIP (or ZIP+4) and a state from the end of the tokens, leaving the rest for the street and city. */
export function readTail(tokens: readonly Token[]): Tail {
  let end = tokens.length;
  const tail: Tail = { zip: null, zip4: null, state: null, end };
  const last = tokens[end - 1];
  // `PO Box 11418`: five digits after a box word are the box number, not a ZIP.
  const boxNumber = /^(?:BOX|BX|POB|#)$/.test(tokens[end - 2]?.word ?? '');
  const previous = tokens[end - 2];
  if (
    last &&
    previous &&
    /^\d{4}$/.test(last.word) &&
    /^\d{5}$/.test(previous.word) &&
    end > 2 &&
    !previous.comma
  ) {
    // `97212 4321`: ZIP+4 written with a space.
    Object.assign(tail, { zip: previous.word, zip4: last.word });
    end -= 2;
  } else if (last && /^\d{5}(-?\d{4})?$/.test(last.word) && end > 1 && !boxNumber) {
    Object.assign(tail, splitZip(last.word));
    end -= 1;
  } else if (
    last &&
    /^\d{4}$/.test(last.word) &&
    end > 2 &&
    tokens[end - 2] &&
    stateCode(tokens[end - 2]!.word)
  ) {
    // A four-digit ZIP after a state lost its leading zero in a spreadsheet (New England, New Jersey).
    tail.zip = last.word;
    end -= 1;
  } else if (last && /^\d{6,10}$/.test(last.word) && end > 2 && stateCode(tokens[end - 2]?.word ?? '')) {
    // `IL 6065460610`: a mistyped ZIP after a state is still the ZIP, kept as written.
    Object.assign(tail, splitZip(last.word));
    end -= 1;
  }
  // State names run to four words (Federated States of Micronesia); prefer the longest match.
  for (let size = Math.min(STATE_WORDS_MAX, end - 2); size >= 1; size -= 1) {
    const words = tokens.slice(end - size, end);
    const code = stateCode(words.map((token) => token.word).join(' '));
    if (code === null) continue;
    if (!stateIsPlausible(tokens, end - size, size, tail.zip !== null)) continue;
    tail.state = code;
    end -= size;
    break;
  }
  tail.end = end;
  return tail;
}

/**
 * A two-letter word that is also a directional or a unit word (`NE`, `OR`… ) is a state only when the
 * writer marked it as one: a ZIP after it or a comma before it.
 */
function stateIsPlausible(tokens: readonly Token[], start: number, size: number, hasZip: boolean): boolean {
  if (hasZip) return true;
  const before = tokens[start - 1];
  // `1180 Peachtree Street, NE`: after a street suffix, NE/SE… is the postdirectional, not Nebraska.
  if (before?.comma)
    return !(
      size === 1 &&
      directionalCode(tokens[start]?.word ?? '') !== null &&
      suffixCode(before.word) !== null
    );
  const word = tokens[start]?.word ?? '';
  // `21st Fl.`: Florida's code is also the floor designator.
  const wordBefore = tokens[start - 1]?.word ?? '';
  if (unitTypeCode(word) !== null && (/\d/.test(wordBefore) || ORDINAL.test(wordBefore))) return false;
  // `… Rocky Hill CT`: a known city of that state before it settles it.
  const code = stateCode(
    tokens
      .slice(start, start + size)
      .map((token) => token.word)
      .join(' '),
  );
  for (let words = 1; words <= 3 && start - words >= 1; words += 1) {
    const city = tokens
      .slice(start - words, start)
      .map((token) => token.word)
      .join(' ');
    if (isKnownCity(city, code)) return true;
  }
  if (size > 1 || word.length > 2) return start >= 3;
  // `Cedar Crest Ct`: a state code that is also a street suffix needs a ZIP or comma to count.
  return directionalCode(word) === null && suffixCode(word) === null && start >= 3;
}
