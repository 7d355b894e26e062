import { PRE_TYPE_LEADERS, PRE_TYPES } from './street-words.js';
import type { Token } from './tokens.js';
import { type AddressComponents, emptyComponents } from './types.js';

/** Words that join two streets at a corner (`5th Ave & 42nd St`, `Main St and Elm St`, `Oak @ Pine`). */
const JOINERS: ReadonlySet<string> = new Set(['&', '@', 'AND', 'AT']);

type StreetReader = (tokens: readonly Token[], parts: AddressComponents) => number;

/** One street of the corner in USPS form (`N MAIN ST`), and how many tokens it took. */
function corner(
  tokens: readonly Token[],
  readStreet: StreetReader,
): { text: string; used: number; typed: boolean } | null {
  const parts = emptyComponents();
  // A placeholder house number, so that `5th Ave` reads as street `5TH` and suffix `AVE`.
  const used = readStreet([{ raw: '0', word: '0', comma: false }, ...tokens], parts) - 1;
  if (parts.street === null || parts.number !== '0' || used <= 0) return null;
  // A house number inside (`Flowers & Gifts LLC 204 Gault Ave`) means a name before an address;
  // a route number (`Hwy 16`) does not.
  const words = parts.street.split(' ');
  if (words.some((word, index) => /^\d+$/.test(word) && !isPreTypeWord(words[index - 1]))) return null;
  const text = [parts.predirectional, parts.street, parts.suffix, parts.postdirectional]
    .filter((part): part is string => part !== null)
    .join(' ');
  // A typed street: a suffix, a numbered street (`147th`) or a route (`Hwy 16`).
  const typed = parts.suffix !== null || words.some((word) => /\d/.test(word));
  return { text, used, typed };
}

const isPreTypeWord = (word: string | undefined) =>
  word !== undefined && (PRE_TYPES.has(word) || PRE_TYPE_LEADERS.has(word));

/**
 * Reads an intersection (no house number, two streets joined by `&`, `and`, `@` or `at`) into `street`
 * as `5TH AVE & 42ND ST`: the contract has one street field, and a corner has no delivery line, so the
 * canonical form stays null. Returns how many tokens it used, or null when the line is not a corner.
 */
export function readIntersection(
  tokens: readonly Token[],
  parts: AddressComponents,
  readStreet: StreetReader,
): number | null {
  // A house number first (`123 Main St`) makes it a street address; an ordinal (`5th Ave`) does not.
  const skip = tokens[0]?.word === 'CORNER' ? (tokens[1]?.word === 'OF' ? 2 : 1) : 0;
  const line = tokens.slice(skip);
  if (line.length < 3 || /^\d+(?:[A-Z]|-\d+)?$/.test(line[0]?.word ?? '')) return null;
  const at = line.findIndex((token, index) => index > 0 && JOINERS.has(token.word));
  if (at < 0 || line.slice(0, at).some((token) => token.comma)) return null;
  const left = corner(line.slice(0, at), readStreet);
  if (left === null || left.used !== at) return null;
  const rightTokens = line.slice(at + 1);
  const commaAt = rightTokens.findIndex((token) => token.comma);
  const right = corner(commaAt < 0 ? rightTokens : rightTokens.slice(0, commaAt + 1), readStreet);
  if (right === null) return null;
  // `&`, `And`, `At` also join names (`Smith and Sons Rd`, `Flowers & Gifts`): unless the line says
  // `Corner of`, a corner needs a typed street, before a joining word (`Main St and Elm`) or on
  // either side of a sign (`Broadway & W 42nd St`).
  const word = line[at]?.word === 'AND' || line[at]?.word === 'AT';
  if (skip === 0 && !left.typed && (word || !right.typed)) return null;
  parts.street = `${left.text} & ${right.text}`;
  return skip + at + 1 + right.used;
}
