import { describe, expect, it } from 'vitest';
import { emptyListing, type ParsedListing } from '../listing.types.js';
import { craigslistSearchUrls, parseCraigslistSearch } from './craigslist.search.js';
import { fixture } from './craigslist.test-fixtures.js';

function listings(html: string, url?: string): ParsedListing[] {
  const outcome = parseCraigslistSearch(html, url);
  if (!('listings' in outcome)) throw new Error(JSON.stringify(outcome));
  return outcome.listings;
}

describe('static search results (2023, Vancouver apa)', () => {
  const html = fixture('search_results_static_2023_vancouver_apa.html');
  const rows = listings(html);

  it('has one listing per result row', () => {
    expect(rows).toHaveLength(37);
    expect(new Set(rows.map((r) => r.external_id)).size).toBe(37);
  });

  it('reads the first and last rows field by field, nulls elsewhere', () => {
    expect(rows[0]).toEqual({
      ...emptyListing('craigslist'),
      external_id: '7681853215',
      url: 'https://vancouver.craigslist.org/van/apa/d/vancouver-bedroom-attic-suite/7681853215.html',
      title: '1 bedroom attic suite.',
      price: 1800,
      listing_type: 'owner_rental',
      attributes: { category: 'apa', location_text: 'Vancouver' },
    });
    expect(rows[36]).toEqual({
      ...emptyListing('craigslist'),
      external_id: '7666054421',
      url: 'https://vancouver.craigslist.org/van/apa/d/vancouver-bright-charming-private/7666054421.html',
      title: 'Bright, charming, private 1 bedroom basement suite',
      price: 2000,
      listing_type: 'owner_rental',
      attributes: { category: 'apa', location_text: 'Langara' },
    });
  });

  it('decodes entities and trims the free-text location', () => {
    expect(rows[6]).toMatchObject({
      title: 'Garden Furnished Main Floor suite in house including utilities',
      attributes: { location_text: 'Main & 29th' },
    });
  });

  it('returns the posting URLs for the crawler', () => {
    const urls = craigslistSearchUrls(html);
    expect(urls).toHaveLength(37);
    expect(urls[0]).toBe(
      'https://vancouver.craigslist.org/van/apa/d/vancouver-bedroom-attic-suite/7681853215.html',
    );
    expect(urls).toEqual(rows.map((r) => r.url));
  });
});

describe('legacy search results (2021, Burnaby apa)', () => {
  const html = fixture('search_results_2021_burnaby_apa.html');
  const rows = listings(html);

  it('has the five result rows', () => {
    expect(rows.map((r) => r.external_id)).toEqual([
      '7389436000',
      '7391409874',
      '7388747820',
      '7380919502',
      '7380919325',
    ]);
  });

  it('reads the first row field by field', () => {
    const { images, ...rest } = rows[0]!;
    expect(rest).toEqual({
      ...emptyListing('craigslist'),
      images: undefined,
      external_id: '7389436000',
      url: 'https://vancouver.craigslist.org/bnc/apa/d/burnaby-metrotown-bed-bath-condo-huge/7389436000.html',
      title: 'Metrotown 1 Bed 1 Bath Condo w/ Huge 120sf Sundeck @ Maywood Park',
      price: 1790,
      bedrooms: 1,
      sqft: 615,
      listing_type: 'owner_rental',
      // The row gives the site's local time and no zone; none is invented.
      posted_at: '2021-10-09T09:30:06',
      attributes: { category: 'apa', location_text: 'Vancouver burnaby/newwest', distance: '0.5km' },
    });
    expect(images).toHaveLength(22);
    expect(images[0]).toBe('https://images.craigslist.org/00x0x_3mIKySsYo6fz_0gw0b1_600x450.jpg');
  });

  it('reads the last row: a studio with no beds, a repost, and one image id listed twice', () => {
    const { images, ...rest } = rows[4]!;
    expect(rest).toEqual({
      ...emptyListing('craigslist'),
      images: undefined,
      external_id: '7380919325',
      url: 'https://vancouver.craigslist.org/bnc/apa/d/burnaby-spacious-studio-with-great-views/7380919325.html',
      title: 'Spacious - STUDIO - WITH GREAT VIEWS',
      price: 1650,
      sqft: 589,
      listing_type: 'owner_rental',
      posted_at: '2021-09-15T17:38:39',
      repost_of: '7201014611',
      attributes: {
        category: 'apa',
        location_text: 'Burnaby, Metrotown Area burnaby/newwest',
        distance: '0.5km',
      },
    });
    expect(images).toHaveLength(14);
  });

  it('gives a row without images none', () => {
    expect(rows[3]).toMatchObject({ external_id: '7380919502', repost_of: '6823460804', images: [] });
  });

  it('returns the five posting URLs', () => {
    expect(craigslistSearchUrls(html)).toEqual(rows.map((r) => r.url));
  });
});

describe('search pages outside housing', () => {
  const html = fixture('search_results_static_2023_vancouver_apa.html').replaceAll(
    '/van/apa/d/',
    '/van/cto/d/',
  );

  it('skips a page whose rows are all outside housing', () => {
    expect(parseCraigslistSearch(html)).toEqual({
      skipped: 'unsupported',
      detail: 'category "cto" is not housing',
    });
    expect(craigslistSearchUrls(html)).toEqual([]);
  });

  it('reads them when any category is allowed', () => {
    const outcome = parseCraigslistSearch(html, undefined, { allowAnyCategory: true });
    expect(outcome).toMatchObject({ listings: expect.any(Array) });
    if ('listings' in outcome) expect(outcome.listings[0]).toMatchObject({ listing_type: null, price: 1800 });
  });

  it('gives an empty result list no listings and a page without one a skip', () => {
    expect(parseCraigslistSearch('<ol class="cl-static-search-results"></ol>')).toEqual({ listings: [] });
    expect(parseCraigslistSearch('<html><body>hello</body></html>')).toEqual({
      skipped: 'not_a_listing',
      detail: 'no search-result list or rows',
    });
  });
});
