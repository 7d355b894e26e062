import { describe, expect, it } from 'vitest';
import {
  attributeKey,
  categoryFromUrl,
  coordinates,
  imageUrl,
  isoFromEpochSeconds,
  isoUtc,
  multiLine,
  parseBathrooms,
  parseHousingLine,
  parseMoney,
  postIdFromUrl,
} from './craigslist.text.js';

describe('parseMoney', () => {
  it.each([
    ['$1,606', 1606],
    ['$49980', 49980],
    ['$2', 2],
    ['1,234.50', 1234.5],
    ['', null],
    [null, null],
    ['call for price', null],
  ])('%j → %j', (text, expected) => {
    expect(parseMoney(text)).toBe(expected);
  });
});

describe('parseHousingLine', () => {
  it.each([
    ['/ 1br - 750ft2 - ', { bedrooms: 1, sqft: 750 }],
    ['/ 2br - ', { bedrooms: 2, sqft: null }],
    ['1br - ', { bedrooms: 1, sqft: null }],
    ['/ 1,200ft2 - ', { bedrooms: null, sqft: 1200 }],
    ['\n 1br -\n 615ft2 -\n', { bedrooms: 1, sqft: 615 }],
    ['/ 0ft2 - ', { bedrooms: null, sqft: null }],
    ['', { bedrooms: null, sqft: null }],
  ])('%j', (line, expected) => {
    expect(parseHousingLine(line)).toEqual(expected);
  });
});

describe('parseBathrooms', () => {
  it.each([
    ['1BR / 1Ba', { bathrooms: 1, kind: null }],
    ['2BR / 1.5Ba', { bathrooms: 1.5, kind: null }],
    ['1BR / sharedBa', { bathrooms: null, kind: 'shared' }],
    ['1BR / splitBa', { bathrooms: null, kind: 'split' }],
    [null, { bathrooms: null, kind: null }],
  ])('%j', (text, expected) => {
    expect(parseBathrooms(text)).toEqual(expected);
  });
});

describe('isoUtc', () => {
  it.each([
    ['2022-06-27T10:07:49-0400', '2022-06-27T14:07:49.000Z'],
    ['2022-07-05T21:33:19-0400', '2022-07-06T01:33:19.000Z'],
    ['2018-03-27T13:04:11-0500', '2018-03-27T18:04:11.000Z'],
    ['2022-01-01T00:30:00+05:30', '2021-12-31T19:00:00.000Z'],
    ['2022-01-01T00:30:00Z', '2022-01-01T00:30:00.000Z'],
    ['2021-10-09 09:30', null],
    ['yesterday', null],
    [undefined, null],
  ])('%j → %j', (input, expected) => {
    expect(isoUtc(input)).toBe(expected);
  });

  it('reads sapi epoch seconds', () => {
    expect(isoFromEpochSeconds(1788919364)).toBe('2026-09-09T02:02:44.000Z');
    expect(isoFromEpochSeconds(0)).toBeNull();
    expect(isoFromEpochSeconds('1788919364')).toBeNull();
  });
});

describe('coordinates', () => {
  it.each([
    ['33.879600', '-84.502300', { latitude: 33.8796, longitude: -84.5023 }],
    ['0.000000', '0.000000', { latitude: null, longitude: null }],
    [null, null, { latitude: null, longitude: null }],
    ['91', '10', { latitude: null, longitude: null }],
    ['', '-84.5', { latitude: null, longitude: null }],
    [34.941947, -106.70826, { latitude: 34.941947, longitude: -106.70826 }],
  ])('%j, %j', (lat, lon, expected) => {
    expect(coordinates(lat, lon)).toEqual(expected);
  });
});

describe('URLs', () => {
  it.each([
    [
      'https://atlanta.craigslist.org/nat/apa/d/smyrna-the-edison-apartments/7501755803.html',
      'apa',
      '7501755803',
    ],
    ['https://austin.craigslist.org/apa/d/great-area/7516297965.html', 'apa', '7516297965'],
    ['https://chicago.craigslist.org/sox/cto/6520962081.html', 'cto', '6520962081'],
    ['https://vancouver.craigslist.org/d/burnaby-bc/search/apa', 'apa', null],
    ['/search/atl/apa', 'apa', null],
    ['https://www.craigslist.org/view/d/isleta-reclining-couch-set/hjF91PRY1XsMyUXyvdYdHL', null, null],
    [null, null, null],
  ])('%s → %j, %j', (url, category, id) => {
    expect(categoryFromUrl(url)).toBe(category);
    expect(postIdFromUrl(url)).toBe(id);
  });

  it('builds image URLs from listed image ids', () => {
    expect(imageUrl('3:00x0x_3mIKySsYo6fz_0gw0b1')).toBe(
      'https://images.craigslist.org/00x0x_3mIKySsYo6fz_0gw0b1_600x450.jpg',
    );
  });
});

describe('text helpers', () => {
  it('keys attribute labels', () => {
    expect(attributeKey('rent period')).toBe('rent_period');
    expect(attributeKey(' broker fee details ')).toBe('broker_fee_details');
  });

  it('keeps line breaks and at most one blank line', () => {
    expect(multiLine('  a \u00a0 b \n\n\n\n c  \n')).toBe('a b\n\nc');
  });
});
