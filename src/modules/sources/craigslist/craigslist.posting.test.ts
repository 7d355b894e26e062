import { describe, expect, it } from 'vitest';
import type { ParsedListing } from '../listing.types.js';
import { parseCraigslistPosting } from './craigslist.posting.js';
import { fixture } from './craigslist.test-fixtures.js';

function only(html: string, options = {}): ParsedListing {
  const outcome = parseCraigslistPosting(html, undefined, options);
  if (!('listings' in outcome)) throw new Error(JSON.stringify(outcome));
  expect(outcome.listings).toHaveLength(1);
  return outcome.listings[0]!;
}

interface Expected {
  fields: Partial<ParsedListing>;
  images: number;
  attributes: ParsedListing['attributes'];
  contact?: ParsedListing['contact'];
  /** A passage the description must contain. */
  says?: string;
}

const NO_CONTACT = { name: null, phones: [], emails: [] };

// Each row was read off the page by hand (title block, attribute bubbles and tags, map, JSON-LD address,
// posting infos, thumbnails, body), then written down; times are the page's local times converted to UTC.
const HAND_CHECKED: Record<string, Expected> = {
  'atlanta_7505229747.html': {
    fields: {
      title: 'Walden Pointe Apartments',
      price: 1300,
      bedrooms: 2,
      bathrooms: 2,
      sqft: 1783,
      property_type: 'house',
      listing_type: 'owner_rental',
      latitude: 33.225524,
      longitude: -84.297691,
      address_line: '701 Carver Rd',
      city: 'Griffin',
      state: 'GA',
      zip: '30224',
      posted_at: '2022-07-06T01:33:19.000Z',
      updated_at: '2022-07-27T23:14:52.000Z',
      repost_of: null,
    },
    images: 6,
    attributes: {
      category: 'apa',
      cats_ok: true,
      dogs_ok: true,
      housing_type: 'house',
      laundry: 'w/d in unit',
      parking: 'attached garage',
      rent_period: 'monthly',
      map_accuracy: 10,
      country: 'US',
      location_text: 'Griffin',
    },
    contact: NO_CONTACT,
    says: 'Walden Pointe has a resort-style pool',
  },
  'boston_7509024423.html': {
    fields: {
      title: 'BRAND SPANKING NEW!! stainless kitchen, parking included- SEE VIDEO!!',
      price: 2700,
      bedrooms: 2,
      bathrooms: 1,
      sqft: 800,
      property_type: 'apartment',
      listing_type: 'agent_rental',
      latitude: 42.384244,
      longitude: -71.089059,
      address_line: 'Cross Street',
      city: 'Somerville',
      state: 'MA',
      zip: '02143',
      posted_at: '2022-07-15T13:00:52.000Z',
      updated_at: '2022-08-01T02:14:39.000Z',
    },
    images: 24,
    attributes: {
      category: 'apa',
      available_from: '2022-08-01',
      open_house_dates: '2022-08-02, 2022-08-03, 2022-08-04',
      broker_fee_details: "1 MONTH'S FEE ($2700)",
      cats_ok: true,
      housing_type: 'apartment',
      laundry: 'laundry in bldg',
      listed_by: 'Drew from precise realty',
      parking: 'off-street parking',
      rent_period: 'monthly',
      map_accuracy: 15,
      cross_street: 'Oliver Street',
      country: 'US',
      location_text: 'Somerville - East Somerville',
      agent_signals: 'realty, broker, broker fee details, listed by a business',
    },
    contact: { name: 'Drew from precise realty', phones: ['781-555-0177'], emails: [] },
    says: "The broker's fee is 1 month's rent.",
  },
  'austin_7516297965.html': {
    // No map: geo.position holds Austin's centre (30.266899;-97.742798) and JSON-LD says null.
    fields: {
      price: 1342,
      bedrooms: 1,
      bathrooms: 1,
      sqft: 700,
      property_type: 'apartment',
      listing_type: 'agent_rental',
      latitude: null,
      longitude: null,
      address_line: null,
      city: null,
      state: null,
      zip: null,
      posted_at: '2022-08-02T10:44:57.000Z',
      updated_at: null,
      repost_of: '4524699111',
    },
    images: 0,
    attributes: {
      category: 'apa',
      available_from: '2022-09-24',
      housing_type: 'apartment',
      laundry: 'laundry on site',
      parking: 'off-street parking',
      rent_period: 'monthly',
      location_text: 'Central/Steck',
      contact_hidden: true,
      agent_signals: 'realty, licensed agent, apartment locator',
    },
    contact: NO_CONTACT,
    says: '~~lic. agent\n\nMorgan Demo\nDash Realty\nApartment Locator',
  },
  'denver_7512131850.html': {
    // Map absent, geo.position and JSON-LD 0.000000: unknown, not the Gulf of Guinea.
    fields: {
      price: 7775,
      bedrooms: 2,
      bathrooms: 2,
      sqft: 1532,
      property_type: 'apartment',
      listing_type: 'owner_rental',
      latitude: null,
      longitude: null,
      city: null,
      posted_at: '2022-07-22T20:37:36.000Z',
      updated_at: '2022-07-30T05:05:33.000Z',
      repost_of: '7093012827',
    },
    images: 23,
    attributes: {
      category: 'apa',
      ev_charging: true,
      air_conditioning: true,
      cats_ok: true,
      dogs_ok: true,
      housing_type: 'apartment',
      laundry: 'w/d in unit',
      no_smoking: true,
      parking: 'attached garage',
      rent_period: 'monthly',
      location_text: 'Washington Park Wash Park Cherry Creek',
    },
    contact: NO_CONTACT,
  },
  'charlotte_7511319341.html': {
    // No price; the housing line has no leading slash then ("1br - ").
    fields: {
      title: 'Apply Now!',
      price: null,
      bedrooms: 1,
      bathrooms: 1,
      sqft: null,
      property_type: 'apartment',
      listing_type: 'owner_rental',
      latitude: 35.2836,
      longitude: -80.7638,
      address_line: '4333',
      city: 'Newell',
      state: 'NC',
      zip: '28126',
      posted_at: '2022-07-20T21:29:16.000Z',
      updated_at: '2022-07-27T14:05:54.000Z',
    },
    images: 14,
    attributes: {
      category: 'apa',
      application_fee_details: '$50',
      cats_ok: true,
      dogs_ok: true,
      housing_type: 'apartment',
      laundry: 'laundry on site',
      no_smoking: true,
      parking: 'off-street parking',
      rent_period: 'monthly',
      map_accuracy: 22,
      cross_street: 'Cinderella Rd',
      country: 'US',
      location_text: 'Charlotte',
      contact_hidden: true,
    },
    contact: NO_CONTACT,
  },
  'chicago_7496629845.html': {
    // A studio: "0BR" bubble, no housing line, no square feet. Signed "North Star Real Estate Group".
    fields: {
      price: 1476,
      bedrooms: 0,
      bathrooms: 1,
      sqft: null,
      property_type: 'apartment',
      listing_type: 'agent_rental',
      latitude: 41.973499,
      longitude: -87.660115,
      address_line: 'North Broadway',
      city: 'Chicago',
      state: 'IL',
      zip: '60640',
      posted_at: '2022-06-14T23:10:02.000Z',
      updated_at: null,
    },
    images: 10,
    attributes: {
      category: 'apa',
      available_from: '2022-07-01',
      cats_ok: true,
      dogs_ok: true,
      housing_type: 'apartment',
      laundry: 'w/d in unit',
      parking: 'detached garage',
      rent_period: 'monthly',
      map_accuracy: 15,
      cross_street: 'Argyle',
      country: 'US',
      location_text: 'Uptown',
      agent_signals: 'real estate agent',
    },
    contact: { name: null, phones: ['630-555-0139'], emails: [] },
  },
  'sacramento_7515034576.html': {
    // An RV site tagged "land"; no JSON-LD address, so the street comes from the map box.
    fields: {
      price: 1695,
      bedrooms: 0,
      bathrooms: 4,
      sqft: null,
      property_type: 'land',
      listing_type: 'owner_rental',
      latitude: 39.411529,
      longitude: -123.806305,
      address_line: 'Hwy 1',
      city: null,
      state: null,
      zip: null,
      posted_at: '2022-07-29T23:12:53.000Z',
      updated_at: '2022-08-04T18:36:57.000Z',
      repost_of: '4899867278',
    },
    images: 24,
    attributes: {
      category: 'apa',
      available_from: '2022-08-02',
      open_house_dates: '2022-07-31, 2022-08-01',
      ev_charging: true,
      cats_ok: true,
      dogs_ok: true,
      furnished: true,
      housing_type: 'land',
      laundry: 'laundry in bldg',
      no_smoking: true,
      parking: 'off-street parking',
      rent_period: 'monthly',
      wheelchair_accessible: true,
      map_accuracy: 7,
      cross_street: 'Old Coast Hwy',
      location_text: '(PCH), Fort Bragg',
      contact_hidden: true,
    },
  },
  'detroit_7510682950.html': {
    fields: {
      title: '3 Bedroom Home Available Now!!!',
      price: 1015,
      bedrooms: 3,
      bathrooms: 2,
      sqft: 1056,
      property_type: 'manufactured',
      listing_type: 'agent_rental',
      latitude: 42.7905,
      longitude: -83.6127,
      address_line: '13318 S. Dixie Hwy',
      city: 'Holly',
      state: 'MI',
      zip: '48442',
      posted_at: '2022-07-19T14:32:55.000Z',
      updated_at: '2022-08-01T16:47:04.000Z',
    },
    images: 9,
    attributes: {
      category: 'apa',
      available_from: '2022-07-19',
      cats_ok: true,
      dogs_ok: true,
      housing_type: 'manufactured',
      laundry: 'w/d hookups',
      no_smoking: true,
      parking: 'off-street parking',
      rent_period: 'monthly',
      map_accuracy: 22,
      country: 'US',
      location_text: 'Groveland Manor',
      contact_hidden: true,
      agent_signals: 'professional management',
    },
  },
  'miami_7516625164.html': {
    // A duplex; the phone is written with '*' between the groups and O for 0; the street is empty in JSON-LD.
    fields: {
      price: 3700,
      bedrooms: 1,
      bathrooms: 1,
      sqft: 735,
      property_type: 'multi_family',
      listing_type: 'agent_rental',
      latitude: 25.7559,
      longitude: -80.2013,
      address_line: null,
      city: 'Miami',
      state: 'FL',
      zip: '33129',
      posted_at: '2022-08-03T00:02:40.000Z',
      updated_at: null,
    },
    images: 15,
    attributes: {
      category: 'apa',
      housing_type: 'duplex',
      laundry: 'w/d in unit',
      parking: 'attached garage',
      rent_period: 'monthly',
      map_accuracy: 22,
      country: 'US',
      location_text: 'Brickell',
      contact_hidden: true,
      agent_signals: 'realty',
    },
    contact: { name: null, phones: ["786'*'555'*'O1O6"], emails: [] },
  },
  'nashville_7511939689.html': {
    fields: {
      title: '1,650 2 Bedroom, 1 Bath Home, Carport, Shop',
      price: 1650,
      bedrooms: 2,
      bathrooms: 1,
      sqft: null,
      property_type: 'house',
      listing_type: 'owner_rental',
      latitude: 36.0662,
      longitude: -86.9639,
      address_line: null,
      city: 'Nashville',
      state: 'TN',
      zip: '37221',
      posted_at: '2022-07-22T14:27:53.000Z',
      updated_at: '2022-08-02T15:38:32.000Z',
    },
    images: 2,
    attributes: {
      category: 'apa',
      available_from: '2022-07-22',
      housing_type: 'house',
      laundry: 'w/d hookups',
      parking: 'carport',
      rent_period: 'monthly',
      map_accuracy: 22,
      country: 'US',
    },
    contact: { name: null, phones: ['(8) (3) (3) (5) (5) (5) (0) (1) (0) (9)'], emails: [] },
    says: 'Rent is $1650 per month, with an $800 deposit.\nIf you are interested',
  },
  'boston_7507662628.html': {
    fields: {
      title: 'BEACON HILL-CHARLES ST STUDIO STEPS TO MASS GENERAL & RED LINE!',
      price: 2050,
      bedrooms: 0,
      bathrooms: 1,
      sqft: null,
      property_type: 'apartment',
      listing_type: 'agent_rental',
      latitude: 42.358566,
      longitude: -71.070912,
      address_line: 'Charles St',
      city: 'Boston',
      state: 'MA',
      zip: '02114',
      posted_at: '2022-07-12T00:14:05.000Z',
      updated_at: '2022-07-12T00:14:06.000Z',
    },
    images: 7,
    attributes: {
      category: 'apa',
      available_from: '2022-09-01',
      broker_fee_details: '$2050',
      cats_ok: true,
      housing_type: 'apartment',
      laundry: 'laundry in bldg',
      no_smoking: true,
      parking: 'street parking',
      rent_period: 'monthly',
      map_accuracy: 5,
      cross_street: 'Pinckney St',
      country: 'US',
      location_text: 'Boston',
      agent_signals: 'professional management, broker fee details',
    },
    contact: { name: 'Ben', phones: ['860-555-0121'], emails: ['BenC @ example . com'] },
  },
  'kansascity_7500542268.html': {
    // Weekly rent: the price is the stated $254, the period is an attribute.
    fields: {
      price: 254,
      bedrooms: 0,
      bathrooms: 1,
      sqft: null,
      property_type: 'apartment',
      listing_type: 'agent_rental',
      latitude: 39.031151,
      longitude: -94.276196,
      address_line: '901 NW Jefferson',
      city: 'Blue Springs',
      state: 'MO',
      zip: '64013',
      posted_at: '2022-06-24T12:55:25.000Z',
      updated_at: '2022-07-22T19:47:24.000Z',
    },
    images: 3,
    attributes: {
      category: 'apa',
      air_conditioning: true,
      cats_ok: true,
      dogs_ok: true,
      furnished: true,
      housing_type: 'apartment',
      laundry: 'laundry on site',
      parking: 'off-street parking',
      rent_period: 'weekly',
      map_accuracy: 10,
      country: 'US',
      contact_hidden: true,
      agent_signals: 'professional management',
    },
    contact: NO_CONTACT,
  },
  'chicago_7495748538.html': {
    fields: {
      price: 3650,
      bedrooms: 2,
      bathrooms: 2,
      sqft: null,
      property_type: 'condo',
      listing_type: 'agent_rental',
      latitude: 41.8923,
      longitude: -87.6373,
      address_line: null,
      city: 'Chicago',
      state: 'IL',
      zip: '60654',
      posted_at: '2022-06-12T23:12:07.000Z',
      repost_of: '7302811773',
    },
    images: 17,
    attributes: {
      category: 'apa',
      cats_ok: true,
      dogs_ok: true,
      housing_type: 'condo',
      laundry: 'w/d in unit',
      parking: 'attached garage',
      rent_period: 'monthly',
      map_accuracy: 22,
      country: 'US',
      location_text: 'Gold Coast/River North',
      agent_signals: 'agent',
    },
    contact: { name: null, phones: ['312-555-0103'], emails: [] },
  },
  'atlanta_7514795807.html': {
    // "broker fee details: 0.00" is no fee; the signature (associate broker, Keller Williams Realty) decides.
    fields: {
      title: "Thinking of Relocating to Atlanta? We'd LOVE to have YOU!!!",
      price: 2875,
      bedrooms: 5,
      bathrooms: 3,
      sqft: null,
      property_type: 'house',
      listing_type: 'agent_rental',
      latitude: 34.0031,
      longitude: -84.0126,
      address_line: null,
      city: 'Lawrenceville',
      state: 'GA',
      zip: '30043',
      posted_at: '2022-07-29T14:57:58.000Z',
      updated_at: null,
    },
    images: 2,
    attributes: {
      category: 'apa',
      broker_fee_details: '0.00',
      cats_ok: true,
      dogs_ok: true,
      housing_type: 'house',
      laundry: 'w/d hookups',
      listed_by: 'Avery Testwood',
      parking: 'attached garage',
      rent_period: 'monthly',
      map_accuracy: 22,
      country: 'US',
      location_text: 'Lawrenceville',
      contact_hidden: true,
      agent_signals: 'realty, broker',
    },
    contact: { name: 'Avery Testwood', phones: [], emails: [] },
  },
  'sanantonio_7511389569.html': {
    // "owner managed" is an owner; the phone spells one digit group as "5five5".
    fields: {
      price: 1650,
      bedrooms: 3,
      bathrooms: 1,
      sqft: null,
      property_type: 'house',
      listing_type: 'owner_rental',
      latitude: 29.411904,
      longitude: -98.520881,
      city: 'San Antonio',
      state: 'TX',
      zip: '78207',
      posted_at: '2022-07-21T00:40:59.000Z',
      updated_at: '2022-08-07T13:48:55.000Z',
      repost_of: '7477899468',
    },
    images: 3,
    attributes: {
      category: 'apa',
      housing_type: 'house',
      laundry: 'w/d hookups',
      parking: 'carport',
      rent_period: 'monthly',
      map_accuracy: 5,
      country: 'US',
    },
    contact: { name: null, phones: ['210 5five5-0113'], emails: [] },
  },
};

