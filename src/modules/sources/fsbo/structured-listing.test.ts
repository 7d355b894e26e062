import { readFileSync } from 'node:fs';
import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import {
  type ParsedListing,
  ParsedListing as ParsedListingSchema,
  type ParseOutcome,
} from '../listing.types.js';
import { fsboParser } from './index.js';

const FIXTURES = new URL('../../../../fixtures/fsbo/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const NO_CONTACT = { name: null, phones: [], emails: [] };

function listingsOf(outcome: ParseOutcome): ParsedListing[] {
  if (!('listings' in outcome)) throw new Error(`skipped: ${outcome.skipped} (${outcome.detail})`);
  for (const l of outcome.listings) expect(Value.Errors(ParsedListingSchema, l)).toEqual([]);
  return outcome.listings;
}

function only(outcome: ParseOutcome): ParsedListing {
  const listings = listingsOf(outcome);
  expect(listings).toHaveLength(1);
  return listings[0]!;
}

interface Case {
  file: string;
  url?: string;
  fields: Partial<ParsedListing>;
  attributes?: Record<string, unknown>;
}

const CASES: [string, Case][] = [
  [
    'JSON-LD RealEstateListing + Offer + SingleFamilyResidence (seller and publisher addresses ignored)',
    {
      file: 'jsonld_realestatelisting_house_HANDMADE.html',
      fields: {
        source: 'fsbo',
        external_id: 'HBO-1001',
        url: 'https://homes-by-owner.example.com/listings/1001',
        title: 'Charming 3 bed, 2 bath ranch near downtown',
        description:
          'Sold by the owner, no agents please.\nUpdated kitchen, new roof (2021), fenced back yard.',
        price: 425_000,
        bedrooms: 3,
        bathrooms: 2,
        sqft: 1850,
        lot_sqft: null,
        year_built: 1998,
        property_type: 'house',
        listing_type: 'fsbo_sale',
        address_line: '1234 Example Lane',
        city: 'Austin',
        state: 'TX',
        zip: '78701',
        latitude: 30.2672,
        longitude: -97.7431,
        posted_at: '2024-03-12T00:00:00.000Z',
        updated_at: '2024-03-20T13:15:00.000Z',
        contact: { name: 'Pat Example', phones: ['+1-512-555-0123'], emails: ['pat.owner@example.com'] },
        images: [
          'https://homes-by-owner.example.com/photos/1001-front.jpg',
          'https://homes-by-owner.example.com/photos/1001-kitchen.jpg',
          'https://homes-by-owner.example.com/photos/1001-yard.jpg',
        ],
      },
      attributes: { number_of_rooms: 7, full_bathrooms: 2, availability: 'InStock' },
    },
  ],
  [
    'microdata only: Offer → House, QuantitativeValue, PostalAddress, GeoCoordinates, Person',
    {
      file: 'microdata_offer_house_HANDMADE.html',
      url: 'https://owners.example.org/home/77?ref=search',
      fields: {
        external_id: null,
        url: 'https://owners.example.org/home/77',
        title: 'Cozy brick bungalow, 2 beds',
        description: 'Brick bungalow on a quiet street. New furnace.',
        price: 189_900,
        bedrooms: 2,
        bathrooms: 1,
        sqft: 1120,
        year_built: 1948,
        property_type: 'house',
        listing_type: 'fsbo_sale',
        address_line: '77 Example Ave',
        city: 'Dayton',
        state: 'OH',
        zip: '45402',
        latitude: 39.7589,
        longitude: -84.1916,
        posted_at: null,
        contact: { name: 'Sam Example', phones: ['+19375550187'], emails: [] },
        images: [
          'https://owners.example.org/img/77/front.jpg',
          'https://owners.example.org/img/77/living.jpg',
        ],
      },
      attributes: { schema_type: 'Offer, House' },
    },
  ],
  [
    '@graph with @id references (site Organization address ignored, m² converted, one-line address)',
    {
      file: 'jsonld_graph_condo_HANDMADE.html',
      fields: {
        url: 'https://fsbo-condos.example.net/l/abc-204',
        title: 'Bay-view 2/2 condo, unit 204',
        description: 'Second-floor condo with a bay view, 1 parking space, pool.',
        price: 389_000,
        bedrooms: 2,
        bathrooms: 2,
        sqft: 1098,
        property_type: 'condo',
        listing_type: 'fsbo_sale',
        address_line: '700 Example Terrace #204',
        city: 'Miami',
        state: 'FL',
        zip: '33137',
        latitude: 25.8011,
        longitude: -80.1859,
        posted_at: '2024-05-02T13:30:00.000Z',
        contact: { name: 'Lee Example', phones: [], emails: ['lee.owner@example.com'] },
        images: ['https://fsbo-condos.example.net/img/abc-204/1.jpg'],
      },
    },
  ],
  [
    'rental: LeaseOut + UnitPriceSpecification per MONTH, offeredBy a Person',
    {
      file: 'jsonld_rental_owner_HANDMADE.html',
      fields: {
        external_id: 'RBO-5521',
        url: 'https://rent-by-owner.example.com/r/5521',
        title: 'Sunny 2BR near the park',
        price: 1850,
        bedrooms: 2,
        bathrooms: 1.5,
        sqft: 980,
        property_type: 'apartment',
        listing_type: 'owner_rental',
        address_line: '55 Example St Apt 2',
        city: 'Denver',
        state: null,
        zip: '80203',
        latitude: 39.7312,
        longitude: -104.9826,
        contact: { name: 'Jamie Example', phones: ['303-555-0164'], emails: [] },
      },
      attributes: { rent_period: 'MONTH', address_region: 'Colorado' },
    },
  ],
  [
    'agent page: RealEstateAgent seller → agent_sale, agent kept as attribute, no contact',
    {
      file: 'jsonld_agent_listing_HANDMADE.html',
      fields: {
        price: 615_000,
        bedrooms: 4,
        bathrooms: 3,
        sqft: 2600,
        property_type: 'house',
        listing_type: 'agent_sale',
        address_line: '8800 Example Rd',
        city: 'Newton',
        zip: '02458',
        contact: NO_CONTACT,
      },
      attributes: { agent_name: 'Example Realty' },
    },
  ],
  [
    'real Craigslist posting: its ld_posting_data Apartment (strings for numbers, lat/lon on the Place)',
    {
      file: '../craigslist/posting_2022_atlanta_apa_trimmed.html',
      fields: {
        external_id: null,
        url: 'https://atlanta.craigslist.org/nat/apa/d/smyrna-the-edison-apartments/7501755803.html',
        title: 'The Edison Apartments',
        description: null,
        price: null,
        bedrooms: 1,
        bathrooms: 1,
        sqft: null,
        property_type: 'apartment',
        listing_type: null,
        address_line: '5000 South Lincoln Trace Avenue',
        city: 'Smyrna',
        state: 'GA',
        zip: '30081',
        latitude: 33.8796,
        longitude: -84.5023,
        posted_at: null,
        contact: NO_CONTACT,
        images: [],
      },
      attributes: { schema_type: 'Apartment' },
    },
  ],
];

describe('parseStructuredListingPage: fixtures', () => {
  it.each(CASES)('%s', (_label, { file, url, fields, attributes }) => {
    const listing = only(fsboParser(fixture(file), url));
    expect(listing).toMatchObject(fields);
    if (attributes) expect(listing.attributes).toMatchObject(attributes);
  });

  it('never takes the seller, publisher or site organisation address for the property', () => {
    for (const file of ['jsonld_realestatelisting_house_HANDMADE.html', 'jsonld_graph_condo_HANDMADE.html']) {
      const listing = only(fsboParser(fixture(file)));
      expect([listing.city, listing.address_line]).not.toContain('Dallas');
      expect(listing.address_line).not.toMatch(/Elsewhere|Corporate|Brickell/);
    }
    const agent = only(fsboParser(fixture('jsonld_agent_listing_HANDMADE.html')));
    expect(agent.city).toBe('Newton');
    expect(JSON.stringify(agent)).not.toContain('555-0111');
  });
});

const page = (jsonLd: unknown, body = '') =>
  `<html><head><script type="application/ld+json">${typeof jsonLd === 'string' ? jsonLd : JSON.stringify(jsonLd)}</script></head><body>${body}</body></html>`;
const house = {
  '@type': 'House',
  address: { '@type': 'PostalAddress', streetAddress: '1 Example Rd', postalCode: '12345' },
};
const offerOf = (offer: Record<string, unknown>) => page({ '@type': 'Offer', itemOffered: house, ...offer });

describe('parseStructuredListingPage: price, rent and size rules', () => {
  it.each([
    ['USD price', { price: '250000', priceCurrency: 'USD' }, 250_000, 'fsbo_sale'],
    ['"$250,000" string price in USD', { price: '$250,000', priceCurrency: 'USD' }, 250_000, 'fsbo_sale'],
    ['EUR price is not read', { price: 250000, priceCurrency: 'EUR' }, null, 'fsbo_sale'],
    ['price without a currency is not read', { price: 250000 }, null, 'fsbo_sale'],
    [
      'weekly rent is not a monthly rent',
      { priceSpecification: { price: 400, priceCurrency: 'USD', unitText: 'WEEK' } },
      null,
      'owner_rental',
    ],
    [
      'unitCode MON rent',
      { priceSpecification: { price: 1200, priceCurrency: 'USD', unitCode: 'MON' } },
      1200,
      'owner_rental',
    ],
    [
      'LeaseOut without a unit',
      { price: 1400, priceCurrency: 'USD', businessFunction: 'http://purl.org/goodrelations/v1#LeaseOut' },
      1400,
      'owner_rental',
    ],
    [
      'agent rental',
      {
        price: 1400,
        priceCurrency: 'USD',
        businessFunction: 'LeaseOut',
        seller: { '@type': 'RealEstateAgent', name: 'Example Leasing' },
      },
      1400,
      'agent_rental',
    ],
  ])('%s', (_label, offer, price, listingType) => {
    const listing = only(fsboParser(offerOf(offer)));
    expect(listing.price).toBe(price);
    expect(listing.listing_type).toBe(listingType);
  });

  it('keeps an unread price as attributes, so nothing stated is lost', () => {
    const listing = only(fsboParser(offerOf({ price: 250000, priceCurrency: 'EUR' })));
    expect(listing.attributes).toMatchObject({ price_raw: '250000', price_currency: 'EUR' });
  });

  it.each([
    [{ value: 1500, unitCode: 'FTK' }, 1500],
    [{ value: 100, unitCode: 'MTK' }, 1076],
    [{ value: 1500, unitText: 'square feet' }, 1500],
    ['1,200 sq ft', 1200],
    ['95 m²', 1023],
    [{ value: 1500 }, null],
    [1500, null],
  ])('floorSize %j → sqft %j', (floorSize, sqft) => {
    expect(only(fsboParser(page({ ...house, floorSize }))).sqft).toBe(sqft);
  });

  it("leaves the address empty rather than taking the seller's when the property states none", () => {
    const seller = {
      '@type': 'Person',
      name: 'Pat Example',
      address: { '@type': 'PostalAddress', streetAddress: '99 Elsewhere Rd', postalCode: '78664' },
    };
    const listing = only(
      fsboParser(
        page({ '@type': 'Offer', price: 1, priceCurrency: 'USD', seller, itemOffered: { '@type': 'House' } }),
      ),
    );
    expect(listing).toMatchObject({ address_line: null, zip: null, contact: { name: 'Pat Example' } });
  });

  it('reads JSON-LD with raw line breaks inside strings', () => {
    const raw =
      '{"@type":"House","description":"line one\nline two","address":"1 Example Rd, Town, OH 44101"}';
    expect(only(fsboParser(page(raw)))).toMatchObject({ description: 'line one line two', zip: '44101' });
  });

  it('yields one listing per RealEstateListing on a page that lists several', () => {
    const listings = listingsOf(
      fsboParser(
        page({
          '@graph': [
            { '@type': 'RealEstateListing', name: 'A', offers: { '@type': 'Offer', itemOffered: house } },
            { '@type': 'RealEstateListing', name: 'B' },
          ],
        }),
      ),
    );
    expect(listings.map((l) => l.title)).toEqual(['A', 'B']);
    expect(listings[1]!.address_line).toBeNull();
  });
});

describe('parseStructuredListingPage: pages without a listing', () => {
  it.each([
    [
      'help page with only WebSite/Organization data',
      fixture('no_structured_listing_HANDMADE.html'),
      'not_a_listing',
    ],
    ['page with no structured data', '<html><body><h1>Sell your home</h1></body></html>', 'not_a_listing'],
    [
      'a Product that is not a property',
      page({ '@type': 'Product', name: 'Yard sign', offers: { price: 20 } }),
      'not_a_listing',
    ],
    ['unreadable JSON-LD', page('{"@type": "House",'), 'not_a_listing'],
    [
      'Cloudflare challenge',
      '<html><head><title>Just a moment...</title></head><body></body></html>',
      'blocked',
    ],
  ])('%s → %s', (_label, html, reason) => {
    expect(fsboParser(html)).toMatchObject({ skipped: reason });
  });

  it('says when JSON-LD blocks could not be read', () => {
    expect(fsboParser(page('{"@type": "House",'))).toMatchObject({
      detail: expect.stringContaining('1 unreadable'),
    });
  });
});
