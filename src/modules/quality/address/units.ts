import { directionalCode, unitTypeCode, unitTypeNeedsId } from './normalize.js';
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
  const next = rest[at + 1];
  const code = unitTypeCode(token.word);
  let used = 0;
  if (code === '#' && next && unitTypeCode(next.word) !== null && unitTypeCode(next.word) !== '#') {
    // `# APT 25`: the designator word after `#` says what the unit is.
    const inner = readUnit(rest, at + 1, parts, bare);
    return inner === 0 ? 0 : inner + 1;
  }
  const nextCode = next && !token.comma ? unitTypeCode(next.word) : null;
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
  } else if (
    bare &&
    isUnitId(token.word) &&
    (token.word.length > 1 || token.comma || at === rest.length - 1)
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

/** Reads units and the city from what follows the street line; of several leftovers, the last is the city. */
export function readUnitAndCity(rest: readonly Token[], parts: AddressComponents): void {
  const segments: Token[][] = [];
  let current: Token[] = [];
  let at = 0;
  while (at < rest.length) {
    const token = rest[at] as Token;
    if (current.length === 0 && parts.unit === null && parts.unit_type === null) {
      const used = readUnit(rest, at, parts, segments.length === 0);
      if (used > 0) {
        at += used;
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
  const city = segments.at(-1);
  if (city) parts.city = city.map((token) => token.word).join(' ');
}
