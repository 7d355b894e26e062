import { describe, expect, it } from 'vitest';
import { emptyListing, type ParsedListing } from '../listing.types.js';
import { parseCraigslistApi } from './craigslist.api.js';
import type { CraigslistParseOptions } from './craigslist.rules.js';
import { fixture } from './craigslist.test-fixtures.js';

const ANY = { allowAnyCategory: true };

function listings(json: string, options: CraigslistParseOptions = ANY): ParsedListing[] {
  const outcome = parseCraigslistApi(json, undefined, options);
  if (!('listings' in outcome)) throw new Error(JSON.stringify(outcome));
  return outcome.listings;
}

describe('sapi posting detail (couch)', () => {
  const json = fixture('sapi_v8_posting_detail_couch.json');

  it('skips furniture by default, with or without a byte-order mark', () => {
    expect(parseCraigslistApi(`\uFEFF${json}`)).toEqual({
      skipped: 'unsupported',
      detail: 'category "fuo" is not housing',
    });
    expect(parseCraigslistApi(json)).toEqual({
      skipped: 'unsupported',
      detail: 'category "fuo" is not housing',
    });
  });

  it('reads every field when any category is allowed', () => {
    const [couch, ...rest] = listings(json);
    expect(rest).toEqual([]);
    const { images, description, ...fields } = couch!;
    expect(fields).toEqual({
      ...emptyListing('craigslist'),
      images: undefined,
      description: undefined,
      external_id: '7963232772',
      url: 'https://www.craigslist.org/view/d/isleta-reclining-couch-set/hjF91PRY1XsMyUXyvdYdHL',
      title: 'Reclining couch set',
      price: 250,
      latitude: 34.941947,
      longitude: -106.70826,
      posted_at: '2026-09-09T02:02:44.000Z',
      updated_at: '2026-09-09T01:58:44.000Z',
      listing_type: null,
      contact: { name: null, phones: ['505-555-zero142'], emails: [] },
      attributes: {
        category: 'fuo',
        posting_uuid: 'hjF91PRY1XsMyUXyvdYdHL',
        area: 'albuquerque',
        has_contact_info: true,
        condition: 'good',
      },
    });
    expect(description).toBe(
      'Selling a grey couch set with 4 recliners at ends also an oversized lounge chair, all for $250.00. ' +
        'They have no tears, smoke free home, no stains. If interested call me at 505-555-zero142.',
    );
    expect(images).toHaveLength(16);
    expect(images[0]).toBe('https://images.craigslist.org/00l0l_dutVxIEpC6z_0t20CI_600x450.jpg');
    expect(images[15]).toBe('https://images.craigslist.org/00x0x_lELp2VzoQTG_0t20CI_600x450.jpg');
  });

  // The same envelope in a housing category (no housing detail response is stored; the shape is the couch's).
  it('collects a housing posting by default and weighs its signals', () => {
    const housing = json.replace('"categoryAbbr":"fuo"', '"categoryAbbr":"apa"');
    expect(listings(housing, {})[0]).toMatchObject({
      listing_type: 'owner_rental',
      attributes: { category: 'apa' },
    });
    const byBroker = housing.replace('Selling a grey couch', 'Realty office: selling a grey couch');
    expect(listings(byBroker, {})[0]).toMatchObject({ listing_type: 'agent_rental' });
    const roomBody = housing.replace('"categoryAbbr":"apa"', '"categoryAbbr":"roo"');
    expect(listings(roomBody, {})[0]).toMatchObject({ property_type: 'room' });
  });
});

