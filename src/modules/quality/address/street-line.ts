import {
  directionalCode,
  splitDirectionalCode,
  suffixCode,
  unitTypeCode,
  unitTypeNeedsId,
} from './normalize.js';
import {
  COMMON_SUFFIXES,
  NAME_LIKE_SUFFIXES,
  NUMBER_WORDS,
  ORDINAL,
  PRE_TYPE_LEADERS,
  PRE_TYPES,
  ROUTE_WORDS,
} from './street-words.js';
import type { Token } from './tokens.js';
import type { AddressComponents } from './types.js';

/** `4922 B South …`, `4224 A Lincolnshire`: the letter is the number's; not in `2964 L B J Fwy`, `280 C And N …`. */
const letterJoinsNumber = (word: string) =>
  (directionalCode(word) !== null && word.length > 1) ||
  (/^[A-Z]{3,}$/.test(word) && word !== 'AND' && suffixCode(word) === null);
const isRouteId = (word: string) =>
  /^(?:\d+[A-Z]?|[A-Z]{1,2})$/.test(word) && directionalCode(word) === null && unitTypeCode(word) === null;

const isNumber = (word: string) =>
  /^(?:\d[\dA-Z/-]*|[A-Z]\d+(?:[A-Z]\d*)?)$/.test(word) || NUMBER_WORDS.has(word);
const isShortId = (word: string | undefined) =>
  word !== undefined && /^(?:\d+[A-Z]?|[A-Z]|\d+[A-Z]?-\d+)$/.test(word);
/**
 * A unit designator that can start a unit here: `Front`, `Rear` only at the end of the line (`Ocean
 * Front Apt 4`) or as the identifier of a designator that ends it (`Broadway Lower Level`).
 */
function isUnitStart(token: Token | undefined, next?: Token, afterNext?: Token): boolean {
  const code = token === undefined ? null : unitTypeCode(token.word);
  if (code === null) return false;
  if (unitTypeNeedsId(code) || next === undefined || (token?.comma ?? false)) return true;
  const nextCode = unitTypeCode(next.word);
  return nextCode !== null && unitTypeNeedsId(nextCode) && (next.comma || afterNext === undefined);
}

/**
 * Reads number, predirectional, street name, suffix and postdirectional from the start of the tokens.
 * Returns how many tokens the street line used; what is left is units and the city.
 */
