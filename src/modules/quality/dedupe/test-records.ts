// Factories for the de-duplication tests: a plausible owner rental, overridable field by field.
import type { LeadFacts } from '../../leads/index.js';
import type { MatchInput } from './match-record.js';

const DESCRIPTION =
  'Sunny two bedroom apartment on the second floor of a quiet brick two flat. Hardwood floors throughout, ' +
  'updated kitchen with dishwasher, washer and dryer in the basement, one parking space behind the building. ' +
  'Heat included. Close to the Blue Line and the park. Small pets considered. Available September first.';

/** Facts of a Chicago owner rental; pass overrides for the fields a test is about. */
export function makeFacts(overrides: Partial<LeadFacts> = {}): LeadFacts {
  return {
    listing_type: 'owner_rental',
    property_type: 'apartment',
    title: 'Sunny 2 bed 1 bath in Logan Square, heat included',
    description: DESCRIPTION,
    price: 1850,
    bedrooms: 2,
    bathrooms: 1,
    sqft: 950,
    lot_sqft: null,
    year_built: null,
    address_line: '2417 N Spaulding Ave Apt 2',
    city: 'Chicago',
    state: 'IL',
    zip: '60647',
    latitude: 41.92523,
    longitude: -87.71011,
    geo_precision: 'rooftop',
    posted_at: new Date('2026-06-01T12:00:00Z'),
    source_updated_at: null,
    attributes: {},
    images: ['https://images.craigslist.org/00A0A_abcDEF123_600x450.jpg'],
    ...overrides,
  };
}

/** A record: facts plus a contact (fictional 555-01xx phone). */
export function makeRecord(
  overrides: Partial<LeadFacts> = {},
  contact: Partial<MatchInput['contact']> = {},
): MatchInput {
  return { facts: makeFacts(overrides), contact: { phones: ['+17735550142'], emails: [], ...contact } };
}

export { DESCRIPTION };