describe('sapi search (free stuff, Albuquerque)', () => {
  const json = fixture('sapi_v8_search_free_abq_trimmed.json');

  it('skips a non-housing search by default', () => {
    expect(parseCraigslistApi(json)).toEqual({
      skipped: 'unsupported',
      detail: 'category "zip" is not housing',
    });
  });

  const rows = listings(json);

  it('decodes every positional item', () => {
    expect(rows.map((r) => r.external_id)).toEqual([
      '7963202409',
      '7963197939',
      '7963153062',
      '7954163582',
      '7960334721',
    ]);
  });

  it('reads the first item field by field', () => {
    const { images, ...fields } = rows[0]!;
    expect(fields).toEqual({
      ...emptyListing('craigslist'),
      images: undefined,
      external_id: '7963202409',
      url: 'https://www.craigslist.org/view/d/edgewood-samsung-rf28hfedbsr-aa/8nbteTsNYU5uNAP29fjEAn',
      title: 'Samsung RF28HFEDBSR/AA Refrigerator',
      latitude: 35.0776,
      longitude: -106.1872,
      // minPostedDate + 3930501 = maxPostedDate: the newest item.
      posted_at: '2026-09-09T00:38:07.000Z',
      attributes: {
        category_id: 101,
        search_category: 'zip',
        area: 'albuquerque',
        price_text: 'free',
        posting_uuid: '8nbteTsNYU5uNAP29fjEAn',
      },
    });
    expect(images).toEqual([
      'https://images.craigslist.org/00i0i_duWVlpuaTJA_0lR0t2_600x450.jpg',
      'https://images.craigslist.org/00h0h_81o312oErBj_0Cz0t2_600x450.jpg',
      'https://images.craigslist.org/00P0P_kpDfwVOgsCl_0Cz0t2_600x450.jpg',
      'https://images.craigslist.org/00000_1HIDuPTly8W_0Cz0t2_600x450.jpg',
    ]);
  });

  it('reads an item without images and with a location description', () => {
    expect(rows[2]).toMatchObject({
      title: 'Gone',
      images: [],
      latitude: 35.2339,
      longitude: -106.6839,
      attributes: { location_text: 'Rio rancho', posting_uuid: 'uvzFpHQRDrAXvCECraNuUw' },
    });
  });

  it('reads the last item, with the bare dedupe element', () => {
    expect(rows[4]).toEqual({
      ...emptyListing('craigslist'),
      external_id: '7960334721',
      url: 'https://www.craigslist.org/view/d/albuquerque-feed-fall-gear-exchange/7QVokZMNCdjE2PUEthavsG',
      title: 'Feed 505 - Fall Gear Exchange',
      latitude: 35.0885,
      longitude: -106.6058,
      posted_at: '2026-09-07T16:50:17.000Z',
      images: ['https://images.craigslist.org/00202_ep4MpEWRnTH_0tV0CI_600x450.jpg'],
      attributes: {
        category_id: 93,
        search_category: 'zip',
        area: 'albuquerque',
        location_text: 'Albuquerque',
        dedupe_key: -2,
        price_text: 'free',
        posting_uuid: '7QVokZMNCdjE2PUEthavsG',
      },
    });
  });

  // Craigslist's own decoder reads tag 5 as [bedrooms, sqft]; no housing search is stored, so an item of the
  // fixture gets one, in a search of "apa".
  it('reads beds and square feet of a housing search item', () => {
    const housing = json
      .replace('"categoryAbbr":"zip"', '"categoryAbbr":"apa"')
      .replace('[10,"free"]', '[5,2,850],[10,"$1,200"]')
      .replace('31887026,3930501,101,-1', '31887026,3930501,1,1200');
    expect(listings(housing, {})[0]).toMatchObject({
      price: 1200,
      bedrooms: 2,
      sqft: 850,
      listing_type: 'owner_rental',
      attributes: { search_category: 'apa', price_text: '$1,200' },
    });
  });
});

describe('payloads that are not listings', () => {
  it.each([
    ['not json', { skipped: 'unreadable' }],
    ['{"apiVersion":8,"data":{},"errors":[]}', { skipped: 'not_a_listing', detail: 'no data.items' }],
    ['{"errors":[{"code":404}]}', { skipped: 'not_a_listing', detail: '[{"code":404}]' }],
    ['{"data":{"items":[]},"errors":[]}', { skipped: 'not_found', detail: 'detail response with no items' }],
  ])('%s', (json, expected) => {
    expect(parseCraigslistApi(json)).toMatchObject(expected);
  });
});
