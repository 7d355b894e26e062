// Blocking: a record is compared only with leads that share at least one key with it. Keys are stored
// per lead in `lead_match_keys (kind, key, lead_id)`; a lookup adds the eight geo cells around the record's.

import { type MatchInput, type MatchRecord, prepareRecord } from './match-record.js';
import { lshBandKeys, minHash } from './text-similarity.js';

export const MATCH_KEY_KINDS = ['address', 'phone', 'email', 'geo', 'text'] as const;
export type MatchKeyKind = (typeof MATCH_KEY_KINDS)[number];

export interface MatchKey {
  kind: MatchKeyKind;
  key: string;
  /**
   * `kind\u0000key`, made once with the key: a batch looks each key up in several maps, and one string
   * object keeps its hash where a fresh concatenation per look-up is hashed again.
   */
  id: string;
}

function matchKey(kind: MatchKeyKind, key: string): MatchKey {
  return { kind, key, id: `${kind}\u0000${key}` };
}

/** Grid step in degrees: 0.0025° ≈ 280 m north–south (≈ 210 m east–west at 40°N). */
export const GEO_CELL_DEGREES = 0.0025;

function cellOf(latitude: number, longitude: number): [number, number] {
  return [Math.floor(latitude / GEO_CELL_DEGREES), Math.floor(longitude / GEO_CELL_DEGREES)];
}

/** The geo cell of a rooftop position; a ZIP or city centroid is shared by thousands of leads, so none. */
export function geoCell(record: MatchInput): string | null {
  const { latitude, longitude, geo_precision } = record.facts;
  if (latitude === null || longitude === null || geo_precision !== 'rooftop') return null;
  const [row, col] = cellOf(latitude, longitude);
  return `${row}:${col}`;
}

function asPrepared(record: MatchInput | MatchRecord): MatchRecord {
  return 'textShingles' in record ? record : prepareRecord(record);
}

// A prepared record's keys are asked for several times in one ingest (lookup, in-batch index, storing);
// the MinHash behind them is the costly part, so they are computed once per record.
const keysOfRecord = new WeakMap<MatchRecord, MatchKey[]>();

/** The keys stored for a lead: building address, each phone, each email, geo cell, text LSH bands. */
export function matchKeysFor(record: MatchInput | MatchRecord): MatchKey[] {
  const prepared = asPrepared(record);
  const known = keysOfRecord.get(prepared);
  if (known) return [...known];
  const keys = computeKeys(prepared);
  keysOfRecord.set(prepared, keys);
  return [...keys];
}

function computeKeys(prepared: MatchRecord): MatchKey[] {
  const keys: MatchKey[] = [];
  if (prepared.address) keys.push(matchKey('address', prepared.address.key));
  for (const phone of new Set(prepared.contact.phones)) keys.push(matchKey('phone', phone));
  for (const email of new Set(prepared.contact.emails)) keys.push(matchKey('email', email.toLowerCase()));
  const cell = geoCell(prepared);
  if (cell) keys.push(matchKey('geo', cell));
  for (const band of textBands(prepared.textShingles)) keys.push(matchKey('text', band));
  return keys;
}

// Records with the same text share one shingle set (match-record.ts caches them), so its bands are
// computed once per distinct text.
const bandsOfShingles = new WeakMap<ReadonlySet<string>, string[]>();

function textBands(set: ReadonlySet<string>): string[] {
  let bands = bandsOfShingles.get(set);
  if (!bands) {
    bands = lshBandKeys(minHash(set));
    bandsOfShingles.set(set, bands);
  }
  return bands;
}

const lookupKeysOfRecord = new WeakMap<MatchRecord, readonly MatchKey[]>();

/** The keys to look up for a new record: its own keys plus the 8 geo cells around its cell. */
export function lookupKeysFor(record: MatchInput | MatchRecord): readonly MatchKey[] {
  const prepared = asPrepared(record);
  const known = lookupKeysOfRecord.get(prepared);
  if (known) return known;
  const keys = matchKeysFor(prepared);
  const cell = geoCell(prepared);
  if (cell) {
    const [row, col] = cell.split(':').map(Number) as [number, number];
    for (const dr of [-1, 0, 1])
      for (const dc of [-1, 0, 1])
        if (dr !== 0 || dc !== 0) keys.push(matchKey('geo', `${row + dr}:${col + dc}`));
  }
  lookupKeysOfRecord.set(prepared, keys);
  return keys;
}

/** Whether an update changed the lead's blocking keys (then call recordMatchKeys again). */
export function keysChanged(before: MatchInput, after: MatchInput): boolean {
  const a = new Set(matchKeysFor(before).map((key) => key.id));
  const b = new Set(matchKeysFor(after).map((key) => key.id));
  return a.size !== b.size || [...a].some((key) => !b.has(key));
}
