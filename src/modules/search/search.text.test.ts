import { describe, expect, it } from 'vitest';
import { parseTextQuery } from './search.text.js';

describe('parseTextQuery', () => {
  it.each([
    [undefined, null],
    ['   ', null],
    ['"" -', null],
    ['pool', { web: 'pool', prefixes: [], fuzzyWords: ['pool'] }],
    ['on the hill', { web: 'on the hill', prefixes: [], fuzzyWords: ['hill'] }],
    [
      'renovated   craftsman',
      { web: 'renovated craftsman', prefixes: [], fuzzyWords: ['renovated', 'craftsman'] },
    ],
    [
      '"swimming pool" -condo',
      { web: '"swimming pool" -condo', prefixes: [], fuzzyWords: ['swimming', 'pool'] },
    ],
    ['peach* st', { web: 'st', prefixes: ['peach'], fuzzyWords: ['peach'] }],
    ['Peach*', { web: null, prefixes: ['peach'], fuzzyWords: ['peach'] }],
    ['a*b', { web: 'a*b', prefixes: [], fuzzyWords: [] }],
    ['house near Atlnta', { web: 'house near Atlnta', prefixes: [], fuzzyWords: ['atlnta'] }],
  ])('%j → %j', (q, expected) => {
    expect(parseTextQuery(q)).toEqual(expected);
  });

  it('keeps at most six fuzzy words', () => {
    expect(parseTextQuery('alpha bravo charlie delta echoes foxtrot golfing')?.fuzzyWords).toHaveLength(6);
  });
});
