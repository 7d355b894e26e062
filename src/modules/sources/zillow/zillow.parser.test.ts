import { readFileSync } from 'node:fs';
import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import {
  type ParsedListing,
  ParsedListing as ParsedListingSchema,
  type ParseOutcome,
} from '../listing.types.js';
import { zillowParser } from './index.js';

const FIXTURES = new URL('../../../../fixtures/zillow/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const HDP_URL = 'https://www.zillow.com/homedetails/661-Lakeview-Ave-San-Francisco-CA-94112/15192198_zpid/';

function only(outcome: ParseOutcome): ParsedListing {
  if (!('listings' in outcome)) throw new Error(`skipped: ${outcome.skipped} (${outcome.detail})`);
  expect(outcome.listings).toHaveLength(1);
  const listing = outcome.listings[0]!;
  expect(Value.Errors(ParsedListingSchema, listing)).toEqual([]);
  return listing;
}

/** Every fact the real property object states (checked against the file, 661 Lakeview Ave). */
const LAKEVIEW: Partial<ParsedListing> = {
  source: 'zillow',
  external_id: '15192198',
  url: HDP_URL,
  title: null,
  price: 850_000,
  bedrooms: 2,
  bathrooms: 1,
  sqft: 900,
  lot_sqft: 3746,
  year_built: 1921,
  property_type: 'house',
  address_line: '661 Lakeview Ave',
  city: 'San Francisco',
  state: 'CA',
  zip: '94112',
  latitude: 37.71803,
  longitude: -122.45783,
  posted_at: '2023-05-27T00:00:00.000Z',
  updated_at: null,
  repost_of: null,
  consent: null,
};

describe('parseZillowPage: the real property object (agent listing)', () => {
  const listing = only(zillowParser(fixture('property_gdpClientCache_property_2023.json')));

  it.each(Object.entries(LAKEVIEW))('%s', (field, expected) => {
    expect(listing[field as keyof ParsedListing]).toEqual(expected);
  });

  it('is an agent sale with no contact: agent contacts are never sold', () => {
    expect(listing.listing_type).toBe('agent_sale');
    expect(listing.contact).toEqual({ name: null, phones: [], emails: [] });
    expect(listing.attributes).toMatchObject({
      agent_name: 'Example Realty Group',
      broker_name: 'KW Advisors',
    });
    expect(JSON.stringify(listing)).not.toContain('555-01');
  });

  it('keeps status, flags and MLS facts as attributes', () => {
    expect(listing.attributes).toMatchObject({
      home_status: 'FOR_SALE',
      home_type: 'SINGLE_FAMILY',
      days_on_zillow: 31,
      is_fsbo: false,
      is_fsba: true,
      is_foreclosure: false,
      mls_id: 'ML81929841',
      zillow_listing_type: 'For Sale by Agent',
    });
  });

  it('takes the description and the largest JPEG of each of the 21 photos', () => {
    expect(listing.description).toMatch(/^Imagine the Possibilities! .* prior to making an offer\.$/s);
    expect(listing.images).toHaveLength(21);
    expect(listing.images[0]).toBe(
      'https://photos.zillowstatic.com/fp/fc74d9ea95fb55d5343f731fb0c1bc56-cc_ft_1536.jpg',
    );
    expect(listing.images.every((u) => u.endsWith('.jpg'))).toBe(true);
  });
});

describe('parseZillowPage: derived FSBO variant', () => {
  const listing = only(zillowParser(fixture('property_2023_DERIVED_fsbo.json')));

  it('is an FSBO sale carrying the owner contact from postingContact / listedBy', () => {
    expect(listing.listing_type).toBe('fsbo_sale');
    expect(listing.contact).toEqual({ name: 'Pat Example', phones: ['415-555-0142'], emails: [] });
    expect(listing.attributes).toMatchObject({ is_fsbo: true, is_fsba: false });
    expect(listing.attributes).not.toHaveProperty('agent_name');
  });

  it('states the same property facts as the real object', () => {
    for (const [field, expected] of Object.entries(LAKEVIEW)) {
      expect(listing[field as keyof ParsedListing], field).toEqual(expected);
    }
  });

  it('reads a rental by owner as owner_rental and one by an agent as agent_rental', () => {
    const fsbo = JSON.parse(fixture('property_2023_DERIVED_fsbo.json'));
    const rentOwner = only(zillowParser(JSON.stringify({ ...fsbo, homeStatus: 'FOR_RENT', price: 3200 })));
    expect(rentOwner).toMatchObject({ listing_type: 'owner_rental', price: 3200 });
    expect(rentOwner.contact.name).toBe('Pat Example');
    const real = JSON.parse(fixture('property_gdpClientCache_property_2023.json'));
    const rentAgent = only(zillowParser(JSON.stringify({ ...real, homeStatus: 'FOR_RENT' })));
    expect(rentAgent.listing_type).toBe('agent_rental');
    expect(rentAgent.contact).toEqual({ name: null, phones: [], emails: [] });
  });
});

describe('parseZillowPage: homedetails HTML pages (derived wrappers of the real object)', () => {
  const bare = only(zillowParser(fixture('property_gdpClientCache_property_2023.json')));

  it.each([
    [
      'current __NEXT_DATA__ (componentProps.gdpClientCache, JSON string)',
      'homedetails_nextdata_current_DERIVED.html',
    ],
    ['older __NEXT_DATA__ (pageProps.gdpClientCache, object)', 'homedetails_nextdata_older_DERIVED.html'],
    [
      'hdpApolloPreloadedData apiCache (skips the sparse VariantQuery entry)',
      'homedetails_apollo_DERIVED.html',
    ],
  ])('%s gives the same listing as the bare object', (_label, file) => {
    expect(only(zillowParser(fixture(file), HDP_URL))).toEqual(bare);
  });
});

describe('parseZillowPage: pages that are not listings', () => {
  const page = fixture('homedetails_nextdata_current_DERIVED.html');
  it.each([
    ['captcha "press & hold" page', fixture('captcha_block_HANDMADE.html'), 'blocked'],
    ['Next.js page without property data', fixture('not_a_listing_HANDMADE.html'), 'not_a_listing'],
    ['plain HTML page', '<html><head><title>Zillow</title></head><body>Help</body></html>', 'not_a_listing'],
    ['broken __NEXT_DATA__ JSON', page.replace('"props":', '"props"'), 'unreadable'],
    ['invalid JSON payload', '{"zpid": 1,', 'unreadable'],
    ['PerimeterX JSON challenge', '{"appId":"PXHYx10rg3","blockScript":"/x/captcha.js"}', 'blocked'],
    ['JSON without property or search data', '{"user":{"isLoggedIn":false}}', 'not_a_listing'],
    ['empty search array', '[]', 'not_a_listing'],
    [
      'search with no results',
      '{"cat1":{"searchResults":{"listResults":[],"mapResults":[]}}}',
      'not_a_listing',
    ],
  ])('%s → %s', (_label, payload, reason) => {
    const outcome = zillowParser(payload);
    expect(outcome).toMatchObject({ skipped: reason });
    expect('detail' in outcome && outcome.detail).toBeTruthy();
  });

  it('reports a block page reached through the captcha URL', () => {
    const outcome = zillowParser(
      '<html><body></body></html>',
      'https://www.zillow.com/captchaPerimeterX/?url=x',
    );
    expect(outcome).toMatchObject({ skipped: 'blocked' });
  });
});

describe('parseZillowPage: values a property may lack', () => {
  const real = JSON.parse(fixture('property_gdpClientCache_property_2023.json'));
  const pageUrl = 'https://www.zillow.com/homedetails/15192198_zpid/';

  it.each([
    ['no hdpUrl: the homedetails page URL', { hdpUrl: null }, 'url', pageUrl],
    ['yearBuilt 0 is unknown', { yearBuilt: 0 }, 'year_built', null],
    ['bathrooms 0 is unknown', { bathrooms: 0 }, 'bathrooms', null],
    ['bedrooms 0 is a studio', { bedrooms: 0 }, 'bedrooms', 0],
    ['lot in acres', { lotAreaValue: 0.5, lotAreaUnits: 'Acres' }, 'lot_sqft', 21_780],
    ['lot without a unit', { lotAreaValue: 3746, lotAreaUnits: null }, 'lot_sqft', null],
    ['no datePostedString', { datePostedString: null }, 'posted_at', null],
    ['a 0,0 position is unknown', { latitude: 0, longitude: 0 }, 'latitude', null],
    ['undisclosed address', { isUndisclosedAddress: true }, 'address_line', null],
    ['HOME_TYPE_UNKNOWN', { homeType: 'HOME_TYPE_UNKNOWN' }, 'property_type', null],
    ['CONDO', { homeType: 'CONDO' }, 'property_type', 'condo'],
    ['TOWNHOUSE', { homeType: 'TOWNHOUSE' }, 'property_type', 'townhouse'],
    ['APARTMENT', { homeType: 'APARTMENT' }, 'property_type', 'apartment'],
    ['LOT', { homeType: 'LOT' }, 'property_type', 'land'],
    ['MANUFACTURED', { homeType: 'MANUFACTURED' }, 'property_type', 'manufactured'],
    ['an unlisted homeType', { homeType: 'COOPERATIVE' }, 'property_type', 'other'],
    ['no responsivePhotos: the photos list', { responsivePhotos: null }, 'images.length', 21],
    ['no photos at all: the hero image', { responsivePhotos: null, photos: [] }, 'images.length', 1],
  ])('%s', (_label, patch, field, expected) => {
    const listing = only(zillowParser(JSON.stringify({ ...real, ...patch }), pageUrl));
    const value = field === 'images.length' ? listing.images.length : listing[field as keyof ParsedListing];
    expect(value).toEqual(expected);
  });
});
