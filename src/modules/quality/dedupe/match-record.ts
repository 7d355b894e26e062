// What the matcher knows about one record or lead, computed once: canonical address parts, shingles,
// image ids. Both the blocking keys and the pairwise comparison read from it.
import { LRUCache } from 'lru-cache';
import type { LeadContact, LeadFacts } from '../../leads/index.js';
import { parseUsAddress } from '../address/index.js';
import { shingles } from './text-similarity.js';

/** A record as the matcher sees it: a lead's facts and contact (new or stored). */
export interface MatchInput {
  facts: LeadFacts;
  contact: Pick<LeadContact, 'phones' | 'emails'>;
}

/** The street address reduced to what identifies a building, and the unit inside it (USPS forms, upper case). */
export interface AddressKey {
  /** `NUMBER PREDIR STREET SUFFIX POSTDIR`. */
  line: string;
  street: string;
  /** The blocking key: the line and the state (ZIPs and city names vary between sources; the state doesn't). */
  key: string;
  zip: string | null;
  city: string | null;
  unit: string | null;
}

export interface MatchRecord extends MatchInput {
  address: AddressKey | null;
  /** Street name alone when the line has no house number (Craigslist often gives a cross street). */
  streetOnly: string | null;
  titleShingles: Set<string>;
  textShingles: Set<string>;
  imageIds: Set<string>;
}

/**
 * Whether a position is only near the property: a ZIP/city centroid, or a pin the source itself says is
 * approximate (Craigslist's map accuracy ≥ 20 means the poster gave no address and the pin was placed
 * nearby; 5–15 are address pins). The normaliser records such pins as rooftop today.
 */
export function positionIsApproximate(facts: LeadFacts): boolean {
  if (facts.geo_precision !== 'rooftop') return true;
  const accuracy = facts.attributes.map_accuracy;
  return typeof accuracy === 'number' && accuracy >= APPROXIMATE_PIN_ACCURACY;
}

const APPROXIMATE_PIN_ACCURACY = 20;

/** Image identity without host, size suffix or query: reposts re-serve the same picture under new sizes. */
export function imageId(url: string): string {
  const end = url.search(/[?#]/);
  const path = end < 0 ? url : url.slice(0, end);
  const file = path.slice(path.lastIndexOf('/') + 1);
  return file.replace(/_\d+x\d+(?=\.\w+$)/, '').replace(/\.\w+$/, '');
}

type AddressParts = { address: AddressKey | null; streetOnly: string | null };

// The matcher's view is a pure function of a few fields, and the same values come back over and over: a
// stored lead is a candidate for every repost and neighbour in every batch, a repost repeats its text.
// Parsing the address and shingling the text once per distinct value is most of prepareRecord's cost.
// The cached values are shared between records and never mutated.
const CACHE_ENTRIES = 5_000;
const addressCache = new LRUCache<string, AddressParts>({ max: CACHE_ENTRIES });
const textShingleCache = new LRUCache<string, Set<string>>({ max: CACHE_ENTRIES });
const titleShingleCache = new LRUCache<string, Set<string>>({ max: CACHE_ENTRIES });

function cachedAddressOf(facts: LeadFacts): AddressParts {
  if (!facts.address_line) return { address: null, streetOnly: null };
  const key = `${facts.address_line}\u0000${facts.city ?? ''}\u0000${facts.state ?? ''}\u0000${facts.zip ?? ''}`;
  let parts = addressCache.get(key);
  if (!parts) {
    parts = addressOf(facts);
    addressCache.set(key, parts);
  }
  return parts;
}

function cachedShingles(cache: LRUCache<string, Set<string>>, text: string | null, k: number): Set<string> {
  if (!text) return new Set();
  let set = cache.get(text);
  if (!set) {
    set = shingles(text, k);
    cache.set(text, set);
  }
  return set;
}

function addressOf(facts: LeadFacts): AddressParts {
  if (!facts.address_line) return { address: null, streetOnly: null };
  const tail = [facts.city, [facts.state, facts.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const parts = parseUsAddress(tail ? `${facts.address_line}, ${tail}` : facts.address_line).components;
  const street = [parts.predirectional, parts.street, parts.suffix, parts.postdirectional]
    .filter(Boolean)
    .join(' ');
  if (!parts.street) return { address: null, streetOnly: null };
  if (!parts.number) return { address: null, streetOnly: street };
  const upper = (value: string | null | undefined) => (value ? value.toUpperCase() : null);
  const line = `${parts.number} ${street}`.toUpperCase();
  const state = upper(facts.state ?? parts.state);
  const zip = facts.zip ?? parts.zip;
  return {
    address: {
      line,
      street: street.toUpperCase(),
      key: `${line}|${state ?? zip ?? upper(facts.city ?? parts.city) ?? ''}`,
      zip,
      city: upper(facts.city ?? parts.city),
      unit: parts.unit ? parts.unit.replace(/^#/, '').toUpperCase() : null,
    },
    streetOnly: street.toUpperCase(),
  };
}

/** Whether two addresses name the same building: same line, and the same ZIP or the same city. */
export function sameBuilding(a: AddressKey, b: AddressKey): boolean {
  if (a.line !== b.line) return false;
  return (a.zip !== null && a.zip === b.zip) || (a.city !== null && a.city === b.city);
}

/** Computes the matcher's view of a record (pure; cost is dominated by address parsing). */
export function prepareRecord(input: MatchInput): MatchRecord {
  const { facts } = input;
  return {
    ...input,
    ...cachedAddressOf(facts),
    titleShingles: cachedShingles(titleShingleCache, facts.title, 1),
    textShingles: cachedShingles(textShingleCache, facts.description ?? facts.title, 3),
    imageIds: new Set(facts.images.map(imageId)),
  };
}
