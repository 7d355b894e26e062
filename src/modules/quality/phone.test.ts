import { describe, expect, it } from 'vitest';
import { digitsFromWords, toE164 } from './phone.js';

describe('digitsFromWords', () => {
  it.each([
    ['call me at 505-555-zero142', 'call me at 505-555-0142'],
    ['five o five 555 one two three four', '5 0 5 555 1 2 3 4'],
    ['someone will answer 505 555 0142', 'someone will answer 505 555 0142'],
    ['one bedroom, two baths', 'one bedroom, two baths'],
    ['text 312.555.O1O7 anytime', 'text 312.555.0107 anytime'],
  ])('%s', (input, expected) => {
    expect(digitsFromWords(input)).toBe(expected);
  });
});

describe('toE164', () => {
  it.each([
    ['(505) 555-0142', '+15055550142'],
    ['505-555-zero142', '+15055550142'],
    ['+1 604 555 0199', '+16045550199'],
    ['555-0142', null],
    ['call me', null],
  ])('%s → %s', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });
});
