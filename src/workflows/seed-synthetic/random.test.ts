import { describe, expect, it } from 'vitest';
import { createRng, randomUuid, weightedPicker } from './random.js';

describe('seeded random stream', () => {
  it('repeats for the same (seed, stream) and differs across seeds and streams', () => {
    const draw = (seed: number, stream: number) => {
      const rng = createRng(seed, stream);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(42, 7)).toEqual(draw(42, 7));
    expect(draw(42, 7)).not.toEqual(draw(43, 7));
    expect(draw(42, 7)).not.toEqual(draw(42, 8));
  });

  it('draws uniform numbers in [0, 1) and integers within bounds', () => {
    const rng = createRng(1);
    const values = Array.from({ length: 20_000 }, () => rng.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(0.5, 1);
    const ints = Array.from({ length: 5000 }, () => rng.int(3, 6));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5, 6]));
  });

  it('gives a lognormal whose median is exp(mu)', () => {
    const rng = createRng(5);
    const values = Array.from({ length: 20_001 }, () => rng.lognormal(Math.log(300_000), 0.45)).sort(
      (a, b) => a - b,
    );
    expect(values[10_000]).toBeGreaterThan(290_000);
    expect(values[10_000]).toBeLessThan(310_000);
  });

  it('picks by weight', () => {
    const pick = weightedPicker([
      ['a', 1],
      ['b', 3],
      ['c', 0],
    ] as const);
    const rng = createRng(9);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 40_000; i++) counts[pick(rng)] += 1;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.8);
    expect(counts.b / counts.a).toBeLessThan(3.2);
    expect(() => weightedPicker([])).toThrow();
  });

  it('makes version-4 shaped UUIDs', () => {
    const rng = createRng(3);
    for (let i = 0; i < 200; i++)
      expect(randomUuid(rng)).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
  });
});
