import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { ParsedListing } from '../listing.types.js';
import { parseCraigslistPosting } from './craigslist.posting.js';
import { fixture, fixtureNames } from './craigslist.test-fixtures.js';

interface ManifestEntry {
  file: string;
  path: string;
  repost_of: string | null;
}
const manifest = JSON.parse(fixture('corpus/manifest.json')) as {
  postings: ManifestEntry[];
  not_postings: ManifestEntry[];
};
const files = fixtureNames('corpus/postings');
const pages = new Map(files.map((name) => [name, fixture(`corpus/postings/${name}`)]));
const outcomes = new Map([...pages].map(([name, html]) => [name, parseCraigslistPosting(html)]));

// Facts read straight from each page's markup, independently of the parser, to check it against.
const BLOCK_PAGE = /<title>blocked<\/title>/;
const hasPrice = (html: string) => /<span class="postingtitletext">\s*<span class="price">/.test(html);
const hasHousingLine = (html: string) => /<span class="housing">/.test(html);
const mapPoint = (html: string) =>
  /<div id="map"[^>]*data-latitude="([-\d.]+)" data-longitude="([-\d.]+)"/.exec(html);

function listingOf(name: string): ParsedListing {
  const outcome = outcomes.get(name);
  if (!outcome || !('listings' in outcome)) throw new Error(`${name}: ${JSON.stringify(outcome)}`);
  expect(outcome.listings).toHaveLength(1);
  return outcome.listings[0]!;
}

const postingFiles = files.filter((name) => !BLOCK_PAGE.test(pages.get(name)!));

describe('the Craigslist corpus', () => {
  it('holds the pages the manifest lists (500 entries naming 497 files) and 10 non-postings', () => {
    expect(manifest.postings).toHaveLength(500);
    expect(new Set(manifest.postings.map((e) => e.file)).size).toBe(497);
    expect(files).toEqual([...new Set(manifest.postings.map((e) => e.file))].sort());
    expect(fixtureNames('corpus/not_postings')).toEqual(manifest.not_postings.map((e) => e.file).sort());
  });

  it('skips the two block pages filed among the postings, and parses every other page', () => {
    const blocked = files.filter((name) => BLOCK_PAGE.test(pages.get(name)!));
    expect(blocked).toEqual(['chicago_7511800889.html', 'chicago_7513717972.html']);
    for (const name of blocked)
      expect(outcomes.get(name)).toEqual({ skipped: 'blocked', detail: '<title>blocked</title>' });
    expect(postingFiles).toHaveLength(495);
  });

  it('gives every posting one valid listing with its title, id and URL', () => {
    for (const name of postingFiles) {
      const listing = listingOf(name);
      const id = /_(\d+)\.html$/.exec(name)![1]!;
      expect(Value.Check(ParsedListing, listing), name).toBe(true);
      expect(listing.source).toBe('craigslist');
      expect(listing.title, name).toBeTruthy();
      expect(listing.external_id, name).toBe(id);
      expect(listing.url, name).toMatch(new RegExp(`^https://[a-z]+\\.craigslist\\.org/.+/${id}\\.html$`));
      expect(listing.description, name).toBeTruthy();
      expect(listing.description, name).not.toContain('QR Code Link to This Post');
      expect(['owner_rental', 'agent_rental'], name).toContain(listing.listing_type);
    }
  });

  it('takes coordinates only from a real map: a missing map or 0.000000 is null', () => {
    let withoutMap = 0;
    for (const name of postingFiles) {
      const listing = listingOf(name);
      const point = mapPoint(pages.get(name)!);
      if (!point || Number(point[1]) === 0) {
        withoutMap += 1;
        expect([listing.latitude, listing.longitude], name).toEqual([null, null]);
      } else {
        expect([listing.latitude, listing.longitude], name).toEqual([Number(point[1]), Number(point[2])]);
      }
    }
    expect(withoutMap).toBe(20);
  });

  it('reads a price only where the title shows one', () => {
    const withoutPrice = postingFiles.filter((name) => !hasPrice(pages.get(name)!));
    // The README speaks of 20; 23 pages of the folder have no price.
    expect(withoutPrice).toHaveLength(23);
    for (const name of postingFiles) {
      const price = listingOf(name).price;
      if (withoutPrice.includes(name)) expect(price, name).toBeNull();
      else expect(typeof price, name).toBe('number');
    }
  });

  it('has no square feet where the page has no housing line', () => {
    const withoutHousing = postingFiles.filter((name) => !hasHousingLine(pages.get(name)!));
    expect(withoutHousing.length).toBeGreaterThanOrEqual(20);
    for (const name of withoutHousing) expect(listingOf(name).sqft, name).toBeNull();
  });

  it('reads repost_of exactly as the manifest records it', () => {
    const expected = new Map(manifest.postings.map((e) => [e.file, e.repost_of]));
    let reposts = 0;
    for (const name of postingFiles) {
      const repost = listingOf(name).repost_of;
      expect(repost, name).toBe(expected.get(name));
      if (repost) reposts += 1;
    }
    expect(reposts).toBe(148);
  });

  it('gives posting times as ISO 8601 UTC', () => {
    for (const name of postingFiles) {
      const { posted_at, updated_at } = listingOf(name);
      expect(posted_at, name).toMatch(/^2022-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
      expect(Number.isNaN(Date.parse(posted_at!))).toBe(false);
      if (updated_at) expect(Date.parse(updated_at) >= Date.parse(posted_at!), name).toBe(true);
    }
  });

  it('reads beds from the bubble and the property type from the housing tag', () => {
    for (const name of postingFiles) {
      const html = pages.get(name)!;
      const listing = listingOf(name);
      expect(listing.bedrooms, name).toBe(Number(/<b>(\d+)BR<\/b>/.exec(html)![1]));
      const tag = /<span>(apartment|condo|duplex|house|townhouse|manufactured|land|loft)<\/span>/.exec(
        html,
      )?.[1];
      const expected =
        { apartment: 'apartment', loft: 'apartment', duplex: 'multi_family' }[tag ?? ''] ?? tag ?? null;
      expect(listing.property_type, name).toBe(expected);
    }
  });

  it('lists each image once', () => {
    for (const name of postingFiles) {
      const html = pages.get(name)!;
      const images = listingOf(name).images;
      expect(new Set(images).size, name).toBe(images.length);
      const listed = new Set(
        [...html.matchAll(/"url":"(https:\/\/images\.craigslist\.org\/[^"]+)"/g)].map((m) => m[1]),
      );
      if (listed.size) expect(images.length, name).toBe(listed.size);
    }
  });

  it('yields no listing for any non-posting page', () => {
    for (const name of fixtureNames('corpus/not_postings')) {
      const outcome = parseCraigslistPosting(fixture(`corpus/not_postings/${name}`));
      expect('listings' in outcome, name).toBe(false);
    }
  });
});
