import type { Queryable } from '../../src/platform/db/index.js';
import { ATLANTA, daysAgo, makeSearchLead, northOf } from './search.factories.js';

// The leads the search tests look for. Atlanta area: A at the centre, B 5 km north, D 9 km north
// (Decatur), C 20 km north, F 30 km north (Marietta, no contact, no price); E in Savannah. Never
// searchable: a draft, an agent listing and a lead in fraud review, all at the centre. Denver: 23 leads
// with many ties in price and posting time for the pagination walks.

export const DENVER = { lat: 39.7392, lng: -104.9903 };

export interface SearchDataset {
  ids: Record<string, string>;
  denverIds: string[];
}

/** Inserts the dataset described above. */
export async function seedSearchDataset(db: Queryable): Promise<SearchDataset> {
  const ids: Record<string, string> = {};
  const denverIds: string[] = [];
  ids.A = await makeSearchLead(db, {
    title: 'Renovated craftsman with a swimming pool',
    address_line: '10 Peachtree St NE',
    price: 450_000,
    bedrooms: 4,
    bathrooms: 3,
    sqft: 2400,
    quality_score: 85,
    fraud_score: 5,
    posted_at: daysAgo(1),
    sources: ['craigslist', 'zillow'],
    name: 'Alice Walker',
    phones: ['+14045550101'],
    emails: ['alice.walker@gmail.com'],
    dncListed: [],
  });
  ids.B = await makeSearchLead(db, {
    at: northOf(ATLANTA, 5),
    listing_type: 'owner_rental',
    property_type: 'condo',
    title: 'Condo for rent, pool and swimming lessons nearby',
    price: 2200,
    bedrooms: 2,
    bathrooms: 1,
    sqft: 900,
    quality_score: 45,
    fraud_score: 20,
    posted_at: daysAgo(10),
    phones: ['+14045550102'],
    dncListed: ['+14045550102'],
  });
  ids.C = await makeSearchLead(db, {
    at: northOf(ATLANTA, 20),
    property_type: 'townhouse',
    title: 'Townhouse near the park',
    price: 180_000,
    bedrooms: 2,
    sqft: 1100,
    quality_score: 30,
    fraud_score: 60,
    zip: '30305',
    posted_at: daysAgo(40),
    phones: [],
    emails: ['c.owner@yahoo.com'],
  });
  ids.D = await makeSearchLead(db, {
    at: northOf(ATLANTA, 9),
    city: 'Decatur',
    zip: '30030',
    title: 'Brick bungalow',
    description: 'A short walk to the historic square.',
    price: 320_000,
    sources: ['fsbo'],
    posted_at: daysAgo(3),
  });
  ids.E = await makeSearchLead(db, {
    at: { lat: 32.0809, lng: -81.0912 },
    city: 'Savannah',
    zip: '31401',
    address_line: '5 Abercorn St',
    title: 'Historic home',
    price: 510_000,
    posted_at: daysAgo(5),
  });
  ids.F = await makeSearchLead(db, {
    at: northOf(ATLANTA, 30),
    city: 'Marietta',
    zip: '30060',
    title: 'Call 404-555-0199 or mail seller@example.com',
    price: null,
    quality_score: null,
    noContact: true,
    posted_at: null,
  });
  // Never searchable: a draft, an agent listing, a lead in fraud review; all at the centre and "renovated".
  ids.draft = await makeSearchLead(db, { status: 'draft', title: 'Renovated draft' });
  ids.agent = await makeSearchLead(db, { listing_type: 'agent_sale', title: 'Renovated agent listing' });
  ids.review = await makeSearchLead(db, { status: 'fraud_review', title: 'Renovated suspicious' });
  // Denver: many ties (same price, same posting time) for the pagination walks.
  for (let i = 0; i < 23; i += 1) {
    denverIds.push(
      await makeSearchLead(db, {
        at: northOf(DENVER, i % 7),
        city: 'Denver',
        state: 'CO',
        zip: '80202',
        price: i % 3 === 0 ? 300_000 : 200_000 + i * 1000,
        quality_score: i % 4 === 0 ? 50 : 40 + i,
        posted_at: i % 2 === 0 ? daysAgo(2) : daysAgo(i),
      }),
    );
  }
  return { ids, denverIds };
}