export function readStreetLine(
  tokens: readonly Token[],
  parts: AddressComponents,
  expectCity = false,
  cityCut = false,
): number {
  let at = 0;
  // `# 1 Pinto Dr`: a number sign before the house number is kept with it.
  const hash = tokens[0]?.word === '#' && /^\d/.test(tokens[1]?.word ?? '') ? 1 : 0;
  const first = tokens[hash];
  if (first && isNumber(first.word)) {
    const number = hash ? ['#', first.word] : [first.word];
    at = 1 + hash;
    const next = tokens[at];
    // `123 1/2` and `4922 B South …`: a fraction or a lone letter belongs to the number.
    // `W210 N16570 Glencoe Ln`: Wisconsin grid numbers come in two parts.
    const grid = /^[NSEW]\d+[NSEW]?$/;
    if (
      next &&
      !first.comma &&
      (/^\d+\/\d+$/.test(next.word) || (grid.test(first.word) && grid.test(next.word)))
    ) {
      number.push(next.word);
      at += 1;
    } else if (
      next &&
      !first.comma &&
      /^[A-Z]$/.test(next.word) &&
      directionalCode(next.word) === null &&
      letterJoinsNumber(tokens[at + 1]?.word ?? '')
    ) {
      number.push(next.word);
      at += 1;
    }
    parts.number = number.join(' ');
  }
  const commaAt = tokens.findIndex((token, index) => index >= at && token.comma);
  const segEnd = commaAt < 0 ? tokens.length : commaAt + 1;
  const seg = tokens.slice(at, segEnd);
  if (seg.length === 0) return at;
  let p = 0;
  const dir = directionalCode(seg[0]?.word ?? '');
  // `123 N St` is N Street; `123 N Main St` has a predirectional.
  const second = suffixCode(seg[1]?.word ?? '');
  const postAfter = directionalCode(seg[2]?.word ?? '') !== null && !seg[1]?.comma ? 1 : 0;
  const dirIsName = second !== null && COMMON_SUFFIXES.has(second) && endsStreet(seg, 2 + postAfter);
  // `550 West Side Pl`: `West Side` is a name, not West + `Side`.
  const sideName = seg[1]?.word === 'SIDE';
  if (dir !== null && seg.length >= 2 && !dirIsName && !sideName) {
    parts.predirectional = dir;
    p = 1;
  }
  const suffixAt = findSuffix(seg, p, commaAt >= 0, expectCity, cityCut);
  let end: number;
  if (suffixAt !== null) {
    parts.street = words(seg, p, suffixAt);
    parts.suffix = suffixCode(seg[suffixAt]?.word ?? '');
    end = suffixAt + 1;
    const split = splitAt(seg, end);
    const post = directionalCode(seg[end]?.word ?? '') ?? northAbbreviation(seg, end);
    if (split !== null) {
      parts.postdirectional = split;
      end += 2;
    } else if (post !== null) {
      parts.postdirectional = post;
      end += 1;
    } else if (
      suffixAt - p >= 2 &&
      directionalCode(seg[suffixAt - 1]?.word ?? '') !== null &&
      (seg[suffixAt - 1]?.word.length ?? 0) <= 2 &&
      !/\d/.test(seg[suffixAt - 2]?.word ?? '')
    ) {
      // `2350 Washington NE Pl`: a directional before the suffix is written as the postdirectional.
      parts.postdirectional = directionalCode(seg[suffixAt - 1]?.word ?? '');
      parts.street = words(seg, p, suffixAt - 1);
    } else if (end === seg.length) {
      // `1800 M Street, NW, Washington`: a postdirectional set off by commas.
      const after = tokens[segEnd];
      // `Ave., S. W. # 2`: a two-letter directional written in two words.
      const split = splitAt(tokens, segEnd);
      const closing = tokens[segEnd + 2];
      if (
        split !== null &&
        (tokens[segEnd + 1]?.comma || closing === undefined || isUnitStart(closing, tokens[segEnd + 3]))
      ) {
        parts.postdirectional = split;
        return segEnd + 2;
      }
      const code = directionalCode(after?.word ?? '');
      if (
        code !== null &&
        (after?.comma ||
          segEnd + 1 === tokens.length ||
          isUnitStart(tokens[segEnd + 1], tokens[segEnd + 2], tokens[segEnd + 3]))
      ) {
        parts.postdirectional = code;
        return segEnd + 1;
      }
    }
  } else {
    end = p + 1;
    while (end < seg.length) {
      const token = seg[end] as Token;
      // `Route # A`, `US Highway No. 130`: a number sign after a route word is part of its name.
      if (isRouteSign(seg, end)) {
        end += 1;
        continue;
      }
      // `I 10`, `F 41`: a lone letter and a number name a route (Interstate, Michigan county roads).
      if (end === p + 1 && /^\d+$/.test(token.word) && isRouteLetter(seg[p]?.word)) {
        end += 1;
        continue;
      }
      if (isUnitStart(token, seg[end + 1], seg[end + 2]) && !(PRE_TYPES.has(token.word) && end === p)) break;
      if (/\d/.test(token.word) && !isPreTypeWord(seg, end - 1)) break;
      if (/\d/.test(token.word) && expectCity) {
        // `State Route 690 Springbrook Township PA`: the route number ends the street; the city follows.
        end += 1;
        break;
      }
      if (ORDINAL.test(token.word) && unitTypeCode(seg[end + 1]?.word ?? '') === 'FL') break;
      const routeLetter = end === p + 1 && PRE_TYPES.has(seg[p]?.word ?? '');
      const split = splitAt(seg, end);
      if (split !== null && endsStreet(seg, end + 2) && !routeLetter) {
        parts.postdirectional = split;
        parts.street = words(seg, p, end);
        return at + end + 2;
      }
      if (directionalCode(token.word) !== null && endsStreet(seg, end + 1) && !routeLetter) {
        parts.postdirectional = directionalCode(token.word);
        parts.street = words(seg, p, end);
        return at + end + 1;
      }
      end += 1;
    }
    // `2149 Highlander Kentwood MI`: a state or ZIP with no city found yet needs the last word for one,
    // unless that would leave a street name of one type word (`5500 N St Louis IL 60625`).
    const nameLeft = end - p === 2 ? suffixCode(seg[p]?.word ?? '') === null : end - p > 2;
    if (expectCity && end === seg.length && segEnd === tokens.length && nameLeft) end -= 1;
    parts.street = words(seg, p, end);
  }
  return at + end;
}

/** `S E`, `N. W.` at `index` (no comma between): the directional's code, or null. */
function splitAt(seg: readonly Token[], index: number): string | null {
  const first = seg[index];
  const second = seg[index + 1];
  if (first === undefined || second === undefined || first.comma) return null;
  return splitDirectionalCode(first.word, second.word);
}

/**
 * `13th Ave No`, `21st Ave No. Ste 130`: `No` right after a suffix is North (a Florida and Minnesota
 * habit) unless a number follows it (`Ave No 5` is unit number 5).
 */
function northAbbreviation(seg: readonly Token[], index: number): string | null {
  if (seg[index]?.word !== 'NO') return null;
  const next = seg[index + 1]?.word;
  return next === undefined || !/\d/.test(next) ? 'N' : null;
}

