import { existsSync, readFileSync } from 'node:fs';
import { isKnownCity, isMajorCity, stateOfZip } from './gazetteer.js';
import { readIntersection } from './intersection.js';
import { directionalCode, splitDirectionalCode, stateCode, suffixCode, unitTypeCode } from './normalize.js';
import { readPoBox } from './po-box.js';
import { readStreetLine } from './street-line.js';
import {
  componentsFromTags,
  ruleTags,
  type TaggerWeights,
  TokenTagger,
  tagsAreConsistent,
} from './tagger.js';
import { readTail, type Token, tokenize } from './tokens.js';
import { type AddressComponents, emptyComponents, type ParsedAddress } from './types.js';
import { readUnitAndCity } from './units.js';

const MODEL_FILE = new URL('./address-model.json', import.meta.url);
let shipped: TokenTagger | null | undefined;

/** The shipped tagger (scripts/train-address-model.ts, all labelled addresses), loaded once; without the file, rules alone. */
function shippedTagger(): TokenTagger | null {
  if (shipped === undefined) {
    shipped = existsSync(MODEL_FILE)
      ? new TokenTagger(JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as TaggerWeights)
      : null;
  }
  return shipped;
}

/**
 * Parses a one-line US address into USPS-standard components and a canonical one-line form: the rule
 * parser's answer, relabelled word by word by the shipped tagger (see `parseWithTagger`).
 */
export function parseUsAddress(text: string): ParsedAddress {
  const tagger = shippedTagger();
  return tagger === null ? parseWithRules(text) : parseWithTagger(text, tagger);
}

/**
 * The hybrid: the rules parse, the tagger labels each word with the rules' labels among its features,
 * and the labelled words become components as the labelled file's do. When the tags do not make a
 * well-formed address (a component in two places, a code that does not normalise, no street), the
 * rules' answer stands.
 */
export function parseWithTagger(text: string, tagger: TokenTagger): ParsedAddress {
  const rules = parseWithRules(text);
  // The labelled set has no corners and no rural-route boxes to learn from: the rules' reading stands.
  if (rules.components.street !== null && /&|^(?:RR|HC|CMR|PSC) \S+ BOX /.test(rules.components.street))
    return rules;
  const tokens = tokenize(text);
  if (tokens.length === 0) return rules;
  const tags = tagger.tag(tokens, ruleTags(tokens, rules.components));
  const components = componentsFromTags(tokens, tags);
  if (!tagsAreConsistent(tags, components)) return rules;
  // `97045 4321` is a ZIP+4 by the output contract, though the labelled set sometimes leaves the 4 out.
  if (components.zip === rules.components.zip && components.zip4 === null)
    components.zip4 = rules.components.zip4;
  return { components, canonical: formatCanonical(components) };
}

/** The rule parser alone: tail (ZIP, state), city, then box, intersection or street line, then units. */
export function parseWithRules(text: string): ParsedAddress {
  const components = emptyComponents();
  const tokens = tokenize(text);
  const tail = readTail(tokens);
  Object.assign(components, { zip: tail.zip, zip4: tail.zip4, state: tail.state });
  let body = tokens.slice(0, tail.end);
  if (tail.state === null && tail.zip !== null) {
    // `… Unit 17771 CA Long Beach 90807`: the state written before the city.
    const moved = findStateBeforeCity(body);
    if (moved !== null) {
      tail.state = moved.state;
      components.state = moved.state;
      body = [...body.slice(0, moved.at), ...body.slice(moved.at + 1)];
    }
  }
  if (tail.state !== null) body = withoutRepeatedState(body, tail.state);
  // The comma before the state (`Springfield, IL`) closes the city; it does not separate lines.
  const last = body.at(-1);
  if (last?.comma && (tail.state !== null || tail.zip !== null))
    body = [...body.slice(0, -1), { ...last, comma: false }];
  const cityAt = findKnownCity(
    body,
    tail.state ?? stateOfZip(tail.zip),
    tail.state !== null || tail.zip !== null,
  );
  if (cityAt !== null) {
    components.city = body
      .slice(cityAt)
      .map((token) => token.word)
      .join(' ');
    body = body.slice(0, cityAt);
  }
  // `Apt 4 10A Dr. Martin Luther King Blvd`: a unit written before the house number.
  const lead = unitTypeCode(body[0]?.word ?? '');
  if (
    lead !== null &&
    lead !== '#' &&
    body.length > 3 &&
    /\d/.test(body[1]?.word ?? '') &&
    /^\d/.test(body[2]?.word ?? '')
  ) {
    Object.assign(components, { unit_type: lead, unit: body[1]?.word ?? null });
    body = body.slice(2);
  }
  // A state or ZIP with nothing comma-separated before it: the words just before it must hold a city.
  const expectCity =
    (tail.state !== null || tail.zip !== null) && components.city === null && !body.some((t) => t.comma);
  const afterStreet =
    readPoBox(body, components) ??
    readIntersection(body, components, readStreetLine) ??
    readStreetLine(body, components, expectCity, cityAt !== null);
  readUnitAndCity(body.slice(afterStreet), components);
  if (components.city === null && tail.zip === null && tail.state !== null) {
    // `260 5th Av New York`: with no other words for the city, a state name that is also one of that
    // state's cities is the city.
    const name = tokens.slice(tail.end).map((token) => token.word);
    if (name.join('').length > 2 && isKnownCity(name.join(' '), tail.state)) {
      components.city = name.join(' ');
      components.state = null;
    }
  }
  return { components, canonical: formatCanonical(components) };
}

