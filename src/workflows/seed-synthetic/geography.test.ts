import { describe, expect, it } from 'vitest';
import { jitter, zipTable } from './geography.js';
import { STATE_MARKETS } from './markets.js';
import { createRng } from './random.js';

const haversineKm = (lat1: number, lng1: number, lat2: number, lng2: number) => {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
};

describe('synthetic geography', () => {
  it('holds the ZIPs of the 50 states and DC only', () => {
    const { zips } = zipTable();
    expect(zips.length).toBeGreaterThan(40_000);
    expect(new Set(zips.map((zip) => zip.state))).toEqual(new Set(STATE_MARKETS.keys()));
    expect(STATE_MARKETS.size).toBe(51);
  });

  it('weights states by population: California draws ~12% of leads, Wyoming ~0.2%', () => {
    const { pick } = zipTable();
    const rng = createRng(11);
    const counts = new Map<string, number>();
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const state = pick(rng).state;
      counts.set(state, (counts.get(state) ?? 0) + 1);
    }
    expect((counts.get('CA') ?? 0) / n).toBeGreaterThan(0.1);
    expect((counts.get('CA') ?? 0) / n).toBeLessThan(0.14);
    expect((counts.get('WY') ?? 0) / n).toBeLessThan(0.004);
    expect(counts.get('TX') ?? 0).toBeGreaterThan(counts.get('OH') ?? 0);
  });

  it('favours cities inside a state (density proxy): urban ZIPs outweigh rural ones', () => {
    const { zips } = zipTable();
    const manhattan = zips.find((zip) => zip.zip === '10001');
    const rural = zips.find((zip) => zip.zip === '82190'); // Yellowstone, WY
    expect(manhattan?.urbanity).toBeGreaterThan(1);
    expect(rural?.density).toBe(1);
  });

  it('jitters a point uniformly within the radius', () => {
    const rng = createRng(2);
    let beyondHalf = 0;
    for (let i = 0; i < 2000; i++) {
      const [lat, lng] = jitter(rng, 40.75, -73.99, 3);
      const d = haversineKm(40.75, -73.99, lat, lng);
      expect(d).toBeLessThanOrEqual(3.01);
      if (d > 1.5) beyondHalf += 1;
    }
    // Uniform in a disc: three quarters of the points lie beyond half the radius.
    expect(beyondHalf / 2000).toBeGreaterThan(0.7);
    expect(beyondHalf / 2000).toBeLessThan(0.8);
  });
});
