import { describe, expect, it } from 'vitest';
import { geoCell, keysChanged, lookupKeysFor, type MatchKeyKind, matchKeysFor } from './match-keys.js';
import { imageId, prepareRecord, sameBuilding } from './match-record.js';
import { makeRecord } from './test-records.js';

const kinds = (keys: { kind: MatchKeyKind }[]) => keys.map((k) => k.kind).filter((k) => k !== 'text');

describe('matchKeysFor', () => {
  it('keys a record by building address, each phone, each email, rooftop geo cell and 20 text bands', () => {
    const keys = matchKeysFor(
      makeRecord({}, { phones: ['+17735550142', '+13125550100'], emails: ['pat@example.com'] }),
    );
    expect(kinds(keys)).toEqual(['address', 'phone', 'phone', 'email', 'geo']);
    expect(keys.find((k) => k.kind === 'address')?.key).toBe('2417 N SPAULDING AVE|IL');
    expect(keys.filter((k) => k.kind === 'text')).toHaveLength(20);
  });

  it.each([
    ['no house number (a cross street)', { address_line: 'Spaulding and Fullerton' }, ['phone', 'geo']],
    ['a ZIP centroid instead of a rooftop point', { geo_precision: 'zip' as const }, ['address', 'phone']],
    ['no position', { latitude: null, longitude: null, geo_precision: null }, ['address', 'phone']],
  ])('%s', (_name, overrides, expected) => {
    expect(kinds(matchKeysFor(makeRecord(overrides)))).toEqual(expected);
  });

  it('keys units of one building alike, so they are compared (and told apart) rather than missed', () => {
    const [a, b] = [
      makeRecord({ address_line: '2417 N Spaulding Ave Apt 2' }),
      makeRecord({ address_line: '2417 North Spaulding Avenue #3' }),
    ];
    const key = (r: typeof a) => matchKeysFor(r).find((k) => k.kind === 'address')?.key;
    expect(key(a)).toBe(key(b));
    const [pa, pb] = [prepareRecord(a).address!, prepareRecord(b).address!];
    expect([pa.unit, pb.unit]).toEqual(['2', '3']);
    expect(sameBuilding(pa, pb)).toBe(true);
  });

  it('looks up the record’s geo cell and its 8 neighbours', () => {
    const record = makeRecord();
    const geo = lookupKeysFor(record)
      .filter((k) => k.kind === 'geo')
      .map((k) => k.key);
    expect(geo).toHaveLength(9);
    expect(new Set(geo).size).toBe(9);
    expect(geo).toContain(geoCell(record));
    // A point just across a cell border is still found.
    const near = makeRecord({ latitude: 41.92523 + 0.0026 });
    expect(geo).toContain(geoCell(near));
  });
});

describe('keysChanged', () => {
  it.each([
    ['a price change', { price: 1700 }, false],
    ['a new address', { address_line: '2500 N Spaulding Ave' }, true],
    ['a moved point', { latitude: 41.95 }, true],
    [
      'a rewritten description',
      { description: 'Completely different words about some other home entirely here.' },
      true,
    ],
  ])('%s → %s', (_name, overrides, changed) => {
    expect(keysChanged(makeRecord(), makeRecord(overrides))).toBe(changed);
  });

  it('sees a new phone', () => {
    expect(keysChanged(makeRecord(), makeRecord({}, { phones: ['+17735550143'] }))).toBe(true);
  });
});

describe('imageId', () => {
  it.each([
    ['https://images.craigslist.org/00A0A_abcDEF123_600x450.jpg', '00A0A_abcDEF123'],
    ['https://images.craigslist.org/00A0A_abcDEF123_50x50c.jpg', '00A0A_abcDEF123_50x50c'],
    ['https://photos.example.com/p/123.webp?w=800', '123'],
  ])('%s → %s', (url, id) => {
    expect(imageId(url)).toBe(id);
  });
});

describe('prepareRecord', () => {
  it('gives records with the same fields the same view, and records differing in any address field their own', () => {
    const base = makeRecord({ description: 'Sunny two bedroom near the park, laundry in unit' });
    const again = prepareRecord(
      makeRecord({ description: 'Sunny two bedroom near the park, laundry in unit' }),
    );
    expect(prepareRecord(base).textShingles).toEqual(again.textShingles);
    expect(matchKeysFor(base)).toEqual(matchKeysFor(again));
    const elsewhere = prepareRecord(makeRecord({ state: 'WI', zip: '53202', city: 'Milwaukee' }));
    expect(elsewhere.address?.key).toBe('2417 N SPAULDING AVE|WI');
    expect(prepareRecord(base).address?.key).toBe('2417 N SPAULDING AVE|IL');
    const otherText = prepareRecord(makeRecord({ description: 'Quiet studio, heat included' }));
    expect(otherText.textShingles.has('quiet studio heat')).toBe(true);
    expect(matchKeysFor(otherText).filter((k) => k.kind === 'text')).not.toEqual(
      matchKeysFor(again).filter((k) => k.kind === 'text'),
    );
  });
});