/**
 * `Memphis TN, TN 38103`, `Roswell, Georgia, GA`: the state written twice; the first time is dropped
 * unless it is also a city of that state (`New York, NY`).
 */
function withoutRepeatedState(body: Token[], state: string): Token[] {
  for (let size = 1; size <= 2; size += 1) {
    const words = body.slice(-size).map((token) => token.word);
    if (body.length - size < 2 || !body.at(-1)?.comma) continue;
    const name = words.join(' ');
    if (stateCode(name) === state && !isKnownCity(name, state)) {
      const kept = body.slice(0, -size);
      const last = kept.at(-1);
      // The city before it keeps its closing comma.
      return last === undefined ? kept : [...kept.slice(0, -1), { ...last, comma: true }];
    }
  }
  return body;
}

/** A two-letter state code followed by the words of one of its cities, ending the body. */
function findStateBeforeCity(body: readonly Token[]): { at: number; state: string } | null {
  for (let size = 1; size <= 3; size += 1) {
    const at = body.length - size - 1;
    const word = body[at]?.word ?? '';
    if (at < 2 || word.length !== 2 || body[at - 1]?.comma) continue;
    // `NE`, `CT`, `FL` are also directionals, suffixes and designators: `Peachtree St NE Atlanta 30303`.
    if (directionalCode(word) !== null || suffixCode(word) !== null || unitTypeCode(word) !== null) continue;
    const state = stateCode(word);
    const city = body.slice(at + 1);
    if (state === null || city.slice(0, -1).some((token) => token.comma)) continue;
    if (isKnownCity(city.map((token) => token.word).join(' '), state)) return { at, state };
  }
  return null;
}

/**
 * Finds a city written without a comma before it (`115 Broadway San Francisco CA`) by looking the
 * trailing words up in the ZIP gazetteer; without a state or ZIP, a one-word name counts only for a big
 * city.
 */
function findKnownCity(body: readonly Token[], state: string | null, backed: boolean): number | null {
  for (let size = Math.min(4, body.length - 2); size >= 1; size -= 1) {
    const start = body.length - size;
    const words = body.slice(start);
    if (words.slice(0, -1).some((token) => token.comma)) continue;
    const name = words.map((token) => token.word).join(' ');
    if (!isKnownCity(name, state)) continue;
    const before = body[start - 1]?.word ?? '';
    // Without a state or ZIP, one word is a city only when a big one (`5429 Woodlawn Chicago`), after
    // a street name rather than a directional (`123 N Washington`).
    if (!backed && size === 1 && !(isMajorCity(name) && start >= 2 && directionalCode(before) === null))
      continue;
    // Without a state or ZIP, trust the name only after a complete street (`… Green Bay Road Highland Park`).
    if (!backed && size > 1 && suffixCode(before) === null && !/\d/.test(before)) continue;
    // `…St SE E Grand Rapids`: a directional between a postdirectional and the city belongs to the city;
    // after a comma (`Bolton Road, NW Atlanta`) it is the street's postdirectional.
    const dir = body[start - 1];
    const beforeDir = body[start - 2];
    if (dir && !dir.comma && directionalCode(dir.word) !== null && beforeDir && !beforeDir.comma) {
      // …unless the two make one directional written in two words (`Dr S E Grand Rapids` is SE).
      if (directionalCode(beforeDir.word) !== null)
        return splitDirectionalCode(beforeDir.word, dir.word) === null ? start - 1 : start;
      // `1120 W 175th St East Hazel Crest`: a street with a predirectional seldom has a postdirectional
      // too; a spelled-out one after its suffix starts the city's name.
      const predirectional =
        directionalCode(body[1]?.word ?? '') !== null && !/^\d+$/.test(body[2]?.word ?? '');
      if (dir.word.length > 2 && suffixCode(beforeDir.word) !== null && predirectional) return start - 1;
    }
    return start;
  }
  return null;
}

/**
 * The one-line USPS form: `123 N MAIN ST APT 4, SPRINGFIELD, IL 62704-1234`.
 * Null without a house number and street (or a PO box): a street or city alone is not a deliverable address.
 */
export function formatCanonical(parts: AddressComponents): string | null {
  const street = [
    parts.number,
    parts.predirectional,
    parts.street,
    parts.suffix,
    parts.postdirectional,
    parts.unit_type,
    parts.unit,
  ]
    .filter((part): part is string => part !== null && part !== '')
    .join(' ')
    .replace(/# /, '#');
  // PO boxes and rural-route, highway-contract or military boxes are delivery lines without a house number.
  const isBox = /^(?:PO BOX|(?:RR|HC|CMR|PSC) \S+ BOX) /.test(parts.street ?? '');
  if (parts.street === null || (parts.number === null && !isBox)) return null;
  const zip = parts.zip === null ? null : parts.zip4 === null ? parts.zip : `${parts.zip}-${parts.zip4}`;
  const stateZip = [parts.state, zip].filter((part): part is string => part !== null).join(' ');
  return [street, parts.city, stateZip === '' ? null : stateZip]
    .filter((part): part is string => part !== null)
    .join(', ');
}
