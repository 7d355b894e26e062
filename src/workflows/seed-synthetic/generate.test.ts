import { describe, expect, it } from 'vitest';
import zipcodes from 'zipcodes';
import { extractFromText } from '../../modules/quality/index.js';
import { FRAUD_MAX, generateLead, JITTER_KM, POSTED_WINDOW_DAYS, type SyntheticLead } from './generate.js';
import { STATE_MARKETS } from './markets.js';
import { COMMON_WORD, RARE_WORD } from './text.js';

// Contiguous states, Alaska (whose Aleutians cross the antimeridian) and Hawaii.
function inUs({ latitude: lat, longitude: lng }: SyntheticLead): boolean {
  const lower48 = lat > 24.3 && lat < 49.5 && lng > -125 && lng < -66.8;
  const alaska = lat > 51 && lat < 72 && (lng < -129.9 || lng > 172);
  const hawaii = lat > 18.8 && lat < 22.4 && lng > -160.4 && lng < -154.7;
  return lower48 || alaska || hawaii;
}

const NOW = new Date('2026-11-01T12:00:00Z');
const N = 20_000;
const leads: SyntheticLead[] = Array.from({ length: N }, (_, i) => generateLead(42, i, NOW));
const share = (test: (lead: SyntheticLead) => boolean) => leads.filter(test).length / N;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

describe('generateLead', () => {
  it('is deterministic: the same seed and index make the same lead; another seed another', () => {
    expect(generateLead(42, 17, NOW)).toEqual(leads[17]);
    expect(generateLead(43, 17, NOW).id).not.toBe(leads[17]?.id);
    expect(new Set(leads.map((lead) => lead.id)).size).toBe(N);
  });

  it('keeps every value in range', () => {
    const windowStart = NOW.getTime() - POSTED_WINDOW_DAYS * 86_400_000;
    for (const lead of leads) {
      expect(inUs(lead), `${lead.zip} ${lead.latitude},${lead.longitude}`).toBe(true);
      expect(STATE_MARKETS.has(lead.state)).toBe(true);
      expect(lead.zip).toMatch(/^[0-9]{5}$/);
      expect(lead.postedAt.getTime()).toBeGreaterThanOrEqual(windowStart);
      expect(lead.lastSeenAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(lead.firstSeenAt.getTime()).toBeLessThanOrEqual(lead.lastSeenAt.getTime());
      expect(lead.qualityScore).toBeGreaterThanOrEqual(0);
      expect(lead.qualityScore).toBeLessThanOrEqual(100);
      expect(lead.fraudScore).toBeGreaterThanOrEqual(0);
      expect(lead.fraudScore).toBeLessThanOrEqual(FRAUD_MAX);
      if (lead.price !== null) expect(lead.price).toBeGreaterThan(0);
      if (lead.sqft !== null) expect(lead.sqft).toBeGreaterThan(0);
      for (const phone of lead.contact.phones) expect(phone).toMatch(/^\+1[2-9][0-9]{2}55501[0-9]{2}$/);
      for (const email of lead.contact.emails) expect(email).toMatch(/@example\.com$/);
    }
  });

  it('places leads within the jitter radius of their ZIP centroid', () => {
    expect(JITTER_KM).toBeLessThanOrEqual(5);
    for (const lead of leads.slice(0, 2000)) {
      const centroid = zipcodes.lookup(lead.zip) as { latitude: number; longitude: number; city: string };
      expect(lead.city).toBe(centroid.city);
      expect(Math.abs(lead.latitude - centroid.latitude) * 111.32).toBeLessThanOrEqual(JITTER_KM + 0.01);
    }
  });

  it('mixes listing types as documented: ~50% FSBO, ~40% by-owner rentals, ~10% seller forms', () => {
    expect(share((lead) => lead.listingType === 'fsbo_sale')).toBeCloseTo(0.5, 1);
    expect(share((lead) => lead.listingType === 'owner_rental')).toBeCloseTo(0.4, 1);
    expect(share((lead) => lead.listingType === 'form_lead')).toBeCloseTo(0.1, 1);
  });

  it('prices by region: California sales above Ohio, rents far below sale prices', () => {
    const sales = (state: string) =>
      leads
        .filter((l) => l.state === state && l.listingType === 'fsbo_sale' && l.propertyType === 'house')
        .map((l) => l.price as number);
    const rents = leads
      .filter((l) => l.listingType === 'owner_rental' && l.propertyType === 'apartment')
      .map((l) => l.price as number);
    expect(median(sales('CA'))).toBeGreaterThan(2 * median(sales('OH')));
    expect(median(sales('OH'))).toBeGreaterThan(150_000);
    expect(median(sales('OH'))).toBeLessThan(350_000);
    expect(median(rents)).toBeGreaterThan(800);
    expect(median(rents)).toBeLessThan(2500);
  });

  it('correlates size with bedrooms and price with size', () => {
    const houses = leads.filter((l) => l.propertyType === 'house' && l.listingType === 'fsbo_sale');
    const sqft = (beds: number) =>
      median(houses.filter((l) => l.bedrooms === beds).map((l) => l.sqft as number));
    expect(sqft(4)).toBeGreaterThan(sqft(2));
    for (const lead of houses) expect(lead.bathrooms).toBeGreaterThanOrEqual(1);
    const land = leads.filter((l) => l.propertyType === 'land');
    for (const lead of land) expect([lead.bedrooms, lead.sqft]).toEqual([null, null]);
  });

  it('uses the common and rare words at the documented frequencies', () => {
    const has = (word: string) => share((l) => `${l.title} ${l.description}`.toLowerCase().includes(word));
    expect(has(COMMON_WORD)).toBeGreaterThan(0.28);
    expect(has(COMMON_WORD)).toBeLessThan(0.42);
    expect(has(RARE_WORD)).toBeGreaterThan(0.001);
    expect(has(RARE_WORD)).toBeLessThan(0.006);
  });

  it('writes motivation phrases the quality extractor recognises, in about a quarter of sales', () => {
    const sales = leads.filter((l) => l.listingType !== 'owner_rental');
    const motivated = sales.filter((l) => l.motivation.length > 0);
    expect(motivated.length / sales.length).toBeGreaterThan(0.18);
    expect(motivated.length / sales.length).toBeLessThan(0.3);
    for (const lead of motivated.slice(0, 300)) {
      const found = extractFromText({ title: lead.title, description: lead.description }).motivation;
      for (const code of lead.motivation) expect(found).toContain(code);
    }
  });

  it('spreads posted dates over the window, more of them recent', () => {
    const ageDays = leads.map((l) => (NOW.getTime() - l.postedAt.getTime()) / 86_400_000);
    expect(Math.max(...ageDays)).toBeGreaterThan(80);
    expect(ageDays.filter((d) => d < 30).length / N).toBeGreaterThan(0.4);
  });
});