describe('hand-checked corpus pages', () => {
  it.each(Object.entries(HAND_CHECKED))('%s', (name, expected) => {
    const listing = only(fixture(`corpus/postings/${name}`));
    expect(listing).toMatchObject(expected.fields);
    expect(listing.images).toHaveLength(expected.images);
    expect(listing.attributes).toEqual(expected.attributes);
    if (expected.contact) expect(listing.contact).toEqual(expected.contact);
    if (expected.says) expect(listing.description).toContain(expected.says);
  });
});

describe('the 2022 template (trimmed Atlanta page)', () => {
  const listing = only(fixture('posting_2022_atlanta_apa_trimmed.html'));

  it('reads every field', () => {
    expect(listing).toMatchObject({
      source: 'craigslist',
      external_id: '7501755803',
      url: 'https://atlanta.craigslist.org/nat/apa/d/smyrna-the-edison-apartments/7501755803.html',
      title: 'The Edison Apartments',
      price: 1606,
      bedrooms: 1,
      bathrooms: 1,
      sqft: 750,
      property_type: 'apartment',
      listing_type: 'agent_rental',
      address_line: '5000 South Lincoln Trace Avenue',
      city: 'Smyrna',
      state: 'GA',
      zip: '30081',
      latitude: 33.8796,
      longitude: -84.5023,
      posted_at: '2022-06-27T14:07:49.000Z',
      updated_at: '2022-07-27T00:34:05.000Z',
      repost_of: null,
      contact: NO_CONTACT,
    });
    expect(listing.images).toHaveLength(9);
    expect(listing.images[0]).toBe('https://images.craigslist.org/00a0a_7NPZAKalU0Nz_0cU07g_600x450.jpg');
    expect(listing.attributes).toEqual({
      category: 'apa',
      available_from: '2022-06-27',
      housing_type: 'apartment',
      laundry: 'w/d in unit',
      parking: 'carport',
      rent_period: 'daily',
      map_accuracy: 5,
      country: 'US',
      location_text: '5000 South Lincoln Trace Avenue, Atlanta, GA',
      contact_hidden: true,
      agent_signals: 'equal housing opportunity',
    });
  });

  it('keeps the body as lines, without the QR block', () => {
    expect(listing.description).toMatch(
      /^Schedule a Tour Today: https:\/\/livezrs\.com\/krhwrhee\/ashford-75\n\n/,
    );
    expect(listing.description).toContain('Amenities:\n-Swimming Pool\n-Ceiling Fans in Bedrooms\n');
    expect(listing.description).toMatch(/Call: show contact info\n\nEqual Housing Opportunity$/);
    expect(listing.description).not.toContain('QR Code');
  });
});

