import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { ParsedListing } from '../listing.types.js';
import { fixture } from './craigslist.test-fixtures.js';
import { craigslistIdFromUrl, craigslistParser, detectCraigslistFormat, parseCraigslist } from './index.js';

describe('craigslistParser', () => {
  it.each([
    ['sapi_v8_posting_detail_couch.json', 'api_json'],
    ['sapi_v8_search_free_abq_trimmed.json', 'api_json'],
    ['search_results_static_2023_vancouver_apa.html', 'search_page'],
    ['search_results_2021_burnaby_apa.html', 'search_page'],
    ['posting_2022_atlanta_apa_trimmed.html', 'posting_page'],
    ['posting_2018_chicago_cto_with_map.html', 'posting_page'],
    ['corpus/postings/boston_7509024423.html', 'posting_page'],
    ['corpus/not_postings/seattle_7516162157.html', 'posting_page'],
    ['corpus/not_postings/atlanta_7511915393.html', 'posting_page'],
  ])('detects %s as %s', (name, format) => {
    expect(detectCraigslistFormat(fixture(name))).toBe(format);
  });

  it.each([
    ['sapi_v8_posting_detail_couch.json', { skipped: 'unsupported' }],
    ['sapi_v8_search_free_abq_trimmed.json', { skipped: 'unsupported' }],
    ['posting_2018_chicago_cto_with_map.html', { skipped: 'unsupported' }],
    ['corpus/not_postings/seattle_7516162157.html', { skipped: 'deleted' }],
    ['corpus/not_postings/chicago_7509493638.html', { skipped: 'blocked' }],
  ])('dispatches %s → %j', (name, expected) => {
    expect(craigslistParser(fixture(name))).toMatchObject(expected);
  });

  it.each([
    ['search_results_static_2023_vancouver_apa.html', 37],
    ['search_results_2021_burnaby_apa.html', 5],
    ['posting_2022_atlanta_apa_trimmed.html', 1],
    ['corpus/postings/sacramento_7517340228.html', 1],
  ])('dispatches %s to %i listings', (name, count) => {
    const outcome = craigslistParser(fixture(name));
    expect('listings' in outcome && outcome.listings.length).toBe(count);
  });

  it.each([
    'sapi_v8_posting_detail_couch.json',
    'sapi_v8_search_free_abq_trimmed.json',
    'search_results_static_2023_vancouver_apa.html',
    'search_results_2021_burnaby_apa.html',
    'posting_2022_atlanta_apa_trimmed.html',
    'posting_2018_chicago_cto_with_map.html',
  ])('emits only listings that satisfy the ParsedListing schema for %s', (name) => {
    const outcome = parseCraigslist(fixture(name), undefined, { allowAnyCategory: true });
    if (!('listings' in outcome)) throw new Error(JSON.stringify(outcome));
    expect(outcome.listings.length).toBeGreaterThan(0);
    for (const listing of outcome.listings) expect(Value.Errors(ParsedListing, listing)).toEqual([]);
  });

  it('passes options through', () => {
    const outcome = parseCraigslist(fixture('sapi_v8_posting_detail_couch.json'), undefined, {
      allowAnyCategory: true,
    });
    expect(outcome).toMatchObject({ listings: [{ external_id: '7963232772' }] });
  });

  it('reads the post id in a posting URL', () => {
    expect(craigslistIdFromUrl('https://sacramento.craigslist.org/apa/d/x/7517340228.html')).toBe(
      '7517340228',
    );
    expect(craigslistIdFromUrl('https://sacramento.craigslist.org/search/apa')).toBeNull();
  });
});
