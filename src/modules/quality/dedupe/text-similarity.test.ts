import { describe, expect, it } from 'vitest';
import { DESCRIPTION } from './test-records.js';
import { jaccard, LSH_BANDS, lshBandKeys, minHash, shingles, words } from './text-similarity.js';

const shared = (a: string, b: string) => {
  const x = new Set(lshBandKeys(minHash(shingles(a))));
  return lshBandKeys(minHash(shingles(b))).filter((key) => x.has(key)).length;
};

describe('text similarity', () => {
  it.each([
    ['Sunny 2-bed, W/D!! 🌟', ['sunny', '2', 'bed', 'w', 'd']],
    ['', []],
    [null, []],
    ['Café  près', ['café', 'près']],
  ])('words(%j)', (text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it.each([
    ['one two three four', 3, ['one two three', 'two three four']],
    ['one two', 3, ['one two']],
    ['', 3, []],
    ['a b a b', 1, ['a', 'b']],
  ])('shingles(%j, %d)', (text, k, expected) => {
    expect([...shingles(text, k)].sort()).toEqual(expected.sort());
  });

  it.each([
    [['a', 'b'], ['a', 'b'], 1],
    [['a', 'b'], ['b', 'c'], 1 / 3],
    [['a'], ['b'], 0],
    [[], [], 0],
  ])('jaccard(%j, %j) = %d', (a, b, expected) => {
    expect(jaccard(new Set(a), new Set(b))).toBeCloseTo(expected, 10);
  });

  it('gives identical texts every band key, and the same keys in every run', () => {
    const keys = lshBandKeys(minHash(shingles(DESCRIPTION)));
    expect(keys).toHaveLength(LSH_BANDS);
    expect(lshBandKeys(minHash(shingles(DESCRIPTION)))).toEqual(keys);
    expect(keys[0]).toMatch(/^0:[0-9a-f]{8}$/);
  });

  it('puts a lightly edited repost in a shared band, and an unrelated text in none', () => {
    const edited = `${DESCRIPTION.replace('Heat included.', 'Heat and water included!')} Call today.`;
    expect(jaccard(shingles(DESCRIPTION), shingles(edited))).toBeGreaterThan(0.7);
    expect(shared(DESCRIPTION, edited)).toBeGreaterThan(0);
    const other =
      'Large three bedroom house with a fenced yard and two car garage near the elementary school in Oak Park.';
    expect(shared(DESCRIPTION, other)).toBe(0);
  });

  it('has no keys for no text', () => {
    expect(lshBandKeys(minHash(shingles(null)))).toEqual([]);
  });
});
