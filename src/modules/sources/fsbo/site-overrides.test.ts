import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParsedListing, ParseOutcome } from '../listing.types.js';
import { createFsboParser, fsboParser, parseSiteOverrides, type SiteOverride } from './index.js';
import { findOverride } from './site-overrides.js';

const FIXTURES = new URL('../../../../fixtures/fsbo/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

function only(outcome: ParseOutcome): ParsedListing {
  if (!('listings' in outcome)) throw new Error(`skipped: ${outcome.skipped} (${outcome.detail})`);
  expect(outcome.listings).toHaveLength(1);
  return outcome.listings[0]!;
}

const FSBO_EXAMPLE: SiteOverride = {
  hostname: 'fsbo.example.com',
  source: 'fsbo_example',
  selectors: {
    description: '.property-description',
    contact_name: '#sellerModal .owner-name',
    phone: '.seller-phone',
    bedrooms: 'table.listing-data tr:nth-child(2) td',
  },
  remove: ['.property-description .print-only'],
  external_id_pattern: '/show/id/(\\d+)/',
  listing_type: 'fsbo_sale',
};

const CRAIGSLIST: SiteOverride = {
  hostname: 'craigslist.org',
  selectors: {
    price: '.postingtitletext .price',
    description: '#postingbody',
    posted_at: '.postinginfos time.date.timeago',
    images: '#thumbs a',
  },
  remove: ['#postingbody .print-information'],
  external_id_pattern: '/(\\d+)\\.html',
};

describe('site overrides: filling what the structured data lacks', () => {
  const parser = createFsboParser([CRAIGSLIST, FSBO_EXAMPLE]);

  it('the override page lacks description, owner and phone without its override', () => {
    const plain = only(fsboParser(fixture('override_needed_HANDMADE.html')));
    expect(plain).toMatchObject({ description: null, bedrooms: null, external_id: null, source: 'fsbo' });
    expect(plain.contact).toEqual({ name: null, phones: [], emails: [] });
  });

  it('with its override: description (print block removed), owner, phone, bedrooms, id, source', () => {
    const listing = only(parser(fixture('override_needed_HANDMADE.html')));
    expect(listing).toMatchObject({
      source: 'fsbo_example',
      external_id: '99123',
      description: 'Corner lot, hurricane windows, new AC 2022.\nOwner financing possible.',
      bedrooms: 3,
      price: 349_000,
      city: 'Miami',
      listing_type: 'fsbo_sale',
      contact: { name: 'Chris Example', phones: ['(305) 555-0172'], emails: [] },
    });
  });

  it('a Craigslist posting gets price, description, posted time, images and id from selectors', () => {
    const listing = only(parser(fixture('../craigslist/posting_2022_atlanta_apa_trimmed.html')));
    expect(listing).toMatchObject({
      external_id: '7501755803',
      price: 1606,
      bedrooms: 1,
      zip: '30081',
      posted_at: '2022-06-27T14:07:49.000Z',
      listing_type: null,
    });
    expect(listing.description).toMatch(
      /^Schedule a Tour Today: https:\/\/livezrs\.com\/krhwrhee\/ashford-75\n\n/,
    );
    expect(listing.description).toContain('Amenities:\n-Swimming Pool\n-Ceiling Fans in Bedrooms\n');
    expect(listing.description).not.toContain('QR Code');
    expect(listing.images).toHaveLength(9);
    expect(listing.images[0]).toBe('https://images.craigslist.org/00a0a_7NPZAKalU0Nz_0cU07g_600x450.jpg');
  });

  it('structured values win over selectors', () => {
    const override: SiteOverride = {
      hostname: 'homes-by-owner.example.com',
      selectors: { title: 'h1', price: '.price', phone: 'h1' },
    };
    const listing = only(
      createFsboParser([override])(fixture('jsonld_realestatelisting_house_HANDMADE.html')),
    );
    expect(listing.price).toBe(425_000);
    expect(listing.contact.phones).toEqual(['+1-512-555-0123']);
  });

  it('never fills an agent listing contact from selectors', () => {
    const override: SiteOverride = {
      hostname: 'listings.example.com',
      selectors: { contact_name: 'h1', phone: 'title', email: 'title' },
    };
    const listing = only(createFsboParser([override])(fixture('jsonld_agent_listing_HANDMADE.html')));
    expect(listing.listing_type).toBe('agent_sale');
    expect(listing.contact).toEqual({ name: null, phones: [], emails: [] });
  });

  it('fixes the listing type of a site that lists only owner rentals', () => {
    const override: SiteOverride = { hostname: 'craigslist.org', listing_type: 'owner_rental' };
    const listing = only(
      createFsboParser([override])(fixture('../craigslist/posting_2022_atlanta_apa_trimmed.html')),
    );
    expect(listing.listing_type).toBe('owner_rental');
  });

  it('reads a page without structured data only when the override names a listing marker', () => {
    const html = `<html><head><link rel="canonical" href="https://fsbo.example.com/listings/listings/show/id/5/"></head>
      <body><table class="listing-data"><tr><td>Listing ID: 5</td></tr></table>
      <h1 class="addr">9 Example Ct</h1><span class="price">$199,000</span>
      <div class="seller-phone">Phone: <a href="tel:+13055550190">call</a></div></body></html>`;
    const withMarker: SiteOverride = {
      hostname: 'fsbo.example.com',
      listing_marker: 'table.listing-data',
      listing_type: 'fsbo_sale',
      selectors: { address_line: 'h1.addr', price: '.price', phone: '.seller-phone a' },
      external_id_pattern: '/show/id/(\\d+)/',
    };
    expect(createFsboParser([{ ...withMarker, listing_marker: undefined }])(html)).toMatchObject({
      skipped: 'not_a_listing',
    });
    expect(only(createFsboParser([withMarker])(html))).toMatchObject({
      external_id: '5',
      address_line: '9 Example Ct',
      price: 199_000,
      listing_type: 'fsbo_sale',
      contact: { phones: ['+13055550190'] },
    });
  });
});

describe('findOverride', () => {
  const registry: SiteOverride[] = [
    { hostname: 'craigslist.org' },
    { hostname: 'atlanta.craigslist.org', source: 'atl' },
    { hostname: 'www.fsbo.example.com' },
  ];
  it.each([
    ['https://atlanta.craigslist.org/nat/apa/1.html', 'atlanta.craigslist.org'],
    ['https://boston.craigslist.org/x/2.html', 'craigslist.org'],
    ['https://craigslist.org/', 'craigslist.org'],
    ['https://fsbo.example.com/listing/1', 'www.fsbo.example.com'],
    ['https://notcraigslist.org/', null],
    ['not a url', null],
    [null, null],
  ])('%s → %s', (url, hostname) => {
    expect(findOverride(registry, url)?.hostname ?? null).toBe(hostname);
  });
});

describe('parseSiteOverrides', () => {
  it('accepts a valid registry', () => {
    expect(parseSiteOverrides([FSBO_EXAMPLE, CRAIGSLIST])).toHaveLength(2);
  });

  it.each([
    ['missing hostname', [{ selectors: {} }]],
    ['unknown field', [{ hostname: 'a.example', selectors: { price: '.p', colour: '.c' } }]],
    ['unknown listing type', [{ hostname: 'a.example', listing_type: 'for_sale' }]],
    ['unknown key', [{ hostname: 'a.example', selector: {} }]],
    ['bad id pattern', [{ hostname: 'a.example', external_id_pattern: '(' }]],
    ['not an array', { hostname: 'a.example' }],
  ])('rejects %s', (_label, value) => {
    expect(() => parseSiteOverrides(value)).toThrow();
  });
});