describe('the 2018 template (Chicago car page)', () => {
  const html = fixture('posting_2018_chicago_cto_with_map.html');

  it('skips a car as unsupported', () => {
    expect(parseCraigslistPosting(html)).toEqual({
      skipped: 'unsupported',
      detail: 'category "cto" is not housing',
    });
  });

  it('reads the older layout when any category is allowed', () => {
    const listing = only(html, { allowAnyCategory: true });
    expect(listing).toMatchObject({
      external_id: '6520962081',
      url: 'https://chicago.craigslist.org/sox/cto/d/2014-porsche-panamera/6520962081.html',
      title: '2014 PORSCHE PANAMERA',
      price: 49980,
      bedrooms: null,
      bathrooms: null,
      sqft: null,
      property_type: null,
      listing_type: null,
      latitude: 41.7447,
      longitude: -87.7699,
      address_line: '6800 W 79th St.',
      city: null,
      posted_at: '2018-03-06T20:49:22.000Z',
      updated_at: '2018-03-27T18:04:11.000Z',
      contact: NO_CONTACT,
    });
    expect(listing.images).toHaveLength(24);
    expect(listing.attributes).toEqual({
      category: 'cto',
      heading: '2014 Porche Panamera',
      vin: 'WP0BB2A74EL062226',
      cylinders: '6 cylinders',
      drive: '4wd',
      fuel: 'gas',
      odometer: '72574',
      title_status: 'clean',
      transmission: 'automatic',
      map_accuracy: 22,
      location_text: 'Burbank',
      contact_hidden: true,
    });
    expect(listing.description).toMatch(/^4DR HATCHBACK 4S EXECUTIVE\n\*\*ONE OWNER\*\*/);
  });
});

describe('URL and category sources', () => {
  const page = fixture('posting_2022_atlanta_apa_trimmed.html');

  it('falls back to the given URL for the category and id when the page has no canonical link', () => {
    const bare = page
      .replace(/<link rel="canonical"[^>]*>/, '')
      .replace(/<meta property="og:url"[^>]*>/, '')
      .replace(/<p class="postinginfo">post id: \d+<\/p>/, '');
    const outcome = parseCraigslistPosting(
      bare,
      'https://atlanta.craigslist.org/nat/reo/d/smyrna-house/7000000001.html',
    );
    expect(outcome).toMatchObject({
      listings: [{ external_id: '7000000001', listing_type: 'agent_sale', attributes: { category: 'reo' } }],
    });
  });

  it('treats the same page under a non-housing URL as unsupported only when the page has no own URL', () => {
    const bare = page.replace(/<link rel="canonical"[^>]*>/, '').replace(/<meta property="og:url"[^>]*>/, '');
    expect(
      parseCraigslistPosting(bare, 'https://atlanta.craigslist.org/atl/fuo/d/couch/7000000002.html'),
    ).toEqual({
      skipped: 'unsupported',
      detail: 'category "fuo" is not housing',
    });
  });
});