function words(seg: readonly Token[], from: number, to: number): string | null {
  const text = seg
    .slice(from, to)
    .map((token) => token.word)
    .join(' ');
  return text === '' ? null : text;
}

/** Whether the street line can end just before seg[index]: nothing, or a unit, follows. */
function endsStreet(seg: readonly Token[], index: number): boolean {
  return (
    index >= seg.length ||
    isUnitStart(seg[index], seg[index + 1], seg[index + 2]) ||
    (seg[index - 1]?.comma ?? false)
  );
}

/** Whether seg[index] is a pre-type word starting a route name (`Highway` in `Highway 50`, `No` in `Highway No 5`). */
function isPreTypeWord(seg: readonly Token[], index: number): boolean {
  const word = seg[index]?.word ?? '';
  return PRE_TYPES.has(word) || PRE_TYPE_LEADERS.has(word) || isRouteSign(seg, index);
}

/** `#` or `No` between a route word and its id (`Route # A`, `Highway No. 130`). */
function isRouteSign(seg: readonly Token[], index: number): boolean {
  const word = seg[index]?.word ?? '';
  return (
    (word === '#' || word === 'NO') &&
    SIGNED_ROUTE_WORDS.has(seg[index - 1]?.word ?? '') &&
    !(seg[index - 1]?.comma ?? false) &&
    isRouteId(seg[index + 1]?.word ?? '')
  );
}

/** Route words written with a number sign before the id; `Road # 26` is a unit, `Route # 9` is not. */
const SIGNED_ROUTE_WORDS: ReadonlySet<string> = new Set(['HIGHWAY', 'HWY', 'ROUTE', 'RTE', 'RT']);

/** A single letter naming a route with a number after it: not a directional, not a unit word. */
const isRouteLetter = (word: string | undefined) =>
  word !== undefined && /^[A-Z]$/.test(word) && directionalCode(word) === null;

/** Whether what follows a suffix at `index` looks like the end of a street line. */
function fitsAfterSuffix(seg: readonly Token[], index: number, strict: boolean): boolean {
  let rest = index + 1;
  if (rest >= seg.length) return true;
  if (directionalCode(seg[rest]?.word ?? '') !== null) rest += 1;
  if (rest >= seg.length) return true;
  const next = seg[rest] as Token;
  if (isUnitStart(next, seg[rest + 1], seg[rest + 2]) || isShortId(next.word)) return true;
  if (unitTypeCode(seg[rest + 1]?.word ?? '') !== null && suffixCode(next.word) === null) return true;
  return !strict && suffixCode(next.word) === null;
}

/** The index of the street suffix in the segment, or null; at least one name word must come before it. */
function findSuffix(
  seg: readonly Token[],
  nameStart: number,
  endsAtComma: boolean,
  expectCity: boolean,
  cityCut: boolean,
): number | null {
  const candidates: number[] = [];
  for (let index = nameStart; index < seg.length; index += 1) {
    const word = seg[index]?.word ?? '';
    const nextWord = seg[index + 1]?.word ?? '';
    const prev = seg[index - 1]?.word ?? '';
    // A route and its number make a whole street name: a later suffix word is the city's (`State Route
    // 590 Roaring Brook Twp`, `Highway 17 Surfside Beach SC`).
    if (ROUTE_WORDS.has(word) && (/^\d+[A-Z]?$/.test(nextWord) || isRouteSign(seg, index + 1))) break;
    if (index === nameStart || suffixCode(word) === null) continue;
    // `County Road KK`, `State Route A`: the type word names the road and the id follows.
    if (ROUTE_WORDS.has(word) && isRouteId(nextWord)) continue;
    // `Alameda de la Pulga`, `Camino del Rio`: after a Spanish article, `La`, `Rio`… are the name's.
    if (/^(?:DE|DEL|LA|LAS|LOS|EL)$/.test(prev)) continue;
    // `Watson Industrial Park St Louis`: with a city after it and a two-word name before it, it is the type.
    const nameLike = NAME_LIKE_SUFFIXES.has(word) && index === seg.length - 1;
    if (nameLike && !endsAtComma && !(cityCut && index - nameStart >= 2)) continue;
    if (PRE_TYPES.has(word) && isShortId(nextWord) && PRE_TYPE_LEADERS.has(prev)) continue;
    candidates.push(index);
  }
  // When a city must follow, a suffix that ends the line would leave it no words (`30th St Lighthouse Point FL`).
  const leavesCity = (index: number) =>
    !expectCity || index + 1 + (directionalCode(seg[index + 1]?.word ?? '') ? 1 : 0) < seg.length;
  const strict = candidates.find((index) => fitsAfterSuffix(seg, index, true) && leavesCity(index));
  if (strict !== undefined) return strict;
  if (endsAtComma) return candidates.at(-1) ?? null;
  return candidates.find((index) => fitsAfterSuffix(seg, index, false)) ?? null;
}
