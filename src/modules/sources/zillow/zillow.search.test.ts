import { readFileSync } from 'node:fs';
import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import {
  type ParsedListing,
  ParsedListing as ParsedListingSchema,
  type ParseOutcome,
} from '../listing.types.js';
import { zillowParser } from './index.js';
import { splitOneLineAddress } from './zillow.search.js';
import { lotSqft, parseMoney } from './zillow.values.js';

const FIXTURES = new URL('../../../../fixtures/zillow/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

function listings(outcome: ParseOutcome): ParsedListing[] {
  if (!('listings' in outcome)) throw new Error(`skipped: ${outcome.skipped} (${outcome.detail})`);
  for (const l of outcome.listings) expect(Value.Errors(ParsedListingSchema, l)).toEqual([]);
  return outcome.listings;
}

const ROWS: [string, Partial<ParsedListing>, Record<string, unknown>][] = [
  [
    '755-757 Sutter St (multi-family, no beds, "0.0" baths)',
    {
      external_id: '2052939967',
      url: 'https://www.zillow.com/homedetails/755-757-Sutter-St-San-Francisco-CA-94109/2052939967_zpid/',
      price: 7_800_000,
      bedrooms: null,
      bathrooms: null,
      sqft: 22_572,
      lot_sqft: 5568,
      property_type: 'multi_family',
      listing_type: 'agent_sale',
      address_line: '755-757 Sutter St',
      city: 'San Francisco',
      state: 'CA',
      zip: '94109',
      latitude: 37.78844,
      longitude: -122.41274,
      posted_at: null,
      images: ['https://photos.zillowstatic.com/fp/2a7635a58d8e19762acc923e6c938551-p_e.jpg'],
    },
    { time_on_info: '1 hour ago', broker_name: 'Colliers International', agent_name: 'Taylor Example' },
  ],
  [
    '225 Grand View Ave (house, open house)',
    {
      external_id: '15130633',
      price: 2_245_000,
      bedrooms: 3,
      bathrooms: 2,
      sqft: 1399,
      lot_sqft: 1764,
      property_type: 'house',
      listing_type: 'agent_sale',
      address_line: '225 Grand View Ave',
      zip: '94114',
      latitude: 37.75465,
      longitude: -122.440544,
    },
    { is_open_house: true, broker_name: 'Real Brokerage Technologies', agent_name: 'Avery Example' },
  ],
  [
    '160-162 Noe St (multi-family, no broker)',
    {
      external_id: '332858926',
      price: 2_195_000,
      bedrooms: 4,
      bathrooms: 1,
      sqft: 3352,
      lot_sqft: 2443,
      property_type: 'multi_family',
      listing_type: 'agent_sale',
      address_line: '160-162 Noe St',
      zip: '94114',
      latitude: 37.766384,
      longitude: -122.43362,
    },
    {
      time_on_info: '5 hours ago',
      marketing_status: 'For Sale by Agent',
      status_text: 'Multi-family home for sale',
    },
  ],
  [
    '218 Sagamore St (pre-foreclosure)',
    {
      external_id: '15195380',
      price: 1_050_000,
      bedrooms: 4,
      bathrooms: 2,
      sqft: 1434,
      lot_sqft: 3123,
      property_type: 'house',
      listing_type: 'agent_sale',
      address_line: '218 Sagamore St',
      city: 'San Francisco',
      zip: '94112',
      latitude: 37.711693,
      longitude: -122.4597,
    },
    {
      is_foreclosure: true,
      status_text: 'Foreclosure',
      marketing_status: 'Pre-Foreclosure - RecentChange',
      broker_name: 'Example Broker Co',
    },
  ],
];

describe('parseZillowPage: the real search rows (bare listResults array)', () => {
  const parsed = listings(zillowParser(fixture('search_listResults_2024_subset.json')));

  it('reads all four rows, in order', () => {
    expect(parsed.map((l) => l.external_id)).toEqual(['2052939967', '15130633', '332858926', '15195380']);
  });

  it.each(ROWS.map((row, i) => [...row, i] as const))('%s', (_label, fields, attributes, i) => {
    const listing = parsed[i]!;
    expect(listing).toMatchObject({ source: 'zillow', ...fields });
    expect(listing.attributes).toMatchObject(attributes);
    expect(listing.contact).toEqual({ name: null, phones: [], emails: [] });
    expect(listing.description).toBeNull();
  });

  it('the same rows give the same listings inside a cat1.searchResults response', () => {
    const rows = JSON.parse(fixture('search_listResults_2024_subset.json'));
    const wrapped = { cat1: { searchResults: { listResults: rows } } };
    expect(listings(zillowParser(JSON.stringify(wrapped)))).toEqual(parsed);
  });

  it('a row without hdpData falls back to the one-line address and the "$…" price string', () => {
    const [row] = JSON.parse(fixture('search_listResults_2024_subset.json'));
    const [listing] = listings(zillowParser(JSON.stringify([{ ...row, hdpData: undefined }])));
    expect(listing).toMatchObject({
      price: 7_800_000,
      address_line: '755-757 Sutter St',
      city: 'San Francisco',
      state: 'CA',
      zip: '94109',
      property_type: null,
      lot_sqft: null,
    });
  });
});

describe('parseZillowPage: derived cat1 response (listResults + mapResults)', () => {
  const parsed = listings(zillowParser(fixture('search_cat1_DERIVED.json')));
  const byId = new Map(parsed.map((l) => [l.external_id, l]));

  it('reads listResults then mapResults, each zpid once', () => {
    expect(parsed.map((l) => l.external_id)).toEqual([
      '2052939967',
      '15130633',
      '900000001',
      '900000002',
      '900000003',
    ]);
  });

  it.each([
    ['900000001', 'fsbo_sale', 'townhouse', 1_995_000, 10_890],
    ['900000002', 'owner_rental', 'condo', 4500, null],
    ['900000003', 'agent_rental', 'apartment', 3100, null],
  ] as const)('%s → %s', (id, listingType, propertyType, price, lot) => {
    expect(byId.get(id)).toMatchObject({
      listing_type: listingType,
      property_type: propertyType,
      price,
      lot_sqft: lot,
    });
  });

  it('keeps the absolute detailUrl as it is and drops the broker of an owner listing', () => {
    const fsbo = byId.get('900000001')!;
    expect(fsbo.url).toBe(
      'https://www.zillow.com/homedetails/100-Example-St-San-Francisco-CA-94114/900000001_zpid/',
    );
    expect(fsbo.attributes).not.toHaveProperty('broker_name');
    expect(byId.get('900000003')!.attributes).toMatchObject({ broker_name: 'Example Property Management' });
  });
});

describe('zillow value helpers', () => {
  it.each([
    ['$7,800,000', 7_800_000],
    ['$3,100+/mo', 3100],
    ['$2,500/mo', 2500],
    ['$1,234.50', 1234.5],
    [850000, 850_000],
    ['$7.80M', null],
    ['$950K', null],
    ['Contact for price', null],
    ['$0', null],
    [null, null],
  ])('parseMoney(%j) = %j', (input, expected) => {
    expect(parseMoney(input)).toBe(expected);
  });

  it.each([
    [5568, 'sqft', 5568],
    [1764.18, 'sqft', 1764],
    [3746, 'Square Feet', 3746],
    [0.25, 'acres', 10_890],
    [1, 'Acres', 43_560],
    [3746, null, null],
    [0, 'sqft', null],
    [2, 'hectares', null],
  ])('lotSqft(%j, %j) = %j', (value, unit, expected) => {
    expect(lotSqft(value, unit)).toBe(expected);
  });

  it.each([
    ['755-757 Sutter St, San Francisco, CA 94109', ['755-757 Sutter St', 'San Francisco', 'CA', '94109']],
    ['42-23 Parsons Blvd #7C, Flushing, NY 11355', ['42-23 Parsons Blvd #7C', 'Flushing', 'NY', '11355']],
    ['Unit 2, 10 Main St, Springfield, IL', ['Unit 2, 10 Main St', 'Springfield', 'IL', null]],
    ['San Francisco, CA', [null, null, null, null]],
    ['', [null, null, null, null]],
  ])('splitOneLineAddress(%j)', (line, [address_line, city, state, zip]) => {
    expect(splitOneLineAddress(line)).toEqual({ address_line, city, state, zip });
  });
});
