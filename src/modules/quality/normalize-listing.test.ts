import { describe, expect, it } from 'vitest';
import { emptyListing } from '../sources/index.js';
import { normalizeListing } from './normalize-listing.js';

const listing = (patch: Partial<ReturnType<typeof emptyListing>>) => ({ ...emptyListing('csv'), ...patch });

describe('normalizeListing geography', () => {
  it.each([
    [
      'keeps the source position as rooftop',
      { latitude: 37.76, longitude: -122.41, zip: '94110' },
      [37.76, -122.41, 'rooftop'],
    ],
    [
      'treats 0,0 as unknown and falls back to the ZIP centroid',
      { latitude: 0, longitude: 0, zip: '94112' },
      [37.7195, -122.4411, 'zip'],
    ],
    ['uses the ZIP centroid without a position', { zip: '94112-1234' }, [37.7195, -122.4411, 'zip']],
    [
      'uses the city centroid without ZIP or position',
      { city: 'Springfield', state: 'IL' },
      [expect.closeTo(39.8, 0), expect.closeTo(-89.65, 0), 'city'],
    ],
    ['stays null when nothing locates it', { city: 'Nowhereville', state: 'ZZ' }, [null, null, null]],
  ])('%s', (_name, patch, [latitude, longitude, precision]) => {
    const result = normalizeListing(listing(patch));
    expect([result.latitude, result.longitude, result.geo_precision]).toEqual([
      latitude,
      longitude,
      precision,
    ]);
  });

  it('normalises phones, emails, state and ZIP and drops what is not valid', () => {
    const result = normalizeListing(
      listing({
        state: 'ca',
        zip: '94110-0001',
        contact: {
          name: '  Morgan  Fictional ',
          phones: ['(415) 555-0110', '555-01', '415.555.0110'],
          emails: ['Morgan@Example.COM', 'nope@'],
        },
      }),
    );
    expect(result).toMatchObject({
      state: 'CA',
      zip: '94110',
      contact: { name: 'Morgan Fictional', phones: ['+14155550110'], emails: ['morgan@example.com'] },
    });
  });
});
