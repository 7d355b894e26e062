import { isKnownCity } from './gazetteer.js';
import { directionalCode, unitTypeCode, unitTypeNeedsId } from './normalize.js';
import { ORDINAL } from './street-words.js';
import type { Token } from './tokens.js';
import type { AddressComponents } from './types.js';

/** Whether a word can be a unit identifier (`4`, `4B`, `C1S`, `M-9`, `A`). */
function isUnitId(word: string | undefined): boolean {
  return word !== undefined && /^(?:[A-Z]{0,2}-?\d[\dA-Z-]*|[A-Z])$/.test(word);
}

/**
 * Reads one unit starting at `at` (`Apt 4`, `# 5`, `# APT 25`, `2nd Floor`, `No 2202`, `Rear`, or a bare
 * `211` when `bare` allows it) into `parts`; returns how many tokens it used, 0 when there is none.
 */
function readUnit(rest: readonly Token[], at: number, parts: AddressComponents, bare: boolean): number {
  const token = rest[at] as Token;
  // `Mail Code 5021`, `Ref No 243`: a designator of two words.
  const pair = rest[at + 1] && !token.comma ? unitTypeCode(`${token.word} ${rest[at + 1]?.word}`) : null;
  if (pair !== null) {
    const skip = rest[at + 2]?.word === '#' ? 1 : 0;
    const id = rest[at + 2 + skip];
    parts.unit_type = pair;
    if (id === undefined || rest[at + 1]?.comma) return 2;
    parts.unit = id.word;
    return 3 + skip;
  }
  const next = rest[at + 1];
  const code = unitTypeCode(token.word);
  let used = 0;
  if (code === '#' && next && unitTypeCode(next.word) !== null && unitTypeCode(next.word) !== '#') {
    // `# APT 25`: the designator word after `#` says what the unit is.
    const inner = readUnit(rest, at + 1, parts, bare);
    return inner === 0 ? 0 : inner + 1;
  }
  const nextCode = next && !token.comma ? unitTypeCode(next.word) : null;
  // `Lower Level`, `Upper Floor`: a designator that takes no identifier, before one that needs it and
  // ends the line, is that one's identifier (as in `Second Floor`).
  const nextEnds = next !== undefined && (next.comma || at + 2 === rest.length);
  const namesLevel = nextCode !== null && nextCode !== '#' && unitTypeNeedsId(nextCode) && nextEnds;
  if (code !== null && !unitTypeNeedsId(code) && namesLevel) {
    parts.unit_type = nextCode;
    parts.unit = token.word;
    return 2;
  }
  if (code !== null) {
    parts.unit_type = code;
    used = 1;
    // `Ste # 2`: a number sign between designator and identifier adds nothing.
    const skip = next?.word === '#' && code !== '#' && rest[at + 2] !== undefined ? 1 : 0;
    const id = rest[at + 1 + skip];
    if ((code === '#' || unitTypeNeedsId(code)) && id && !token.comma) {
      parts.unit = id.word.replace(/^#/, '') || null;
      used = 2 + skip;
    }
  } else if (nextCode !== null && nextCode !== '#') {
    // `Second Floor`, `15th Floor`: the identifier comes before the designator.
    parts.unit_type = nextCode;
    parts.unit = token.word;
    return 2;
  } else if (bare && token.word === 'NO' && isUnitId(next?.word) && !token.comma) {
    // `No 2202`, `No. 102`: "number", written as part of the identifier.
    parts.unit = `NO ${next?.word}`;
    used = 2;
  } else if (bare && isShortCode(rest, at, parts)) {
    // `4315 Webster Avenue LH`: a short code ending a line with no city, state or ZIP is a unit.
    parts.unit = token.word;
    used = 1;
  } else if (
    bare &&
    isUnitId(token.word) &&
    (token.word.length > 1 || token.comma || at === rest.length - 1 || closingDirectional(rest, at + 1))
  ) {
    parts.unit = token.word;
    used = 1;
  }
  // `Apt 20 C`, `Unit 2 East`, `106 D,`: a lone letter or directional closing the line belongs to the unit.
  const last = rest[at + used - 1];
  const tail = rest[at + used];
  const closes = tail !== undefined && (tail.comma || at + used === rest.length - 1);
  if (used > 0 && parts.unit !== null && last && !last.comma && tail && closes) {
    if (/^[A-Z]$/.test(tail.word) || directionalCode(tail.word) !== null) {
      parts.unit = `${parts.unit} ${tail.word}`;
      used += 1;
    }
  }
  return used;
}

/** A two-letter word alone after the street, on a line with no state or ZIP, that is no place name. */
function isShortCode(rest: readonly Token[], at: number, parts: AddressComponents): boolean {
  const word = rest[at]?.word ?? '';
  return (
    rest.length === 1 &&
    parts.state === null &&
    parts.zip === null &&
    parts.suffix !== null &&
    /^[A-Z]{2}$/.test(word) &&
    directionalCode(word) === null &&
    !isKnownCity(word, null)
  );
}

/** `1 N` in `1024 Randolph 1 N Oak Park`: a directional that ends the unit (at a comma or the line's end). */
function closingDirectional(rest: readonly Token[], at: number): boolean {
  const token = rest[at];
  return (
    token !== undefined &&
    directionalCode(token.word) !== null &&
    !(rest[at - 1]?.comma ?? false) &&
    (token.comma || at === rest.length - 1)
  );
}

/**
 * A second identifier right after the unit, before the city (`Suite 2 3665 Valley Cottage`,
 * `# 403 Rm 306 Chicago`, `Bldg 2, Fl 3`): the contract has one unit field, so it joins the unit rather
 * than the city. A designator after a bare `#` replaces it; after another designator it is kept in the
 * unit (`BLDG` `2 FL 3`), the way USPS writes a second sub-address level on the delivery line.
 */
function readSecondId(rest: readonly Token[], at: number, parts: AddressComponents): number {
  const token = rest[at];
  if (token === undefined || parts.unit === null) return 0;
  const code = unitTypeCode(token.word);
  // Without a city found yet, the last words are the city's: a bare identifier must leave some.
  const last = parts.city === null && code === null ? rest.length - 1 : rest.length;
  if (at >= last) return 0;
  const id = code === null ? token : rest[at + 1];
  if (id === undefined || !/\d/.test(id.word) || !isUnitId(id.word) || (code !== null && token.comma))
    return 0;
  // `Apt 4 2nd Floor`, `Apt 4, 5th Floor`: the identifier written before its designator.
  const ordinal = code === null && !token.comma && ORDINAL.test(token.word);
  const after = ordinal ? unitTypeCode(rest[at + 1]?.word ?? '') : null;
  if (after !== null && after !== '#' && at + 2 <= rest.length) {
    parts.unit = `${parts.unit} ${after} ${id.word}`;
    return 2;
  }
  // A bare number after a comma is more likely a city or ZIP typed wrong than a unit.
  if (code === null && rest[at - 1]?.comma) return 0;
  const used = code === null ? 1 : 2;
  if (at + used > last) return 0;
  if (code === null) parts.unit = `${parts.unit} ${id.word}`;
  else if (code === '#' || !unitTypeNeedsId(code)) return 0;
  else if (parts.unit_type === '#') {
    parts.unit_type = code;
    parts.unit = `${parts.unit} ${id.word}`;
  } else parts.unit = `${parts.unit} ${code} ${id.word}`;
  return used;
}

/** Reads units and the city from what follows the street line; of several leftovers, the last is the city. */
export function readUnitAndCity(rest: readonly Token[], parts: AddressComponents): void {
  // `3313 Hwy. 31, W. White House TN`: a lone directional after the street is its postdirectional.
  const lone = rest.length === 1 ? directionalCode(rest[0]?.word ?? '') : null;
  if (lone !== null && parts.postdirectional === null && parts.street !== null) {
    parts.postdirectional = lone;
    return;
  }
  const segments: Token[][] = [];
  let current: Token[] = [];
  let at = 0;
  while (at < rest.length) {
    const token = rest[at] as Token;
    if (current.length === 0 && parts.unit === null && parts.unit_type === null) {
      const used = readUnit(rest, at, parts, segments.length === 0);
      if (used > 0) {
        at += used;
        at += readSecondId(rest, at, parts);
        continue;
      }
    }
    current.push(token);
    if (token.comma) {
      segments.push(current);
      current = [];
    }
    at += 1;
  }
  if (current.length > 0) segments.push(current);
  // A city found in the gazetteer stands; leftovers do not replace it.
  const city = segments.at(-1);
  if (city && parts.city === null) parts.city = city.map((token) => token.word).join(' ');
  else if (city && segments.length === 1 && parts.unit === null && parts.unit_type === null) {
    // `15th Street, AF 1025 Augusta GA`: an identifier with no designator between street and a known
    // city is the unit's.
    const ids = city.map((token) => token.word);
    if (ids.length <= 2 && /\d/.test(ids.at(-1) ?? '')) parts.unit = ids.join(' ');
  }
}
